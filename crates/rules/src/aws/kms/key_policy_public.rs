use driftguard_model::{Severity, Tri};

use crate::view::messaging::policy_exposure;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct KeyPolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-kms-key-policy-public",
    title: "KMS key policy grants access to everyone",
    severity: Severity::Critical,
    rationale: "A key policy is the only authority over a KMS key: an `Allow` statement for \
        `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or `NotPrincipal`) without a condition on the caller lets \
        any AWS account use the key, to decrypt the data and snapshots it protects wherever \
        they get hold of the ciphertext, or to administer, disable or schedule the deletion of \
        the key, depending on the actions. A condition on the caller \
        (`kms:CallerAccount`, `aws:PrincipalOrgID`, a narrow `aws:SourceIp`, …) restricts the \
        statement, one on how the request is made (`aws:SecureTransport`, `aws:SourceIp` \
        `0.0.0.0/0`) does not, and an unclassified key (`kms:ViaService` alone) leaves it \
        undecided. A `Deny` of `kms:*` \
        to everyone covers it. Both `aws_kms_key.policy` and `aws_kms_key_policy` are \
        checked; a key without a policy gets the default one, which trusts only the account.",
    remediation: "Name the principals (the account root to delegate to IAM, and the roles that \
        administer and use the key), or keep `*` with `kms:CallerAccount` and `kms:ViaService` \
        conditions for service integrations.",
    resource_types: &["aws_kms_key", "aws_kms_key_policy"],
    checkov: &["CKV_AWS_33"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::KeyManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_kms_key" "data" {
  description         = "Application data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Everyone"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_kms_key" "data" {
  description         = "Application data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Account"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
"#,
};

impl Rule for KeyPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let holders = ctx
            .of_type("aws_kms_key")
            .chain(ctx.of_type("aws_kms_key_policy"));
        for holder in holders {
            if let Some(exposure) = policy_exposure(ctx, holder, "policy", "kms") {
                exposure.report(report, Tri::True, |first| {
                    format!(
                        "{first} of the key policy of `{}` lets everyone use the key",
                        holder.address
                    )
                });
            }
        }
    }
}
