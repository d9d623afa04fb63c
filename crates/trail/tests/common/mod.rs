//! Helpers shared by the integration tests: synthetic records, gzip, CloudTrail's S3 layout.

#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use driftguard_trail::{read, Event, ReadOptions, Retain, Source, Trail};
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};

pub const ACCOUNT: &str = "111122223333";

/// The shared real datasets (read-only, never copied into the project).
pub fn dataset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/cloudtrail")
        .join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A Terraform-made `iam:CreateRole` at `time` with the given id; `extra` overrides fields.
pub fn record(id: &str, time: &str, extra: Value) -> Value {
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLEALICE00001",
            "arn": format!("arn:aws:iam::{ACCOUNT}:user/alice"),
            "accountId": ACCOUNT,
            "userName": "alice"
        },
        "eventTime": time,
        "eventSource": "iam.amazonaws.com",
        "eventName": "CreateRole",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.17.46 md/awscrt#0.21.2 ua/2.0 os/linux md/command#iam.create-role",
        "requestParameters": {"roleName": format!("role-{id}")},
        "responseElements": null,
        "eventID": id,
        "readOnly": false,
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT
    });
    if let (Some(base), Value::Object(extra)) = (r.as_object_mut(), extra) {
        for (k, v) in extra {
            if v.is_null() {
                base.remove(&k);
            } else {
                base.insert(k, v);
            }
        }
    }
    r
}

/// A deterministic UUID-shaped event id.
pub fn id(n: u32) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

pub fn records_file(records: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({ "Records": records })).unwrap()
}

pub fn ndjson(records: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        out.extend(serde_json::to_vec(r).unwrap());
        out.push(b'\n');
    }
    out
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `<root>/AWSLogs/[<org>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<unique>.json.gz`
/// where `stamp` is `YYYYMMDDTHHmmZ`.
pub fn layout_path(
    root: &Path,
    org: Option<&str>,
    account: &str,
    region: &str,
    stamp: &str,
    unique: &str,
) -> PathBuf {
    let mut p = root.join("AWSLogs");
    if let Some(org) = org {
        p = p.join(org);
    }
    p.join(account)
        .join("CloudTrail")
        .join(region)
        .join(&stamp[0..4])
        .join(&stamp[4..6])
        .join(&stamp[6..8])
        .join(format!(
            "{account}_CloudTrail_{region}_{stamp}_{unique}.json.gz"
        ))
}

/// Everything that passes, from in-memory bytes.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Trail {
    read(
        vec![Source::reader(name, Cursor::new(bytes))],
        &ReadOptions {
            retain: Retain::All,
            ..ReadOptions::default()
        },
    )
}

pub fn ids(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.record.event_id.clone().unwrap_or_default())
        .collect()
}
