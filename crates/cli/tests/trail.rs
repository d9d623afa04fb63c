//! End-to-end tests of `driftguard trail` and `drift --trail`: real CloudTrail data, logs in an
//! S3 bucket of the moto server, and drift explained by the events behind it.

#[path = "../../aws/tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use common::Moto;
use serde_json::{json, Value};

const SG: &str = "sg-0123456789abcdef0";

fn driftguard(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.current_dir(home)
        .env("CI", "1")
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE");
    cmd
}

fn invictus() -> String {
    format!(
        "{}/../../../shared/fixtures/cloudtrail/invictus-aws-dataset",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Alice opens SSH to the world on `SG` from the console, late at night.
fn console_ssh_event(event_id: &str, time: &str) -> Value {
    json!({
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEALICE",
            "arn": "arn:aws:iam::123456789012:user/alice", "accountId": "123456789012",
            "userName": "alice",
            "sessionContext": {"attributes": {"creationDate": time, "mfaAuthenticated": "true"}}},
        "eventTime": time, "eventSource": "ec2.amazonaws.com",
        "eventName": "AuthorizeSecurityGroupIngress", "awsRegion": "eu-west-1",
        "sourceIPAddress": "203.0.113.7", "userAgent": "AWS Internal",
        "requestParameters": {"groupId": SG, "ipPermissions": {"items": [{"ipProtocol": "tcp",
            "fromPort": 22, "toPort": 22, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}},
        "responseElements": {"requestId": "r-1", "_return": true, "securityGroupRuleSet": {"items": [{
            "groupId": SG, "securityGroupRuleId": "sgr-0aaaaaaaaaaaaaaaa", "isEgress": false,
            "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}},
        "requestID": "r-1", "eventID": event_id, "readOnly": false, "eventType": "AwsApiCall",
        "managementEvent": true, "recipientAccountId": "123456789012",
        "sessionCredentialFromConsole": "true"
    })
}

fn gzip(value: &Value) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(value.to_string().as_bytes()).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn trail_reports_out_of_band_changes_in_real_cloudtrail_data() {
    let home = tempfile::tempdir().unwrap();
    let out = driftguard(home.path())
        .args(["trail", "--logs", &invictus(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "findings: exit 1");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["schema_version"], 1);
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    // Terraform's own writes (377 in this dataset) are in band: no finding comes from them.
    assert!(findings
        .iter()
        .all(|f| f["channel"] != "iac" && f["rule"] == "aws-out-of-band-change"));
    // One NDJSON line per finding, for a SIEM.
    let ndjson = driftguard(home.path())
        .args(["trail", "--logs", &invictus(), "--format", "ndjson"])
        .output()
        .unwrap();
    let lines = String::from_utf8(ndjson.stdout).unwrap();
    assert_eq!(lines.lines().count(), findings.len());
    for line in lines.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    // Allow-listing the dataset's Terraform principal makes nothing worse; naming another
    // pipeline principal turns its Terraform runs into unsanctioned IaC runs.
    let out = driftguard(home.path())
        .args([
            "trail",
            "--logs",
            &invictus(),
            "--format",
            "json",
            "--pipeline-principal",
            "arn:aws:iam::*:role/ci-deployer",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "aws-unsanctioned-iac-run" && f["severity"] == "high"));
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_are_read_from_an_s3_bucket_and_filtered_by_key() {
    let moto = Moto::start();
    let s3 = moto.s3();
    s3.create_bucket().bucket("org-trail").send().await.unwrap();
    let day = "AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/21";
    let old = "AWSLogs/123456789012/CloudTrail/eu-west-1/2026/10/01";
    for (key, event) in [
        (
            format!("{day}/123456789012_CloudTrail_eu-west-1_20261121T2215Z_a1.json.gz"),
            console_ssh_event(
                "5b1e9c1a-0000-4000-8000-000000000001",
                "2026-11-21T22:14:03Z",
            ),
        ),
        (
            format!("{old}/123456789012_CloudTrail_eu-west-1_20261001T0905Z_b2.json.gz"),
            console_ssh_event(
                "5b1e9c1a-0000-4000-8000-000000000002",
                "2026-10-01T09:01:00Z",
            ),
        ),
    ] {
        s3.put_object()
            .bucket("org-trail")
            .key(key)
            .body(gzip(&json!({"Records": [event]})).into())
            .send()
            .await
            .unwrap();
    }
    let home = tempfile::tempdir().unwrap();
    let out = driftguard(home.path())
        .args([
            "trail",
            "--logs",
            "s3://org-trail/AWSLogs/",
            "--endpoint-url",
            &moto.endpoint,
            "--since",
            "2026-11-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("1 log objects read") && stderr.contains("1 outside the filter left in S3"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    let f = &findings[0];
    assert_eq!(f["severity"], "high", "0.0.0.0/0 on port 22");
    assert_eq!(f["channel"], "console");
    assert_eq!(f["principal_arn"], "arn:aws:iam::123456789012:user/alice");
    assert_eq!(f["events"][0]["source_ip"], "203.0.113.7");
}

#[test]
fn drift_is_explained_by_the_events_behind_it() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let group = |ingress: Value| {
        json!({"id": SG, "name": "web", "description": "web", "vpc_id": "vpc-1",
            "arn": format!("arn:aws:ec2:eu-west-1:123456789012:security-group/{SG}"),
            "ingress": ingress, "egress": [], "tags": {}, "tags_all": {}})
    };
    let state = json!({"version": 4, "terraform_version": "1.9.5", "serial": 4, "lineage": "a",
        "outputs": {}, "resources": [{"mode": "managed", "type": "aws_security_group",
            "name": "web", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 1, "sensitive_attributes": [],
                "attributes": group(json!([]))}]}]});
    let ssh = json!([{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 22,
        "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp", "security_groups": [],
        "self": false, "to_port": 22}]);
    let snapshot = json!({"schema_version": 1, "generated_at": "2026-11-22T08:00:00Z",
        "regions": ["eu-west-1"], "scanned": [{"type": "aws_security_group", "region": "eu-west-1"}],
        "not_scanned": [], "resources": [{"type": "aws_security_group", "id": SG,
            "region": "eu-west-1", "attributes": group(ssh)}]});
    std::fs::write(dir.join("terraform.tfstate"), state.to_string()).unwrap();
    std::fs::write(dir.join("inventory.json"), snapshot.to_string()).unwrap();
    std::fs::write(
        dir.join("events.json"),
        json!({"Records": [
            console_ssh_event("5b1e9c1a-0000-4000-8000-000000000001", "2026-11-21T22:14:03Z")
        ]})
        .to_string(),
    )
    .unwrap();
    let out = driftguard(dir)
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "--trail",
            "events.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let drift = &report["drifts"][0];
    assert_eq!(drift["class"], "changed");
    assert_eq!(
        drift["events"],
        json!([{"event_id": "5b1e9c1a-0000-4000-8000-000000000001",
            "event_time": "2026-11-21T22:14:03Z", "event_source": "ec2.amazonaws.com",
            "event_name": "AuthorizeSecurityGroupIngress",
            "actor": "arn:aws:iam::123456789012:user/alice", "channel": "console",
            "source_ip": "203.0.113.7", "user_agent": "AWS Internal"}])
    );
    let text = driftguard(dir)
        .args([
            "drift",
            "--state",
            "terraform.tfstate",
            "--live",
            "inventory.json",
            "--trail",
            "events.json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    // `trail --state` names the managed resource the change touched (the rule is part of the
    // declared group).
    let out = driftguard(dir)
        .args([
            "trail",
            "--logs",
            "events.json",
            "--state",
            "terraform.tfstate",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let trail: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &trail["findings"][0];
    assert_eq!(finding["address"], "aws_security_group.web");
    assert_eq!(finding["managed"], true);
    assert_eq!(finding["resource_type"], "aws_security_group");
    assert!(
        text.contains(
            "↳ 2026-11-21T22:14:03Z ec2:AuthorizeSecurityGroupIngress by \
             arn:aws:iam::123456789012:user/alice via console from 203.0.113.7"
        ),
        "{text}"
    );
}
