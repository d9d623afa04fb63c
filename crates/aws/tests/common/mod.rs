//! Test harness: a moto server (real AWS API emulator) on 127.0.0.1, and SDK clients for it.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_iam::config::{Credentials, Region};
use driftguard_aws::{LiveConfig, LiveScan, RegionSelection, RetrySettings};
use driftguard_drift::{diff, DiffOptions, DriftReport};
use driftguard_model::{Resource, Value};
use serde_json::{json, Value as Json};

/// A running `moto_server`, killed on drop.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

/// `$MOTO_SERVER`, else `.venv/bin/moto_server` at the repository root, else `moto_server` on
/// the PATH.
fn moto_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/moto_server");
    if venv.is_file() {
        return venv;
    }
    PathBuf::from("moto_server")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

impl Moto {
    pub fn start() -> Moto {
        // Tests start servers in parallel: between `free_port` releasing a port and moto binding
        // it, another test could be handed the same port and end up talking to this server.
        // Starting one server at a time (until it listens) closes that window.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _starting = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let binary = moto_binary();
        let port = free_port();
        let child = Command::new(&binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // AWS managed policies (AdministratorAccess…), off by default in moto.
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}); install it with \
                     `python3 -m venv .venv && .venv/bin/pip install \"moto[server]\"` \
                     or set MOTO_SERVER",
                    binary.display()
                )
            });
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto_server exited early: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    pub fn credentials() -> Credentials {
        Credentials::new("testing", "testing", None, None, "moto")
    }

    /// SDK configuration for making the test's changes with any service's client (the
    /// collectors never write).
    pub fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(aws_sdk_iam::config::SharedCredentialsProvider::new(
                Self::credentials(),
            ))
            .endpoint_url(&self.endpoint)
            .build()
    }

    /// A client for making the test's changes (the collectors never write).
    pub fn iam(&self) -> aws_sdk_iam::Client {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version_latest()
            .region(Region::new("us-east-1"))
            .credentials_provider(Self::credentials())
            .endpoint_url(&self.endpoint)
            .build();
        aws_sdk_iam::Client::from_conf(config)
    }

    /// An S3 client for making the test's changes, path-style (`bucket.127.0.0.1` does not
    /// resolve).
    pub fn s3(&self) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::config::Builder::from(&self.sdk_config())
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    pub fn live_config(&self) -> LiveConfig {
        LiveConfig {
            regions: RegionSelection::List(vec!["us-east-1".into()]),
            endpoint_url: Some(self.endpoint.clone()),
            static_credentials: Some(Self::credentials()),
            retry: RetrySettings {
                max_attempts: 2,
                initial_backoff: Duration::from_millis(10),
            },
            ..LiveConfig::default()
        }
    }

    /// [`Moto::live_config`] through a [`FaultyProxy`] injecting `faults`.
    pub fn faulty_live_config(&self, faults: Vec<(&'static str, u16, &'static str)>) -> LiveConfig {
        LiveConfig {
            endpoint_url: Some(FaultyProxy::start(&self.endpoint, faults).endpoint),
            ..self.live_config()
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small faulty proxy in front of moto: a request whose text (request line, headers, body)
/// contains one of the given patterns gets that status and error code; everything else is
/// forwarded, with moto's GetBucketVersioning answers repaired (see [`fix_versioning`]). One request per connection. Patterns: `Action=ListRoles&` (query protocols: IAM,
/// EC2, RDS), `TrentService.ListKeys` (JSON protocols, in `X-Amz-Target`), `?encryption` (S3).
pub struct FaultyProxy {
    pub endpoint: String,
}

impl FaultyProxy {
    pub fn start(upstream: &str, faults: Vec<(&'static str, u16, &'static str)>) -> FaultyProxy {
        use std::io::{Read, Write};
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut client) = stream else { continue };
                let upstream = upstream.clone();
                let faults = faults.clone();
                std::thread::spawn(move || {
                    let Some(request) = read_http(&mut client) else {
                        return;
                    };
                    let text = String::from_utf8_lossy(&request);
                    let fault = faults.iter().find(|(pattern, _, _)| text.contains(pattern));
                    let response = match fault {
                        Some((_, status, code)) => {
                            let (content_type, body) = error_body(&text, code);
                            format!(
                                "HTTP/1.1 {status} Injected\r\nContent-Type: {content_type}\r\n\
                                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            )
                            .into_bytes()
                        }
                        None => {
                            let Ok(mut server) = TcpStream::connect(&upstream) else {
                                return;
                            };
                            if server.write_all(&request).is_err() {
                                return;
                            }
                            let mut response = Vec::new();
                            let _ = server.read_to_end(&mut response);
                            fix_versioning(response)
                        }
                    };
                    let _ = client.write_all(&response);
                });
            }
        });
        FaultyProxy {
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// An error response in the protocol of the request, so that the SDK reads its code: JSON
/// protocols (KMS, CloudTrail: `X-Amz-Target`), EC2's query dialect, the awsquery protocol
/// (IAM, RDS, STS), else S3's REST XML.
fn error_body(request: &str, code: &str) -> (&'static str, String) {
    const MESSAGE: &str = "injected by the test proxy";
    let lower = request.to_ascii_lowercase();
    if lower.contains("x-amz-target:") {
        (
            "application/x-amz-json-1.1",
            format!(r#"{{"__type":"{code}","message":"{MESSAGE}"}}"#),
        )
    } else if request.contains("Version=2016-11-15") {
        (
            "text/xml",
            format!(
                "<Response><Errors><Error><Code>{code}</Code><Message>{MESSAGE}</Message>\
                 </Error></Errors><RequestID>0</RequestID></Response>"
            ),
        )
    } else if request.contains("Action=") {
        (
            "text/xml",
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
                 <Message>{MESSAGE}</Message></Error><RequestId>0</RequestId></ErrorResponse>"
            ),
        )
    } else {
        (
            "application/xml",
            format!("<Error><Code>{code}</Code><Message>{MESSAGE}</Message></Error>"),
        )
    }
}

/// moto (5.2) names the root element of every GetBucketVersioning answer
/// `GetBucketVersioningResponse` where S3 sends `VersioningConfiguration`, and the SDK rejects
/// the answer: renamed here, so that tests read what S3 would send.
fn fix_versioning(response: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&response);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return response;
    };
    if !body.contains("<GetBucketVersioningResponse") {
        return response;
    }
    let body = body.replace("GetBucketVersioningResponse", "VersioningConfiguration");
    let head: Vec<String> = head
        .lines()
        .map(|l| {
            if l.to_ascii_lowercase().starts_with("content-length:") {
                format!("Content-Length: {}", body.len())
            } else {
                l.to_string()
            }
        })
        .collect();
    format!("{}\r\n\r\n{body}", head.join("\r\n")).into_bytes()
}

