//! Data stores: DynamoDB tables and DAX clusters, ElastiCache, Kinesis streams and EFS file
//! systems, onto their Terraform types.

use driftguard_model::{Tri, Value};

use super::convert::{block, tags, unknown, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::DynamoDB::Table", dynamodb_table),
    ("AWS::DynamoDB::GlobalTable", dynamodb_global_table),
    ("AWS::DAX::Cluster", dax_cluster),
    ("AWS::ElastiCache::ReplicationGroup", replication_group),
    ("AWS::ElastiCache::CacheCluster", cache_cluster),
    ("AWS::Kinesis::Stream", kinesis_stream),
    ("AWS::EFS::FileSystem", efs_file_system),
];

/// `SSESpecification` of a table → `server_side_encryption`, shared with SAM's `SimpleTable`.
/// Enabled without a key means the AWS managed `aws/dynamodb` key, absent an AWS owned key,
/// in CloudFormation as in Terraform.
pub(super) const TABLE_SSE: Field = Field::Block(
    "server_side_encryption",
    "SSESpecification",
    &[
        Field::Copy("enabled", "SSEEnabled"),
        Field::Copy("kms_key_arn", "KMSMasterKeyId"),
    ],
);

const TABLE: &[Field] = &[
    Field::Copy("name", "TableName"),
    Field::Copy("billing_mode", "BillingMode"),
    Field::Copy("deletion_protection_enabled", "DeletionProtectionEnabled"),
    Field::Copy("table_class", "TableClass"),
    Field::Blocks(
        "attribute",
        "AttributeDefinitions",
        &[
            Field::Copy("name", "AttributeName"),
            Field::Copy("type", "AttributeType"),
        ],
    ),
    Field::Block(
        "point_in_time_recovery",
        "PointInTimeRecoverySpecification",
        &[Field::Copy("enabled", "PointInTimeRecoveryEnabled")],
    ),
    TABLE_SSE,
    Field::Copy("stream_view_type", "StreamSpecification.StreamViewType"),
];

