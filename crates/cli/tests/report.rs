//! End-to-end tests of `driftguard report`, `frameworks` and `explain <control>`: the binary
//! chaining real `scan`, `drift` and `trail` runs into a compliance report.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

fn driftguard(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.current_dir(dir).env("CI", "1").env("NO_COLOR", "1");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = driftguard(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const VERSIONS_TF: &str = "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.40\"\n    }\n  }\n}\n";
const LOCK_FILE: &str =
    "provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"5.40.0\"\n}\n";
/// A public bucket (the only finding besides its missing parts) in a pinned root module.
const MAIN_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}
"#;

/// A state declaring user alice, and an inventory where her tags changed and a shadow user
/// appeared; CloudTrail events of the console change.
fn write_inputs(dir: &Path) {
    fs::create_dir_all(dir.join("tf")).unwrap();
    fs::write(dir.join("tf/main.tf"), MAIN_TF).unwrap();
    fs::write(dir.join("tf/versions.tf"), VERSIONS_TF).unwrap();
    fs::write(dir.join("tf/.terraform.lock.hcl"), LOCK_FILE).unwrap();
    let state = json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "3f1c", "outputs": {},
        "resources": [{"mode": "managed", "type": "aws_iam_user", "name": "alice",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 0, "attributes": {
                "id": "alice", "name": "alice", "path": "/", "arn": "arn:aws:iam::123456789012:user/alice",
                "force_destroy": false, "permissions_boundary": null, "tags": {"team": "a"},
                "tags_all": {"team": "a"}, "unique_id": "AIDA1"}, "sensitive_attributes": []}]}]
    });
    let inventory = json!({
        "schema_version": 1, "generated_at": "2026-11-22T08:00:00Z", "account": "123456789012",
        "regions": ["eu-west-1"], "scanned": [{"type": "aws_iam_user", "region": "global"}],
        "not_scanned": [],
        "resources": [
            {"type": "aws_iam_user", "id": "alice", "region": "global", "attributes": {
                "id": "alice", "name": "alice", "path": "/", "arn": "arn:aws:iam::123456789012:user/alice",
                "tags": {"team": "b"}, "tags_all": {"team": "b"}, "unique_id": "AIDA1"}},
            {"type": "aws_iam_user", "id": "shadow-admin", "region": "global", "attributes": {
                "id": "shadow-admin", "name": "shadow-admin", "path": "/", "tags": {}, "tags_all": {}}}
        ]
    });
    let event = json!({"Records": [{
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAMALLORY",
            "arn": "arn:aws:iam::123456789012:user/mallory", "accountId": "123456789012",
            "userName": "mallory"},
        "eventTime": "2026-11-20T23:41:07Z", "eventSource": "iam.amazonaws.com",
        "eventName": "TagUser", "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7", "userAgent": "AWS Internal",
        "requestParameters": {"userName": "alice", "tags": [{"key": "team", "value": "b"}]},
        "responseElements": null, "requestID": "r-1",
        "eventID": "5b1c1f0e-0000-4000-8000-000000000001", "readOnly": false,
        "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012",
        "sessionCredentialFromConsole": "true"
    }]});
    fs::write(dir.join("terraform.tfstate"), state.to_string()).unwrap();
    fs::write(dir.join("inventory.json"), inventory.to_string()).unwrap();
    fs::write(dir.join("cloudtrail.json"), event.to_string()).unwrap();
}

/// Runs scan, drift and trail through the binary, writing their JSON outputs.
fn produce_results(dir: &Path) {
    write_inputs(dir);
    let (code, _, err) = run(
        dir,
        &[
            "scan",
            "tf",
            "-f",
            "json",
            "-o",
            "scan.json",
            "--no-progress",
        ],
    );
    assert_eq!(code, 1, "findings expected: {err}");
    let (code, _, err) = run(
        dir,
        &[
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "-f",
            "json",
            "-o",
            "drift.json",
        ],
    );
    assert_eq!(code, 1, "drift expected: {err}");
    let (code, _, err) = run(
        dir,
        &[
            "trail",
            "--logs",
            "cloudtrail.json",
            "--state",
            "terraform.tfstate",
            "-f",
            "json",
            "-o",
            "trail.json",
        ],
    );
    assert_eq!(code, 1, "a trail finding expected: {err}");
}

