mod common;

use driftguard_drift::inventory::{read_snapshot, write_snapshot};
use driftguard_drift::{
    diff, DiffOptions, InventoryError, InventorySnapshot, LiveCoverage, ScanFailure, Scope,
};
use serde_json::json;

#[test]
fn snapshot_round_trips_and_feeds_the_diff() {
    let live = vec![
        common::live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "path": "/"}),
        ),
        common::live(
            "aws_s3_bucket",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1"}),
        ),
    ];
    let coverage = LiveCoverage {
        scanned: vec![Scope {
            resource_type: "aws_iam_user".into(),
            region: "global".into(),
        }],
        not_scanned: vec![ScanFailure {
            resource_type: "aws_s3_bucket".into(),
            region: "eu-west-1".into(),
            error: "503 SlowDown".into(),
        }],
    };
    let snapshot = InventorySnapshot::new(
        "2026-01-01T00:00:00Z",
        Some("123456789012".into()),
        vec!["eu-west-1".into()],
        &coverage,
        &live,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.json");
    write_snapshot(&path, &snapshot).unwrap();
    let read = read_snapshot(&path).unwrap();
    assert_eq!(read, snapshot);
    assert_eq!(read.resources[0].region, "global");
    assert_eq!(read.resources[1].region, "eu-west-1");

    let declared = vec![common::resource(
        "aws_iam_user",
        "alice",
        "alice",
        json!({"name": "alice"}),
    )];
    let report = diff(
        &declared,
        &read.to_resources(),
        &read.coverage(),
        &DiffOptions::default(),
    );
    assert_eq!(report.summary.managed, 1);
    assert_eq!(report.summary.unmanaged, 1);
    assert!(
        !report.complete,
        "a scan failure makes the report incomplete"
    );
}

#[test]
fn errors_name_file_line_and_version() {
    let err = InventorySnapshot::from_json_str(
        "{\n  \"schema_version\": 1,\n  \"resources\": [,]\n}",
        "inv.json",
    )
    .unwrap_err();
    assert!(
        matches!(err, InventoryError::Parse { line: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().starts_with("inv.json:3:"), "{err}");

    let err = InventorySnapshot::from_json_str(r#"{"schema_version": 2}"#, "inv.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "inv.json: unsupported inventory schema_version 2 (this driftguard reads version 1)"
    );

    let text = "{\"schema_version\": 1, \"generated_at\": \"x\", \"regions\": [],\n \"scanned\": [], \"resources\": [{\"type\": \"aws_vpc\"}]}";
    let err = InventorySnapshot::from_json_str(text, "inv.json").unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
    assert!(err.to_string().starts_with("inv.json:2:"), "{err}");

    let err = read_snapshot(std::path::Path::new("/nonexistent/inv.json")).unwrap_err();
    assert!(matches!(err, InventoryError::Io { .. }));
}
