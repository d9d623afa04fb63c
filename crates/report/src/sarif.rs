//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` holds every rule that has a result (or an inconclusive check), with
//! GitHub's `security-severity`. Suppressed findings are results with `suppressions`, which is how
//! GitHub learns that an alert was dismissed in the code. Problems with the input (parse errors)
//! and inconclusive checks are `toolExecutionNotifications` of the run's one invocation.
//!
//! Built from small `Serialize` structs rather than a generated SARIF model: the output is tested
//! against the OASIS schema (`tests/data/sarif-schema-2.1.0.json`).

use std::collections::BTreeMap;

use driftguard_model::{
    Diagnostic, DiagnosticLevel, Finding, Inconclusive, ScanReport, Severity, Span, SuppressionKind,
};
use driftguard_rules::RuleMeta;
use serde::Serialize;

use crate::common::ControlRefs;
use crate::{RenderError, RuleLookup};

pub(crate) const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/driftguard/driftguard";
/// The key of our fingerprint in `partialFingerprints`; bump the version if its recipe changes.
const FINGERPRINT_KEY: &str = "driftguard/v1";
const SRCROOT: &str = "%SRCROOT%";

pub(crate) fn render(report: &ScanReport, rules: RuleLookup<'_>) -> Result<String, RenderError> {
    let descriptors = descriptors(report, rules);
    let index: BTreeMap<&str, usize> = descriptors
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();

    let mut controls = ControlRefs::new(rules);
    let results = report
        .findings
        .iter()
        .map(|finding| {
            let tags = controls.of(&finding.rule_id);
            result(finding, index[finding.rule_id.as_str()], tags)
        })
        .collect();

    let mut notifications: Vec<Notification> = report
        .diagnostics
        .iter()
        .map(diagnostic_notification)
        .collect();
    notifications.extend(
        report
            .inconclusive
            .iter()
            .map(|check| inconclusive_notification(check, index[check.rule_id.as_str()])),
    );

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name,
                    version: report.tool.version,
                    semantic_version: report.tool.version,
                    information_uri: INFORMATION_URI,
                    rules: descriptors,
                },
            },
            invocations: vec![Invocation {
                execution_successful: !report.has_errors(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}

/// Every rule referenced by a finding or an inconclusive check, in id order.
fn descriptors(report: &ScanReport, rules: RuleLookup<'_>) -> Vec<ReportingDescriptor> {
    // Fallback metadata for ids the registry does not know: the finding's title and the highest
    // severity it was reported with.
    let mut referenced: BTreeMap<&str, Option<(&str, Severity)>> = BTreeMap::new();
    for finding in &report.findings {
        let entry = referenced.entry(&finding.rule_id).or_default();
        match entry {
            Some((_, severity)) if *severity >= finding.severity => {}
            _ => *entry = Some((&finding.title, finding.severity)),
        }
    }
    for check in &report.inconclusive {
        referenced.entry(&check.rule_id).or_default();
    }
    referenced
        .into_iter()
        .map(|(id, seen)| match rules(id) {
            Some(meta) => known_descriptor(meta),
            None => {
                let (title, severity) = seen.unwrap_or((id, Severity::Medium));
                unknown_descriptor(id, title, severity)
            }
        })
        .collect()
}

fn known_descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    let mut text = meta.remediation.to_string();
    let mut markdown = meta.remediation.to_string();
    if !meta.example_good.is_empty() {
        text.push_str("\n\nExample:\n");
        text.push_str(meta.example_good.trim_end());
        if !meta.example_bad.is_empty() {
            markdown.push_str("\n\nInstead of:\n\n```hcl\n");
            markdown.push_str(meta.example_bad.trim_end());
            markdown.push_str("\n```");
        }
        markdown.push_str("\n\nWrite:\n\n```hcl\n");
        markdown.push_str(meta.example_good.trim_end());
        markdown.push_str("\n```");
    }
    ReportingDescriptor {
        id: meta.id.to_string(),
        name: pascal_case(meta.id),
        short_description: Text::new(meta.title),
        full_description: Text::new(if meta.rationale.is_empty() {
            meta.title
        } else {
            meta.rationale
        }),
        help: (!meta.remediation.is_empty()).then_some(Help { text, markdown }),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties::new(meta.id, meta.severity, meta.compliance.references()),
    }
}

fn unknown_descriptor(id: &str, title: &str, severity: Severity) -> ReportingDescriptor {
    ReportingDescriptor {
        id: id.to_string(),
        name: pascal_case(id),
        short_description: Text::new(title),
        full_description: Text::new(title),
        help: None,
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties::new(id, severity, Vec::new()),
    }
}

/// A finding as a result; `tags` are its rule's control references, so that code-scanning
/// alerts can be filtered by control (`iso27001:A.8.24`).
fn result(finding: &Finding, rule_index: usize, tags: Vec<String>) -> SarifResult {
    let suppressions = finding.suppression.as_ref().map(|suppression| {
        vec![SarifSuppression {
            kind: match suppression.kind {
                SuppressionKind::Inline | SuppressionKind::Checkov | SuppressionKind::Trivy => {
                    "inSource"
                }
                SuppressionKind::Baseline => "external",
            },
            status: "accepted",
            justification: suppression.reason.clone(),
        }]
    });
    SarifResult {
        rule_id: finding.rule_id.clone(),
        rule_index,
        level: level(finding.severity),
        message: Text::new(&finding.message),
        locations: vec![Location {
            physical_location: finding.location.as_ref().map(physical_location),
            logical_locations: vec![LogicalLocation {
                fully_qualified_name: finding.resource_address.clone(),
                kind: "resource",
            }],
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint.clone())]),
        suppressions,
        properties: ResultProperties {
            severity: finding.severity,
            resource_type: finding.resource_type.clone(),
            attribute: finding.attribute.clone(),
            tags,
        },
    }
}

