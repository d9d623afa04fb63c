use driftguard_model::Severity;

use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PasswordPolicyWeakComplexity;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-password-policy-weak-complexity",
    title: "IAM password policy does not require lowercase, uppercase, numbers and symbols",
    severity: Severity::Low,
    rationale: "Character-class requirements make short passwords harder to guess and are \
        still expected by PCI DSS 8.3.6 and older CIS AWS Foundations versions (1.5–1.8 of \
        v1.2); IAM requires none of them unless told to. Length matters more (CIS v1.4+ and \
        NIST SP 800-63B dropped composition rules in its favour, see \
        aws-iam-password-policy-short-minimum-length), hence the low severity. Each missing \
        requirement is reported at its attribute.",
    remediation: "Set `require_lowercase_characters`, `require_uppercase_characters`, \
        `require_numbers` and `require_symbols` to `true` in `aws_iam_account_password_policy`.",
    resource_types: &["aws_iam_account_password_policy"],
    checkov: &["CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_14", "CKV_AWS_15"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0058",
            long: "aws-iam-require-lowercase-in-passwords",
        },
        TrivyId {
            avd: "AVD-AWS-0059",
            long: "aws-iam-require-numbers-in-passwords",
        },
        TrivyId {
            avd: "AVD-AWS-0060",
            long: "aws-iam-require-symbols-in-passwords",
        },
        TrivyId {
            avd: "AVD-AWS-0061",
            long: "aws-iam-require-uppercase-in-passwords",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 14
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
}
"#,
    example_good: r#"resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 14
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = true
}
"#,
};

/// The requirement attributes and what they ask for.
const REQUIREMENTS: &[(&str, &str)] = &[
    ("require_lowercase_characters", "a lowercase letter"),
    ("require_uppercase_characters", "an uppercase letter"),
    ("require_numbers", "a number"),
    ("require_symbols", "a symbol"),
];

impl Rule for PasswordPolicyWeakComplexity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for policy in ctx.of_type("aws_iam_account_password_policy") {
            for (attribute, what) in REQUIREMENTS {
                let missing = flag(policy, attribute, false).negate();
                report.verdict(policy, path_if_set(policy, attribute), missing, || {
                    format!(
                        "`{}` does not require passwords to contain {what} ({attribute} is not true)",
                        policy.address
                    )
                });
            }
        }
    }
}
