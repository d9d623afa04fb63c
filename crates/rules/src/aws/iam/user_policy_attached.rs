use driftguard_model::Severity;

use crate::view::{has_items, path_if_set, set_value};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct UserPolicyAttached;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-user-policy-attached",
    title: "IAM policy is attached directly to a user",
    severity: Severity::Medium,
    rationale: "Permissions granted to individual users instead of groups or roles drift apart \
        person by person: nobody can answer \"who can do what\" from the group structure, \
        leavers keep privileges that were never in a group, and access reviews (ISO 27001 \
        A.5.18, SOC 2 CC6.2, CIS AWS Foundations 1.15) miss them. Long-lived user credentials \
        carrying direct policies are also what attackers find in leaked access keys.",
    remediation: "Attach the policy to an IAM group and add the user to it \
        (`aws_iam_group_policy_attachment`, `aws_iam_user_group_membership`), or better, give \
        people roles to assume through IAM Identity Center.",
    resource_types: &[
        "aws_iam_user_policy",
        "aws_iam_user_policy_attachment",
        "aws_iam_policy_attachment",
    ],
    checkov: &["CKV_AWS_40"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0143",
        long: "aws-iam-no-user-attached-policies",
    }],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::IdentityManagement],
        controls: &["cis-aws:1.15"],
    },
    example_bad: r#"resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy_attachment" "alice_read_only" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    example_good: r#"resource "aws_iam_group" "auditors" {
  name = "auditors"
}

resource "aws_iam_group_policy_attachment" "auditors_read_only" {
  group      = aws_iam_group.auditors.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
};

impl Rule for UserPolicyAttached {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_iam_user_policy", "aws_iam_user_policy_attachment"] {
            for resource in ctx.of_type(resource_type) {
                report.fail(
                    resource,
                    path_if_set(resource, "user"),
                    format!("`{}` grants a policy directly to a user", resource.address),
                );
            }
        }
        for resource in ctx.of_type("aws_iam_policy_attachment") {
            let verdict = has_items(set_value(resource, "users"));
            report.verdict(resource, Some("users"), verdict, || {
                format!("`{}` attaches a policy directly to users", resource.address)
            });
        }
    }
}