fn dynamodb_table(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(TABLE);
    key_schema(&mut b);
    if b.prop("StreamSpecification.StreamViewType").is_some() {
        b.set("stream_enabled", Value::Bool(true), "StreamSpecification");
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_dynamodb_table",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// `KeySchema` (`[{AttributeName, KeyType: HASH|RANGE}]`) → `hash_key` / `range_key`.
fn key_schema(b: &mut Builder<'_>) {
    let Some(keys) = b.prop("KeySchema").and_then(|v| v.as_list()) else {
        return;
    };
    for (index, key) in keys.iter().enumerate() {
        let attribute = match key.get_path("KeyType").and_then(|t| t.as_str()) {
            Some("HASH") => "hash_key",
            Some("RANGE") => "range_key",
            _ => continue,
        };
        if let Some(name) = key.get_path("AttributeName") {
            b.set(attribute, name.clone(), &format!("KeySchema.{index}"));
        }
    }
}

/// A global table: one table replicated to `Replicas`, each with its own point-in-time
/// recovery and KMS key. As Terraform's `aws_dynamodb_table` with replicas, it has point-in-time
/// recovery when every replica does, and a customer managed key when every replica has one.
fn dynamodb_global_table(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "TableName"),
        Field::Copy("billing_mode", "BillingMode"),
        Field::Blocks(
            "attribute",
            "AttributeDefinitions",
            &[
                Field::Copy("name", "AttributeName"),
                Field::Copy("type", "AttributeType"),
            ],
        ),
        Field::Blocks(
            "replica",
            "Replicas",
            &[
                Field::Copy("region_name", "Region"),
                Field::Copy(
                    "point_in_time_recovery",
                    "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
                ),
                Field::Copy("kms_key_arn", "SSESpecification.KMSMasterKeyId"),
            ],
        ),
    ]);
    key_schema(&mut b);
    let replicas = match b.prop("Replicas") {
        Some(Value::List(items)) => Some(items.clone()),
        Some(Value::Unknown(_)) => None,
        _ => Some(Vec::new()),
    };
    let reason = "the replicas of this global table are not known statically";
    match &replicas {
        Some(items) => {
            let pitr = |r: &Value| {
                r.get_path("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled")
                    .cloned()
                    .unwrap_or(Value::Bool(false))
            };
            let (enabled, at) = every_replica(items, "PointInTimeRecoverySpecification", pitr);
            b.set("point_in_time_recovery", block([("enabled", enabled)]), &at);
            let mut sse = Vec::new();
            if let Some(enabled) = b.prop("SSESpecification.SSEEnabled") {
                sse.push(("enabled", enabled.clone()));
            }
            let without_key = items
                .iter()
                .position(|r| r.get_path("SSESpecification.KMSMasterKeyId").is_none());
            // Every replica has a key: the one judged is an AWS managed key if any is.
            let aws_managed = items.iter().position(|r| {
                r.get_path("SSESpecification.KMSMasterKeyId")
                    .and_then(Value::as_str)
                    .is_some_and(|k| k.contains("alias/aws/"))
            });
            let key_at = match (without_key, items.first()) {
                (None, Some(_)) => {
                    let index = aws_managed.unwrap_or(0);
                    let at = format!("Replicas.{index}.SSESpecification.KMSMasterKeyId");
                    if let Some(key) = b.prop(&at) {
                        sse.push(("kms_key_arn", key.clone()));
                    }
                    at
                }
                (Some(index), _) => format!("Replicas.{index}"),
                (None, None) => "SSESpecification".to_string(),
            };
            if !sse.is_empty() {
                b.set("server_side_encryption", block(sse), "SSESpecification");
                b.point(
                    "server_side_encryption.0.enabled",
                    "SSESpecification.SSEEnabled",
                );
                b.point("server_side_encryption.0.kms_key_arn", &key_at);
            }
        }
        None => {
            b.set(
                "point_in_time_recovery",
                block([("enabled", unknown(reason))]),
                "Replicas",
            );
            b.set(
                "server_side_encryption",
                block([
                    (
                        "enabled",
                        b.prop("SSESpecification.SSEEnabled")
                            .cloned()
                            .unwrap_or(Value::Null),
                    ),
                    ("kms_key_arn", unknown(reason)),
                ]),
                "SSESpecification",
            );
        }
    }
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_dynamodb_table",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// Whether `setting` holds for every replica: false at the first replica where it is false,
/// unknown at the first where it is not known, else true.
fn every_replica(
    items: &[Value],
    property: &str,
    setting: impl Fn(&Value) -> Value,
) -> (Value, String) {
    let mut unknown_at = None;
    for (index, replica) in items.iter().enumerate() {
        let at = format!("Replicas.{index}.{property}");
        match setting(replica).truth() {
            Tri::False => return (Value::Bool(false), at),
            Tri::Unknown if unknown_at.is_none() => unknown_at = Some((setting(replica), at)),
            _ => {}
        }
    }
    unknown_at.unwrap_or_else(|| (Value::Bool(!items.is_empty()), "Replicas".to_string()))
}

const DAX: &[Field] = &[
    Field::Copy("cluster_name", "ClusterName"),
    Field::Copy("node_type", "NodeType"),
    Field::Copy("replication_factor", "ReplicationFactor"),
    Field::Copy("iam_role_arn", "IAMRoleARN"),
    Field::Copy("subnet_group_name", "SubnetGroupName"),
    Field::Copy("security_group_ids", "SecurityGroupIds"),
    Field::Copy(
        "cluster_endpoint_encryption_type",
        "ClusterEndpointEncryptionType",
    ),
    Field::Block(
        "server_side_encryption",
        "SSESpecification",
        &[Field::Copy("enabled", "SSEEnabled")],
    ),
];