fn diagnostic_notification(diagnostic: &Diagnostic) -> Notification {
    let physical = match (&diagnostic.location, &diagnostic.file) {
        (Some(span), _) => Some(physical_location(span)),
        (None, Some(file)) => Some(PhysicalLocation {
            artifact_location: artifact_location(file),
            region: None,
        }),
        (None, None) => None,
    };
    Notification {
        level: match diagnostic.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Info => "note",
        },
        message: Text::new(&diagnostic.message),
        descriptor: Some(DescriptorReference {
            id: diagnostic.code.to_string(),
            index: None,
        }),
        associated_rule: None,
        locations: physical
            .map(|physical| {
                vec![Location {
                    physical_location: Some(physical),
                    logical_locations: vec![],
                }]
            })
            .unwrap_or_default(),
    }
}

fn inconclusive_notification(check: &Inconclusive, rule_index: usize) -> Notification {
    Notification {
        level: "note",
        message: Text::new(format!(
            "{} could not be checked on {}: {}",
            check.rule_id, check.resource_address, check.reason
        )),
        descriptor: Some(DescriptorReference {
            id: "inconclusive".to_string(),
            index: None,
        }),
        associated_rule: Some(DescriptorReference {
            id: check.rule_id.clone(),
            index: Some(rule_index),
        }),
        locations: vec![Location {
            physical_location: check.location.as_ref().map(physical_location),
            logical_locations: vec![LogicalLocation {
                fully_qualified_name: check.resource_address.clone(),
                kind: "resource",
            }],
        }],
    }
}

fn physical_location(span: &Span) -> PhysicalLocation {
    let start = span.start;
    // SARIF's endColumn is the column after the region, as is our span's end.
    let end = span.end.max(start);
    PhysicalLocation {
        artifact_location: artifact_location(&span.file),
        region: Some(Region {
            start_line: start.line.max(1),
            start_column: start.column.max(1),
            end_line: end.line.max(1),
            end_column: end.column.max(1),
        }),
    }
}

/// Relative paths become URIs relative to `%SRCROOT%` (the repository root, for GitHub);
/// absolute paths become `file://` URIs.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let windows_drive =
        path.len() >= 2 && path.as_bytes()[0].is_ascii_alphabetic() && path.as_bytes()[1] == b':';
    if path.starts_with('/') || windows_drive {
        let rooted = if windows_drive {
            format!("/{path}")
        } else {
            path
        };
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&rooted, true)),
            uri_base_id: None,
        };
    }
    let mut relative = path.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    ArtifactLocation {
        uri: percent_encode(relative, false),
        uri_base_id: Some(SRCROOT),
    }
}

/// Percent-encodes everything but unreserved characters, `/` and a few safe sub-delimiters.
/// `:` is kept only in absolute URIs (a colon in a relative path would read as a scheme).
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\''
            )
            || matches!(byte, b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@')
            || (keep_colon && byte == b':');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `aws-s3-bucket-versioning` → `AwsS3BucketVersioning`.
pub(crate) fn pascal_case(id: &str) -> String {
    id.split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity`: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.0",
        Severity::High => "7.0",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Self {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

impl RuleProperties {
    /// Tags: `security`, `iac`, the provider, then the rule's compliance controls.
    fn new(id: &str, severity: Severity, controls: Vec<String>) -> Self {
        let mut tags = vec!["security".to_string(), "iac".to_string()];
        if let Some(provider) = id.split('-').next().filter(|p| !p.is_empty() && *p != id) {
            tags.push(provider.to_string());
        }
        tags.extend(controls);
        RuleProperties {
            tags,
            // Rules read configuration, they do not guess: a finding is a fact about the code.
            precision: "very-high",
            security_severity: security_severity(severity),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Vec<SarifSuppression>>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    severity: Severity,
    resource_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribute: Option<String>,
    /// The rule's compliance control references.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptor: Option<DescriptorReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_rule: Option<DescriptorReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct DescriptorReference {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_cases_rule_ids() {
        assert_eq!(
            pascal_case("aws-s3-bucket-versioning"),
            "AwsS3BucketVersioning"
        );
        assert_eq!(pascal_case("CKV_AWS_21"), "CKVAWS21");
    }

    #[test]
    fn paths_become_uris() {
        let rel = artifact_location(".\\modules\\net\\main tf.tf");
        assert_eq!(rel.uri, "modules/net/main%20tf.tf");
        assert_eq!(rel.uri_base_id, Some(SRCROOT));
        let abs = artifact_location("/srv/infra/main.tf");
        assert_eq!(abs.uri, "file:///srv/infra/main.tf");
        assert_eq!(abs.uri_base_id, None);
        assert_eq!(
            artifact_location("C:\\infra\\a.tf").uri,
            "file:///C:/infra/a.tf"
        );
        assert_eq!(artifact_location("weird:name.tf").uri, "weird%3Aname.tf");
    }
}
