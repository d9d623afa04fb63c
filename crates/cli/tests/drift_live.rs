//! End-to-end tests of `driftguard drift` and `driftguard inventory` against a live account —
//! the moto server — with states read from a file, an S3 backend and an HTTP backend.

#[path = "../../aws/tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;

use assert_cmd::Command;
use common::{FaultyProxy, Moto};
use serde_json::{json, Value};

/// The binary with moto's credentials and nothing from the developer's own AWS setup.
fn driftguard(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.env("CI", "1")
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION");
    cmd
}

fn user_state(names: &[&str]) -> Value {
    let resources: Vec<Value> = names
        .iter()
        .map(|name| {
            json!({"mode": "managed", "type": "aws_iam_user", "name": name,
                "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                "instances": [{"schema_version": 0, "sensitive_attributes": [], "attributes": {
                    "id": name, "name": name, "path": "/",
                    "arn": format!("arn:aws:iam::123456789012:user/{name}"),
                    "force_destroy": false, "permissions_boundary": null, "tags": {"team": "a"},
                    "tags_all": {"team": "a"}, "unique_id": "AIDAEXAMPLE"}}]})
        })
        .collect();
    json!({"version": 4, "terraform_version": "1.9.5", "serial": 3, "lineage": "9a7e",
        "outputs": {}, "resources": resources})
}

