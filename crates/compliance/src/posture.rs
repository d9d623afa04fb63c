//! Posture: each control of one framework with its status and evidence, from the results of
//! driftguard's checks. What `driftguard report` renders.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::evidence::{Evidence, EvidenceState, Input, Severity};
use crate::{Catalog, Check, ControlRef, Framework, Source};

/// Version of the JSON compliance report (`docs/compliance-json.md`).
pub const POSTURE_SCHEMA_VERSION: u32 = 1;

/// A control's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A check that assesses it ran and reported something.
    Failing,
    /// Checks that assess it ran and reported nothing.
    Passing,
    /// Checks exist for it, but none of the inputs ran them (e.g. no drift report given).
    NotAssessed,
    /// No automated check assesses it: evidence must be gathered by hand.
    Manual,
}

impl Status {
    /// In the order summaries list them.
    pub const ALL: [Status; 4] = [
        Status::Failing,
        Status::Passing,
        Status::NotAssessed,
        Status::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Failing => "failing",
            Status::Passing => "passing",
            Status::NotAssessed => "not_assessed",
            Status::Manual => "manual",
        }
    }

    /// For people: `not assessed`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Failing => "failing",
            Status::Passing => "passing",
            Status::NotAssessed => "not assessed",
            Status::Manual => "manual",
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Posture {
    pub schema_version: u32,
    /// `driftguard 0.1.0`.
    pub generator: String,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub framework: FrameworkInfo,
    pub summary: Summary,
    pub inputs: Vec<Input>,
    /// Posture per theme, section or family.
    pub groups: Vec<GroupPosture>,
    pub controls: Vec<ControlPosture>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkInfo {
    pub id: String,
    /// Name and version, for headings ([`Framework::title`]).
    pub title: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
    pub source: String,
}

/// Counts over the framework's controls and the evidence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub controls: usize,
    pub failing: usize,
    pub passing: usize,
    pub not_assessed: usize,
    pub manual: usize,
    /// Controls at least one automated check assesses (`controls - manual`).
    pub automated: usize,
    /// `automated / controls` in percent, two decimals.
    pub coverage_percent: f64,
    /// Controls the given inputs assessed (`failing + passing`).
    pub assessed: usize,
    /// Failing evidence items by severity (each item once, however many controls it concerns).
    pub findings_by_severity: BTreeMap<Severity, usize>,
    /// Failing evidence items by source.
    pub findings_by_source: BTreeMap<Source, usize>,
    pub suppressed: usize,
    pub inconclusive: usize,
    /// False when an input did not read everything (see each input's notes).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupPosture {
    pub id: String,
    pub name: String,
    pub controls: usize,
    pub failing: usize,
    pub passing: usize,
    pub not_assessed: usize,
    pub manual: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlPosture {
    pub id: String,
    pub name: String,
    pub group: String,
    pub status: Status,
    /// The checks that assess the control, and whether an input ran them.
    pub checks: Vec<CheckRun>,
    /// Failing evidence first (most severe first), then suppressed and inconclusive items.
    pub evidence: Vec<Evidence>,
    /// Caveats: inputs that did not read everything.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRun {
    pub id: String,
    pub source: Source,
    pub title: String,
    pub ran: bool,
}

/// Assesses every control of `framework` from `inputs`.
pub fn assess(
    framework: &Framework,
    catalog: &Catalog,
    inputs: Vec<Input>,
    generator: &str,
    generated_at: &str,
) -> Posture {
    // Control id -> the checks assessing it, expanded once.
    let mut assessing: HashMap<&str, Vec<&Check>> = HashMap::new();
    for check in catalog.checks() {
        for control in check.mapping.controls_in(framework) {
            assessing
                .entry(control.id.as_str())
                .or_default()
                .push(check);
        }
    }
    let ran: HashSet<&str> = inputs
        .iter()
        .flat_map(|i| i.checks.iter().map(String::as_str))
        .collect();

    // Evidence by control; a check this driftguard does not know uses the producer's references.
    let mut by_control: HashMap<&str, Vec<&Evidence>> = HashMap::new();
    let mut extra_checks: HashMap<&str, Vec<&str>> = HashMap::new();
    for item in inputs.iter().flat_map(|i| &i.items) {
        let controls: Vec<&str> = match catalog.get(&item.check) {
            Some(check) => check
                .mapping
                .controls_in(framework)
                .into_iter()
                .map(|c| c.id.as_str())
                .collect(),
            None => item
                .controls
                .iter()
                .filter_map(|r| ControlRef::parse(r))
                .filter(|r| r.framework == framework.id)
                .filter_map(|r| framework.control(r.control).map(|c| c.id.as_str()))
                .collect(),
        };
        for control in controls {
            by_control.entry(control).or_default().push(item);
            if catalog.get(&item.check).is_none() {
                extra_checks.entry(control).or_default().push(&item.check);
            }
        }
    }

    let incomplete: Vec<(Source, &String)> = inputs
        .iter()
        .filter(|i| !i.complete)
        .flat_map(|i| i.notes.iter().map(move |n| (i.source, n)))
        .collect();

    let controls: Vec<ControlPosture> = framework
        .controls
        .iter()
        .map(|control| {
            let checks = assessing
                .get(control.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let mut evidence: Vec<Evidence> = by_control
                .get(control.id.as_str())
                .into_iter()
                .flatten()
                .map(|e| (*e).clone())
                .collect();
            evidence.sort_by(|a, b| {
                (
                    a.state,
                    std::cmp::Reverse(a.severity),
                    &a.check,
                    &a.resource,
                )
                    .cmp(&(
                        b.state,
                        std::cmp::Reverse(b.severity),
                        &b.check,
                        &b.resource,
                    ))
            });
            let mut runs: Vec<CheckRun> = checks
                .iter()
                .map(|c| CheckRun {
                    id: c.id.clone(),
                    source: c.source,
                    title: c.title.clone(),
                    ran: ran.contains(c.id.as_str()),
                })
                .collect();
            for id in extra_checks.get(control.id.as_str()).into_iter().flatten() {
                if !runs.iter().any(|r| r.id == *id) {
                    let source = evidence.iter().find(|e| e.check == *id).map(|e| e.source);
                    runs.push(CheckRun {
                        id: id.to_string(),
                        source: source.unwrap_or(Source::Scan),
                        title: String::new(),
                        ran: true,
                    });
                }
            }
            let failing = evidence.iter().any(|e| e.state == EvidenceState::Failing);
            let status = if failing {
                Status::Failing
            } else if runs.iter().any(|r| r.ran) {
                Status::Passing
            } else if !runs.is_empty() {
                Status::NotAssessed
            } else {
                Status::Manual
            };
            // A pass is only as good as the inputs behind it.
            let mut notes = Vec::new();
            if status == Status::Passing {
                let sources: HashSet<Source> =
                    runs.iter().filter(|r| r.ran).map(|r| r.source).collect();
                notes.extend(
                    incomplete
                        .iter()
                        .filter(|(source, _)| sources.contains(source))
                        .map(|(_, note)| (*note).clone()),
                );
                let undecided = evidence
                    .iter()
                    .filter(|e| e.state == EvidenceState::Inconclusive)
                    .count();
                if undecided > 0 {
                    notes.push(format!(
                        "{undecided} check(s) could not be decided from the code (a value is \
                         unknown before apply): see the inconclusive evidence"
                    ));
                }
            }
            ControlPosture {
                id: control.id.clone(),
                name: control.name.clone(),
                group: control.group.clone(),
                status,
                checks: runs,
                evidence,
                notes,
            }
        })
        .collect();

    let groups = framework
        .groups
        .iter()
        .map(|g| {
            let of_group: Vec<&ControlPosture> =
                controls.iter().filter(|c| c.group == g.id).collect();
            let count = |s: Status| of_group.iter().filter(|c| c.status == s).count();
            GroupPosture {
                id: g.id.clone(),
                name: g.name.clone(),
                controls: of_group.len(),
                failing: count(Status::Failing),
                passing: count(Status::Passing),
                not_assessed: count(Status::NotAssessed),
                manual: count(Status::Manual),
            }
        })
        .collect();

    let summary = summarise(&controls, &inputs);
    Posture {
        schema_version: POSTURE_SCHEMA_VERSION,
        generator: generator.to_string(),
        generated_at: generated_at.to_string(),
        framework: FrameworkInfo {
            id: framework.id.clone(),
            title: framework.title(),
            name: framework.name.clone(),
            version: framework.version.clone(),
            publisher: framework.publisher.clone(),
            source: framework.source.clone(),
        },
        summary,
        inputs,
        groups,
        controls,
    }
}

fn summarise(controls: &[ControlPosture], inputs: &[Input]) -> Summary {
    let count = |s: Status| controls.iter().filter(|c| c.status == s).count();
    let mut summary = Summary {
        controls: controls.len(),
        failing: count(Status::Failing),
        passing: count(Status::Passing),
        not_assessed: count(Status::NotAssessed),
        manual: count(Status::Manual),
        complete: inputs.iter().all(|i| i.complete),
        ..Summary::default()
    };
    summary.automated = summary.controls - summary.manual;
    summary.assessed = summary.failing + summary.passing;
    summary.coverage_percent = percent(summary.automated, summary.controls);
    for severity in Severity::ALL {
        summary.findings_by_severity.insert(severity, 0);
    }
    for item in inputs.iter().flat_map(|i| &i.items) {
        match item.state {
            EvidenceState::Failing => {
                *summary
                    .findings_by_severity
                    .entry(item.severity)
                    .or_default() += 1;
                *summary.findings_by_source.entry(item.source).or_default() += 1;
            }
            EvidenceState::Suppressed => summary.suppressed += 1,
            EvidenceState::Inconclusive => summary.inconclusive += 1,
        }
    }
    summary
}

/// `part / whole` in percent with two decimals; 0 for an empty whole.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}
