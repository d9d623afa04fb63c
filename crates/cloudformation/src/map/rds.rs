//! RDS: `AWS::RDS::DBInstance` and `AWS::RDS::DBCluster` onto `aws_db_instance`,
//! `aws_rds_cluster_instance` and `aws_rds_cluster`.

use super::convert::{block, tags, unknown, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::RDS::DBInstance", db_instance),
    ("AWS::RDS::DBCluster", db_cluster),
];

/// What RDS decides when `PubliclyAccessible` is not set: unlike Terraform, which sends false,
/// CloudFormation leaves it to RDS, which makes the instance public when its subnets' VPC (or
/// the default VPC, without a subnet group) has an internet gateway attached.
const PUBLIC_BY_VPC: &str = "PubliclyAccessible is not set: RDS then makes the instance public \
     when the VPC of its subnets (or the default VPC) has an internet gateway";

const INSTANCE: &[Field] = &[
    Field::Copy("identifier", "DBInstanceIdentifier"),
    Field::Copy("engine", "Engine"),
    Field::Copy("engine_version", "EngineVersion"),
    Field::Copy("instance_class", "DBInstanceClass"),
    Field::Copy("allocated_storage", "AllocatedStorage"),
    Field::Copy("storage_type", "StorageType"),
    Field::Copy("db_name", "DBName"),
    Field::Copy("username", "MasterUsername"),
    Field::Copy("port", "Port"),
    Field::Copy("multi_az", "MultiAZ"),
    Field::Copy("db_subnet_group_name", "DBSubnetGroupName"),
    Field::Copy("vpc_security_group_ids", "VPCSecurityGroups"),
    Field::Copy("publicly_accessible", "PubliclyAccessible"),
    Field::Copy("storage_encrypted", "StorageEncrypted"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("deletion_protection", "DeletionProtection"),
    Field::Copy("backup_retention_period", "BackupRetentionPeriod"),
    Field::Copy(
        "iam_database_authentication_enabled",
        "EnableIAMDatabaseAuthentication",
    ),
    Field::Copy(
        "enabled_cloudwatch_logs_exports",
        "EnableCloudwatchLogsExports",
    ),
    Field::Copy("auto_minor_version_upgrade", "AutoMinorVersionUpgrade"),
    Field::Copy("monitoring_interval", "MonitoringInterval"),
    Field::Copy("performance_insights_enabled", "EnablePerformanceInsights"),
    Field::Copy("ca_cert_identifier", "CACertificateIdentifier"),
    Field::Copy("snapshot_identifier", "DBSnapshotIdentifier"),
];

/// An instance of an Aurora cluster (`DBClusterIdentifier`) takes storage, encryption, backups
/// and authentication from its cluster: only what is its own is mapped.
const CLUSTER_MEMBER: &[Field] = &[
    Field::Copy("identifier", "DBInstanceIdentifier"),
    Field::Copy("cluster_identifier", "DBClusterIdentifier"),
    Field::Copy("engine", "Engine"),
    Field::Copy("instance_class", "DBInstanceClass"),
    Field::Copy("db_subnet_group_name", "DBSubnetGroupName"),
    Field::Copy("publicly_accessible", "PubliclyAccessible"),
    Field::Copy("auto_minor_version_upgrade", "AutoMinorVersionUpgrade"),
    Field::Copy("ca_cert_identifier", "CACertificateIdentifier"),
];

fn db_instance(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    let member = b.prop("DBClusterIdentifier").is_some_and(|v| !v.is_null());
    b.fields(if member { CLUSTER_MEMBER } else { INSTANCE });
    if b.prop("PubliclyAccessible").is_none() {
        b.set(
            "publicly_accessible",
            unknown(PUBLIC_BY_VPC),
            "PubliclyAccessible",
        );
    }
    if !member {
        source_instance(&mut b);
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    let terraform_type = if member {
        "aws_rds_cluster_instance"
    } else {
        "aws_db_instance"
    };
    out.push(from, terraform_type, &from.logical_id, attributes, spans);
}

/// `SourceDBInstanceIdentifier` names the source of a read replica, or, with a restore time
/// (`RestoreTime`, `UseLatestRestorableTime`), of a restore to a point in time, as
/// `SourceDbiResourceId` and `SourceDBInstanceAutomatedBackupsArn` do; either way the new
/// instance inherits its source's encryption.
fn source_instance(b: &mut Builder<'_>) {
    const RESTORE: &[(&str, &str)] = &[
        ("restore_time", "RestoreTime"),
        ("use_latest_restorable_time", "UseLatestRestorableTime"),
        ("source_dbi_resource_id", "SourceDbiResourceId"),
        (
            "source_db_instance_automated_backups_arn",
            "SourceDBInstanceAutomatedBackupsArn",
        ),
        (
            "source_db_instance_identifier",
            "SourceDBInstanceIdentifier",
        ),
    ];
    let set = |b: &Builder<'_>, cfn: &str| b.prop(cfn).filter(|v| !v.is_null()).cloned();
    let restore = RESTORE[..4].iter().any(|(_, cfn)| set(b, cfn).is_some());
    if restore {
        let mut entries = Vec::new();
        let mut first = None;
        for (tf, cfn) in RESTORE {
            if let Some(value) = set(b, cfn) {
                entries.push((*tf, value));
                first = first.or(Some(*cfn));
            }
        }
        let at = first.unwrap_or("RestoreTime");
        b.set("restore_to_point_in_time", block(entries), at);
    } else if let Some(source) = set(b, "SourceDBInstanceIdentifier") {
        b.set("replicate_source_db", source, "SourceDBInstanceIdentifier");
    }
}

const CLUSTER: &[Field] = &[
    Field::Copy("cluster_identifier", "DBClusterIdentifier"),
    Field::Copy("engine", "Engine"),
    Field::Copy("engine_mode", "EngineMode"),
    Field::Copy("engine_version", "EngineVersion"),
    Field::Copy("database_name", "DatabaseName"),
    Field::Copy("master_username", "MasterUsername"),
    Field::Copy("port", "Port"),
    Field::Copy("db_subnet_group_name", "DBSubnetGroupName"),
    Field::Copy("vpc_security_group_ids", "VpcSecurityGroupIds"),
    Field::Copy("storage_encrypted", "StorageEncrypted"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("deletion_protection", "DeletionProtection"),
    Field::Copy("backup_retention_period", "BackupRetentionPeriod"),
    Field::Copy(
        "iam_database_authentication_enabled",
        "EnableIAMDatabaseAuthentication",
    ),
    Field::Copy(
        "enabled_cloudwatch_logs_exports",
        "EnableCloudwatchLogsExports",
    ),
    Field::Copy(
        "replication_source_identifier",
        "ReplicationSourceIdentifier",
    ),
    Field::Copy("snapshot_identifier", "SnapshotIdentifier"),
    Field::Copy("global_cluster_identifier", "GlobalClusterIdentifier"),
    Field::Copy("publicly_accessible", "PubliclyAccessible"),
];

fn db_cluster(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(CLUSTER);
    if let Some(source) = b
        .prop("SourceDBClusterIdentifier")
        .filter(|v| !v.is_null())
        .cloned()
    {
        let mut entries = vec![("source_cluster_identifier", source)];
        for (tf, cfn) in [
            ("restore_to_time", "RestoreToTime"),
            ("restore_type", "RestoreType"),
            ("use_latest_restorable_time", "UseLatestRestorableTime"),
        ] {
            if let Some(value) = b.prop(cfn) {
                entries.push((tf, value.clone()));
            }
        }
        b.set(
            "restore_to_point_in_time",
            block(entries),
            "SourceDBClusterIdentifier",
        );
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_rds_cluster", &from.logical_id, attributes, spans);
}
