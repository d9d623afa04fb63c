use driftguard_model::Severity;

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketPublicReadAcl;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-public-read-acl",
    title: "S3 bucket ACL grants public read access",
    severity: Severity::High,
    rationale: "A `public-read` or `public-read-write` ACL lets anyone on the internet list the \
        bucket, and `authenticated-read` lets any of the millions of AWS accounts do so: object \
        keys leak names, customers and backups, and are the first thing bucket scanners harvest. \
        The finding is not raised when Block Public Access (`ignore_public_acls`) neutralises the \
        ACL for the bucket or the account, or when Object Ownership `BucketOwnerEnforced` \
        disables ACLs.",
    remediation:
        "Remove the ACL (S3 Object Ownership `BucketOwnerEnforced` disables ACLs), or set \
        `acl = \"private\"`. Serve public content through CloudFront with origin access control \
        instead of a public bucket.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
    ],
    checkov: &["CKV_AWS_20"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0092",
        long: "aws-s3-no-public-access-with-acl",
    }],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "public-read"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "private"
}
"#,
};

impl Rule for BucketPublicReadAcl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let neutralised = bucket.public_acls_ignored();
            for grant in bucket.acl_grants() {
                let verdict = grant.public_read.and(neutralised.negate());
                report.verdict(grant.resource, Some(&grant.path), verdict, || {
                    format!(
                        "{} makes bucket `{}` readable by everyone",
                        grant.description, bucket.resource.address
                    )
                });
            }
        }
    }
}
