//! Test harness: a moto server (real AWS API emulator) on 127.0.0.1, and SDK clients for it.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_iam::config::{Credentials, Region};
use driftguard_aws::{LiveConfig, RetrySettings};

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

    pub fn live_config(&self) -> LiveConfig {
        LiveConfig {
            regions: vec!["us-east-1".into()],
            endpoint_url: Some(self.endpoint.clone()),
            static_credentials: Some(Self::credentials()),
            retry: RetrySettings {
                max_attempts: 2,
                initial_backoff: Duration::from_millis(10),
            },
            ..LiveConfig::default()
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small faulty proxy in front of moto: requests for the given IAM actions get the given
/// status and error code; everything else is forwarded. One request per connection.
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
                    let fault = faults
                        .iter()
                        .find(|(action, _, _)| text.contains(&format!("Action={action}&")));
                    let response = match fault {
                        Some((_, status, code)) => {
                            let body = format!(
                                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
                                 <Message>injected by the test proxy</Message></Error>\
                                 <RequestId>0</RequestId></ErrorResponse>"
                            );
                            format!(
                                "HTTP/1.1 {status} Injected\r\nContent-Type: text/xml\r\n\
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
                            response
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