/// Reads one HTTP/1.1 request (headers and Content-Length body) and rewrites it to close the
/// connection, so that the upstream's response ends at EOF.
fn read_http(stream: &mut TcpStream) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let headers: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    let mut out = format!("{}\r\nConnection: close\r\n\r\n", headers.join("\r\n")).into_bytes();
    out.extend_from_slice(&buf[header_end..]);
    Some(out)
}

/// Every call in `stats` is allowed by the read-only policy the README documents
/// (`docs/aws-read-only-policy.json`), and that policy grants nothing but reads.
pub fn assert_calls_are_in_the_documented_policy(stats: &driftguard_aws::ApiStats) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/aws-read-only-policy.json");
    let policy: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read the policy")).expect("JSON");
    let actions: Vec<&str> = policy["Statement"]
        .as_array()
        .expect("statements")
        .iter()
        .flat_map(|s| s["Action"].as_array().expect("actions").iter())
        .map(|a| a.as_str().expect("action"))
        .collect();
    for action in &actions {
        let verb = action.split(':').nth(1).unwrap_or("");
        assert!(
            ["Describe", "Get", "List"]
                .iter()
                .any(|p| verb.starts_with(p)),
            "{action} is not a read"
        );
    }
    for (service, operation) in stats.by_operation().keys() {
        if driftguard_aws::permissions::needs_no_permission(service, operation) {
            continue;
        }
        let action = driftguard_aws::permissions::iam_action(service, operation);
        assert!(
            actions.contains(&action.as_str()),
            "{action} (for {service}:{operation}) is missing from {}",
            path.display()
        );
    }
}

/// One resource of a v4 state, as terraform-provider-aws writes it.
pub fn state_instance(
    resource_type: &str,
    name: &str,
    schema_version: u32,
    attributes: Json,
) -> Json {
    json!({
        "mode": "managed", "type": resource_type, "name": name,
        "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": [{"schema_version": schema_version, "attributes": attributes,
                       "sensitive_attributes": []}]
    })
}

/// The declared side of a state, read by the real state reader.
pub fn declared(state: &Json) -> Vec<Resource> {
    let bytes = serde_json::to_vec_pretty(state).expect("state serialises");
    let loaded = driftguard_terraform::state::parse_state("terraform.tfstate", &bytes)
        .expect("the test's state is valid");
    loaded.resources.into_iter().map(|r| r.resource).collect()
}