async fn create_users(moto: &Moto, names: &[&str]) {
    let iam = moto.iam();
    for name in names {
        iam.create_user()
            .user_name(*name)
            .tags(
                aws_sdk_iam::types::Tag::builder()
                    .key("team")
                    .value("a")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(home: &Path, args: &[&str]) -> Run {
    let output = driftguard(home).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `(class, type, id)` of every drift in a JSON report.
fn drifts(report: &str) -> Vec<(String, String, String)> {
    let report: Value = serde_json::from_str(report).unwrap();
    report["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["class"].as_str().unwrap().to_string(),
                d["type"].as_str().unwrap().to_string(),
                d["cloud_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The shadow user, and the state bucket itself (Terraform does not manage its own backend).
fn unmanaged_shadow_and_state_bucket() -> Vec<(String, String, String)> {
    [("aws_iam_user", "shadow"), ("aws_s3_bucket", "tf-states")]
        .iter()
        .map(|(t, id)| ("unmanaged".to_string(), t.to_string(), id.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn live_drift_from_an_s3_backend_then_offline_from_the_inventory() {
    let moto = Moto::start();
    create_users(&moto, &["alice", "bob"]).await;
    moto.iam()
        .create_user()
        .user_name("shadow")
        .send()
        .await
        .unwrap();
    // The state in an S3 backend, next to an object the glob must not pick up.
    let s3 = moto.s3();
    s3.create_bucket().bucket("tf-states").send().await.unwrap();
    for (key, body) in [
        ("prod/iam/terraform.tfstate", user_state(&["alice", "bob"])),
        ("prod/iam/notes.json", json!({"not": "a state"})),
    ] {
        s3.put_object()
            .bucket("tf-states")
            .key(key)
            .body(serde_json::to_vec(&body).unwrap().into())
            .send()
            .await
            .unwrap();
    }
    let home = tempfile::tempdir().unwrap();
    // Through the test proxy, which repairs moto's GetBucketVersioning answers.
    let proxy = FaultyProxy::start(&moto.endpoint, vec![]);
    let endpoint = proxy.endpoint.clone();
    let live = |extra: &[&str]| {
        let mut args = vec![
            "drift",
            "--state",
            "s3://tf-states/prod/**/*.tfstate",
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        run(home.path(), &args)
    };

    let out = live(&["--stats"]);
    assert_eq!(out.code, 1, "drift found: {}{}", out.stdout, out.stderr);
    assert_eq!(drifts(&out.stdout), unmanaged_shadow_and_state_bucket());
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["summary"]["managed"], 2);
    assert_eq!(report["complete"], true);
    assert!(
        out.stderr.contains("AWS API calls:") && out.stderr.contains("  ListUsers: 1"),
        "{}",
        out.stderr
    );

    // The inventory snapshot, then the same drift offline.
    let snapshot = home.path().join("inventory.json");
    let inv = run(
        home.path(),
        &[
            "inventory",
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "-o",
            snapshot.to_str().unwrap(),
        ],
    );
    assert_eq!(inv.code, 0, "{}", inv.stderr);
    let snap: Value = serde_json::from_slice(&std::fs::read(&snapshot).unwrap()).unwrap();
    assert_eq!(snap["schema_version"], 1);
    assert_eq!(snap["account"], "123456789012");
    assert_eq!(snap["regions"], json!(["us-east-1"]));
    let state_file = home.path().join("terraform.tfstate");
    std::fs::write(&state_file, user_state(&["alice", "bob"]).to_string()).unwrap();
    let offline = run(
        home.path(),
        &[
            "drift",
            "--state",
            state_file.to_str().unwrap(),
            "--live",
            snapshot.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(offline.code, 1, "{}", offline.stderr);
    assert_eq!(drifts(&offline.stdout), unmanaged_shadow_and_state_bucket());

    // A glob matching no object is an error, never an empty (all-unmanaged) declared side.
    let none = run(
        home.path(),
        &[
            "drift",
            "--state",
            "s3://tf-states/staging/*.tfstate",
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
        ],
    );
    assert_eq!(none.code, 2);
    assert!(
        none.stderr
            .contains("s3://tf-states/staging/*.tfstate: no state file matches"),
        "{}",
        none.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_service_is_not_scanned_and_never_missing() {
    let moto = Moto::start();
    create_users(&moto, &["alice"]).await;
    let proxy = FaultyProxy::start(
        &moto.endpoint,
        vec![("Action=ListUsers&", 403, "AccessDenied")],
    );
    let home = tempfile::tempdir().unwrap();
    let state_file = home.path().join("terraform.tfstate");
    std::fs::write(&state_file, user_state(&["alice"]).to_string()).unwrap();
    let args = |extra: &'static str| {
        vec![
            "drift".to_string(),
            "--state".into(),
            state_file.display().to_string(),
            "--endpoint-url".into(),
            proxy.endpoint.clone(),
            "--region".into(),
            "us-east-1".into(),
            "--max-attempts".into(),
            "1".into(),
            extra.into(),
        ]
    };
    let out = driftguard(home.path())
        .args(args("--format=text"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "incomplete: exit 2\n{stdout}");
    assert!(stdout.starts_with("INCOMPLETE"), "{stdout}");
    assert!(
        stdout.contains("aws_iam_user in global: iam:ListUsers failed: AccessDenied"),
        "{stdout}"
    );
    assert!(!stdout.contains("Missing"), "{stdout}");
    // --allow-partial: the unreadable part stays listed, the rest is in sync.
    let out = driftguard(home.path())
        .args(args("--allow-partial"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// A Terraform HTTP backend: serves `state` on GET to `/state` with basic auth `ci:s3cr3t`;
/// anything else gets 401. Stops when the test ends (the thread dies with the process; the
/// listener accepts exactly `requests` connections).
fn http_backend(state: Value, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            // base64("ci:s3cr3t")
            let authorised = request.contains("Authorization: Basic Y2k6czNjcjN0")
                || request.contains("authorization: Basic Y2k6czNjcjN0");
            let (status, body) = if request.starts_with("GET /state ") && authorised {
                ("200 OK", state.to_string())
            } else {
                ("401 Unauthorized", String::new())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("127.0.0.1:{}", address.port())
}

#[test]
fn http_backend_state_with_basic_auth() {
    let home = tempfile::tempdir().unwrap();
    let snapshot = home.path().join("inventory.json");
    std::fs::write(
        &snapshot,
        json!({"schema_version": 1, "generated_at": "2026-11-22T08:00:00Z", "regions": ["us-east-1"],
            "scanned": [{"type": "aws_iam_user", "region": "global"}], "not_scanned": [],
            "resources": [{"type": "aws_iam_user", "id": "alice", "region": "global",
                "attributes": {"id": "alice", "name": "alice", "path": "/", "tags": {"team": "a"}}}]})
        .to_string(),
    )
    .unwrap();
    let host = http_backend(user_state(&["alice"]), 2);
    let snapshot = snapshot.to_str().unwrap();

    let ok = run(
        home.path(),
        &[
            "drift",
            "--state",
            &format!("http://ci:s3cr3t@{host}/state"),
            "--live",
            snapshot,
        ],
    );
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("No drift"), "{}", ok.stdout);

    let denied = run(
        home.path(),
        &[
            "drift",
            "--state",
            &format!("http://ci:wrong-password@{host}/state"),
            "--live",
            snapshot,
        ],
    );
    assert_eq!(denied.code, 2);
    assert!(
        denied
            .stderr
            .contains(&format!("http://{host}/state: cannot read state: HTTP 401")),
        "{}",
        denied.stderr
    );
    assert!(!denied.stderr.contains("wrong-password"));
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_region_the_state_s_regions_are_read() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let state = json!({"version": 4, "terraform_version": "1.9.5", "serial": 1, "lineage": "e1",
        "outputs": {}, "resources": [{"mode": "managed", "type": "aws_security_group", "name": "web",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"].eu",
            "instances": [{"schema_version": 1, "sensitive_attributes": [], "attributes": {
                "id": "sg-0123456789abcdef0", "name": "web", "description": "web",
                "arn": "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0",
                "vpc_id": "vpc-1", "ingress": [], "egress": [], "tags": {}, "tags_all": {}}}]}]});
    let state_file = home.path().join("terraform.tfstate");
    std::fs::write(&state_file, state.to_string()).unwrap();
    let out = run(
        home.path(),
        &[
            "drift",
            "--state",
            state_file.to_str().unwrap(),
            "--endpoint-url",
            &moto.endpoint,
            "--format",
            "json",
        ],
    );
    assert!(
        out.stderr
            .contains("reading the regions of the state: eu-west-1"),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["complete"], true);
    let missing = &report["drifts"][0];
    assert_eq!(missing["class"], "missing");
    assert_eq!(missing["cloud_id"], "sg-0123456789abcdef0");
    assert_eq!(missing["region"], "eu-west-1");
}
