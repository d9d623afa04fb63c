use driftguard_model::{Severity, Tri};

use crate::view::s3::{Bucket, BLOCK_PUBLIC_ACCESS_SETTINGS};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketPublicAccessNotBlocked;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-public-access-not-blocked",
    title: "S3 bucket Block Public Access setting is turned off",
    severity: Severity::High,
    rationale:
        "Block Public Access is the guard rail that keeps one mistaken ACL or bucket policy \
        from publishing a bucket. A bucket-level `aws_s3_bucket_public_access_block` with any of \
        `block_public_acls`, `block_public_policy`, `ignore_public_acls` or \
        `restrict_public_buckets` false (the default of each) removes that guard rail on \
        purpose: the next `Principal: \"*\"` statement or public ACL takes effect immediately. \
        A setting the account-level `aws_s3_account_public_access_block` turns on is effective \
        whatever the bucket says, and is not reported.",
    remediation: "Set all four settings to `true` on the bucket's \
        `aws_s3_bucket_public_access_block` (or on `aws_s3_account_public_access_block`). For a \
        bucket that must serve public content, prefer CloudFront with origin access control and \
        keep the bucket private.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_public_access_block",
        "aws_s3_account_public_access_block",
    ],
    checkov: &["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0086",
            long: "aws-s3-block-public-acls",
        },
        TrivyId {
            avd: "AVD-AWS-0087",
            long: "aws-s3-block-public-policy",
        },
        TrivyId {
            avd: "AVD-AWS-0091",
            long: "aws-s3-ignore-public-acls",
        },
        TrivyId {
            avd: "AVD-AWS-0093",
            long: "aws-s3-no-public-buckets",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &["cis-aws:2.1.4"],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
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

impl Rule for BucketPublicAccessNotBlocked {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let Some(block) = bucket.public_access_blocks().into_iter().next() else {
                continue; // no bucket-level block: aws-s3-bucket-public-access-block-missing
            };
            let settings: Vec<_> = BLOCK_PUBLIC_ACCESS_SETTINGS
                .iter()
                .map(|name| bucket.block_setting(name))
                .collect();
            let verdict = Tri::any(settings.iter().map(|s| s.enabled.negate()));
            // Point at the first setting that is off (or unknown), where it is written.
            let worst = settings
                .iter()
                .find(|s| s.enabled == Tri::False)
                .or_else(|| settings.iter().find(|s| s.enabled == Tri::Unknown));
            let path = worst
                .and_then(|s| s.declared_at.as_ref())
                .and_then(|(_, path)| path.clone());
            report.verdict(block, path.as_deref(), verdict, || {
                let off: Vec<&str> = settings
                    .iter()
                    .filter(|s| s.enabled == Tri::False)
                    .map(|s| s.name)
                    .collect();
                format!(
                    "Block Public Access of bucket `{}` leaves {} off",
                    bucket.resource.address,
                    off.join(", ")
                )
            });
        }
    }
}
