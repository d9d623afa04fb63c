//! S3: buckets and bucket policies, onto `aws_s3_bucket` with the inline (provider v3) blocks
//! the S3 view reads (`versioning`, `server_side_encryption_configuration`, `logging`, `acl`,
//! `object_lock_configuration`), and the separate resources it reads for what has no inline
//! form: `aws_s3_bucket_public_access_block`, `aws_s3_bucket_ownership_controls` and
//! `aws_s3_bucket_policy`. The separate resources name the bucket by a reference to its
//! logical id, as `bucket = aws_s3_bucket.b.id` does.

use driftguard_model::Value;

use super::convert::{push_part, reference, tags, Builder, Field, Shape};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::S3::Bucket", bucket),
    ("AWS::S3::BucketPolicy", bucket_policy),
];

const DEFAULT_ENCRYPTION: &[Field] = &[
    Field::Copy("sse_algorithm", "SSEAlgorithm"),
    Field::Copy("kms_master_key_id", "KMSMasterKeyID"),
];

const ENCRYPTION_RULE: &[Field] = &[
    Field::Block(
        "apply_server_side_encryption_by_default",
        "ServerSideEncryptionByDefault",
        DEFAULT_ENCRYPTION,
    ),
    Field::Copy("bucket_key_enabled", "BucketKeyEnabled"),
];

const ENCRYPTION: &[Field] = &[Field::Blocks(
    "rule",
    "ServerSideEncryptionConfiguration",
    ENCRYPTION_RULE,
)];

const DEFAULT_RETENTION: &[Field] = &[
    Field::Copy("mode", "Mode"),
    Field::Copy("days", "Days"),
    Field::Copy("years", "Years"),
];

const OBJECT_LOCK: &[Field] = &[
    Field::Copy("object_lock_enabled", "ObjectLockEnabled"),
    Field::Block(
        "rule",
        "Rule",
        &[Field::Block(
            "default_retention",
            "DefaultRetention",
            DEFAULT_RETENTION,
        )],
    ),
];

const BUCKET: &[Field] = &[
    Field::Copy("bucket", "BucketName"),
    Field::Block(
        "server_side_encryption_configuration",
        "BucketEncryption",
        ENCRYPTION,
    ),
    Field::Copy("object_lock_enabled", "ObjectLockEnabled"),
    Field::Block(
        "object_lock_configuration",
        "ObjectLockConfiguration",
        OBJECT_LOCK,
    ),
];

const BUCKET_SHAPES: &[(&str, Shape)] = &[
    ("object_lock_enabled", Shape::Bool),
    (
        "server_side_encryption_configuration.*.rule.*.bucket_key_enabled",
        Shape::Bool,
    ),
    (
        "object_lock_configuration.*.rule.*.default_retention.*.days",
        Shape::Number,
    ),
    (
        "object_lock_configuration.*.rule.*.default_retention.*.years",
        Shape::Number,
    ),
];

/// CloudFormation's `AccessControl` names and the canned ACLs S3 (and Terraform's `acl`) call
/// them.
const CANNED_ACLS: &[(&str, &str)] = &[
    ("AuthenticatedRead", "authenticated-read"),
    ("AwsExecRead", "aws-exec-read"),
    ("BucketOwnerFullControl", "bucket-owner-full-control"),
    ("BucketOwnerRead", "bucket-owner-read"),
    ("LogDeliveryWrite", "log-delivery-write"),
    ("Private", "private"),
    ("PublicRead", "public-read"),
    ("PublicReadWrite", "public-read-write"),
];

fn canned_acl(value: &Value) -> Value {
    match value {
        Value::String(name) => CANNED_ACLS
            .iter()
            .find(|(cfn, _)| cfn == name)
            .map_or_else(|| value.clone(), |(_, acl)| Value::string(*acl)),
        other => other.clone(),
    }
}

fn bucket(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    b.fields(BUCKET);
    b.reshape_all(BUCKET_SHAPES);
    if let Some(acl) = b.prop("AccessControl") {
        b.set("acl", canned_acl(acl), "AccessControl");
    }
    versioning(&mut b);
    logging(&mut b);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_s3_bucket", id, attributes, spans);

    public_access_block(from, out);
    ownership_controls(from, out);
}

