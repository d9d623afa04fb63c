use driftguard_model::Severity;

use crate::view::kms::Key;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct KeyRotationDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-kms-key-rotation-disabled",
    title: "KMS key automatic rotation is disabled",
    severity: Severity::Medium,
    rationale: "Automatic rotation gives a symmetric key new key material every year (or the \
        period you set) while old material keeps decrypting old data, limiting how much data a \
        single piece of key material protects and meeting cryptoperiod requirements (PCI DSS \
        3.7.4, CIS AWS Foundations 3.6, NIST SP 800-57). `enable_key_rotation` defaults to \
        false. Asymmetric and HMAC keys and keys in custom key stores cannot be rotated \
        automatically and are not reported.",
    remediation:
        "Set `enable_key_rotation = true` (and `rotation_period_in_days` if a year is too \
        long). Rotation is transparent to applications.",
    resource_types: &["aws_kms_key"],
    checkov: &["CKV_AWS_7"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0065",
        long: "aws-kms-auto-rotate-keys",
    }],
    compliance: Mapping {
        topics: &[Topic::KeyManagement],
        controls: &["cis-aws:3.6"],
    },
    example_bad: r#"resource "aws_kms_key" "data" {
  description = "Application data"
}
"#,
    example_good: r#"resource "aws_kms_key" "data" {
  description         = "Application data"
  enable_key_rotation = true
}
"#,
};

impl Rule for KeyRotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_kms_key") {
            let key = Key::new(resource);
            let verdict = key
                .supports_automatic_rotation()
                .and(key.rotation_enabled().negate());
            let path = path_if_set(resource, "enable_key_rotation");
            report.verdict(resource, path, verdict, || {
                format!(
                    "KMS key `{}` does not rotate automatically",
                    resource.address
                )
            });
        }
    }
}
