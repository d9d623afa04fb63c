use driftguard_model::Severity;

use crate::view::logging::guardduty_enabled;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct DetectorDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-guardduty-detector-disabled",
    title: "GuardDuty detector is suspended",
    severity: Severity::High,
    rationale: "GuardDuty is the threat detection of the account: it raises the findings for \
        credential exfiltration, crypto mining, calls from Tor or known-bad addresses, and \
        reconnaissance. `enable = false` suspends the detector: it stops analysing CloudTrail, \
        VPC flow and DNS logs and produces no finding while still existing, so dashboards that \
        count detectors look fine. Suspending GuardDuty is itself an attacker technique (MITRE \
        ATT&CK T1562.001). Terraform enables detectors by default.",
    remediation: "Remove `enable = false` (the default is true) or set `enable = true`.",
    resource_types: &["aws_guardduty_detector"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Monitoring],
        controls: &[],
    },
    example_bad: r#"resource "aws_guardduty_detector" "main" {
  enable = false
}
"#,
    example_good: r#"resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}
"#,
};

impl Rule for DetectorDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for detector in ctx.of_type("aws_guardduty_detector") {
            let path = path_if_set(detector, "enable");
            report.verdict(detector, path, guardduty_enabled(detector).negate(), || {
                format!("GuardDuty detector `{}` is suspended", detector.address)
            });
        }
    }
}