/// `VersioningConfiguration.Status` (`Enabled` / `Suspended`) as the inline
/// `versioning { enabled }`.
fn versioning(b: &mut Builder<'_>) {
    let Some(configuration) = b.prop("VersioningConfiguration") else {
        return;
    };
    let enabled = match configuration {
        Value::Unknown(_) => configuration.clone(),
        _ => match b.prop("VersioningConfiguration.Status") {
            Some(Value::String(status)) => Value::Bool(status == "Enabled"),
            Some(other) => other.clone(),
            // `Status` is required; without it nothing is enabled.
            None => Value::Bool(false),
        },
    };
    b.set(
        "versioning",
        super::convert::block([("enabled", enabled)]),
        "VersioningConfiguration",
    );
    b.point("versioning.0", "VersioningConfiguration");
    b.point("versioning.0.enabled", "VersioningConfiguration.Status");
}

/// `LoggingConfiguration` as the inline `logging` block. Without `DestinationBucketName`, S3
/// delivers the logs to the bucket itself: the target is the bucket.
fn logging(b: &mut Builder<'_>) {
    let Some(configuration) = b.prop("LoggingConfiguration") else {
        return;
    };
    if configuration.is_unknown() {
        b.set("logging", configuration.clone(), "LoggingConfiguration");
        return;
    }
    let target = match b.prop("LoggingConfiguration.DestinationBucketName") {
        Some(bucket) if !bucket.is_null() => bucket.clone(),
        _ => reference(b.logical_id(), "id"),
    };
    let mut entries = vec![("target_bucket", target)];
    if let Some(prefix) = b.prop("LoggingConfiguration.LogFilePrefix") {
        entries.push(("target_prefix", prefix.clone()));
    }
    b.set(
        "logging",
        super::convert::block(entries),
        "LoggingConfiguration",
    );
    b.point("logging.0", "LoggingConfiguration");
    b.point(
        "logging.0.target_bucket",
        "LoggingConfiguration.DestinationBucketName",
    );
    b.point(
        "logging.0.target_prefix",
        "LoggingConfiguration.LogFilePrefix",
    );
}

/// The four Block Public Access settings, Terraform's name and CloudFormation's.
const BLOCK_PUBLIC_ACCESS: &[(&str, &str)] = &[
    ("block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
];

/// `PublicAccessBlockConfiguration` as an `aws_s3_bucket_public_access_block` of the bucket.
/// A setting the template leaves out is off, as S3 and Terraform leave it; an unknown
/// configuration leaves every setting unknown.
fn public_access_block(from: &CfnResource, out: &mut Mapped) {
    const PROPERTY: &str = "PublicAccessBlockConfiguration";
    let mut b = Builder::new(from);
    let Some(configuration) = b.prop(PROPERTY) else {
        return;
    };
    b.set("bucket", reference(&from.logical_id, "id"), PROPERTY);
    for (attribute, property) in BLOCK_PUBLIC_ACCESS {
        if configuration.is_unknown() {
            b.set(attribute, configuration.clone(), PROPERTY);
        } else {
            b.copy(attribute, &format!("{PROPERTY}.{property}"));
            b.reshape(attribute, Shape::Bool);
        }
    }
    let address = format!("{}PublicAccessBlock", from.logical_id);
    push_part(
        out,
        b,
        "aws_s3_bucket_public_access_block",
        &address,
        PROPERTY,
    );
}

/// `OwnershipControls` as an `aws_s3_bucket_ownership_controls` of the bucket
/// (`BucketOwnerEnforced` disables ACLs).
fn ownership_controls(from: &CfnResource, out: &mut Mapped) {
    const PROPERTY: &str = "OwnershipControls";
    let mut b = Builder::new(from);
    if !b.has(PROPERTY) {
        return;
    }
    b.set("bucket", reference(&from.logical_id, "id"), PROPERTY);
    b.fields(&[Field::Blocks(
        "rule",
        "OwnershipControls.Rules",
        &[Field::Copy("object_ownership", "ObjectOwnership")],
    )]);
    let address = format!("{}OwnershipControls", from.logical_id);
    push_part(
        out,
        b,
        "aws_s3_bucket_ownership_controls",
        &address,
        PROPERTY,
    );
}

fn bucket_policy(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("bucket", "Bucket"),
        Field::Json("policy", "PolicyDocument"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_s3_bucket_policy",
        &from.logical_id,
        attributes,
        spans,
    );
}