fn dax_cluster(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DAX);
    // DAX takes tags as a JSON map, not as a list of `{Key, Value}`.
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_dax_cluster", &from.logical_id, attributes, spans);
}

const REPLICATION_GROUP: &[Field] = &[
    Field::Copy("replication_group_id", "ReplicationGroupId"),
    Field::Copy("description", "ReplicationGroupDescription"),
    Field::Copy("engine", "Engine"),
    Field::Copy("engine_version", "EngineVersion"),
    Field::Copy("node_type", "CacheNodeType"),
    Field::Copy("num_cache_clusters", "NumCacheClusters"),
    Field::Copy("num_node_groups", "NumNodeGroups"),
    Field::Copy("port", "Port"),
    Field::Copy("subnet_group_name", "CacheSubnetGroupName"),
    Field::Copy("security_group_ids", "SecurityGroupIds"),
    Field::Copy("automatic_failover_enabled", "AutomaticFailoverEnabled"),
    Field::Copy("multi_az_enabled", "MultiAZEnabled"),
    Field::Copy("at_rest_encryption_enabled", "AtRestEncryptionEnabled"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("transit_encryption_enabled", "TransitEncryptionEnabled"),
    Field::Copy("transit_encryption_mode", "TransitEncryptionMode"),
    Field::Copy("auth_token", "AuthToken"),
    Field::Copy("user_group_ids", "UserGroupIds"),
    Field::Copy("global_replication_group_id", "GlobalReplicationGroupId"),
    Field::Copy("snapshot_retention_limit", "SnapshotRetentionLimit"),
];

fn replication_group(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(REPLICATION_GROUP);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_elasticache_replication_group",
        &from.logical_id,
        attributes,
        spans,
    );
}

const CACHE_CLUSTER: &[Field] = &[
    Field::Copy("cluster_id", "ClusterName"),
    Field::Copy("engine", "Engine"),
    Field::Copy("engine_version", "EngineVersion"),
    Field::Copy("node_type", "CacheNodeType"),
    Field::Copy("num_cache_nodes", "NumCacheNodes"),
    Field::Copy("az_mode", "AZMode"),
    Field::Copy("port", "Port"),
    Field::Copy("subnet_group_name", "CacheSubnetGroupName"),
    Field::Copy("security_group_ids", "VpcSecurityGroupIds"),
    Field::Copy("transit_encryption_enabled", "TransitEncryptionEnabled"),
    Field::Copy("snapshot_retention_limit", "SnapshotRetentionLimit"),
];

fn cache_cluster(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(CACHE_CLUSTER);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_elasticache_cluster",
        &from.logical_id,
        attributes,
        spans,
    );
}

const STREAM: &[Field] = &[
    Field::Copy("name", "Name"),
    Field::Copy("shard_count", "ShardCount"),
    Field::Copy("retention_period", "RetentionPeriodHours"),
    Field::Copy("encryption_type", "StreamEncryption.EncryptionType"),
    Field::Copy("kms_key_id", "StreamEncryption.KeyId"),
    Field::Block(
        "stream_mode_details",
        "StreamModeDetails",
        &[Field::Copy("stream_mode", "StreamMode")],
    ),
];

fn kinesis_stream(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(STREAM);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_kinesis_stream",
        &from.logical_id,
        attributes,
        spans,
    );
}

const FILE_SYSTEM: &[Field] = &[
    Field::Copy("encrypted", "Encrypted"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("performance_mode", "PerformanceMode"),
    Field::Copy("throughput_mode", "ThroughputMode"),
    Field::Copy(
        "provisioned_throughput_in_mibps",
        "ProvisionedThroughputInMibps",
    ),
    Field::Copy("availability_zone_name", "AvailabilityZoneName"),
];

fn efs_file_system(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(FILE_SYSTEM);
    b.set("tags", tags(b.prop("FileSystemTags")), "FileSystemTags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_efs_file_system",
        &from.logical_id,
        attributes,
        spans,
    );
}
