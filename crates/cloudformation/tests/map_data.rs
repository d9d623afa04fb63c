//! DynamoDB, DAX, ElastiCache, Kinesis and EFS from CloudFormation, checked by their rules.

mod harness;

use driftguard_cloudformation::map::mapped_types;
use harness::{cfn, fires_at, fires_on_resource, mapped, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

const KEY_ARN: &str = "arn:aws:kms:eu-west-1:123456789012:key/0f6a7c1e-2b44-4d0e-9d35-6f1b2c3d4e5f";

#[test]
fn dynamodb_tables() {
    let bad = cfn(
        "Bad",
        "AWS::DynamoDB::Table",
        json!({
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false}
        }),
    );
    let aws_managed = cfn(
        "AwsManaged",
        "AWS::DynamoDB::Table",
        json!({"SSESpecification": {"SSEEnabled": true, "KMSMasterKeyId": "alias/aws/dynamodb"}}),
    );
    let good = cfn(
        "Good",
        "AWS::DynamoDB::Table",
        json!({
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
            "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": KEY_ARN}
        }),
    );
    assert_eq!(
        mapped(std::slice::from_ref(&bad))[0].get("hash_key"),
        Some(&driftguard_model::Value::String("pk".into()))
    );
    let checked = scan(&[bad.clone(), aws_managed.clone(), good]);
    fires_at(
        &checked,
        "aws-dynamodb-table-pitr-disabled",
        "Bad",
        &bad,
        "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
    );
    fires_on_resource(
        &checked,
        "aws-dynamodb-table-not-cmk-encrypted",
        "Bad",
        &bad,
    );
    fires_at(
        &checked,
        "aws-dynamodb-table-not-cmk-encrypted",
        "AwsManaged",
        &aws_managed,
        "SSESpecification.KMSMasterKeyId",
    );
    clean(&checked, "aws-dynamodb-table-pitr-disabled", "Good");
    clean(&checked, "aws-dynamodb-table-not-cmk-encrypted", "Good");
}

#[test]
fn global_tables_need_every_replica_covered() {
    let partial = cfn(
        "Partial",
        "AWS::DynamoDB::GlobalTable",
        json!({
            "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS"},
            "Replicas": [
                {"Region": "eu-west-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                 "SSESpecification": {"KMSMasterKeyId": KEY_ARN}},
                {"Region": "us-east-1"}
            ]
        }),
    );
    let covered = cfn(
        "Covered",
        "AWS::DynamoDB::GlobalTable",
        json!({
            "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS"},
            "Replicas": [
                {"Region": "eu-west-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                 "SSESpecification": {"KMSMasterKeyId": KEY_ARN}},
                {"Region": "us-east-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "true"},
                 "SSESpecification": {"KMSMasterKeyId": {"Ref": "UsKeyArn"}}}
            ]
        }),
    );
    let checked = scan(&[partial.clone(), covered]);
    fires_at(
        &checked,
        "aws-dynamodb-table-pitr-disabled",
        "Partial",
        &partial,
        "Replicas.1",
    );
    fires_at(
        &checked,
        "aws-dynamodb-table-not-cmk-encrypted",
        "Partial",
        &partial,
        "SSESpecification.SSEEnabled",
    );
    clean(&checked, "aws-dynamodb-table-pitr-disabled", "Covered");
    clean(&checked, "aws-dynamodb-table-not-cmk-encrypted", "Covered");
}

