//! The posture of a framework over fixed scan, drift and trail results: statuses, evidence,
//! input errors, and golden outputs of the JSON, Markdown and CSV formats.

mod common;

use std::path::Path;

use driftguard_compliance::evidence::Severity;
use driftguard_compliance::posture::ControlPosture;
use driftguard_compliance::{
    assess, framework, parse_input, render, EvidenceState, InputError, Posture, Source, Status,
};

fn control<'p>(posture: &'p Posture, id: &str) -> &'p ControlPosture {
    posture
        .controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

fn checks_of(c: &ControlPosture) -> Vec<&str> {
    c.evidence.iter().map(|e| e.check.as_str()).collect()
}

#[test]
fn a_finding_fails_the_controls_its_rule_maps_to() {
    let posture = common::posture("iso27001");
    // Public bucket -> data leakage prevention.
    let dlp = control(&posture, "A.8.12");
    assert_eq!(dlp.status, Status::Failing);
    assert_eq!(checks_of(dlp), ["aws-s3-bucket-public-read"]);
    assert_eq!(
        dlp.evidence[0].location.as_deref(),
        Some("main.tf:3"),
        "evidence points at the code"
    );
    // Secrets -> authentication information.
    assert_eq!(control(&posture, "A.5.17").status, Status::Failing);
}

#[test]
fn suppressed_findings_are_shown_but_do_not_fail() {
    let posture = common::posture("iso27001");
    let backup = control(&posture, "A.8.13");
    assert_eq!(backup.status, Status::Failing, "one unsuppressed finding");
    let states: Vec<EvidenceState> = backup.evidence.iter().map(|e| e.state).collect();
    assert_eq!(states, [EvidenceState::Failing, EvidenceState::Suppressed]);
    assert_eq!(
        backup.evidence[1].reason.as_deref(),
        Some("inline suppression: static website <rebuilt from git>")
    );
}

#[test]
fn drift_and_trail_evidence_carry_attribution() {
    let posture = common::posture("iso27001");
    let change = control(&posture, "A.8.32");
    assert_eq!(change.status, Status::Failing);
    let mut checks = checks_of(change);
    checks.sort();
    assert_eq!(
        checks,
        ["aws-out-of-band-change", "drift-changed", "drift-unmanaged"]
    );
    let drift = change
        .evidence
        .iter()
        .find(|e| e.check == "drift-changed")
        .unwrap();
    assert_eq!(
        drift.resource.as_deref(),
        Some("module.net.aws_security_group.web")
    );
    assert_eq!(
        drift.actor.as_deref(),
        Some("arn:aws:iam::111122223333:user/mallory")
    );
    assert_eq!(drift.channel.as_deref(), Some("console"));
    assert_eq!(drift.first_seen.as_deref(), Some("2026-11-20T23:41:07Z"));
    assert!(drift.message.contains("ingress.0 ADD"), "{}", drift.message);
    let trail = change
        .evidence
        .iter()
        .find(|e| e.source == Source::Trail)
        .unwrap();
    assert_eq!(trail.severity, Severity::High);
    assert_eq!(trail.first_seen.as_deref(), Some("2026-11-20T23:40:51Z"));
    assert_eq!(trail.last_seen.as_deref(), Some("2026-11-20T23:41:07Z"));
    // Unmanaged resource -> inventory of assets.
    assert_eq!(checks_of(control(&posture, "A.5.9")), ["drift-unmanaged"]);
}

#[test]
fn statuses_tell_unrun_checks_from_controls_without_any() {
    let posture = common::posture("iso27001");
    // Only the KMS rotation rule assesses cryptography here, and no input ran it.
    let crypto = control(&posture, "A.8.24");
    assert_eq!(crypto.status, Status::NotAssessed);
    assert_eq!(crypto.checks.len(), 1);
    assert!(!crypto.checks[0].ran);
    // Physical security: no automated check at all.
    assert_eq!(control(&posture, "A.7.1").status, Status::Manual);
    // The SSH rule ran and was only inconclusive: passing, with a note saying so.
    let network = control(&posture, "A.8.20");
    assert_eq!(network.status, Status::Passing);
    assert_eq!(network.evidence[0].state, EvidenceState::Inconclusive);
    assert!(
        network.notes[0].contains("could not be decided"),
        "{:?}",
        network.notes
    );
}

#[test]
fn the_summary_counts_controls_and_evidence() {
    let posture = common::posture("iso27001");
    let s = &posture.summary;
    assert_eq!(s.controls, 93);
    assert_eq!(s.failing + s.passing + s.not_assessed + s.manual, 93);
    assert_eq!(s.automated, 93 - s.manual);
    assert_eq!(s.assessed, s.failing + s.passing);
    let counted = posture
        .controls
        .iter()
        .filter(|c| c.status == Status::Failing)
        .count();
    assert_eq!(s.failing, counted);
    // Each item once, however many controls it concerns: 3 scan + 2 drift + 1 trail.
    assert_eq!(s.findings_by_severity[&Severity::Critical], 2);
    assert_eq!(s.findings_by_severity[&Severity::High], 1);
    assert_eq!(s.findings_by_severity[&Severity::Medium], 3);
    assert_eq!((s.suppressed, s.inconclusive), (1, 1));
    assert!(!s.complete, "the drift fixture is incomplete");
    let groups: usize = posture.groups.iter().map(|g| g.controls).sum();
    assert_eq!(groups, 93);
}

