use driftguard_model::{Resource, Severity, Tri};

use crate::view::iam::Statement;
use crate::view::s3::{
    account_block_setting, denies_public_access, grants_public_access, policies_of_unknown_buckets,
    Bucket, BucketPolicy,
};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct BucketPolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-policy-public",
    title: "S3 bucket policy grants access to everyone",
    severity: Severity::Critical,
    rationale: "An `Allow` statement for `Principal: \"*\"` or `{\"AWS\": \"*\"}` (or an \
        `Allow` with `NotPrincipal`) opens the bucket to anonymous requests from anywhere on \
        the internet: whatever actions it lists — reading every object, listing keys, writing \
        or deleting — anyone can perform. The statement is public in the sense S3 itself uses: \
        conditions on `aws:SourceIp` (narrower than the whole internet), `aws:SourceVpce`, \
        `aws:SourceVpc`, `aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, \
        `aws:PrincipalAccount` and similar keys tie it to known callers, while \
        `aws:SecureTransport` or `aws:Referer` restrict nothing. Not reported when a `Deny` of \
        `s3:*` to everyone outside named networks or accounts covers it, or when Block Public \
        Access (`block_public_policy` or `restrict_public_buckets`, on the bucket or the \
        account) makes S3 refuse or ignore the policy.",
    remediation: "Grant access to named principals (account, role or service principal with \
        `aws:SourceArn`), or restrict the statement with `aws:SourceVpce` / \
        `aws:PrincipalOrgID`. To serve public content, keep the bucket private and put \
        CloudFront with origin access control in front of it; turn on all four Block Public \
        Access settings.",
    resource_types: &[
        "aws_s3_bucket",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_account_public_access_block",
    ],
    checkov: &["CKV_AWS_70"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-site/*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudFrontRead"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-site/*"
      Condition = {
        StringEquals = {
          "AWS:SourceArn" = "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"
        }
      }
    }]
  })
}
"#,
};

/// Whether the policy opens the bucket, and the first statement that does (for messages).
fn public_statement(statements: &[Statement]) -> (Tri, Option<&Statement>) {
    let denied = Tri::any(statements.iter().map(denies_public_access));
    let granted = Tri::any(statements.iter().map(grants_public_access));
    let first = statements
        .iter()
        .find(|s| grants_public_access(s) == Tri::True)
        .or_else(|| {
            statements
                .iter()
                .find(|s| grants_public_access(s) == Tri::Unknown)
        });
    (granted.and(denied.negate()), first)
}

fn message(holder: &Resource, bucket: &str, statement: Option<&Statement>) -> String {
    let Some(statement) = statement else {
        return format!("`{}` opens bucket `{bucket}` to everyone", holder.address);
    };
    let sid = statement
        .sid
        .as_deref()
        .map(|s| format!("`{s}` "))
        .unwrap_or_default();
    let actions = if statement.actions.known.is_empty() {
        "access".to_string()
    } else {
        statement.actions.known.join(", ")
    };
    format!(
        "statement {sid}of `{}` grants {actions} on bucket `{bucket}` to everyone",
        holder.address
    )
}

fn check_policy(
    report: &mut Reporter<'_>,
    policy: &BucketPolicy<'_>,
    bucket: &str,
    neutralised: Tri,
    undeclared: bool,
) {
    if neutralised == Tri::True {
        return;
    }
    let statements = match &policy.statements {
        Ok(statements) => statements,
        Err(reason) => {
            report.inconclusive(policy.holder, Some(&policy.path), reason.clone());
            return;
        }
    };
    let (public, first) = public_statement(statements);
    if undeclared && public == Tri::True {
        report.inconclusive(
            policy.holder,
            Some(&policy.path),
            format!(
                "the policy grants access to everyone, but bucket `{bucket}` is not declared \
                 in this configuration: whether Block Public Access neutralises it is unknown"
            ),
        );
        return;
    }
    report.verdict(
        policy.holder,
        Some(&policy.path),
        public.and(neutralised.negate()),
        || message(policy.holder, bucket, first),
    );
}

impl Rule for BucketPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for bucket in Bucket::all(ctx) {
            let neutralised = bucket.public_policy_neutralised();
            for policy in bucket.policies() {
                check_policy(
                    report,
                    &policy,
                    &bucket.resource.address,
                    neutralised,
                    false,
                );
            }
        }
        // Policies of buckets declared elsewhere: only the account-level block is known.
        let account = account_block_setting(ctx, "block_public_policy")
            .or(account_block_setting(ctx, "restrict_public_buckets"));
        for policy in policies_of_unknown_buckets(ctx) {
            let bucket = policy
                .holder
                .get("bucket")
                .and_then(|b| b.as_str())
                .unwrap_or("(unknown)")
                .to_string();
            let neutralised = if account == Tri::True {
                Tri::True
            } else {
                Tri::False
            };
            check_policy(report, &policy, &bucket, neutralised, true);
        }
    }
}