fn control<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

fn evidence_checks(control: &Value) -> Vec<&str> {
    control["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["check"].as_str().unwrap())
        .collect()
}

#[test]
fn a_report_joins_scan_drift_and_trail_results_to_iso27001_controls() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    produce_results(dir);

    // The results carry their control references.
    let scan: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("scan.json")).unwrap()).unwrap();
    let public = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "aws-s3-bucket-public-read-acl")
        .expect("the public bucket is found");
    assert!(
        public["controls"]
            .as_array()
            .unwrap()
            .contains(&json!("iso27001:A.8.12")),
        "{public}"
    );
    assert!(
        scan["checks"].as_array().unwrap().len() > 100,
        "every rule ran"
    );
    let drift: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("drift.json")).unwrap()).unwrap();
    assert!(drift["drifts"][0]["controls"]
        .as_array()
        .unwrap()
        .contains(&json!("iso27001:A.8.9")));

    let (code, out, err) = run(
        dir,
        &[
            "report",
            "--framework",
            "iso27001",
            "--scan",
            "scan.json",
            "--drift",
            "drift.json",
            "--trail",
            "trail.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(code, 1, "failing controls exit 1: {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["framework"]["id"], "iso27001");
    assert_eq!(report["summary"]["controls"], 93);
    assert_eq!(report["inputs"].as_array().unwrap().len(), 3);

    // Public bucket -> data leakage prevention, with the code location as evidence.
    let dlp = control(&report, "A.8.12");
    assert_eq!(dlp["status"], "failing");
    let item = &dlp["evidence"][0];
    assert_eq!(item["resource"], "aws_s3_bucket.logs");
    assert!(
        item["location"]
            .as_str()
            .unwrap()
            .starts_with("tf/main.tf:"),
        "{item}"
    );

    // Drift and the console change behind it -> change management, with attribution.
    let change = control(&report, "A.8.32");
    assert_eq!(change["status"], "failing");
    let checks = evidence_checks(change);
    for expected in ["drift-changed", "drift-unmanaged", "aws-out-of-band-change"] {
        assert!(checks.contains(&expected), "{checks:?}");
    }
    let trail = change["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["check"] == "aws-out-of-band-change")
        .unwrap();
    assert_eq!(trail["actor"], "arn:aws:iam::123456789012:user/mallory");
    assert_eq!(trail["first_seen"], "2026-11-20T23:41:07Z");
    assert_eq!(trail["resource"], "aws_iam_user.alice");

    // The shadow user -> asset inventory.
    assert!(evidence_checks(control(&report, "A.5.9")).contains(&"drift-unmanaged"));
    // Segregation of duties is assessed only by the unsanctioned-IaC detection, which needs a
    // pipeline allow-list this trail run did not have.
    assert_eq!(control(&report, "A.5.3")["status"], "not_assessed");
    // Physical security: manual.
    assert_eq!(control(&report, "A.7.4")["status"], "manual");
}

#[test]
fn every_format_is_written_and_the_format_follows_the_file_extension() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    produce_results(dir);
    let inputs = [
        "--scan",
        "scan.json",
        "--drift",
        "drift.json",
        "--trail",
        "trail.json",
    ];
    for (file, marker) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.md", "# Compliance report: SOC 2"),
        ("r.json", "\"schema_version\": 1"),
        ("r.csv", "framework,control,control_name"),
    ] {
        let mut args = vec!["report", "--framework", "soc2", "-o", file];
        args.extend(inputs);
        let (code, _, err) = run(dir, &args);
        assert_eq!(code, 1, "{file}: {err}");
        assert!(err.contains("wrote"), "{err}");
        let text = fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains(marker), "{file} lacks {marker:?}");
    }
    // --exit-zero keeps CI green while publishing the report.
    let mut args = vec![
        "report",
        "--framework",
        "pci-dss",
        "--exit-zero",
        "-f",
        "csv",
    ];
    args.extend(inputs);
    let (code, out, _) = run(dir, &args);
    assert_eq!(code, 0);
    let rows = out.lines().filter(|l| l.starts_with("pci-dss,")).count();
    assert!(rows >= 63, "one row per control at least: {rows}");
}

