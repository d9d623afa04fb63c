use driftguard_model::Severity;

use crate::view::{number_is, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PasswordPolicyShortMinimumLength;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-password-policy-short-minimum-length",
    title: "IAM password policy allows passwords shorter than 14 characters",
    severity: Severity::Medium,
    rationale: "Length is what makes a password resist guessing and offline cracking; IAM \
        accepts 6 characters when `minimum_password_length` is not set. CIS AWS Foundations \
        1.8 and NIST SP 800-63B's advice for passwords chosen by users both call for long \
        passwords, and console passwords of IAM users are exposed to password spraying at the \
        sign-in page.",
    remediation: "Set `minimum_password_length = 14` (or more) in \
        `aws_iam_account_password_policy`, and prefer federated sign-in (IAM Identity Center) \
        to IAM user passwords.",
    resource_types: &["aws_iam_account_password_policy"],
    checkov: &["CKV_AWS_10"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0063",
        long: "aws-iam-set-minimum-password-length",
    }],
    compliance: Mapping {
        topics: &[Topic::Authentication],
        controls: &["cis-aws:1.8"],
    },
    example_bad: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 8
  password_reuse_prevention = 24
}
"#,
    example_good: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  password_reuse_prevention = 24
}
"#,
};

impl Rule for PasswordPolicyShortMinimumLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        const LENGTH: &str = "minimum_password_length";
        for policy in ctx.of_type("aws_iam_account_password_policy") {
            let short = number_is(policy, LENGTH, Some(6.0), |n| n < 14.0);
            report.verdict(policy, path_if_set(policy, LENGTH), short, || {
                match policy.get(LENGTH).and_then(|v| v.as_f64()) {
                    Some(n) => format!(
                        "`{}` accepts passwords of {n} characters (at least 14 are recommended)",
                        policy.address
                    ),
                    None => format!(
                        "`{}` does not set minimum_password_length: IAM accepts passwords of 6 characters",
                        policy.address
                    ),
                }
            });
        }
    }
}
