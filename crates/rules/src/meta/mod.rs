//! Rules about driftguard's own directives rather than about infrastructure. Their findings come
//! from the suppression machinery ([`crate::suppression`]), so their checks are empty.

mod suppression_without_reason;

use driftguard_model::{Finding, Span};

use crate::Rule;
pub use suppression_without_reason::SuppressionWithoutReason;

pub(crate) const RULES: &[&dyn Rule] = &[&SuppressionWithoutReason];

/// The id of the rule that reports `driftguard:ignore` without a reason.
pub const SUPPRESSION_WITHOUT_REASON: &str = "driftguard-suppression-without-reason";

/// A finding for a reasonless suppression of `rule_id` at `span`.
pub fn suppression_without_reason(rule_id: &str, span: Span) -> Finding {
    let meta = SuppressionWithoutReason.meta();
    let fingerprint =
        crate::rule::fingerprint(meta.id, &span.file, rule_id, &span.start.line.to_string());
    Finding {
        rule_id: meta.id.to_string(),
        severity: meta.severity,
        title: meta.title.to_string(),
        message: format!("the suppression of `{rule_id}` gives no reason"),
        resource_type: String::new(),
        resource_address: String::new(),
        attribute: None,
        location: Some(span),
        suppression: None,
        fingerprint,
    }
}
