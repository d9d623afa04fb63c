use driftguard_model::Severity;

use super::statements::{grants_specifically, report_identity_statements, Judged};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct PolicyPrivilegeEscalation;

/// Actions that let a principal raise its own privileges when allowed on every resource, from
/// Rhino Security Labs' "AWS IAM privilege escalation methods" and pathfinding.cloud. Passing
/// roles (`iam:PassRole`) is reported by aws-iam-policy-pass-role-wildcard.
pub const ESCALATION_ACTIONS: &[(&str, &str)] = &[
    (
        "iam:CreatePolicyVersion",
        "writes a new default version of a policy it holds",
    ),
    (
        "iam:SetDefaultPolicyVersion",
        "switches a policy it holds to a more permissive old version",
    ),
    (
        "iam:AttachUserPolicy",
        "attaches AdministratorAccess to a user",
    ),
    (
        "iam:AttachGroupPolicy",
        "attaches AdministratorAccess to a group",
    ),
    (
        "iam:AttachRolePolicy",
        "attaches AdministratorAccess to a role",
    ),
    (
        "iam:PutUserPolicy",
        "writes an inline admin policy on a user",
    ),
    (
        "iam:PutGroupPolicy",
        "writes an inline admin policy on a group",
    ),
    (
        "iam:PutRolePolicy",
        "writes an inline admin policy on a role",
    ),
    ("iam:AddUserToGroup", "joins a more privileged group"),
    (
        "iam:CreateAccessKey",
        "creates access keys for a more privileged user",
    ),
    (
        "iam:CreateLoginProfile",
        "sets a console password on a more privileged user",
    ),
    (
        "iam:UpdateLoginProfile",
        "resets a more privileged user's console password",
    ),
    ("iam:UpdateAssumeRolePolicy", "lets itself assume any role"),
    (
        "iam:DeleteUserPermissionsBoundary",
        "removes the permissions boundary of a user",
    ),
    (
        "iam:DeleteRolePermissionsBoundary",
        "removes the permissions boundary of a role",
    ),
    (
        "iam:PutUserPermissionsBoundary",
        "replaces the permissions boundary of a user",
    ),
    (
        "iam:PutRolePermissionsBoundary",
        "replaces the permissions boundary of a role",
    ),
    (
        "lambda:UpdateFunctionCode",
        "runs its own code as any function's role",
    ),
    (
        "glue:UpdateDevEndpoint",
        "logs into any Glue development endpoint and its role",
    ),
];

static META: RuleMeta = RuleMeta {
    id: "aws-iam-policy-privilege-escalation",
    title: "IAM policy allows privilege escalation",
    severity: Severity::High,
    rationale: "Some actions are administrator access one step removed: on `Resource: \"*\"`, \
        `iam:AttachUserPolicy` / `AttachRolePolicy` / `AttachGroupPolicy` attach \
        AdministratorAccess, `iam:Put*Policy` write an inline admin policy, \
        `iam:CreatePolicyVersion` / `SetDefaultPolicyVersion` rewrite a policy the principal \
        already holds, `iam:CreateAccessKey` / `CreateLoginProfile` / `UpdateLoginProfile` take \
        over a more privileged user, `iam:UpdateAssumeRolePolicy` opens any role to the \
        attacker, removing or replacing permissions boundaries lifts their limit, and \
        `lambda:UpdateFunctionCode` / `glue:UpdateDevEndpoint` run attacker code with another \
        role (the documented escalation paths of Rhino Security Labs and pathfinding.cloud). A \
        condition on the statement (`iam:PolicyARN`, `iam:PermissionsBoundary`, \
        `aws:ResourceTag`) is taken as restricting it. Whole-service grants (`iam:*`, `*`) are \
        reported by aws-iam-policy-service-wildcard and aws-iam-policy-admin-access.",
    remediation: "Scope these actions to the ARNs they must touch (the workload's own users, \
        roles and policies, e.g. `arn:aws:iam::123456789012:role/app/*`), require a permissions \
        boundary with a condition on `iam:PermissionsBoundary`, or move IAM administration to \
        a dedicated role assumed with MFA.",
    resource_types: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    checkov: &["CKV_AWS_110", "CKV_AWS_286"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::PrivilegedAccess],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_policy" "support" {
  name = "support"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:CreateAccessKey", "iam:ListUsers"]
      Resource = "*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_policy" "support" {
  name = "support"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:CreateAccessKey", "iam:ListAccessKeys"]
      Resource = "arn:aws:iam::123456789012:user/service/*"
    }]
  })
}
"#,
};

impl Rule for PolicyPrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_identity_statements(ctx, report, "actions", |statement| {
            let hits: Vec<(&String, &str, &str)> = statement
                .actions
                .known
                .iter()
                .flat_map(|pattern| {
                    ESCALATION_ACTIONS
                        .iter()
                        .filter(|(action, _)| grants_specifically(pattern, action))
                        .map(move |(action, how)| (pattern, *action, *how))
                })
                .collect();
            let any_escalation = statement.actions.any(|pattern| {
                ESCALATION_ACTIONS
                    .iter()
                    .any(|(action, _)| grants_specifically(pattern, action))
            });
            let grants = match hits.as_slice() {
                [] => String::new(),
                [(pattern, action, how)] if pattern.as_str() == *action => {
                    format!("allows `{action}` on every resource: the holder {how}")
                }
                [(pattern, action, how)] => {
                    format!("allows `{pattern}` (`{action}`) on every resource: the holder {how}")
                }
                [(_, action, how), rest @ ..] => format!(
                    "allows `{action}` and {} more escalation action(s) ({}) on every resource: the holder {how}",
                    rest.len(),
                    rest.iter()
                        .map(|(_, a, _)| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Judged {
                verdict: statement
                    .allow
                    .and(any_escalation)
                    .and(statement.on_every_resource())
                    .and(statement.conditions.negate()),
                grants,
            }
        });
    }
}
