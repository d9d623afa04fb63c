//! RDS instances and clusters from CloudFormation, checked by the RDS rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, inconclusive, mapped, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

#[test]
fn an_exposed_unprotected_instance_fails_every_rds_rule() {
    let bad = cfn(
        "Db",
        "AWS::RDS::DBInstance",
        json!({
            "Engine": "postgres",
            "DBInstanceClass": "db.t3.micro",
            "AllocatedStorage": "20",
            "PubliclyAccessible": true,
            "BackupRetentionPeriod": 0
        }),
    );
    let checked = scan(std::slice::from_ref(&bad));
    fires_at(
        &checked,
        "aws-rds-instance-public",
        "Db",
        &bad,
        "PubliclyAccessible",
    );
    fires_at(
        &checked,
        "aws-rds-backup-disabled",
        "Db",
        &bad,
        "BackupRetentionPeriod",
    );
    fires_on_resource(&checked, "aws-rds-storage-unencrypted", "Db", &bad);
    fires_on_resource(&checked, "aws-rds-deletion-protection-disabled", "Db", &bad);
    fires_on_resource(&checked, "aws-rds-iam-auth-disabled", "Db", &bad);
    fires_on_resource(&checked, "aws-rds-log-exports-disabled", "Db", &bad);
}

#[test]
fn a_hardened_instance_passes() {
    let good = cfn(
        "Db",
        "AWS::RDS::DBInstance",
        json!({
            "Engine": "mysql",
            "DBInstanceClass": "db.t3.micro",
            "PubliclyAccessible": "false",
            "StorageEncrypted": "true",
            "KmsKeyId": {"Ref": "Key"},
            "DeletionProtection": true,
            "BackupRetentionPeriod": "14",
            "EnableIAMDatabaseAuthentication": true,
            "EnableCloudwatchLogsExports": ["error", "slowquery"]
        }),
    );
    let checked = scan(&[good]);
    for rule in [
        "aws-rds-instance-public",
        "aws-rds-backup-disabled",
        "aws-rds-storage-unencrypted",
        "aws-rds-deletion-protection-disabled",
        "aws-rds-iam-auth-disabled",
        "aws-rds-log-exports-disabled",
    ] {
        clean(&checked, rule, "Db");
    }
    assert!(
        checked.inconclusive.is_empty(),
        "{:?}",
        checked.inconclusive
    );
}

#[test]
fn public_access_left_to_rds_is_not_decided() {
    // Unlike Terraform, CloudFormation sends no PubliclyAccessible: RDS decides it from the VPC.
    let db = cfn(
        "Db",
        "AWS::RDS::DBInstance",
        json!({"Engine": "postgres", "DBSubnetGroupName": "private"}),
    );
    let checked = scan(&[db]);
    clean(&checked, "aws-rds-instance-public", "Db");
    inconclusive(&checked, "aws-rds-instance-public", "Db");
}

#[test]
fn replicas_and_restores_inherit_what_their_source_has() {
    let replica = cfn(
        "Replica",
        "AWS::RDS::DBInstance",
        json!({"SourceDBInstanceIdentifier": {"Ref": "Db"}, "PubliclyAccessible": false}),
    );
    let restored = cfn(
        "Restored",
        "AWS::RDS::DBInstance",
        json!({
            "SourceDBInstanceIdentifier": "prod",
            "UseLatestRestorableTime": true,
            "PubliclyAccessible": false
        }),
    );
    let resources = mapped(&[replica.clone(), restored.clone()]);
    assert!(resources[0].get("replicate_source_db").is_some());
    assert!(resources[1]
        .get("restore_to_point_in_time.0.use_latest_restorable_time")
        .is_some());
    let checked = scan(&[replica, restored]);
    for address in ["Replica", "Restored"] {
        clean(&checked, "aws-rds-storage-unencrypted", address);
        inconclusive(&checked, "aws-rds-storage-unencrypted", address);
    }
    clean(&checked, "aws-rds-backup-disabled", "Replica");
    clean(&checked, "aws-rds-deletion-protection-disabled", "Replica");
}

#[test]
fn aurora_clusters_and_their_instances() {
    let cluster = cfn(
        "Cluster",
        "AWS::RDS::DBCluster",
        json!({"Engine": "aurora-postgresql", "StorageEncrypted": false}),
    );
    let member = cfn(
        "Member",
        "AWS::RDS::DBInstance",
        json!({
            "DBClusterIdentifier": {"Ref": "Cluster"},
            "Engine": "aurora-postgresql",
            "DBInstanceClass": "db.r6g.large",
            "PubliclyAccessible": true
        }),
    );
    let resources = mapped(&[cluster.clone(), member.clone()]);
    assert_eq!(resources[0].resource_type, "aws_rds_cluster");
    assert_eq!(resources[1].resource_type, "aws_rds_cluster_instance");
    let checked = scan(&[cluster.clone(), member.clone()]);
    fires_at(
        &checked,
        "aws-rds-storage-unencrypted",
        "Cluster",
        &cluster,
        "StorageEncrypted",
    );
    fires_on_resource(
        &checked,
        "aws-rds-deletion-protection-disabled",
        "Cluster",
        &cluster,
    );
    fires_on_resource(&checked, "aws-rds-iam-auth-disabled", "Cluster", &cluster);
    fires_on_resource(
        &checked,
        "aws-rds-log-exports-disabled",
        "Cluster",
        &cluster,
    );
    fires_at(
        &checked,
        "aws-rds-instance-public",
        "Member",
        &member,
        "PubliclyAccessible",
    );
    // The member's storage, backups and authentication are its cluster's.
    clean(&checked, "aws-rds-storage-unencrypted", "Member");
    clean(&checked, "aws-rds-iam-auth-disabled", "Member");
}

#[test]
fn a_hardened_cluster_and_serverless_v1_pass() {
    let good = cfn(
        "Cluster",
        "AWS::RDS::DBCluster",
        json!({
            "Engine": "aurora-mysql",
            "StorageEncrypted": true,
            "DeletionProtection": true,
            "EnableIAMDatabaseAuthentication": true,
            "EnableCloudwatchLogsExports": ["audit"]
        }),
    );
    let serverless = cfn(
        "Serverless",
        "AWS::RDS::DBCluster",
        json!({"Engine": "aurora-mysql", "EngineMode": "serverless", "DeletionProtection": true}),
    );
    let checked = scan(&[good, serverless]);
    for address in ["Cluster", "Serverless"] {
        for rule in [
            "aws-rds-storage-unencrypted",
            "aws-rds-deletion-protection-disabled",
            "aws-rds-iam-auth-disabled",
            "aws-rds-log-exports-disabled",
        ] {
            clean(&checked, rule, address);
        }
    }
}
