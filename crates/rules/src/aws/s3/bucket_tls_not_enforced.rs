use driftguard_model::{Severity, Tri};

use crate::view::s3::{denies_insecure_transport, Bucket};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct BucketTlsNotEnforced;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-tls-not-enforced",
    title: "S3 bucket policy does not deny requests without TLS",
    severity: Severity::Medium,
    rationale: "S3 accepts plain HTTP requests unless the bucket policy refuses them: a client, \
        SDK setting or script that uses an `http://` endpoint sends objects and the request \
        signature in clear text, readable and replayable by anyone on the path. CIS AWS \
        Foundations 2.1.1 (3.1.1 in v7) asks every bucket policy to deny requests where \
        `aws:SecureTransport` is false. The rule looks for a `Deny` of `s3:*` (or `*`) to \
        everyone with `Bool`/`BoolIfExists` `aws:SecureTransport = false` or \
        `NumericLessThan s3:TlsVersion`, in the bucket's inline `policy` or its \
        `aws_s3_bucket_policy`; a policy that cannot be read statically makes the check \
        inconclusive.",
    remediation: "Add a statement to the bucket policy: `Effect = \"Deny\"`, `Principal = \"*\"`, \
        `Action = \"s3:*\"`, `Resource` = the bucket ARN and `<bucket ARN>/*`, `Condition = { \
        Bool = { \"aws:SecureTransport\" = \"false\" } }`.",
    resource_types: &["aws_s3_bucket", "aws_s3_bucket_policy"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &["cis-aws:2.1.1"],
    },
    example_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
"#,
    example_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#,
};

impl Rule for BucketTlsNotEnforced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let policies = bucket.policies();
            let Some(first) = policies.first() else {
                report.fail(
                    bucket.resource,
                    None,
                    format!(
                        "bucket `{}` has no policy denying requests without TLS",
                        bucket.resource.address
                    ),
                );
                continue;
            };
            let mut unreadable = None;
            let enforced = Tri::any(policies.iter().map(|policy| match &policy.statements {
                Ok(statements) => Tri::any(statements.iter().map(denies_insecure_transport)),
                Err(reason) => {
                    unreadable.get_or_insert((policy, reason.clone()));
                    Tri::Unknown
                }
            }));
            match (enforced, unreadable) {
                (Tri::Unknown, Some((policy, reason))) => {
                    report.inconclusive(policy.holder, Some(&policy.path), reason)
                }
                _ => report.verdict(first.holder, Some(&first.path), enforced.negate(), || {
                    format!(
                        "the policy of bucket `{}` does not deny requests without TLS",
                        bucket.resource.address
                    )
                }),
            }
        }
    }
}
