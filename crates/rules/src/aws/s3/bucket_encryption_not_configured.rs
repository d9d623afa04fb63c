use driftguard_model::{Severity, Tri, Value};

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketEncryptionNotConfigured;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-encryption-not-configured",
    title: "S3 bucket default encryption is not declared",
    severity: Severity::Low,
    rationale:
        "Since 5 January 2023 S3 encrypts every new object with SSE-S3 when a bucket has no \
        configuration of its own, so an undeclared configuration does not mean data stored in \
        clear, and this rule is low severity for that reason. What it still means: the \
        encryption choice is not reviewed or evidenced in code (auditors for PCI DSS 3.5 or ISO \
        27001 A.8.24 ask for it), and SSE-S3 adds no access control of its own, whereas SSE-KMS \
        with a customer managed key requires `kms:Decrypt` as a second permission and logs every \
        decryption in CloudTrail.",
    remediation: "Declare default encryption with an \
        `aws_s3_bucket_server_side_encryption_configuration` (`sse_algorithm = \"aws:kms\"` with a \
        customer managed key for sensitive data, or `\"AES256\"` to make the default explicit).",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_server_side_encryption_configuration",
    ],
    checkov: &["CKV_AWS_19"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0088",
        long: "aws-s3-enable-bucket-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
"#,
};

impl Rule for BucketEncryptionNotConfigured {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            match bucket.encryption() {
                None => report.fail(
                    bucket.resource,
                    None,
                    format!(
                        "bucket `{}` declares no default encryption (S3 applies SSE-S3)",
                        bucket.resource.address
                    ),
                ),
                Some(setting) => {
                    let undeclared = match setting.value {
                        Value::String(algorithm) => Tri::from_bool(algorithm.trim().is_empty()),
                        Value::Unknown(_) => Tri::Unknown,
                        _ => Tri::False,
                    };
                    report.verdict(setting.resource, Some(&setting.path), undeclared, || {
                        format!(
                            "bucket `{}` declares an empty encryption algorithm",
                            bucket.resource.address
                        )
                    });
                }
            }
        }
    }
}
