use driftguard_model::{Severity, Tri};

use super::statements::{quoted, report_identity_statements, Judged};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct PolicyAllowNotAction;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-policy-allow-not-action",
    title: "IAM policy allows every action except a list (Allow with NotAction)",
    severity: Severity::Medium,
    rationale: "`\"Effect\": \"Allow\"` with `NotAction` grants every action of every AWS \
        service except the ones listed, including services and actions AWS launches later. \
        `NotAction: iam:*` on `*` is PowerUserAccess: the holder can read every secret, delete \
        every backup and run anything, and one forgotten escalation path in the exclusion list \
        turns it into administrator access. `NotAction` belongs in `Deny` statements (\"deny \
        everything except …\" guardrails), where it narrows instead of widening. Statements \
        with principals (trust and resource policies) are not reported here.",
    remediation: "Replace `NotAction` with the list of actions the principal needs \
        (`Action`), or turn the statement into a `Deny` guardrail if that was the intent.",
    resource_types: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::PrivilegedAccess],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_policy" "power_user" {
  name = "power-user"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"]
      Resource  = "*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_policy" "require_mfa" {
  name = "require-mfa"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:ChangePassword", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}
"#,
};

impl Rule for PolicyAllowNotAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_identity_statements(ctx, report, "not_actions", |statement| {
            let excluded: Vec<&String> = statement.not_actions.known.iter().collect();
            let has_not_action = statement.not_actions.any(|_| true);
            let scope = match statement.on_every_resource() {
                Tri::True => "on every resource".to_string(),
                _ => "on its resources".to_string(),
            };
            Judged {
                verdict: statement.allow.and(has_not_action),
                grants: format!(
                    "allows every action except {} {scope} (Allow with NotAction)",
                    if excluded.is_empty() {
                        "a list".to_string()
                    } else {
                        quoted(&excluded)
                    }
                ),
            }
        });
    }
}
