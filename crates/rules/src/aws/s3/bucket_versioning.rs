use driftguard_model::Severity;

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketVersioning;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-versioning",
    title: "S3 bucket versioning is not enabled",
    severity: Severity::Medium,
    rationale: "Without versioning, an overwritten or deleted object is gone: a mistaken \
        deployment, a compromised credential or ransomware can destroy data with no way back.",
    remediation: "Enable versioning with an `aws_s3_bucket_versioning` resource \
        (`status = \"Enabled\"`), or `versioning { enabled = true }` on AWS provider v3.",
    resource_types: &["aws_s3_bucket", "aws_s3_bucket_versioning"],
    checkov: &["CKV_AWS_21"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0090",
        long: "aws-s3-enable-versioning",
    }],
    compliance: Mapping {
        topics: &[Topic::Backup],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
};

impl Rule for BucketVersioning {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let verdict = bucket.versioning_enabled().negate();
            match bucket.versioning() {
                Some(setting) => {
                    report.verdict(setting.resource, Some(&setting.path), verdict, || {
                        format!(
                            "versioning is {} on bucket `{}`",
                            setting.value, bucket.resource.address
                        )
                    })
                }
                None => report.verdict(bucket.resource, None, verdict, || {
                    format!(
                        "bucket `{}` has no versioning configuration",
                        bucket.resource.address
                    )
                }),
            }
        }
    }
}
