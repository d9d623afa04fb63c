use std::fmt::Write as _;

use driftguard_model::{Finding, Inconclusive, Resource, Severity, Tri};
use sha2::{Digest, Sha256};

use crate::Context;

/// What a rule is: everything `driftguard rules` and `driftguard explain` print.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id, grouped by provider and service: `aws-s3-bucket-versioning`.
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Why it matters: what an attacker or an auditor does with this misconfiguration.
    pub rationale: &'static str,
    /// How to fix it.
    pub remediation: &'static str,
    /// Terraform resource types the rule reads.
    pub resource_types: &'static [&'static str],
    /// Equivalent Checkov ids (`CKV_AWS_21`), so `checkov:skip=` comments keep working.
    pub checkov: &'static [&'static str],
    /// Equivalent Trivy/tfsec ids, so `trivy:ignore:` / `tfsec:ignore:` comments keep working.
    pub trivy: &'static [TrivyId],
    /// The compliance controls this rule gives evidence on: topics (expanded through each
    /// framework's crosswalk) plus direct references such as CIS recommendations.
    pub compliance: driftguard_compliance::Mapping,
    /// Terraform that fails the rule.
    pub example_bad: &'static str,
    /// The same Terraform, fixed.
    pub example_good: &'static str,
}

/// A Trivy check id in both its forms: `AVD-AWS-0090` and the tfsec-style `aws-s3-enable-versioning`.
#[derive(Debug, Clone, Copy)]
pub struct TrivyId {
    pub avd: &'static str,
    pub long: &'static str,
}

/// A rule: metadata plus a check over the resources of one module tree.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>);
}

/// Collects the verdicts of one rule.
pub struct Reporter<'r> {
    meta: &'static RuleMeta,
    out: &'r mut Checked,
}

/// What running rules produced.
#[derive(Debug, Default)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub inconclusive: Vec<Inconclusive>,
}

impl<'r> Reporter<'r> {
    pub fn new(meta: &'static RuleMeta, out: &'r mut Checked) -> Self {
        Reporter { meta, out }
    }

    /// Reports a finding on `resource`, pointing at `attribute` (a dotted path) when given.
    pub fn fail(
        &mut self,
        resource: &Resource,
        attribute: Option<&str>,
        message: impl Into<String>,
    ) {
        let location = attribute
            .and_then(|path| resource.span_of(path))
            .or(resource.span.as_ref())
            .cloned();
        let fingerprint = fingerprint(
            self.meta.id,
            location.as_ref().map_or("", |s| &s.file),
            &resource.address,
            attribute.unwrap_or(""),
        );
        self.out.findings.push(Finding {
            rule_id: self.meta.id.to_string(),
            severity: self.meta.severity,
            title: self.meta.title.to_string(),
            message: message.into(),
            resource_type: resource.resource_type.clone(),
            resource_address: resource.address.clone(),
            attribute: attribute.map(str::to_string),
            location,
            suppression: None,
            fingerprint,
        });
    }

    /// Records that the check could not be decided for `resource` because a value is unknown.
    pub fn inconclusive(
        &mut self,
        resource: &Resource,
        attribute: Option<&str>,
        reason: impl Into<String>,
    ) {
        let location = attribute
            .and_then(|path| resource.span_of(path))
            .or(resource.span.as_ref())
            .cloned();
        self.out.inconclusive.push(Inconclusive {
            rule_id: self.meta.id.to_string(),
            resource_type: resource.resource_type.clone(),
            resource_address: resource.address.clone(),
            attribute: attribute.map(str::to_string),
            location,
            reason: reason.into(),
        });
    }

    /// Reports according to a three-valued verdict of "is misconfigured": a finding when true,
    /// an inconclusive check when unknown, nothing when false.
    pub fn verdict(
        &mut self,
        resource: &Resource,
        attribute: Option<&str>,
        misconfigured: Tri,
        message: impl FnOnce() -> String,
    ) {
        match misconfigured {
            Tri::True => self.fail(resource, attribute, message()),
            Tri::Unknown => {
                let reason = attribute
                    .and_then(|path| resource.get(path))
                    .and_then(first_unknown)
                    .map_or_else(
                        || "a value this check needs is unknown statically".to_string(),
                        |u| u.reason.to_string(),
                    );
                self.inconclusive(resource, attribute, reason)
            }
            Tri::False => {}
        }
    }
}

/// The first unknown value in `value` or nested in it, for the reason of an inconclusive check.
fn first_unknown(value: &driftguard_model::Value) -> Option<&driftguard_model::Unknown> {
    use driftguard_model::Value;
    match value {
        Value::Unknown(unknown) => Some(unknown),
        Value::List(items) => items.iter().find_map(first_unknown),
        Value::Object(map) => map.values().find_map(first_unknown),
        _ => None,
    }
}

/// A finding's identity across runs: it survives lines moving, not renames.
pub fn fingerprint(rule_id: &str, file: &str, address: &str, attribute: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, file, address, attribute] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(24);
    for byte in &digest[..12] {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