#[test]
fn dax_clusters() {
    let bad = cfn(
        "Bad",
        "AWS::DAX::Cluster",
        json!({"NodeType": "dax.r5.large", "ReplicationFactor": 3, "IAMRoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}),
    );
    let good = cfn(
        "Good",
        "AWS::DAX::Cluster",
        json!({"SSESpecification": {"SSEEnabled": true}, "ClusterEndpointEncryptionType": "TLS"}),
    );
    let checked = scan(&[bad.clone(), good]);
    fires_on_resource(
        &checked,
        "aws-dynamodb-dax-cluster-unencrypted",
        "Bad",
        &bad,
    );
    fires_on_resource(
        &checked,
        "aws-dynamodb-dax-cluster-tls-disabled",
        "Bad",
        &bad,
    );
    clean(&checked, "aws-dynamodb-dax-cluster-unencrypted", "Good");
    clean(&checked, "aws-dynamodb-dax-cluster-tls-disabled", "Good");
}

#[test]
fn elasticache_replication_groups() {
    let bad = cfn(
        "Bad",
        "AWS::ElastiCache::ReplicationGroup",
        json!({"ReplicationGroupDescription": "cache", "Engine": "redis", "AtRestEncryptionEnabled": false}),
    );
    let preferred = cfn(
        "Migrating",
        "AWS::ElastiCache::ReplicationGroup",
        json!({
            "ReplicationGroupDescription": "cache",
            "TransitEncryptionEnabled": true,
            "TransitEncryptionMode": "preferred",
            "UserGroupIds": [{"Ref": "Users"}],
            "AtRestEncryptionEnabled": true
        }),
    );
    let good = cfn(
        "Good",
        "AWS::ElastiCache::ReplicationGroup",
        json!({
            "ReplicationGroupDescription": "cache",
            "Engine": "valkey",
            "TransitEncryptionEnabled": "true",
            "AuthToken": {"Unknown": "a NoEcho parameter"}
        }),
    );
    let secondary = cfn(
        "Secondary",
        "AWS::ElastiCache::ReplicationGroup",
        json!({"ReplicationGroupDescription": "cache", "GlobalReplicationGroupId": "ldgnf-global"}),
    );
    let checked = scan(&[bad.clone(), preferred.clone(), good, secondary]);
    fires_at(
        &checked,
        "aws-elasticache-replication-group-at-rest-unencrypted",
        "Bad",
        &bad,
        "AtRestEncryptionEnabled",
    );
    fires_on_resource(
        &checked,
        "aws-elasticache-replication-group-transit-unencrypted",
        "Bad",
        &bad,
    );
    fires_on_resource(
        &checked,
        "aws-elasticache-replication-group-auth-disabled",
        "Bad",
        &bad,
    );
    fires_at(
        &checked,
        "aws-elasticache-replication-group-transit-unencrypted",
        "Migrating",
        &preferred,
        "TransitEncryptionMode",
    );
    clean(
        &checked,
        "aws-elasticache-replication-group-auth-disabled",
        "Migrating",
    );
    for rule in [
        "aws-elasticache-replication-group-at-rest-unencrypted",
        "aws-elasticache-replication-group-transit-unencrypted",
        "aws-elasticache-replication-group-auth-disabled",
    ] {
        // Valkey encrypts at rest by default; a global datastore's secondary follows its primary.
        clean(&checked, rule, "Good");
        clean(&checked, rule, "Secondary");
    }
}

#[test]
fn kinesis_streams_and_efs_file_systems() {
    let stream = cfn("Stream", "AWS::Kinesis::Stream", json!({"ShardCount": 1}));
    let encrypted_stream = cfn(
        "Encrypted",
        "AWS::Kinesis::Stream",
        json!({"StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}),
    );
    let fs = cfn("Fs", "AWS::EFS::FileSystem", json!({"Encrypted": false}));
    let default_fs = cfn(
        "DefaultFs",
        "AWS::EFS::FileSystem",
        json!({"PerformanceMode": "generalPurpose"}),
    );
    let good_fs = cfn(
        "GoodFs",
        "AWS::EFS::FileSystem",
        json!({"Encrypted": true, "FileSystemTags": [{"Key": "Name", "Value": "data"}]}),
    );
    let checked = scan(&[
        stream.clone(),
        encrypted_stream,
        fs.clone(),
        default_fs.clone(),
        good_fs.clone(),
    ]);
    fires_on_resource(
        &checked,
        "aws-kinesis-stream-unencrypted",
        "Stream",
        &stream,
    );
    clean(&checked, "aws-kinesis-stream-unencrypted", "Encrypted");
    fires_at(
        &checked,
        "aws-efs-file-system-unencrypted",
        "Fs",
        &fs,
        "Encrypted",
    );
    fires_on_resource(
        &checked,
        "aws-efs-file-system-unencrypted",
        "DefaultFs",
        &default_fs,
    );
    clean(&checked, "aws-efs-file-system-unencrypted", "GoodFs");
    let efs = mapped(&[good_fs]);
    assert_eq!(
        efs[0].get("tags.Name"),
        Some(&driftguard_model::Value::String("data".into()))
    );
}

#[test]
fn cache_clusters_are_mapped_for_inventory() {
    let cluster = cfn(
        "Memcached",
        "AWS::ElastiCache::CacheCluster",
        json!({"Engine": "memcached", "CacheNodeType": "cache.t3.micro", "NumCacheNodes": 2}),
    );
    let resources = mapped(&[cluster]);
    assert_eq!(resources[0].resource_type, "aws_elasticache_cluster");
    assert_eq!(
        resources[0].get("num_cache_nodes"),
        Some(&driftguard_model::Value::Number(2.0))
    );
    let types: Vec<&str> = mapped_types().collect();
    for t in [
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::DAX::Cluster",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::ElastiCache::CacheCluster",
        "AWS::Kinesis::Stream",
        "AWS::EFS::FileSystem",
    ] {
        assert!(types.contains(&t), "{t} is not mapped");
    }
}
