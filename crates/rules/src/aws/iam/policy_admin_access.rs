use driftguard_model::Severity;

use super::statements::{report_identity_statements, Judged};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PolicyAdminAccess;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-policy-admin-access",
    title: "IAM policy grants full administrator access",
    severity: Severity::Critical,
    rationale: "A statement that allows `*` (or `*:*`) actions on `*` resources is \
        AdministratorAccess: whoever holds it, or steals its credentials, can read every secret, \
        delete every backup, create new users and keys to persist, and disable CloudTrail to \
        hide. CIS AWS Foundations 1.16 forbids such policies outside break-glass roles. Policy \
        documents built with `data \"aws_iam_policy_document\"` are reported at the statement; \
        statements with principals (trust and resource policies) are a different question and \
        are not reported here, nor are guardrails that grant nothing (permissions boundaries, \
        AWS Organizations policies such as the FullAWSAccess SCP).",
    remediation: "Grant the specific actions on the specific resources the principal needs \
        (IAM Access Analyzer can generate a policy from CloudTrail activity). Keep full access \
        for a break-glass role assumed with MFA, and suppress this rule there with that reason.",
    resource_types: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    checkov: &["CKV_AWS_1", "CKV_AWS_62"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0057",
        long: "aws-iam-no-policy-wildcards",
    }],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::PrivilegedAccess],
        controls: &["cis-aws:1.16"],
    },
    example_bad: r#"resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:GetObject"]
      Resource = "arn:aws:s3:::acme-artifacts/*"
    }]
  })
}
"#,
};

impl Rule for PolicyAdminAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_identity_statements(ctx, report, "actions", |statement| Judged {
            verdict: statement.grants_full_admin(),
            grants: "allows every action on every resource".to_string(),
        });
    }
}
