//! S3 buckets and bucket policies from CloudFormation, checked by the S3 rules.

mod harness;

use harness::{cfn, family_quiet, finding, fires_at, fires_on_resource, quiet, scan};
use serde_json::json;

const BUCKET: &str = "AWS::S3::Bucket";

/// A bucket that passes every S3 rule: versioned, encrypted with a customer managed key, logged,
/// public access blocked, ACLs disabled, and a policy that requires TLS.
fn hardened() -> Vec<driftguard_cloudformation::CfnResource> {
    vec![
        cfn(
            "DataKey",
            "AWS::KMS::Key",
            json!({"EnableKeyRotation": true}),
        ),
        cfn(
            "Data",
            BUCKET,
            json!({
                "BucketName": "acme-data",
                "VersioningConfiguration": {"Status": "Enabled"},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                    "ServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": {"Fn::GetAtt": ["DataKey", "Arn"]}
                    },
                    "BucketKeyEnabled": true
                }]},
                "LoggingConfiguration": {
                    "DestinationBucketName": {"Ref": "Logs"},
                    "LogFilePrefix": "data/"
                },
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": true, "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true, "RestrictPublicBuckets": true
                },
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
            }),
        ),
        cfn(
            "DataPolicy",
            "AWS::S3::BucketPolicy",
            json!({
                "Bucket": {"Ref": "Data"},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": [{"Fn::GetAtt": ["Data", "Arn"]}, {"Fn::Sub": "${Data.Arn}/*"}],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                }]}
            }),
        ),
        // The access log target: SSE-S3 only (server access logs support nothing else), and
        // it needs no logging of its own.
        cfn(
            "Logs",
            BUCKET,
            json!({
                "VersioningConfiguration": {"Status": "Enabled"},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                    "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}
                }]},
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": true, "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true, "RestrictPublicBuckets": "true"
                }
            }),
        ),
        cfn(
            "LogsPolicy",
            "AWS::S3::BucketPolicy",
            json!({
                "Bucket": {"Ref": "Logs"},
                "PolicyDocument": {"Statement": [{
                    "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*",
                    "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Logs}/*"},
                    "Condition": {"Bool": {"aws:SecureTransport": false}}
                }]}
            }),
        ),
    ]
}

#[test]
fn a_hardened_bucket_passes_every_s3_rule() {
    let checked = scan(&hardened());
    family_quiet(&checked, "aws-s3-", &[]);
}

#[test]
fn a_bare_bucket_fails_the_rules_about_what_it_lacks() {
    let bare = cfn("Bare", BUCKET, json!({}));
    let checked = scan(std::slice::from_ref(&bare));
    for rule in [
        "aws-s3-bucket-versioning",
        "aws-s3-bucket-encryption-not-configured",
        "aws-s3-bucket-logging-disabled",
        "aws-s3-bucket-public-access-block-missing",
        "aws-s3-bucket-tls-not-enforced",
    ] {
        fires_on_resource(&checked, rule, "Bare", &bare);
    }
    // Nothing is public and nothing is encrypted with the wrong key.
    for rule in [
        "aws-s3-bucket-encryption-not-cmk",
        "aws-s3-bucket-public-read-acl",
        "aws-s3-bucket-public-write-acl",
        "aws-s3-bucket-policy-public",
        "aws-s3-bucket-public-access-not-blocked",
    ] {
        quiet(&checked, rule);
    }
}

#[test]
fn suspended_versioning_points_at_the_status() {
    let bucket = cfn(
        "B",
        BUCKET,
        json!({"VersioningConfiguration": {"Status": "Suspended"}}),
    );
    let checked = scan(std::slice::from_ref(&bucket));
    fires_at(
        &checked,
        "aws-s3-bucket-versioning",
        "B",
        &bucket,
        "VersioningConfiguration.Status",
    );
}

#[test]
fn sse_s3_is_not_a_customer_managed_key() {
    let bucket = cfn(
        "B",
        BUCKET,
        json!({"BucketEncryption": {"ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}
        }]}}),
    );
    let checked = scan(std::slice::from_ref(&bucket));
    quiet(&checked, "aws-s3-bucket-encryption-not-configured");
    fires_at(
        &checked,
        "aws-s3-bucket-encryption-not-cmk",
        "B",
        &bucket,
        "BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm",
    );

    let aws_managed = cfn(
        "K",
        BUCKET,
        json!({"BucketEncryption": {"ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/aws/s3"
            }
        }]}}),
    );
    let checked = scan(std::slice::from_ref(&aws_managed));
    fires_at(
        &checked,
        "aws-s3-bucket-encryption-not-cmk",
        "K",
        &aws_managed,
        "BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID",
    );
}

#[test]
fn logging_to_the_bucket_itself_is_logging() {
    // Without a destination, S3 delivers the logs to the bucket itself.
    let bucket = cfn("B", BUCKET, json!({"LoggingConfiguration": {}}));
    let checked = scan(std::slice::from_ref(&bucket));
    quiet(&checked, "aws-s3-bucket-logging-disabled");
}

#[test]
fn public_canned_acls_fire_unless_block_public_access_or_ownership_neutralise_them() {
    let read = cfn("Read", BUCKET, json!({"AccessControl": "PublicRead"}));
    let write = cfn("Write", BUCKET, json!({"AccessControl": "PublicReadWrite"}));
    let private = cfn("Private", BUCKET, json!({"AccessControl": "Private"}));
    let checked = scan(&[read.clone(), write.clone(), private]);
    fires_at(
        &checked,
        "aws-s3-bucket-public-read-acl",
        "Read",
        &read,
        "AccessControl",
    );
    fires_at(
        &checked,
        "aws-s3-bucket-public-read-acl",
        "Write",
        &write,
        "AccessControl",
    );
    fires_at(
        &checked,
        "aws-s3-bucket-public-write-acl",
        "Write",
        &write,
        "AccessControl",
    );
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.resource_address == "Private" && f.rule_id.contains("-acl")));
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.rule_id == "aws-s3-bucket-public-write-acl" && f.resource_address == "Read"));

    let ignored = cfn(
        "Ignored",
        BUCKET,
        json!({
            "AccessControl": "PublicReadWrite",
            "PublicAccessBlockConfiguration": {"IgnorePublicAcls": true}
        }),
    );
    let enforced = cfn(
        "Enforced",
        BUCKET,
        json!({
            "AccessControl": "PublicRead",
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        }),
    );
    let checked = scan(&[ignored, enforced]);
    quiet(&checked, "aws-s3-bucket-public-read-acl");
    quiet(&checked, "aws-s3-bucket-public-write-acl");
}

#[test]
fn a_partial_public_access_block_points_at_the_setting_left_off() {
    let bucket = cfn(
        "B",
        BUCKET,
        json!({"PublicAccessBlockConfiguration": {
            "BlockPublicAcls": true, "BlockPublicPolicy": "false",
            "IgnorePublicAcls": true, "RestrictPublicBuckets": true
        }}),
    );
    let checked = scan(std::slice::from_ref(&bucket));
    quiet(&checked, "aws-s3-bucket-public-access-block-missing");
    fires_at(
        &checked,
        "aws-s3-bucket-public-access-not-blocked",
        "BPublicAccessBlock",
        &bucket,
        "PublicAccessBlockConfiguration.BlockPublicPolicy",
    );

    // Settings left out are off; the finding points at the configuration.
    let sparse = cfn(
        "S",
        BUCKET,
        json!({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true}}),
    );
    let checked = scan(std::slice::from_ref(&sparse));
    fires_at(
        &checked,
        "aws-s3-bucket-public-access-not-blocked",
        "SPublicAccessBlock",
        &sparse,
        "PublicAccessBlockConfiguration",
    );
}

#[test]
fn an_unknown_public_access_block_is_inconclusive() {
    let bucket = cfn(
        "B",
        BUCKET,
        json!({"PublicAccessBlockConfiguration": {"Unknown": "a condition on a parameter"}}),
    );
    let checked = scan(std::slice::from_ref(&bucket));
    quiet(&checked, "aws-s3-bucket-public-access-block-missing");
    quiet(&checked, "aws-s3-bucket-public-access-not-blocked");
    harness::inconclusive(
        &checked,
        "aws-s3-bucket-public-access-not-blocked",
        "BPublicAccessBlock",
    );
}

fn public_read_policy(condition: Option<serde_json::Value>) -> serde_json::Value {
    let mut statement = json!({
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": {"Fn::Sub": "${Site.Arn}/*"}
    });
    if let Some(condition) = condition {
        statement["Condition"] = condition;
    }
    json!({"Bucket": {"Ref": "Site"}, "PolicyDocument": {"Statement": [statement]}})
}

#[test]
fn a_policy_open_to_everyone_is_public_unless_blocked_or_restricted() {
    let site = cfn("Site", BUCKET, json!({}));
    let policy = cfn(
        "SitePolicy",
        "AWS::S3::BucketPolicy",
        public_read_policy(None),
    );
    let checked = scan(&[site, policy.clone()]);
    fires_at(
        &checked,
        "aws-s3-bucket-policy-public",
        "SitePolicy",
        &policy,
        "PolicyDocument",
    );
    // The policy exists but does not deny plain HTTP.
    fires_at(
        &checked,
        "aws-s3-bucket-tls-not-enforced",
        "SitePolicy",
        &policy,
        "PolicyDocument",
    );

    let restricted = cfn(
        "SitePolicy",
        "AWS::S3::BucketPolicy",
        public_read_policy(Some(
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}),
        )),
    );
    let checked = scan(&[cfn("Site", BUCKET, json!({})), restricted]);
    quiet(&checked, "aws-s3-bucket-policy-public");

    let blocked = cfn(
        "Site",
        BUCKET,
        json!({"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": true}}),
    );
    let policy = cfn(
        "SitePolicy",
        "AWS::S3::BucketPolicy",
        public_read_policy(None),
    );
    let checked = scan(&[blocked, policy]);
    quiet(&checked, "aws-s3-bucket-policy-public");
}

#[test]
fn a_policy_of_a_bucket_named_literally_is_linked_to_it() {
    let site = cfn("Site", BUCKET, json!({"BucketName": "acme-site"}));
    let mut properties = public_read_policy(None);
    properties["Bucket"] = json!("acme-site");
    let policy = cfn("SitePolicy", "AWS::S3::BucketPolicy", properties);
    let checked = scan(&[site, policy]);
    let found = finding(&checked, "aws-s3-bucket-policy-public", "SitePolicy");
    assert!(found.message.contains("Site"), "{}", found.message);
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.rule_id == "aws-s3-bucket-tls-not-enforced" && f.resource_address == "Site"));
}

fn trail_into(bucket: &str) -> driftguard_cloudformation::CfnResource {
    cfn(
        "Trail",
        "AWS::CloudTrail::Trail",
        json!({"IsLogging": true, "S3BucketName": {"Ref": bucket}}),
    )
}

#[test]
fn an_audit_log_bucket_needs_object_lock_retention() {
    let bucket = cfn("AuditLogs", BUCKET, json!({}));
    let checked = scan(&[bucket.clone(), trail_into("AuditLogs")]);
    fires_on_resource(
        &checked,
        "aws-s3-bucket-audit-logs-deletable",
        "AuditLogs",
        &bucket,
    );

    let locked = cfn(
        "AuditLogs",
        BUCKET,
        json!({
            "ObjectLockEnabled": true,
            "ObjectLockConfiguration": {
                "ObjectLockEnabled": "Enabled",
                "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": "365"}}
            }
        }),
    );
    let checked = scan(&[locked, trail_into("AuditLogs")]);
    quiet(&checked, "aws-s3-bucket-audit-logs-deletable");

    // Object Lock without a default retention keeps nothing by default.
    let no_retention = cfn(
        "AuditLogs",
        BUCKET,
        json!({"ObjectLockEnabled": true, "ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}}),
    );
    let checked = scan(&[no_retention, trail_into("AuditLogs")]);
    finding(&checked, "aws-s3-bucket-audit-logs-deletable", "AuditLogs");
}

#[test]
fn an_unknown_algorithm_is_inconclusive_not_a_finding() {
    let bucket = cfn(
        "B",
        BUCKET,
        json!({"BucketEncryption": {"ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {"SSEAlgorithm": {"Ref": "Algorithm"}}
        }]}}),
    );
    let checked = scan(std::slice::from_ref(&bucket));
    quiet(&checked, "aws-s3-bucket-encryption-not-configured");
    quiet(&checked, "aws-s3-bucket-encryption-not-cmk");
    harness::inconclusive(&checked, "aws-s3-bucket-encryption-not-cmk", "B");
}

#[test]
fn the_bucket_reads_as_terraform_state() {
    let resources = harness::mapped(&hardened());
    let data = resources.iter().find(|r| r.address == "Data").unwrap();
    assert_eq!(data.resource_type, "aws_s3_bucket");
    assert_eq!(
        data.get("versioning.0.enabled"),
        Some(&driftguard_model::Value::Bool(true))
    );
    assert_eq!(
        data.get("server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm")
            .and_then(|v| v.as_str()),
        Some("aws:kms")
    );
    assert_eq!(
        data.get("logging.0.target_prefix").and_then(|v| v.as_str()),
        Some("data/")
    );
    let block = resources
        .iter()
        .find(|r| r.address == "DataPublicAccessBlock")
        .unwrap();
    assert_eq!(block.resource_type, "aws_s3_bucket_public_access_block");
    let bucket = block.get("bucket").and_then(|v| v.as_unknown()).unwrap();
    assert_eq!(bucket.reference.as_ref().unwrap().address, "Data");
    let logs_block = resources
        .iter()
        .find(|r| r.address == "LogsPublicAccessBlock")
        .unwrap();
    // `"true"` in a template is true.
    assert_eq!(
        logs_block.get("restrict_public_buckets"),
        Some(&driftguard_model::Value::Bool(true))
    );
    let policy = resources
        .iter()
        .find(|r| r.address == "DataPolicy")
        .unwrap();
    assert!(
        policy.get("policy").unwrap().is_unknown(),
        "the document has unknown parts"
    );
    let logs_policy = resources
        .iter()
        .find(|r| r.address == "LogsPolicy")
        .unwrap();
    assert!(logs_policy.get("policy").unwrap().is_unknown());
}
