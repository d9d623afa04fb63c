//! CloudTrail trails, AWS Config recorders, aggregators and delivery channels, and GuardDuty
//! detectors from CloudFormation, checked by the logging and monitoring rules.

mod harness;

use driftguard_model::Value;
use harness::{cfn, fires_at, fires_on_resource, quiet, scan};
use serde_json::json;

const TRAIL: &str = "AWS::CloudTrail::Trail";

#[test]
fn a_complete_trail_passes_every_cloudtrail_rule() {
    let trail = cfn(
        "Trail",
        TRAIL,
        json!({
            "IsLogging": true,
            "IsMultiRegionTrail": true,
            "EnableLogFileValidation": true,
            "KMSKeyId": {"Ref": "TrailKey"},
            "S3BucketName": {"Ref": "TrailBucket"},
            "CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["TrailLogs", "Arn"]},
            "CloudWatchLogsRoleArn": {"Fn::GetAtt": ["TrailRole", "Arn"]}
        }),
    );
    let checked = scan(&[trail]);
    harness::family_quiet(&checked, "aws-cloudtrail-", &[]);
}

#[test]
fn a_minimal_trail_fails_every_cloudtrail_rule_where_it_can() {
    let trail = cfn(
        "Trail",
        TRAIL,
        json!({"IsLogging": "false", "S3BucketName": "acme-trail"}),
    );
    let checked = scan(std::slice::from_ref(&trail));
    fires_at(
        &checked,
        "aws-cloudtrail-trail-logging-disabled",
        "Trail",
        &trail,
        "IsLogging",
    );
    for rule in [
        "aws-cloudtrail-trail-single-region",
        "aws-cloudtrail-log-validation-disabled",
        "aws-cloudtrail-trail-not-kms-encrypted",
        "aws-cloudtrail-trail-cloudwatch-logs-missing",
    ] {
        fires_on_resource(&checked, rule, "Trail", &trail);
    }

    let single = cfn(
        "Single",
        TRAIL,
        json!({"IsLogging": true, "IsMultiRegionTrail": false, "EnableLogFileValidation": "false", "S3BucketName": "b"}),
    );
    let checked = scan(std::slice::from_ref(&single));
    fires_at(
        &checked,
        "aws-cloudtrail-trail-single-region",
        "Single",
        &single,
        "IsMultiRegionTrail",
    );
    fires_at(
        &checked,
        "aws-cloudtrail-log-validation-disabled",
        "Single",
        &single,
        "EnableLogFileValidation",
    );
    quiet(&checked, "aws-cloudtrail-trail-logging-disabled");
}

#[test]
fn recorders_start_with_the_stack_and_must_record_everything() {
    let everything = cfn(
        "Recorder",
        "AWS::Config::ConfigurationRecorder",
        json!({"RoleARN": {"Fn::GetAtt": ["ConfigRole", "Arn"]}}),
    );
    let channel = cfn(
        "Channel",
        "AWS::Config::DeliveryChannel",
        json!({"S3BucketName": {"Ref": "ConfigBucket"}}),
    );
    let checked = scan(&[everything, channel]);
    // CloudFormation starts the recorder itself: it is never left stopped.
    quiet(&checked, "aws-config-recorder-not-recording");
    quiet(&checked, "aws-config-recorder-not-all-resources");

    let listed = cfn(
        "Recorder",
        "AWS::Config::ConfigurationRecorder",
        json!({"RoleARN": "arn:aws:iam::123456789012:role/config",
               "RecordingGroup": {"ResourceTypes": ["AWS::S3::Bucket"]}}),
    );
    let checked = scan(std::slice::from_ref(&listed));
    fires_at(
        &checked,
        "aws-config-recorder-not-all-resources",
        "Recorder",
        &listed,
        "RecordingGroup",
    );
    let explicit = cfn(
        "Recorder",
        "AWS::Config::ConfigurationRecorder",
        json!({"RoleARN": "arn:aws:iam::123456789012:role/config",
               "RecordingGroup": {"AllSupported": false, "ResourceTypes": ["AWS::S3::Bucket"]}}),
    );
    let checked = scan(std::slice::from_ref(&explicit));
    fires_at(
        &checked,
        "aws-config-recorder-not-all-resources",
        "Recorder",
        &explicit,
        "RecordingGroup.AllSupported",
    );
    let all = cfn(
        "Recorder",
        "AWS::Config::ConfigurationRecorder",
        json!({"RoleARN": "arn:aws:iam::123456789012:role/config",
               "RecordingGroup": {"AllSupported": "true", "IncludeGlobalResourceTypes": true}}),
    );
    quiet(&scan(&[all]), "aws-config-recorder-not-all-resources");
}

#[test]
fn aggregators_must_cover_every_region() {
    let some = cfn(
        "Aggregator",
        "AWS::Config::ConfigurationAggregator",
        json!({"AccountAggregationSources": [{"AccountIds": ["123456789012"], "AwsRegions": ["eu-west-1"]}]}),
    );
    let checked = scan(std::slice::from_ref(&some));
    fires_at(
        &checked,
        "aws-config-aggregator-not-all-regions",
        "Aggregator",
        &some,
        "AccountAggregationSources.0",
    );
    let organization = cfn(
        "Aggregator",
        "AWS::Config::ConfigurationAggregator",
        json!({"OrganizationAggregationSource": {"AllAwsRegions": false, "AwsRegions": ["eu-west-1"],
               "RoleArn": "arn:aws:iam::123456789012:role/aggregator"}}),
    );
    let checked = scan(std::slice::from_ref(&organization));
    fires_at(
        &checked,
        "aws-config-aggregator-not-all-regions",
        "Aggregator",
        &organization,
        "OrganizationAggregationSource.AllAwsRegions",
    );
    let all = cfn(
        "Aggregator",
        "AWS::Config::ConfigurationAggregator",
        json!({"OrganizationAggregationSource": {"AllAwsRegions": true,
               "RoleArn": "arn:aws:iam::123456789012:role/aggregator"}}),
    );
    quiet(&scan(&[all]), "aws-config-aggregator-not-all-regions");
}

#[test]
fn suspended_guardduty_detectors_fire() {
    let suspended = cfn(
        "Detector",
        "AWS::GuardDuty::Detector",
        json!({"Enable": "false"}),
    );
    let checked = scan(std::slice::from_ref(&suspended));
    fires_at(
        &checked,
        "aws-guardduty-detector-disabled",
        "Detector",
        &suspended,
        "Enable",
    );
    let enabled = cfn(
        "Detector",
        "AWS::GuardDuty::Detector",
        json!({"Enable": true}),
    );
    quiet(&scan(&[enabled]), "aws-guardduty-detector-disabled");
}

#[test]
fn a_recorder_stands_for_the_recorder_and_its_started_status() {
    let recorder = cfn(
        "Recorder",
        "AWS::Config::ConfigurationRecorder",
        json!({"Name": "default", "RecordingGroup": {"ResourceTypes": ["AWS::S3::Bucket"]}}),
    );
    let resources = harness::mapped(&[recorder]);
    assert_eq!(resources.len(), 2);
    assert_eq!(
        resources[0].get("recording_group.0.all_supported"),
        Some(&Value::Bool(false))
    );
    let status = &resources[1];
    assert_eq!(
        status.resource_type,
        "aws_config_configuration_recorder_status"
    );
    assert_eq!(status.address, "RecorderStatus");
    assert_eq!(status.get("is_enabled"), Some(&Value::Bool(true)));
}
