use driftguard_model::Severity;

use super::statements::{grants_specifically, quoted, report_identity_statements, Judged};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PolicyPassRoleWildcard;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-policy-pass-role-wildcard",
    title: "IAM policy allows passing any role (iam:PassRole on *)",
    severity: Severity::High,
    rationale: "`iam:PassRole` decides which roles a principal may hand to an AWS service. On \
        `Resource: \"*\"` it may hand over any role of the account, the administrator roles \
        included: with `ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint` or \
        `cloudformation:CreateStack` it launches something that runs as that role and reads its \
        credentials, the best-known IAM privilege escalation. A condition on the statement \
        (`iam:PassedToService`, `iam:AssociatedResourceArn`) is taken as restricting it. \
        `iam:*` and `*` are reported by aws-iam-policy-service-wildcard and \
        aws-iam-policy-admin-access.",
    remediation: "Scope `iam:PassRole` to the ARNs of the roles the workload must pass \
        (`arn:aws:iam::123456789012:role/app-*`) and add a condition on `iam:PassedToService` \
        naming the service that receives them.",
    resource_types: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    checkov: &[],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0342",
        long: "aws-iam-filter-passrole-access",
    }],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::PrivilegedAccess],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:PassRole", "ecs:RunTask"]
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
      Action   = "iam:PassRole"
      Resource = "arn:aws:iam::123456789012:role/ecs-task-*"
      Condition = {
        StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
      }
    }]
  })
}
"#,
};

impl Rule for PolicyPassRoleWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_identity_statements(ctx, report, "actions", |statement| {
            let patterns: Vec<&String> = statement
                .actions
                .known
                .iter()
                .filter(|a| grants_specifically(a, "iam:PassRole"))
                .collect();
            Judged {
                verdict: statement
                    .allow
                    .and(statement.actions.any(|a| grants_specifically(a, "iam:PassRole")))
                    .and(statement.on_every_resource())
                    .and(statement.conditions.negate()),
                grants: format!(
                    "allows {} on every resource without a condition: any role can be passed to a service",
                    quoted(&patterns)
                ),
            }
        });
    }
}