#[test]
fn an_incomplete_input_qualifies_the_passes_it_gives() {
    let drift = r#"{"schema_version": 1, "complete": false, "drifts": [],
        "not_scanned": [{"type": "aws_kms_key"}], "scan_failures": [{}]}"#;
    let input = parse_input(
        Source::Drift,
        "drift.json",
        drift,
        &["drift-changed".into()],
    )
    .unwrap();
    assert!(input
        .notes
        .iter()
        .any(|n| n.contains("does not list the checks")));
    let posture = assess(
        framework("iso27001").unwrap(),
        &common::catalog(),
        vec![input],
        "driftguard test",
        "2026-11-22T00:00:00Z",
    );
    let config = control(&posture, "A.8.9");
    assert_eq!(config.status, Status::Passing);
    assert!(
        config
            .notes
            .iter()
            .any(|n| n.contains("1 declared resource(s) not compared")),
        "{:?}",
        config.notes
    );
}

#[test]
fn bad_inputs_are_errors_naming_the_file_and_position() {
    let ids: Vec<String> = Vec::new();
    let truncated = parse_input(
        Source::Scan,
        "scan.json",
        "{\"schema_version\": 1,\n \"findings\": [",
        &ids,
    )
    .unwrap_err();
    let text = truncated.to_string();
    assert!(
        matches!(truncated, InputError::Parse { line: 2, .. }),
        "{text}"
    );
    assert!(text.starts_with("scan.json:2:"), "{text}");

    let version =
        parse_input(Source::Drift, "d.json", r#"{"schema_version": 7}"#, &ids).unwrap_err();
    assert!(
        version
            .to_string()
            .contains("schema version 7 is not supported"),
        "{version}"
    );

    // A report of one kind given as another never reads as "no findings".
    let trail = std::fs::read_to_string(common::fixtures().join("trail.json")).unwrap();
    let wrong = parse_input(Source::Scan, "trail.json", &trail, &ids).unwrap_err();
    assert!(
        wrong.to_string().contains("missing field `rule_id`"),
        "{wrong}"
    );
    let scan = std::fs::read_to_string(common::fixtures().join("scan.json")).unwrap();
    let wrong = parse_input(Source::Drift, "scan.json", &scan, &ids).unwrap_err();
    assert!(wrong.to_string().contains("missing field"), "{wrong}");
    let wrong = parse_input(Source::Trail, "scan.json", &scan, &ids).unwrap_err();
    assert!(
        wrong.to_string().contains("missing field `input`"),
        "{wrong}"
    );

    let missing =
        driftguard_compliance::read_input(Source::Scan, Path::new("/nonexistent/scan.json"), &ids)
            .unwrap_err();
    assert!(
        missing.to_string().starts_with("/nonexistent/scan.json: "),
        "{missing}"
    );
}

#[test]
fn csv_has_a_row_per_control_and_evidence_and_defuses_formulas() {
    let posture = common::posture("iso27001");
    let text = render::csv(&posture);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expected: usize = posture
        .controls
        .iter()
        .map(|c| c.evidence.len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    let controls: std::collections::HashSet<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(controls.len(), 93, "every control appears");
}

/// Compares `actual` with the golden file, or rewrites it under `DRIFTGUARD_BLESS=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("DRIFTGUARD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (DRIFTGUARD_BLESS=1 cargo test -p driftguard-compliance writes it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             review, then re-bless with DRIFTGUARD_BLESS=1",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn golden_json() {
    golden("iso27001.json", &render::json(&common::posture("iso27001")));
}

#[test]
fn golden_markdown() {
    golden(
        "iso27001.md",
        &render::markdown(&common::posture("iso27001")),
    );
}

#[test]
fn golden_csv() {
    golden("iso27001.csv", &render::csv(&common::posture("iso27001")));
}

#[test]
fn golden_json_of_another_framework() {
    golden("cis-aws.json", &render::json(&common::posture("cis-aws")));
}

#[test]
fn every_json_field_is_documented() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/compliance-json.md"),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&render::json(&common::posture("iso27001"))).unwrap();
    fn walk(value: &serde_json::Value, doc: &str) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    // Map keys that are data, not fields.
                    let data = [
                        "critical", "high", "medium", "low", "info", "scan", "drift", "trail",
                    ];
                    assert!(
                        data.contains(&key.as_str()) || doc.contains(&format!("`{key}`")),
                        "docs/compliance-json.md does not document `{key}`"
                    );
                    walk(inner, doc);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, doc)),
            _ => {}
        }
    }
    walk(&json, &doc);
}