/// Scans what `config` selects.
/// A full scan; every call it made must be allowed by the documented read-only policy.
pub async fn scan(config: &LiveConfig) -> LiveScan {
    let sdk = config.sdk_config().await.expect("SDK configuration");
    let scan = driftguard_aws::collect(&sdk, config).await;
    assert_calls_are_in_the_documented_policy(&scan.stats);
    scan
}

/// The scan failures of the types `keep` accepts, as `(type, region, error)`, sorted.
pub fn failures(scan: &LiveScan, keep: impl Fn(&str) -> bool) -> Vec<(String, String, String)> {
    let mut failed: Vec<(String, String, String)> = scan
        .coverage
        .not_scanned
        .iter()
        .filter(|f| keep(&f.resource_type))
        .map(|f| (f.resource_type.clone(), f.region.clone(), f.error.clone()))
        .collect();
    failed.sort();
    failed
}

/// `scan` read every type of `types` in every region of `regions`, and no other region.
pub fn assert_scanned(scan: &LiveScan, types: &[&str], regions: &[&str]) {
    let mut scanned: Vec<(&str, &str)> = scan
        .coverage
        .scanned
        .iter()
        .filter(|s| types.contains(&s.resource_type.as_str()))
        .map(|s| (s.resource_type.as_str(), s.region.as_str()))
        .collect();
    scanned.sort();
    let mut expected: Vec<(&str, &str)> = types
        .iter()
        .flat_map(|t| regions.iter().map(move |r| (*t, *r)))
        .collect();
    expected.sort();
    assert_eq!(scanned, expected);
}

/// Scans with `config`, asserts that none of the types `keep` accepts failed, and diffs
/// `declared` against the scan.
pub async fn drift(
    config: &LiveConfig,
    declared: &[Resource],
    keep: impl Fn(&str) -> bool,
    options: &DiffOptions,
) -> DriftReport {
    let scan = scan(config).await;
    assert_eq!(failures(&scan, keep), Vec::new());
    diff(declared, &scan.resources, &scan.coverage, options)
}

/// The addresses of the types `keep` accepts that `report` could not check, sorted.
pub fn not_scanned(report: &DriftReport, keep: impl Fn(&str) -> bool) -> Vec<&str> {
    let mut addresses: Vec<&str> = report
        .not_scanned
        .iter()
        .filter(|r| keep(&r.resource_type))
        .map(|r| r.address.as_str())
        .collect();
    addresses.sort();
    addresses
}

/// Fail-safe after failed calls: diffed against `scan`, the report says it is incomplete, shows
/// nothing missing or changed among the types `keep` accepts, and lists exactly `not_scanned`
/// (addresses, sorted) among them as not checked.
pub fn assert_fail_safe(
    declared: &[Resource],
    scan: &LiveScan,
    keep: impl Fn(&str) -> bool + Copy,
    options: &DiffOptions,
    not_scanned: &[&str],
) {
    let report = diff(declared, &scan.resources, &scan.coverage, options);
    assert!(!report.complete);
    assert_eq!(
        drift_lines(&report, keep),
        Vec::<String>::new(),
        "nothing missing, nothing changed"
    );
    assert_eq!(self::not_scanned(&report, keep), not_scanned);
}

/// A live resource's attributes as JSON.
pub fn attrs(r: &Resource) -> Json {
    r.attributes.to_json()
}

/// The live resource of a type and id.
pub fn find<'a>(live: &'a [Resource], resource_type: &str, id: &str) -> &'a Resource {
    live.iter()
        .find(|r| r.resource_type == resource_type && r.cloud_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no live {resource_type} {id}"))
}

/// One line per drift and difference of the types `keep` accepts:
/// `class type id [path KIND expected -> actual]`.
pub fn drift_lines(report: &DriftReport, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let show = |v: &Option<Value>| {
        v.as_ref()
            .map_or("-".to_string(), |v| v.to_json().to_string())
    };
    let mut out = Vec::new();
    for d in report.drifts.iter().filter(|d| keep(&d.resource_type)) {
        let head = format!("{} {} {}", d.class.as_str(), d.resource_type, d.cloud_id);
        if d.differences.is_empty() {
            out.push(head.clone());
        }
        for x in &d.differences {
            out.push(format!(
                "{head} {} {} {} -> {}",
                x.path,
                x.kind.as_str(),
                show(&x.expected),
                show(&x.actual)
            ));
        }
    }
    out
}
