use driftguard_model::Severity;

use crate::view::s3::Bucket;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BucketPublicWriteAcl;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-public-write-acl",
    title: "S3 bucket ACL grants public write access",
    severity: Severity::Critical,
    rationale:
        "A `public-read-write` ACL, or a WRITE / WRITE_ACP / FULL_CONTROL grant to AllUsers \
        or AuthenticatedUsers, lets anyone upload and overwrite objects in the bucket (and with \
        WRITE_ACP take over its ACL): attackers use such buckets to host malware and phishing \
        under your name, to poison files your applications or users download, and to run up \
        your storage bill. The finding is not raised when Block Public Access \
        (`ignore_public_acls`) neutralises the ACL, or when Object Ownership \
        `BucketOwnerEnforced` disables ACLs.",
    remediation: "Remove the public grant: set `acl = \"private\"` or drop the ACL entirely \
        (Object Ownership `BucketOwnerEnforced`). Grant write access to specific principals \
        through a bucket policy or IAM instead.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
    ],
    checkov: &["CKV_AWS_57"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0092",
        long: "aws-s3-no-public-access-with-acl",
    }],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  acl    = "public-read-write"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  acl    = "private"
}
"#,
};

impl Rule for BucketPublicWriteAcl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let neutralised = bucket.public_acls_ignored();
            for grant in bucket.acl_grants() {
                let verdict = grant.public_write.and(neutralised.negate());
                report.verdict(grant.resource, Some(&grant.path), verdict, || {
                    format!(
                        "{} lets anyone write to bucket `{}`",
                        grant.description, bucket.resource.address
                    )
                });
            }
        }
    }
}
