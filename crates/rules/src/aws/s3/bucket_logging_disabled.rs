use driftguard_model::Severity;

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketLoggingDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-logging-disabled",
    title: "S3 bucket server access logging is not enabled",
    severity: Severity::Low,
    rationale: "Without server access logs, an investigator cannot tell which objects were read, \
        by whom and from where once a credential or a bucket policy is found to be too open; \
        CIS AWS Foundations and PCI DSS 10.2 expect access to stored data to be logged. It is \
        low severity because it weakens detection rather than exposing data, and CloudTrail data \
        events are an alternative. Buckets that receive other buckets' logs are not reported.",
    remediation: "Add an `aws_s3_bucket_logging` resource with a `target_bucket` dedicated to \
        logs (or `logging { target_bucket = … }` on AWS provider v3), or record S3 data events \
        with CloudTrail and suppress this rule with that reason.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_acl",
    ],
    checkov: &["CKV_AWS_18"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0089",
            long: "aws-s3-enable-bucket-logging",
        },
        TrivyId {
            avd: "AVD-AWS-0089",
            long: "aws-s3-enable-logging",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &["cis-aws:3.4"],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}
"#,
};

impl Rule for BucketLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let verdict = bucket
                .logging_enabled()
                .negate()
                .and(bucket.is_log_target().negate());
            report.verdict(bucket.resource, None, verdict, || {
                format!(
                    "bucket `{}` has no server access logging",
                    bucket.resource.address
                )
            });
        }
    }
}
