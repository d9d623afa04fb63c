use driftguard_model::{Severity, Tri};

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketAuditLogsDeletable;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-audit-logs-deletable",
    title: "S3 bucket holding audit logs has neither MFA delete nor Object Lock",
    severity: Severity::Low,
    rationale: "The first thing an intruder with administrator credentials does is erase the \
        trail: on a bucket that receives CloudTrail or AWS Config logs, anyone allowed to \
        delete object versions (or to suspend versioning) can destroy the evidence. MFA delete \
        (CIS AWS Foundations 2.1.3 in v1.4) requires the root user's MFA device for those \
        operations; Object Lock with a default retention makes the logs undeletable for the \
        retention period. Either one is enough. The rule applies only to buckets that receive \
        audit logs (`aws_cloudtrail.s3_bucket_name`, \
        `aws_config_delivery_channel.s3_bucket_name`): for other buckets both mechanisms cost \
        more than they protect, and requiring them everywhere would be noise.",
    remediation: "Create the log bucket with `object_lock_enabled = true` and an \
        `aws_s3_bucket_object_lock_configuration` with a default retention (COMPLIANCE mode, \
        the retention period your audit requires); or enable MFA delete with the root user \
        (`mfa_delete = \"Enabled\"` in `aws_s3_bucket_versioning`, applied with `mfa`).",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_object_lock_configuration",
        "aws_cloudtrail",
        "aws_config_delivery_channel",
    ],
    checkov: &["CKV_AWS_52"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0170",
        long: "aws-s3-require-mfa-delete",
    }],
    compliance: Mapping {
        topics: &[Topic::LogProtection],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
    example_good: r#"resource "aws_s3_bucket" "trail" {
  bucket              = "acme-cloudtrail"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
};

impl Rule for BucketAuditLogsDeletable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            if !bucket.receives_audit_logs() {
                continue;
            }
            let verdict = bucket
                .mfa_delete_enabled()
                .negate()
                .and(bucket.object_lock_retains_by_default().negate());
            if verdict == Tri::Unknown {
                report.inconclusive(
                    bucket.resource,
                    None,
                    "whether MFA delete or Object Lock retention protects the bucket depends on a \
                     value unknown statically",
                );
                continue;
            }
            report.verdict(bucket.resource, None, verdict, || {
                format!(
                    "audit log bucket `{}` lets its object versions be deleted: neither MFA delete nor Object Lock retention",
                    bucket.resource.address
                )
            });
        }
    }
}
