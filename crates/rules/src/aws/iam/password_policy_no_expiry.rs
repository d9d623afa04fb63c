use driftguard_model::Severity;

use crate::view::{number_is, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PasswordPolicyNoExpiry;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-password-policy-no-expiry",
    title: "IAM password policy lets passwords live longer than 90 days",
    severity: Severity::Low,
    rationale: "Without `max_password_age` IAM user passwords never expire, so a password \
        captured by a phishing page or a keylogger stays valid until someone notices. PCI DSS \
        8.3.9 and older CIS AWS Foundations versions (1.11 of v1.2) require rotation within 90 \
        days; NIST SP 800-63B and CIS v1.4+ prefer MFA and rotation on compromise over forced \
        periodic changes, hence the low severity.",
    remediation: "Set `max_password_age = 90` (or less) in `aws_iam_account_password_policy`, \
        and require MFA for every IAM user with a console password.",
    resource_types: &["aws_iam_account_password_policy"],
    checkov: &["CKV_AWS_9"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0062",
        long: "aws-iam-set-max-password-age",
    }],
    compliance: Mapping {
        topics: &[Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  max_password_age        = 365
}
"#,
    example_good: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  max_password_age        = 90
}
"#,
};

impl Rule for PasswordPolicyNoExpiry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        const AGE: &str = "max_password_age";
        for policy in ctx.of_type("aws_iam_account_password_policy") {
            // Absent or 0: passwords never expire.
            let too_long = number_is(policy, AGE, Some(0.0), |n| n <= 0.0 || n > 90.0);
            report.verdict(policy, path_if_set(policy, AGE), too_long, || match policy
                .get(AGE)
                .and_then(|v| v.as_f64())
                .filter(|n| *n > 0.0)
            {
                Some(n) => format!(
                    "`{}` lets passwords live {n} days (90 at most are recommended)",
                    policy.address
                ),
                None => format!(
                    "`{}` does not set max_password_age: passwords never expire",
                    policy.address
                ),
            });
        }
    }
}
