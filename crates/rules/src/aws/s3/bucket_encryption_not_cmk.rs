use driftguard_model::{Severity, Tri, Value};

use crate::view::kms::is_customer_managed_key;
use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketEncryptionNotCmk;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-encryption-not-cmk",
    title: "S3 bucket is not encrypted with a customer managed KMS key",
    severity: Severity::Low,
    rationale: "With SSE-S3 (`AES256`) or SSE-KMS under the AWS managed key `aws/s3`, anyone \
        who may read an object gets it decrypted: there is no key policy of your own to \
        separate who may read the data from who may administer the bucket, no way to revoke \
        access to every copy at once by disabling the key, and no per-key CloudTrail record \
        of decryption. A customer managed key (CMK) adds that second, independent access \
        control, which regulated data often requires. Buckets that receive S3 server access \
        logs or load balancer access logs are not reported: those destinations support only \
        SSE-S3. Buckets that declare no default encryption are reported by \
        aws-s3-bucket-encryption-not-configured.",
    remediation: "Set the default encryption to `sse_algorithm = \"aws:kms\"` with \
        `kms_master_key_id` = a customer managed `aws_kms_key` (and `bucket_key_enabled = true` \
        to keep KMS request costs down), in `aws_s3_bucket_server_side_encryption_configuration`.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_server_side_encryption_configuration",
    ],
    checkov: &["CKV_AWS_145"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0132",
        long: "aws-s3-encryption-customer-key",
    }],
    compliance: Mapping {
        topics: &[Topic::KeyManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
"#,
    example_good: r#"resource "aws_kms_key" "data" {
  description         = "acme-data bucket"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}
"#,
};

impl Rule for BucketEncryptionNotCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            // Undeclared encryption is aws-s3-bucket-encryption-not-configured's finding.
            let Some(algorithm) = bucket.encryption() else {
                continue;
            };
            if bucket.is_load_balancer_log_target() {
                continue;
            }
            let sse_s3_only = bucket.is_log_target();
            let key = bucket.encryption_key();
            let at_algorithm = algorithm.path.clone();
            let (verdict, what, path) = match algorithm.value {
                Value::String(a) if a == "AES256" => (Tri::True, "SSE-S3 (AES256)", at_algorithm),
                Value::String(a) if a.starts_with("aws:kms") => match &key {
                    None => (Tri::True, "the AWS managed key aws/s3", at_algorithm),
                    Some(key) => (
                        is_customer_managed_key(ctx, Some(key.value)).negate(),
                        "the AWS managed key aws/s3",
                        key.path.clone(),
                    ),
                },
                Value::String(_) => (Tri::False, "", at_algorithm),
                _ => (Tri::Unknown, "", at_algorithm),
            };
            let verdict = verdict.and(sse_s3_only.negate());
            report.verdict(algorithm.resource, Some(&path), verdict, || {
                format!(
                    "bucket `{}` is encrypted with {what}, not a customer managed key",
                    bucket.resource.address
                )
            });
        }
    }
}
