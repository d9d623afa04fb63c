mod common;

use driftguard_drift::{diff, render, DiffOptions, DriftReport, LiveCoverage, ScanFailure, Scope};
use serde_json::json;

/// A fixed report with every class, a not-scanned resource and content needing escaping.
fn report() -> DriftReport {
    let declared = vec![
        common::resource(
            "aws_iam_user",
            "alice",
            "alice",
            json!({"name": "alice", "tags": {"team": "a|b"}}),
        ),
        common::resource(
            "aws_iam_policy",
            "arn:aws:iam::1:policy/ci",
            "ci",
            json!({"policy": "{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\",\"Resource\":\"*\"}]}"}),
        ),
        common::resource(
            "aws_security_group",
            "sg-1",
            "web",
            json!({"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}], "region": "eu-west-1"}),
        ),
        common::resource(
            "aws_s3_bucket",
            "logs",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1"}),
        ),
        common::resource("aws_kms_key", "k-1", "k", json!({"region": "eu-west-1"})),
        common::resource("aws_iam_group", "ops", "ops", json!({"name": "ops"})),
    ];
    let live = vec![
        common::live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "tags": {"team": "<script>"}}),
        ),
        common::live(
            "aws_iam_policy",
            "arn:aws:iam::1:policy/ci",
            json!({"policy": "{\"Statement\":[{\"Action\":[\"s3:*\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"]}]}"}),
        ),
        common::live(
            "aws_security_group",
            "sg-1",
            json!({"ingress": [
            {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
            {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}], "region": "eu-west-1"}),
        ),
        common::live("aws_iam_group", "ops", json!({"name": "ops"})),
        common::live("aws_iam_user", "shadow", json!({"name": "shadow"})),
    ];
    let coverage = LiveCoverage {
        scanned: vec![
            Scope {
                resource_type: "*".into(),
                region: "global".into(),
            },
            Scope {
                resource_type: "*".into(),
                region: "eu-west-1".into(),
            },
        ],
        not_scanned: vec![ScanFailure {
            resource_type: "aws_kms_key".into(),
            region: "eu-west-1".into(),
            error: "AccessDeniedException: kms:ListKeys".into(),
        }],
    };
    diff(&declared, &live, &coverage, &DiffOptions::default())
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!(render::text(&report()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render::json(&report()));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(render::markdown(&report()));
}

#[test]
fn html_snapshot_is_self_contained_and_escaped() {
    let html = render::html(&report());
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    for external in ["http://", "https://", "src=", "<link", "@import"] {
        assert!(!html.contains(external), "{external}");
    }
    insta::assert_snapshot!(html);
}

#[test]
fn clean_report_text() {
    let r = diff(
        &[],
        &[],
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    assert_eq!(
        render::text(&r),
        "No drift: live infrastructure matches the state.\nSummary: 0 declared: 0 managed, 0 changed, 0 missing, 0 not scanned; 0 unmanaged; coverage 100.00%\n"
    );
}
