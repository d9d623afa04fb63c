//! Reading the JSON outputs of `scan`, `drift` and `trail` into evidence.
//!
//! Only the fields a report needs are read, leniently: unknown fields are ignored, so outputs of a
//! newer driftguard with added fields still load. The schema version is checked, and a malformed
//! file is an error naming the file, line and column.

use std::path::Path;

pub use driftguard_model::Severity;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Source;

/// What an input file could not give.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a driftguard {kind} JSON report: {message}")]
    Parse {
        path: String,
        kind: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: {kind} report schema version {found} is not supported (this driftguard reads \
         version {supported}); re-run `driftguard {kind} --format json` with this version"
    )]
    Version {
        path: String,
        kind: &'static str,
        found: u64,
        supported: u32,
    },
}

/// The severity a report gives an item whose producer did not rate it (and every drift).
fn medium() -> Severity {
    Severity::Medium
}

/// Whether an evidence item counts against its controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceState {
    /// A finding, a drift or a detection: the control fails.
    Failing,
    /// A finding accepted by a suppression or baseline: shown, not counted.
    Suppressed,
    /// A check that could not be decided (a value unknown statically): shown, not counted.
    Inconclusive,
}

impl EvidenceState {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceState::Failing => "failing",
            EvidenceState::Suppressed => "suppressed",
            EvidenceState::Inconclusive => "inconclusive",
        }
    }
}

/// One result of one check, as an auditor reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub source: Source,
    /// The check's id (rule id, `drift-changed`, `aws-out-of-band-change`).
    pub check: String,
    pub state: EvidenceState,
    pub severity: Severity,
    pub title: String,
    /// What, specifically (the finding's message, the changed attributes, the trail title).
    pub message: String,
    /// Terraform address, else `type.cloud_id`; `None` for account-wide events.
    pub resource: Option<String>,
    /// `file:line` for code, the region for cloud resources.
    pub location: Option<String>,
    /// Who made the change (drift with `--trail`, trail).
    pub actor: Option<String>,
    /// Through which channel (`console`, `cli`, `sdk`…).
    pub channel: Option<String>,
    /// When the change was first and last seen (RFC 3339).
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// The suppression's or the inconclusive check's reason.
    pub reason: Option<String>,
    /// The input file it was read from.
    pub input: String,
    /// Control references the producer attached (`iso27001:A.8.9`): used only for checks this
    /// driftguard does not know (results of a newer version).
    #[serde(skip)]
    pub controls: Vec<String>,
}

/// One input file, summarised for the report's "inputs" section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub source: Source,
    pub path: String,
    /// The ids of the checks the producing run executed.
    pub checks: Vec<String>,
    /// False when the run did not read everything (parse errors, resources not compared,
    /// unreadable CloudTrail files): its passing controls carry a note.
    pub complete: bool,
    /// Why it is incomplete, or what was assumed.
    pub notes: Vec<String>,
    pub evidence: usize,
    #[serde(skip)]
    pub items: Vec<Evidence>,
}

/// Reads one `driftguard scan|drift|trail --format json` output. `all_checks` are the ids of the
/// catalog's checks of that source, assumed run when the file does not list its checks
/// (outputs of driftguard before the list was added).
pub fn read_input(source: Source, path: &Path, all_checks: &[String]) -> Result<Input, InputError> {
    let shown = path.display().to_string();
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|source| InputError::Read {
        path: shown.clone(),
        source,
    })?;
    parse_input(source, &shown, &text, all_checks)
}

/// [`read_input`] on text already read; `path` is only used in messages and evidence.
pub fn parse_input(
    source: Source,
    path: &str,
    text: &str,
    all_checks: &[String],
) -> Result<Input, InputError> {
    let kind = source.as_str();
    let parse_error = |e: serde_json::Error| InputError::Parse {
        path: path.to_string(),
        kind,
        line: e.line(),
        column: e.column(),
        message: without_position(&e),
    };
    let header: Header = serde_json::from_str(text).map_err(parse_error)?;
    if header.schema_version != SUPPORTED_VERSION as u64 {
        return Err(InputError::Version {
            path: path.to_string(),
            kind,
            found: header.schema_version,
            supported: SUPPORTED_VERSION,
        });
    }
    let mut input = match source {
        Source::Scan => scan_input(path, serde_json::from_str(text).map_err(parse_error)?),
        Source::Drift => drift_input(path, serde_json::from_str(text).map_err(parse_error)?),
        Source::Trail => trail_input(path, serde_json::from_str(text).map_err(parse_error)?),
    };
    if input.checks.is_empty() {
        input.checks = all_checks.to_vec();
        input.notes.push(format!(
            "the {kind} report does not list the checks it ran; all {} {kind} checks are assumed run",
            all_checks.len()
        ));
    }
    input.evidence = input.items.len();
    Ok(input)
}

