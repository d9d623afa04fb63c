use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::{Diagnostic, DiagnosticLevel, Finding, Inconclusive, Severity, SourceFile};

/// The files a scan read, by display path, for code frames.
pub type Sources = BTreeMap<Arc<str>, SourceFile>;

/// Version of the JSON output schema (`docs/json-output.md`). Bump on incompatible changes.
pub const SCAN_SCHEMA_VERSION: u32 = 1;

/// Everything a scan produced, in the shape of the JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub schema_version: u32,
    pub tool: Tool,
    /// Ids of the rules that ran (after `--select` / `--ignore`): what a compliance report counts
    /// as assessed. Empty until the scan fills it in.
    pub checks: Vec<String>,
    pub summary: Summary,
    /// All findings, suppressed ones included (with their `suppression`), most severe first.
    pub findings: Vec<Finding>,
    /// Checks that could not be decided because a value was unknown statically.
    pub inconclusive: Vec<Inconclusive>,
    /// Problems with the input: parse errors (exit code 2), unresolved modules, …
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub resources: usize,
    pub rules: usize,
    /// Unsuppressed findings by severity (every severity present, zero included).
    pub findings: BTreeMap<Severity, usize>,
    pub suppressed: usize,
    pub inconclusive: usize,
    pub errors: usize,
    pub duration_ms: u64,
}

impl ScanReport {
    pub fn new(
        mut findings: Vec<Finding>,
        inconclusive: Vec<Inconclusive>,
        diagnostics: Vec<Diagnostic>,
        files_scanned: usize,
        resources: usize,
        rules: usize,
    ) -> Self {
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| location_key(a).cmp(&location_key(b)))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
        });
        let mut by_severity: BTreeMap<Severity, usize> =
            Severity::ALL.iter().map(|s| (*s, 0)).collect();
        for finding in findings.iter().filter(|f| !f.is_suppressed()) {
            *by_severity.entry(finding.severity).or_default() += 1;
        }
        let summary = Summary {
            files_scanned,
            resources,
            rules,
            findings: by_severity,
            suppressed: findings.iter().filter(|f| f.is_suppressed()).count(),
            inconclusive: inconclusive.len(),
            errors: diagnostics
                .iter()
                .filter(|d| d.level == DiagnosticLevel::Error)
                .count(),
            duration_ms: 0,
        };
        ScanReport {
            schema_version: SCAN_SCHEMA_VERSION,
            tool: Tool {
                name: "driftguard",
                version: env!("CARGO_PKG_VERSION"),
            },
            checks: Vec::new(),
            summary,
            findings,
            inconclusive,
            diagnostics,
        }
    }

    /// Findings that count: not suppressed.
    pub fn active_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_suppressed())
    }

    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

fn location_key(finding: &Finding) -> (Option<&str>, u32, u32, &str) {
    let span = finding.location.as_ref();
    (
        span.map(|s| &*s.file),
        span.map_or(0, |s| s.start.line),
        span.map_or(0, |s| s.start.column),
        &finding.resource_address,
    )
}
