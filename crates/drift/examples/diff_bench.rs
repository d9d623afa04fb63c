//! Benchmark of the drift comparison (not a test):
//! `cargo run --release -p driftguard-drift --example diff_bench [N]`.
//!
//! Generates N declared and N live resources (default 100,000) with about 1% changed, 1%
//! missing and 1% unmanaged, times `diff`, and prints the time and the peak RSS.

use std::time::Instant;

use driftguard_drift::{diff, DiffOptions, LiveCoverage};
use driftguard_model::{Origin, Resource, ResourceMode, Value};
use serde_json::json;

const TYPES: [&str; 5] = [
    "aws_iam_user",
    "aws_security_group",
    "aws_s3_bucket",
    "aws_iam_policy",
    "aws_instance",
];

/// Type-appropriate attributes: every resource has a name, an ARN, tags and a region; security
/// groups carry two ingress rules (a set), policies a policy document.
fn attrs(i: usize, resource_type: &str, changed: bool) -> Value {
    let team = if changed { "changed" } else { "platform" };
    let mut attributes = json!({
        "name": format!("resource-{i}"),
        "arn": format!("arn:aws:iam::123456789012:thing/resource-{i}"),
        "path": "/",
        "description": "synthetic",
        "tags": {"team": team, "env": "prod", "index": i.to_string()},
        "region": "eu-west-1",
    });
    let extra = match resource_type {
        "aws_security_group" => json!([
            {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"]},
            {"from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}
        ]),
        "aws_iam_policy" => json!(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"
        ),
        _ => serde_json::Value::Null,
    };
    let key = if resource_type == "aws_iam_policy" {
        "policy"
    } else {
        "ingress"
    };
    if !extra.is_null() {
        attributes[key] = extra;
    }
    Value::from_json(&attributes)
}

fn resource(i: usize, changed: bool, live: bool) -> Resource {
    let resource_type = TYPES[i % TYPES.len()];
    Resource {
        mode: ResourceMode::Managed,
        resource_type: resource_type.to_string(),
        address: if live {
            String::new()
        } else {
            format!("{resource_type}.r{i}")
        },
        module: String::new(),
        cloud_id: Some(format!("id-{i}")),
        attributes: attrs(i, resource_type, changed),
        span: None,
        attribute_spans: Default::default(),
        origin: if live {
            Origin::Live {
                provider: "aws".into(),
            }
        } else {
            Origin::State {
                path: "bench.tfstate".into(),
            }
        },
    }
}

fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let generate = Instant::now();
    let declared: Vec<Resource> = (0..n).map(|i| resource(i, false, false)).collect();
    // Live: 1% missing (i % 100 == 1 skipped), 1% changed (i % 100 == 2), 1% unmanaged (extra ids).
    let mut live: Vec<Resource> = (0..n)
        .filter(|i| i % 100 != 1)
        .map(|i| resource(i, i % 100 == 2, true))
        .collect();
    live.extend((0..n / 100).map(|i| resource(n + i, false, true)));
    println!(
        "generated {} declared + {} live resources in {:.2?}",
        declared.len(),
        live.len(),
        generate.elapsed()
    );

    let input_rss = status_mb("VmRSS:");
    let start = Instant::now();
    let report = diff(
        &declared,
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    let elapsed = start.elapsed();
    let s = &report.summary;
    println!(
        "diff: {elapsed:.2?} — managed {}, changed {}, missing {}, unmanaged {}, coverage {:.2}%",
        s.managed, s.changed, s.missing, s.unmanaged, s.coverage_percent
    );
    match (status_mb("VmHWM:"), input_rss) {
        (Some(peak), Some(input)) => println!(
            "peak RSS: {peak:.1} MB for the whole process ({input:.1} MB was the generated input before the diff)"
        ),
        _ => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
}
