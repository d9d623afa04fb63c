use driftguard_model::Severity;

use crate::view::{number_is, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PasswordPolicyReuseAllowed;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-password-policy-reuse-allowed",
    title: "IAM password policy lets users reuse recent passwords",
    severity: Severity::Medium,
    rationale: "Without `password_reuse_prevention` (or with fewer than 24 remembered \
        passwords), a user whose password was exposed can \"change\" it back to the same or a \
        recently leaked one, so a reset after a breach does not lock the attacker out. CIS AWS \
        Foundations 1.9 asks IAM to remember 24 passwords.",
    remediation: "Set `password_reuse_prevention = 24` in `aws_iam_account_password_policy`.",
    resource_types: &["aws_iam_account_password_policy"],
    checkov: &["CKV_AWS_13"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0056",
        long: "aws-iam-no-password-reuse",
    }],
    compliance: Mapping {
        topics: &[Topic::Authentication],
        controls: &["cis-aws:1.9"],
    },
    example_bad: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
}
"#,
    example_good: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  password_reuse_prevention = 24
}
"#,
};

impl Rule for PasswordPolicyReuseAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        const REUSE: &str = "password_reuse_prevention";
        for policy in ctx.of_type("aws_iam_account_password_policy") {
            // Absent: IAM does not prevent reuse at all.
            let allowed = number_is(policy, REUSE, Some(0.0), |n| n < 24.0);
            report.verdict(policy, path_if_set(policy, REUSE), allowed, || {
                match policy.get(REUSE).and_then(|v| v.as_f64()) {
                    Some(n) => format!(
                        "`{}` remembers only {n} previous password(s) (24 are recommended)",
                        policy.address
                    ),
                    None => format!(
                        "`{}` does not set password_reuse_prevention: users may reuse any previous password",
                        policy.address
                    ),
                }
            });
        }
    }
}
