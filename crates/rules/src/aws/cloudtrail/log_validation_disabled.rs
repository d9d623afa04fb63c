use driftguard_model::Severity;

use crate::view::cloudtrail::Trail;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct LogValidationDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudtrail-log-validation-disabled",
    title: "CloudTrail log file integrity validation is disabled",
    severity: Severity::Medium,
    rationale: "An intruder who can write to the log bucket edits or deletes the log files that \
        show what they did. Log file validation makes CloudTrail deliver signed digest files, so \
        `aws cloudtrail validate-logs` proves whether logs were modified, deleted or forged: \
        without it, logs are weaker evidence in an investigation or an audit (CIS AWS \
        Foundations 3.2, PCI DSS 10.3).",
    remediation: "Set `enable_log_file_validation = true`.",
    resource_types: &["aws_cloudtrail"],
    checkov: &["CKV_AWS_36"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0016",
        long: "aws-cloudtrail-enable-log-validation",
    }],
    compliance: Mapping {
        topics: &[Topic::LogProtection],
        controls: &["cis-aws:3.2"],
    },
    example_bad: r#"resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = true
  kms_key_id            = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
    example_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
};

impl Rule for LogValidationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_cloudtrail") {
            let trail = Trail::new(resource);
            let path = path_if_set(resource, "enable_log_file_validation");
            report.verdict(resource, path, trail.log_file_validation().negate(), || {
                format!(
                    "trail `{}` does not validate log file integrity",
                    resource.address
                )
            });
        }
    }
}
