use driftguard_model::Severity;

use super::statements::Judged;
use super::trust::{allows_assume, report_trust_statements};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RoleTrustPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-role-trust-public",
    title: "IAM role can be assumed by anyone",
    severity: Severity::Critical,
    rationale: "A trust policy statement that allows `sts:AssumeRole` to `Principal: \"*\"` (or \
        `{\"AWS\": \"*\"}`, or `NotPrincipal`) without a condition on the caller lets any IAM user or role of \
        any AWS account assume the role and act with its permissions: whoever finds the role \
        ARN (they leak in logs, error messages and public repositories) owns what the role can \
        do. A condition on the caller such as `aws:PrincipalOrgID`, `sts:ExternalId` or \
        `aws:PrincipalArn` restricts the statement; one on how the request is made \
        (`aws:SecureTransport`, `aws:MultiFactorAuthPresent`, `aws:SourceIp` `0.0.0.0/0`) \
        does not, and an unclassified key leaves it undecided.",
    remediation: "Name the principals that may assume the role (an account, a role ARN or a \
        service), or keep `*` and restrict it with a condition on `aws:PrincipalOrgID` (your \
        AWS Organization) or `aws:PrincipalArn`.",
    resource_types: &["aws_iam_role", "aws_iam_policy_document"],
    checkov: &["CKV_AWS_60"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}
"#,
};

impl Rule for RoleTrustPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_trust_statements(ctx, report, |statement| Judged {
            verdict: allows_assume(statement).and(statement.is_public()),
            grants: "lets anyone (`*`) assume the role, without a condition on the caller"
                .to_string(),
        });
    }
}
