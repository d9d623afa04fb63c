//! End-to-end tests of `driftguard drift` against an inventory snapshot (offline mode).

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

fn driftguard() -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.env("CI", "1");
    cmd
}

/// A v4 state as terraform-provider-aws writes it: two users and a group membership.
fn state() -> Value {
    json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "3f1c",
        "outputs": {},
        "resources": [
            {"mode": "managed", "type": "aws_iam_user", "name": "alice",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 0, "attributes": {
                 "id": "alice", "name": "alice", "path": "/", "arn": "arn:aws:iam::123456789012:user/alice",
                 "force_destroy": false, "permissions_boundary": null, "tags": {"team": "a"}, "tags_all": {"team": "a"}, "unique_id": "AIDA1"},
               "sensitive_attributes": []}]},
            {"mode": "managed", "type": "aws_iam_user", "name": "bob",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 0, "attributes": {
                 "id": "bob", "name": "bob", "path": "/", "arn": "arn:aws:iam::123456789012:user/bob",
                 "force_destroy": false, "permissions_boundary": null, "tags": {}, "tags_all": {}, "unique_id": "AIDA2"},
               "sensitive_attributes": []}]}
        ]
    })
}

/// The live side: alice's tag changed by hand, bob deleted, a shadow user created.
fn snapshot(not_scanned: Value) -> Value {
    json!({
        "schema_version": 1, "generated_at": "2026-11-22T08:00:00Z", "account": "123456789012",
        "regions": ["eu-west-1"],
        "scanned": [{"type": "aws_iam_user", "region": "global"}],
        "not_scanned": not_scanned,
        "resources": [
            {"type": "aws_iam_user", "id": "alice", "region": "global", "attributes": {
                "id": "alice", "name": "alice", "path": "/", "arn": "arn:aws:iam::123456789012:user/alice",
                "tags": {"team": "b"}, "tags_all": {"team": "b"}, "unique_id": "AIDA1"}},
            {"type": "aws_iam_user", "id": "shadow-admin", "region": "global", "attributes": {
                "id": "shadow-admin", "name": "shadow-admin", "path": "/", "tags": {}, "tags_all": {}}}
        ]
    })
}

fn write(dir: &Path, name: &str, value: &Value) {
    fs::write(dir.join(name), serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn drift_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = driftguard()
        .current_dir(dir)
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), report)
}

fn classes(report: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["class"].as_str().unwrap().to_string(),
                d["cloud_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn changed_missing_and_unmanaged_are_reported_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "terraform.tfstate", &state());
    write(tmp.path(), "inventory.json", &snapshot(json!([])));
    let (code, report) = drift_json(tmp.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        classes(&report),
        [
            ("changed".into(), "alice".into()),
            ("missing".into(), "bob".into()),
            ("unmanaged".into(), "shadow-admin".into())
        ]
    );
    let alice = report["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["cloud_id"] == "alice")
        .unwrap();
    assert_eq!(
        alice["differences"],
        json!([{"path": "tags.team", "kind": "NOT_EQUAL", "expected": "a", "actual": "b"}])
    );
}

#[test]
fn an_unreadable_scope_is_never_missing_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "terraform.tfstate", &state());
    let mut live = snapshot(
        json!([{"type": "aws_iam_user", "region": "global", "error": "AccessDenied: iam:ListUsers"}]),
    );
    live["scanned"] = json!([]);
    live["resources"] = json!([]);
    write(tmp.path(), "inventory.json", &live);
    let (code, report) = drift_json(tmp.path(), &[]);
    assert_eq!(code, 2, "an incomplete scan is never clean");
    assert!(
        classes(&report).iter().all(|(class, _)| class != "missing"),
        "{report}"
    );
    assert_eq!(report["complete"], false);
    let (code, _) = drift_json(tmp.path(), &["--allow-partial"]);
    assert_eq!(code, 0);
}

#[test]
fn a_written_driftignore_accepts_the_current_drift() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "terraform.tfstate", &state());
    write(tmp.path(), "inventory.json", &snapshot(json!([])));
    let output = driftguard()
        .current_dir(tmp.path())
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "--write-driftignore",
            ".driftignore",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let (code, report) = drift_json(tmp.path(), &[]);
    assert_eq!(
        code, 0,
        "the .driftignore in the working directory is read: {report}"
    );
    assert!(classes(&report).is_empty());
    let (_, report) = drift_json(
        tmp.path(),
        &[
            "--driftignore",
            "/dev/null",
            "--filter",
            "id == \"shadow-admin\"",
        ],
    );
    assert_eq!(
        classes(&report),
        [("unmanaged".into(), "shadow-admin".into())]
    );
}

#[test]
fn bad_state_and_bad_filter_are_errors_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("terraform.tfstate"),
        r#"{"version": 3, "serial": 1}"#,
    )
    .unwrap();
    write(tmp.path(), "inventory.json", &snapshot(json!([])));
    let output = driftguard()
        .current_dir(tmp.path())
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("terraform.tfstate") && stderr.contains('3'),
        "{stderr}"
    );

    write(tmp.path(), "terraform.tfstate", &state());
    let output = driftguard()
        .current_dir(tmp.path())
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "--filter",
            "type ==",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
