use driftguard_model::Severity;

use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct SuppressionWithoutReason;

static META: RuleMeta = RuleMeta {
    id: super::SUPPRESSION_WITHOUT_REASON,
    title: "Suppression without a reason",
    severity: Severity::Low,
    rationale: "A suppression accepts a risk. Without a reason, the next reader (or an auditor) \
        cannot tell an accepted, reviewed risk from a finding that was silenced to make CI pass.",
    remediation: "Write why the finding does not apply after the rule id: \
        `# driftguard:ignore <rule-id> <reason> [exp:YYYY-MM-DD]`.",
    resource_types: &["*"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::ChangeManagement],
        controls: &["iso27001:A.5.36"],
    },
    example_bad: r#"# driftguard:ignore aws-s3-bucket-versioning
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}
"#,
    example_good: r#"# driftguard:ignore aws-s3-bucket-versioning objects are write-once; Object Lock covers deletion exp:2027-06-30
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}
"#,
};

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Reported by the suppression machinery, which sees comments; resources carry none.
    fn check(&self, _: &Context<'_>, _: &mut Reporter<'_>) {}
}
