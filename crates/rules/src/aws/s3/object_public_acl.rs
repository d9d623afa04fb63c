use driftguard_model::{Severity, Tri};

use crate::view::s3::{account_block_setting, bucket_named, PUBLIC_READ_ACLS};
use crate::view::{set_value, value_text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ObjectPublicAcl;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-object-public-acl",
    title: "S3 object is uploaded with a public ACL",
    severity: Severity::High,
    rationale: "An `aws_s3_object` (or the older `aws_s3_bucket_object`) with `acl = \
        \"public-read\"`, `\"public-read-write\"` or `\"authenticated-read\"` makes that object \
        readable by anyone on the internet (or by any AWS account), whatever the bucket policy \
        says: configuration files, exports and backups uploaded by Terraform leak one object \
        at a time. Not reported when the bucket makes S3 refuse or ignore public ACLs: Block \
        Public Access `block_public_acls` or `ignore_public_acls` (bucket or account), or ACLs \
        disabled with Object Ownership `BucketOwnerEnforced`. When the bucket is not declared \
        in this configuration, the check is inconclusive unless the account-level block \
        settles it.",
    remediation: "Remove `acl` (or set `acl = \"private\"`), disable ACLs on the bucket with \
        `aws_s3_bucket_ownership_controls` (`BucketOwnerEnforced`), and serve public files \
        through CloudFront with origin access control.",
    resource_types: &[
        "aws_s3_object",
        "aws_s3_bucket_object",
        "aws_s3_bucket",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_account_public_access_block",
    ],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

resource "aws_s3_object" "report" {
  bucket = aws_s3_bucket.exports.id
  key    = "reports/2026-q1.csv"
  source = "reports/2026-q1.csv"
  acl    = "public-read"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

resource "aws_s3_object" "report" {
  bucket = aws_s3_bucket.exports.id
  key    = "reports/2026-q1.csv"
  source = "reports/2026-q1.csv"
}
"#,
};

impl Rule for ObjectPublicAcl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let account = account_block_setting(ctx, "block_public_acls")
            .or(account_block_setting(ctx, "ignore_public_acls"));
        for object in ctx
            .of_type("aws_s3_object")
            .chain(ctx.of_type("aws_s3_bucket_object"))
        {
            let acl = set_value(object, "acl");
            let public = value_text_is(acl, None, |a| PUBLIC_READ_ACLS.contains(&a));
            if public == Tri::False {
                continue;
            }
            let bucket = set_value(object, "bucket").and_then(|b| bucket_named(ctx, b));
            let neutralised = match &bucket {
                Some(bucket) => bucket
                    .block_setting("block_public_acls")
                    .enabled
                    .or(bucket.public_acls_ignored()),
                None if account == Tri::True => Tri::True,
                None => {
                    if public == Tri::True {
                        report.inconclusive(
                            object,
                            Some("acl"),
                            "the object's bucket is not declared in this configuration: whether \
                             it ignores public ACLs is unknown",
                        );
                    } else {
                        report.verdict(object, Some("acl"), Tri::Unknown, String::new);
                    }
                    continue;
                }
            };
            report.verdict(
                object,
                Some("acl"),
                public.and(neutralised.negate()),
                || {
                    format!(
                        "object `{}` is uploaded with a public ACL ({})",
                        object.address,
                        acl.and_then(|a| a.as_str()).unwrap_or("public")
                    )
                },
            );
        }
    }
}
