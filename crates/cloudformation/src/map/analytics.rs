//! Analytics: Redshift clusters and OpenSearch / Elasticsearch domains, onto
//! `aws_redshift_cluster`, `aws_opensearch_domain` and `aws_elasticsearch_domain`.

use driftguard_model::Value;

use super::convert::{tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::Redshift::Cluster", redshift_cluster),
    ("AWS::OpenSearchService::Domain", opensearch_domain),
    ("AWS::Elasticsearch::Domain", elasticsearch_domain),
];

const REDSHIFT: &[Field] = &[
    Field::Copy("cluster_identifier", "ClusterIdentifier"),
    Field::Copy("node_type", "NodeType"),
    Field::Copy("cluster_type", "ClusterType"),
    Field::Copy("number_of_nodes", "NumberOfNodes"),
    Field::Copy("database_name", "DBName"),
    Field::Copy("master_username", "MasterUsername"),
    Field::Copy("port", "Port"),
    Field::Copy("cluster_subnet_group_name", "ClusterSubnetGroupName"),
    Field::Copy("vpc_security_group_ids", "VpcSecurityGroupIds"),
    Field::Copy("publicly_accessible", "PubliclyAccessible"),
    Field::Copy("encrypted", "Encrypted"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("enhanced_vpc_routing", "EnhancedVpcRouting"),
    Field::Copy(
        "automated_snapshot_retention_period",
        "AutomatedSnapshotRetentionPeriod",
    ),
    Field::Copy("snapshot_identifier", "SnapshotIdentifier"),
    Field::Copy("snapshot_arn", "SnapshotArn"),
    Field::Block(
        "logging",
        "LoggingProperties",
        &[
            Field::Copy("bucket_name", "BucketName"),
            Field::Copy("s3_key_prefix", "S3KeyPrefix"),
            Field::Copy("log_destination_type", "LogDestinationType"),
            Field::Copy("log_exports", "LogExports"),
        ],
    ),
];

fn redshift_cluster(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(REDSHIFT);
    // Terraform's default for `publicly_accessible` changed with provider v6; CloudFormation
    // leaves it to Redshift, which creates clusters without public access unless asked.
    if b.prop("PubliclyAccessible").is_none() {
        b.set(
            "publicly_accessible",
            Value::Bool(false),
            "PubliclyAccessible",
        );
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_redshift_cluster",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// Properties both domain types share, under the same names.
const DOMAIN: &[Field] = &[
    Field::Copy("domain_name", "DomainName"),
    Field::Block(
        "encrypt_at_rest",
        "EncryptionAtRestOptions",
        &[
            Field::Copy("enabled", "Enabled"),
            Field::Copy("kms_key_id", "KmsKeyId"),
        ],
    ),
    Field::Block(
        "node_to_node_encryption",
        "NodeToNodeEncryptionOptions",
        &[Field::Copy("enabled", "Enabled")],
    ),
    Field::Block(
        "domain_endpoint_options",
        "DomainEndpointOptions",
        &[
            Field::Copy("enforce_https", "EnforceHTTPS"),
            Field::Copy("tls_security_policy", "TLSSecurityPolicy"),
            Field::Copy("custom_endpoint_enabled", "CustomEndpointEnabled"),
            Field::Copy("custom_endpoint", "CustomEndpoint"),
            Field::Copy(
                "custom_endpoint_certificate_arn",
                "CustomEndpointCertificateArn",
            ),
        ],
    ),
    Field::Block(
        "vpc_options",
        "VPCOptions",
        &[
            Field::Copy("subnet_ids", "SubnetIds"),
            Field::Copy("security_group_ids", "SecurityGroupIds"),
        ],
    ),
    Field::Block(
        "advanced_security_options",
        "AdvancedSecurityOptions",
        &[
            Field::Copy("enabled", "Enabled"),
            Field::Copy("anonymous_auth_enabled", "AnonymousAuthEnabled"),
            Field::Copy(
                "internal_user_database_enabled",
                "InternalUserDatabaseEnabled",
            ),
        ],
    ),
    Field::Json("access_policies", "AccessPolicies"),
];

const CLUSTER_CONFIG: &[Field] = &[
    Field::Copy("instance_type", "InstanceType"),
    Field::Copy("instance_count", "InstanceCount"),
    Field::Copy("dedicated_master_enabled", "DedicatedMasterEnabled"),
    Field::Copy("zone_awareness_enabled", "ZoneAwarenessEnabled"),
];

fn opensearch_domain(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DOMAIN);
    b.fields(&[
        Field::Copy("engine_version", "EngineVersion"),
        Field::Block("cluster_config", "ClusterConfig", CLUSTER_CONFIG),
    ]);
    domain_common(&mut b);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_opensearch_domain",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn elasticsearch_domain(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DOMAIN);
    b.fields(&[
        Field::Copy("elasticsearch_version", "ElasticsearchVersion"),
        Field::Block(
            "cluster_config",
            "ElasticsearchClusterConfig",
            CLUSTER_CONFIG,
        ),
    ]);
    domain_common(&mut b);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_elasticsearch_domain",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn domain_common(b: &mut Builder<'_>) {
    // Terraform's provider defaults `enforce_https` to true inside the block; the API, and so
    // CloudFormation, to false.
    let declared = b
        .attribute("domain_endpoint_options.0")
        .and_then(Value::as_object)
        .cloned();
    if let Some(mut options) = declared {
        if !options.contains_key("enforce_https") {
            options.insert("enforce_https".into(), Value::Bool(false));
            b.set(
                "domain_endpoint_options",
                Value::List(vec![Value::Object(options)]),
                "DomainEndpointOptions",
            );
        }
    }
    log_publishing_options(b);
    b.set("tags", tags(b.prop("Tags")), "Tags");
}

/// `LogPublishingOptions` (a map from log type to `{CloudWatchLogsLogGroupArn, Enabled}`) →
/// `log_publishing_options` blocks.
fn log_publishing_options(b: &mut Builder<'_>) {
    let Some(options) = b.prop("LogPublishingOptions") else {
        return;
    };
    let value = match options {
        Value::Object(map) => Value::List(
            map.iter()
                .map(|(log_type, option)| {
                    let mut entry = std::collections::BTreeMap::new();
                    entry.insert("log_type".to_string(), Value::String(log_type.clone()));
                    for (tf, cfn) in [
                        ("cloudwatch_log_group_arn", "CloudWatchLogsLogGroupArn"),
                        ("enabled", "Enabled"),
                    ] {
                        if let Some(v) = option.get_path(cfn) {
                            entry.insert(tf.to_string(), v.clone());
                        }
                    }
                    Value::Object(entry)
                })
                .collect(),
        ),
        other => other.clone(),
    };
    b.set("log_publishing_options", value, "LogPublishingOptions");
}
