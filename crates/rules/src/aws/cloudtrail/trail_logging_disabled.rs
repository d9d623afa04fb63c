use driftguard_model::Severity;

use crate::view::cloudtrail::Trail;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct TrailLoggingDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudtrail-trail-logging-disabled",
    title: "CloudTrail trail is not logging",
    severity: Severity::High,
    rationale: "`enable_logging = false` creates the trail stopped: it exists, looks compliant in \
        an inventory, and records nothing. Stopping a trail (`cloudtrail:StopLogging`) is the \
        first thing an intruder does to work unseen (MITRE ATT&CK T1562.008); a trail that was \
        never started gives them that for free. Without API activity logs no incident can be \
        investigated and CIS AWS Foundations 3.1 is not met. Terraform starts trails by \
        default.",
    remediation: "Remove `enable_logging = false` (logging is on by default) or set \
        `enable_logging = true`.",
    resource_types: &["aws_cloudtrail"],
    checkov: &["CKV_AWS_251"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &["cis-aws:3.1"],
    },
    example_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  enable_logging             = false
}
"#,
    example_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
};

impl Rule for TrailLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_cloudtrail") {
            let trail = Trail::new(resource);
            let path = path_if_set(resource, "enable_logging");
            report.verdict(resource, path, trail.logging_enabled().negate(), || {
                format!(
                    "trail `{}` is created with logging stopped",
                    resource.address
                )
            });
        }
    }
}
