use driftguard_model::{Severity, Tri};

use crate::view::s3::{account_block_setting, Bucket, BLOCK_PUBLIC_ACCESS_SETTINGS};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketPublicAccessBlockMissing;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-public-access-block-missing",
    title: "S3 bucket has no Block Public Access configuration in code",
    severity: Severity::Low,
    rationale: "Buckets created since April 2023 start with all four Block Public Access settings \
        on, so a bucket without `aws_s3_bucket_public_access_block` is usually protected today. \
        But that protection is not declared: it is absent on buckets created earlier, Terraform \
        will not restore it if someone turns it off in the console, and reviewers and auditors \
        cannot see it in the code. Declaring it (per bucket, or once with \
        `aws_s3_account_public_access_block`) makes the guard rail part of the reviewed \
        configuration.",
    remediation:
        "Add an `aws_s3_bucket_public_access_block` for the bucket with all four settings \
        `true`, or an `aws_s3_account_public_access_block` that blocks public access account-wide.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_public_access_block",
        "aws_s3_account_public_access_block",
    ],
    checkov: &["CKV2_AWS_6"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0094",
        long: "aws-s3-specify-public-access-block",
    }],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure, Topic::ConfigurationManagement],
        controls: &["cis-aws:2.1.4"],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
};

impl Rule for BucketPublicAccessBlockMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let account_blocks_all = Tri::all(
            BLOCK_PUBLIC_ACCESS_SETTINGS
                .iter()
                .map(|name| account_block_setting(ctx, name)),
        );
        for bucket in Bucket::all(ctx) {
            if !bucket.public_access_blocks().is_empty() {
                continue;
            }
            report.verdict(bucket.resource, None, account_blocks_all.negate(), || {
                format!(
                    "bucket `{}` has no aws_s3_bucket_public_access_block, and no account-level block covers it",
                    bucket.resource.address
                )
            });
        }
    }
}