#[test]
fn a_report_can_run_the_scan_itself() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write_inputs(dir);
    let (code, out, err) = run(
        dir,
        &["report", "--framework", "cis-aws", "tf", "-f", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["inputs"][0]["path"], "scan of tf");
    assert_eq!(report["inputs"][0]["complete"], true);
    // A bucket without Block Public Access declared fails CIS 2.1.4.
    assert_eq!(control(&report, "2.1.4")["status"], "failing");
    assert!(
        report["summary"]["findings_by_source"]["scan"]
            .as_u64()
            .unwrap()
            > 0
    );

    // A file that cannot be parsed makes the inline scan incomplete: exit 2, named on stderr.
    fs::write(
        dir.join("tf/broken.tf"),
        "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir,
        &["report", "--framework", "iso27001", "tf", "-f", "json"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.tf:"), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["complete"], false);
}

#[test]
fn bad_inputs_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    produce_results(dir);
    fs::write(
        dir.join("truncated.json"),
        "{\"schema_version\": 1,\n \"findings\": [",
    )
    .unwrap();
    for (args, expected) in [
        (
            vec!["report", "--framework", "iso27001"],
            "nothing to assess",
        ),
        (
            vec!["report", "--framework", "iso9001", "--scan", "scan.json"],
            "no framework \"iso9001\"",
        ),
        (
            vec![
                "report",
                "--framework",
                "iso27001",
                "--scan",
                "missing.json",
            ],
            "missing.json",
        ),
        (
            vec![
                "report",
                "--framework",
                "iso27001",
                "--scan",
                "truncated.json",
            ],
            "truncated.json:2:",
        ),
        // A drift report given as a scan is refused, never read as "no findings".
        (
            vec!["report", "--framework", "iso27001", "--scan", "drift.json"],
            "not a driftguard scan JSON report",
        ),
        (
            vec!["report", "--framework", "iso27001", "--trail", "scan.json"],
            "not a driftguard trail JSON report",
        ),
    ] {
        let (code, out, err) = run(dir, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} wrote a report");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn frameworks_are_listed_with_their_automated_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(dir.path(), &["frameworks"]);
    assert_eq!(code, 0);
    for id in [
        "iso27001",
        "cis-aws",
        "soc2",
        "pci-dss",
        "nist-800-53",
        "hipaa",
    ] {
        assert!(out.contains(id), "{out}");
    }
    let (_, out, _) = run(dir.path(), &["frameworks", "-f", "json"]);
    let list: Value = serde_json::from_str(&out).unwrap();
    let iso = &list[0];
    assert_eq!(iso["id"], "iso27001");
    assert_eq!(iso["controls"], 93);
    let automated = iso["automated"].as_u64().unwrap();
    assert!(automated > 20 && automated < 93, "{automated}");
}

#[test]
fn explain_shows_which_checks_assess_a_control() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(dir.path(), &["explain", "A.8.24"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("A.8.24 Use of cryptography (iso27001:A.8.24)"),
        "{out}"
    );
    assert!(
        out.contains("aws-s3-bucket-encryption-not-configured"),
        "{out}"
    );

    let (_, out, _) = run(dir.path(), &["explain", "iso27001:A.8.32"]);
    assert!(
        out.contains("drift-changed") && out.contains("aws-out-of-band-change"),
        "{out}"
    );
    assert!(out.contains("Drift classes"), "{out}");

    let (_, out, _) = run(dir.path(), &["explain", "iso27001:A.7.4"]);
    assert!(out.contains("No automated check"), "{out}");

    // A bare id defined by several frameworks shows each.
    let (_, out, _) = run(dir.path(), &["explain", "1.4"]);
    assert!(
        out.contains("(cis-aws:1.4)") && out.contains("(pci-dss:1.4)"),
        "{out}"
    );

    let (_, out, _) = run(dir.path(), &["explain", "drift-unmanaged"]);
    assert!(
        out.contains("A.5.9 Inventory of information and assets"),
        "{out}"
    );

    let (code, _, err) = run(dir.path(), &["explain", "A.99.1"]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule"), "{err}");
}
