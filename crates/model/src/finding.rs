use serde::{Deserialize, Serialize};

use crate::{Severity, Span};

/// A rule's verdict that a resource is misconfigured.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub title: String,
    /// What is wrong with this resource, specifically.
    pub message: String,
    pub resource_type: String,
    pub resource_address: String,
    /// The dotted attribute path the finding is about, if any (`ingress.0.cidr_blocks`).
    pub attribute: Option<String>,
    pub location: Option<Span>,
    /// Set when an inline comment, the configuration or a baseline accepts this finding.
    pub suppression: Option<Suppression>,
    /// Stable across line moves: rule id, file and resource address, attribute path.
    pub fingerprint: String,
}

impl Finding {
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`, for inline suppressions with `exp:`.
    pub expires: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionKind {
    /// `# driftguard:ignore <rule> <reason>`
    Inline,
    /// `# checkov:skip=CKV_AWS_20:reason`
    Checkov,
    /// `# trivy:ignore:AVD-AWS-0086` / `# tfsec:ignore:aws-s3-block-public-acls`
    Trivy,
    /// Accepted by `--baseline`.
    Baseline,
}

/// A check that could not be decided because a value it needs is unknown statically.
#[derive(Debug, Clone, Serialize)]
pub struct Inconclusive {
    pub rule_id: String,
    pub resource_type: String,
    pub resource_address: String,
    pub attribute: Option<String>,
    pub location: Option<Span>,
    /// Why the value is unknown (e.g. "data.aws_caller_identity.me is known only after apply").
    pub reason: String,
}