/// serde_json's message without the " at line L column C" it appends: the error says it first.
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rsplit_once(" at line ") {
        Some((text, _)) => text.to_string(),
        None => message,
    }
}

/// The schema version of all three reports this driftguard reads.
const SUPPORTED_VERSION: u32 = 1;

#[derive(Deserialize)]
struct Header {
    schema_version: u64,
}

// ---- scan -----------------------------------------------------------------------------------

#[derive(Deserialize)]
struct ScanReport {
    #[serde(default)]
    checks: Vec<String>,
    summary: ScanSummary,
    // Required, unlike most fields: they tell a scan report from the other two.
    findings: Vec<ScanFinding>,
    inconclusive: Vec<ScanInconclusive>,
}

#[derive(Deserialize)]
struct ScanSummary {
    #[serde(default)]
    errors: usize,
}

#[derive(Deserialize)]
struct ScanFinding {
    rule_id: String,
    #[serde(default = "medium")]
    severity: Severity,
    #[serde(default)]
    title: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    resource_address: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    suppression: Option<ScanSuppression>,
    #[serde(default)]
    controls: Vec<String>,
}

#[derive(Deserialize)]
struct ScanInconclusive {
    rule_id: String,
    #[serde(default)]
    resource_address: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    file: String,
    start: Position,
}

#[derive(Deserialize)]
struct Position {
    line: usize,
}

#[derive(Deserialize)]
struct ScanSuppression {
    kind: String,
    #[serde(default)]
    reason: Option<String>,
}

impl Location {
    fn render(&self) -> String {
        format!("{}:{}", self.file, self.start.line)
    }
}

fn scan_input(path: &str, report: ScanReport) -> Input {
    let mut items = Vec::with_capacity(report.findings.len());
    for f in report.findings {
        let (state, reason) = match f.suppression {
            Some(s) => (
                EvidenceState::Suppressed,
                Some(match s.reason {
                    Some(reason) => format!("{} suppression: {reason}", s.kind),
                    None => format!("{} suppression without a reason", s.kind),
                }),
            ),
            None => (EvidenceState::Failing, None),
        };
        items.push(Evidence {
            source: Source::Scan,
            check: f.rule_id,
            state,
            severity: f.severity,
            title: f.title,
            message: f.message,
            resource: f.resource_address,
            location: f.location.as_ref().map(Location::render),
            actor: None,
            channel: None,
            first_seen: None,
            last_seen: None,
            reason,
            input: path.to_string(),
            controls: f.controls,
        });
    }
    for i in report.inconclusive {
        items.push(Evidence {
            source: Source::Scan,
            title: format!("{} could not be decided", i.rule_id),
            check: i.rule_id,
            state: EvidenceState::Inconclusive,
            severity: Severity::Info,
            message: String::new(),
            resource: i.resource_address,
            location: i.location.as_ref().map(Location::render),
            actor: None,
            channel: None,
            first_seen: None,
            last_seen: None,
            reason: i.reason,
            input: path.to_string(),
            controls: Vec::new(),
        });
    }
    let mut notes = Vec::new();
    if report.summary.errors > 0 {
        notes.push(format!(
            "the scan reported {} error(s): files it could not read were not checked",
            report.summary.errors
        ));
    }
    Input {
        source: Source::Scan,
        path: path.to_string(),
        checks: report.checks,
        complete: report.summary.errors == 0,
        notes,
        evidence: 0,
        items,
    }
}

// ---- drift ----------------------------------------------------------------------------------

/// Drift has no severity of its own: every drift is reported as medium.
pub const DRIFT_SEVERITY: Severity = Severity::Medium;

