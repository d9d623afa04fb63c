//! Audit logging and monitoring: CloudTrail trails, AWS Config recorders, aggregators and
//! delivery channels, and GuardDuty detectors, onto the Terraform types the logging view reads.
//!
//! CloudFormation has no resource that starts or stops a Config recorder: it starts the
//! recorder as soon as the delivery channel is available. A recorder therefore stands for the
//! recorder and a started `aws_config_configuration_recorder_status` (`<LogicalId>Status`).

use driftguard_model::Value;

use super::convert::{push_part, reference, tags, Builder, Field, Shape};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::CloudTrail::Trail", trail),
    ("AWS::Config::ConfigurationRecorder", recorder),
    ("AWS::Config::ConfigurationAggregator", aggregator),
    ("AWS::Config::DeliveryChannel", delivery_channel),
    ("AWS::GuardDuty::Detector", detector),
];

const TRAIL: &[Field] = &[
    Field::Copy("name", "TrailName"),
    Field::Copy("s3_bucket_name", "S3BucketName"),
    Field::Copy("s3_key_prefix", "S3KeyPrefix"),
    Field::Copy("sns_topic_name", "SnsTopicName"),
    // `IsLogging` is required in CloudFormation.
    Field::Copy("enable_logging", "IsLogging"),
    Field::Copy("is_multi_region_trail", "IsMultiRegionTrail"),
    Field::Copy("is_organization_trail", "IsOrganizationTrail"),
    Field::Copy(
        "include_global_service_events",
        "IncludeGlobalServiceEvents",
    ),
    Field::Copy("enable_log_file_validation", "EnableLogFileValidation"),
    Field::Copy("kms_key_id", "KMSKeyId"),
    Field::Copy("cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn"),
    Field::Copy("cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn"),
];

fn trail(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(TRAIL);
    b.reshape_all(&[
        ("enable_logging", Shape::Bool),
        ("is_multi_region_trail", Shape::Bool),
        ("is_organization_trail", Shape::Bool),
        ("include_global_service_events", Shape::Bool),
        ("enable_log_file_validation", Shape::Bool),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_cloudtrail", &from.logical_id, attributes, spans);
}

const RECORDING_GROUP: &[Field] = &[
    Field::Copy("all_supported", "AllSupported"),
    Field::Copy(
        "include_global_resource_types",
        "IncludeGlobalResourceTypes",
    ),
    Field::Copy("resource_types", "ResourceTypes"),
    Field::Block(
        "recording_strategy",
        "RecordingStrategy",
        &[Field::Copy("use_only", "UseOnly")],
    ),
    Field::Block(
        "exclusion_by_resource_types",
        "ExclusionByResourceTypes",
        &[Field::Copy("resource_types", "ResourceTypes")],
    ),
];

fn recorder(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("role_arn", "RoleARN"),
        Field::Block("recording_group", "RecordingGroup", RECORDING_GROUP),
    ]);
    b.reshape_all(&[
        ("recording_group.*.all_supported", Shape::Bool),
        (
            "recording_group.*.include_global_resource_types",
            Shape::Bool,
        ),
    ]);
    // A recording group without `AllSupported` records only what it lists: AWS Config's
    // default for the flag is false, Terraform's true.
    let group_is_object = matches!(b.prop("RecordingGroup"), Some(Value::Object(_)));
    if group_is_object && !b.has("RecordingGroup.AllSupported") {
        if let Some(Value::List(groups)) = b.attribute("recording_group").cloned() {
            let groups = groups
                .into_iter()
                .map(|group| match group {
                    Value::Object(mut map) => {
                        map.insert("all_supported".to_string(), Value::Bool(false));
                        Value::Object(map)
                    }
                    other => other,
                })
                .collect();
            b.set("recording_group", Value::List(groups), "RecordingGroup");
        }
    }
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_config_configuration_recorder",
        &from.logical_id,
        attributes,
        spans,
    );

    let mut status = Builder::new(from);
    status.set("name", reference(&from.logical_id, "name"), "");
    status.set("is_enabled", Value::Bool(true), "");
    let address = format!("{}Status", from.logical_id);
    push_part(
        out,
        status,
        "aws_config_configuration_recorder_status",
        &address,
        "",
    );
}

fn aggregator(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "ConfigurationAggregatorName"),
        Field::Blocks(
            "account_aggregation_source",
            "AccountAggregationSources",
            &[
                Field::Copy("account_ids", "AccountIds"),
                Field::Copy("all_regions", "AllAwsRegions"),
                Field::Copy("regions", "AwsRegions"),
            ],
        ),
        Field::Block(
            "organization_aggregation_source",
            "OrganizationAggregationSource",
            &[
                Field::Copy("all_regions", "AllAwsRegions"),
                Field::Copy("regions", "AwsRegions"),
                Field::Copy("role_arn", "RoleArn"),
            ],
        ),
    ]);
    b.reshape_all(&[
        ("account_aggregation_source.*.all_regions", Shape::Bool),
        ("organization_aggregation_source.*.all_regions", Shape::Bool),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_config_configuration_aggregator",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn delivery_channel(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("s3_bucket_name", "S3BucketName"),
        Field::Copy("s3_key_prefix", "S3KeyPrefix"),
        Field::Copy("s3_kms_key_arn", "S3KmsKeyArn"),
        Field::Copy("sns_topic_arn", "SnsTopicARN"),
        Field::Block(
            "snapshot_delivery_properties",
            "ConfigSnapshotDeliveryProperties",
            &[Field::Copy("delivery_frequency", "DeliveryFrequency")],
        ),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_config_delivery_channel",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn detector(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        // `Enable` is required in CloudFormation.
        Field::Copy("enable", "Enable"),
        Field::Copy("finding_publishing_frequency", "FindingPublishingFrequency"),
    ]);
    b.reshape("enable", Shape::Bool);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_guardduty_detector",
        &from.logical_id,
        attributes,
        spans,
    );
}