#[derive(Deserialize)]
struct DriftReport {
    #[serde(default)]
    checks: Vec<String>,
    // Required: they tell a drift report from the other two.
    complete: bool,
    drifts: Vec<DriftItem>,
    #[serde(default)]
    not_scanned: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    scan_failures: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct DriftItem {
    class: String,
    #[serde(rename = "type")]
    resource_type: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    cloud_id: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    differences: Vec<DriftDifference>,
    #[serde(default)]
    events: Vec<DriftEvent>,
    #[serde(default)]
    controls: Vec<String>,
}

#[derive(Deserialize)]
struct DriftDifference {
    path: String,
    kind: String,
}

#[derive(Deserialize)]
struct DriftEvent {
    event_time: String,
    #[serde(default)]
    actor: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

fn drift_input(path: &str, report: DriftReport) -> Input {
    let items = report
        .drifts
        .into_iter()
        .map(|d| {
            let name = d
                .address
                .clone()
                .unwrap_or_else(|| format!("{}.{}", d.resource_type, d.cloud_id));
            let message = match d.class.as_str() {
                "changed" => {
                    let diffs: Vec<String> = d
                        .differences
                        .iter()
                        .map(|x| format!("{} {}", x.path, x.kind))
                        .collect();
                    format!("{name} differs from its declaration: {}", diffs.join(", "))
                }
                "missing" => format!("{name} is declared but does not exist"),
                "unmanaged" => format!("{name} exists but is declared in no state"),
                other => format!("{name}: {other}"),
            };
            // Events are newest first: the last one is the first change.
            let newest = d.events.first();
            let oldest = d.events.last();
            Evidence {
                source: Source::Drift,
                check: format!("drift-{}", d.class),
                state: EvidenceState::Failing,
                severity: DRIFT_SEVERITY,
                title: format!("{} {}", d.resource_type, d.class),
                message,
                resource: Some(name),
                location: d.region.filter(|r| !r.is_empty()),
                actor: newest.and_then(|e| e.actor.clone()),
                channel: newest.and_then(|e| e.channel.clone()),
                first_seen: oldest.map(|e| e.event_time.clone()),
                last_seen: newest.map(|e| e.event_time.clone()),
                reason: None,
                input: path.to_string(),
                controls: d.controls,
            }
        })
        .collect();
    let mut notes = Vec::new();
    if !report.complete {
        notes.push(format!(
            "the drift report is incomplete: {} declared resource(s) not compared, {} read failure(s)",
            report.not_scanned.len(),
            report.scan_failures.len()
        ));
    }
    Input {
        source: Source::Drift,
        path: path.to_string(),
        checks: report.checks,
        complete: report.complete,
        notes,
        evidence: 0,
        items,
    }
}

// ---- trail ----------------------------------------------------------------------------------

#[derive(Deserialize)]
struct TrailReport {
    #[serde(default)]
    checks: Vec<String>,
    // Required: `summary.input` tells a trail report from a scan report.
    summary: TrailSummary,
    findings: Vec<TrailFinding>,
}

#[derive(Deserialize)]
struct TrailSummary {
    input: TrailInputStats,
}

#[derive(Deserialize)]
struct TrailInputStats {
    #[serde(default)]
    failed_files: usize,
}

#[derive(Deserialize)]
struct TrailFinding {
    rule: String,
    #[serde(default = "medium")]
    severity: Severity,
    #[serde(default)]
    title: String,
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    actor: Option<String>,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    first_seen: Option<String>,
    #[serde(default)]
    last_seen: Option<String>,
    #[serde(default)]
    event_count: usize,
    #[serde(default)]
    controls: Vec<String>,
}

fn trail_input(path: &str, report: TrailReport) -> Input {
    let items = report
        .findings
        .into_iter()
        .map(|f| {
            let resource = f
                .address
                .clone()
                .or_else(|| match (&f.resource_type, &f.resource_id) {
                    (Some(t), Some(id)) => Some(format!("{t}.{id}")),
                    _ => None,
                });
            Evidence {
                source: Source::Trail,
                check: f.rule,
                state: EvidenceState::Failing,
                severity: f.severity,
                message: format!("{} event(s)", f.event_count),
                title: f.title,
                resource,
                location: f.region,
                actor: f.actor,
                channel: (!f.channels.is_empty()).then(|| f.channels.join(", ")),
                first_seen: f.first_seen,
                last_seen: f.last_seen,
                reason: None,
                input: path.to_string(),
                controls: f.controls,
            }
        })
        .collect();
    let failed = report.summary.input.failed_files;
    let notes = if failed > 0 {
        vec![format!(
            "{failed} CloudTrail file(s) could not be read in full: their events were not checked"
        )]
    } else {
        Vec::new()
    };
    Input {
        source: Source::Trail,
        path: path.to_string(),
        checks: report.checks,
        complete: failed == 0,
        notes,
        evidence: 0,
        items,
    }
}
