//! The real datasets in `shared/fixtures/cloudtrail` (read in place, never copied into the
//! project): exact counts per channel and of writes.
//!
//! How the counts were checked by hand: a throwaway Python re-implementation of the documented
//! rules (the write rule, the deny-list entries that occur in these files, the channel order and
//! the agent tokens; not kept) produced the same numbers from the raw JSON, and the main ones were
//! cross-checked with jq against the raw records:
//! - Invictus: `jq -s '[.[].Records[] | select(.userAgent|test("Terraform/"))] | length'` = 1,938
//!   Terraform events; `select(.readOnly==false and (.errorCode|not) and .eventType=="AwsApiCall")`
//!   = 435 successful non-read calls, of which 18 are the SSM agent's heartbeats and reports
//!   (UpdateInstanceInformation 7, UpdateInstanceAssociationStatus 7, PutComplianceItems 2,
//!   PutInventory 2) → 417 writes; 377 of them carry Terraform's agent (the dataset's README says
//!   "~377 successful" Terraform writes). Console, 500: 418 `AWS Internal` agents minus the 22
//!   that health.amazonaws.com made (`invokedBy`, so aws-service) = 396, plus 70 `S3Console`,
//!   24 Firefox, 8 `RDS Console`, 1 `AWSCloudTrail, aws-internal/3` (the CloudTrail console
//!   listing buckets) and 1 ConsoleLogin (`AwsConsoleSignIn`, agent stratus-red-team). SDK, 279:
//!   213 `stratus-red-team_…`, 43 Boto3, 21 SSM agent (aws-sdk-go), 2 aws-sdk-go-v2.
//!   aws-service, 183: every one carries `invokedBy` or `type: AWSService` (secretsmanager 116,
//!   health 25, rds 14, cloudtrail 8, rolesanywhere 6, inspector2 6, ec2 6, lambda 2).
//! - Stratus: 310 events in 35 JSON arrays; `select(.readOnly==false and (.errorCode|not) and
//!   .eventType=="AwsApiCall")` = 45, minus GetFederationToken (STS), 3 StartSession, 3
//!   TerminateSession, 3 SendSSHPublicKey and 3 SendSerialConsoleSSHPublicKey (access, not
//!   configuration) = 32 writes, all with `stratus-red-team_<uuid>` agents (SDK). The other SDK
//!   events include two `aws-sdk-go-v2 … exec-env/grimoire_…` calls (the GetFederationToken and
//!   a GetCallerIdentity); the one console event is a federated ConsoleLogin.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use driftguard_trail::{
    read, Channel, Filter, ReadOptions, Retain, Source, Timestamp, Trail, Verdict,
};

fn read_all(sources: Vec<Source>, filter: Filter) -> Trail {
    read(
        sources,
        &ReadOptions {
            filter,
            retain: Retain::All,
            ..ReadOptions::default()
        },
    )
}

/// `channel[/tool]` → (events, writes).
fn by_channel(trail: &Trail) -> BTreeMap<String, (usize, usize)> {
    let mut out = BTreeMap::new();
    for e in &trail.events {
        let key = match e.class.tool {
            Some(t) => format!("{}/{}", e.class.channel.as_str(), t.as_str()),
            None => e.class.channel.as_str().to_string(),
        };
        let entry = out.entry(key).or_insert((0, 0));
        entry.0 += 1;
        if e.class.is_write() {
            entry.1 += 1;
        }
    }
    out
}

fn verdicts(trail: &Trail) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in &trail.events {
        *out.entry(format!("{:?}", e.class.verdict)).or_insert(0) += 1;
    }
    out
}

fn expected(rows: &[(&str, usize, usize)]) -> BTreeMap<String, (usize, usize)> {
    rows.iter()
        .map(|(k, n, w)| (k.to_string(), (*n, *w)))
        .collect()
}

fn invictus_counts() -> BTreeMap<String, (usize, usize)> {
    expected(&[
        ("aws-service", 183, 2),
        ("console", 500, 2),
        ("iac/terraform", 1938, 377),
        ("sdk", 279, 36),
    ])
}

#[test]
fn invictus() {
    let trail = read_all(
        vec![Source::path(dataset("invictus-aws-dataset"))],
        Filter::default(),
    );
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    assert_eq!(trail.events.len(), 2900);
    assert_eq!(
        trail.stats.files, 55,
        "55 log files; the LICENSE is not read"
    );
    assert_eq!(trail.stats.duplicates, 0);
    let s = trail.stats;
    assert_eq!(
        (s.writes, s.reads, s.failed_calls, s.noise, s.not_api_calls),
        (417, 2120, 300, 18, 45)
    );
    assert_eq!(by_channel(&trail), invictus_counts());
    assert_eq!(
        verdicts(&trail),
        [
            ("AwsService", 2),
            ("InBand", 377),
            ("NotAWrite", 2483),
            ("OutOfBand", 38)
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    );
    // The 38 out-of-band writes: 36 by the Stratus Red Team SDK client, and 2 console deletions
    // relayed by `AWS Internal` (ReleaseAddress, DeleteDBInstance).
    assert_eq!(
        trail
            .events
            .iter()
            .filter(|e| e.class.verdict == Verdict::OutOfBand
                && e.class.client == Some("stratus-red-team"))
            .count(),
        36
    );
    let oob: Vec<(&str, Channel)> = trail
        .events
        .iter()
        .filter(|e| e.class.verdict == Verdict::OutOfBand && e.class.channel == Channel::Console)
        .map(|e| (e.record.event_name.as_str(), e.class.channel))
        .collect();
    assert_eq!(
        oob,
        vec![
            ("ReleaseAddress", Channel::Console),
            ("DeleteDBInstance", Channel::Console)
        ]
    );
    assert!(trail
        .events
        .windows(2)
        .all(|w| w[0].record.event_time <= w[1].record.event_time));

    // Retaining only what findings are made of keeps exactly those 38, with the same counters.
    let findings_only = read(
        vec![Source::path(dataset("invictus-aws-dataset"))],
        &ReadOptions {
            retain: Retain::Findings,
            ..ReadOptions::default()
        },
    );
    assert_eq!(findings_only.events.len(), 38);
    assert!(findings_only
        .events
        .iter()
        .all(|e| e.class.verdict == Verdict::OutOfBand));
    assert_eq!(findings_only.stats, trail.stats);
}

/// The same dataset delivered the way CloudTrail writes it to S3 — gzipped, under an
/// organisation trail's `o-…` level and by date — and delivered twice (an account trail and the
/// organisation trail): identical counts, every event a duplicate once. Built in a temporary
/// directory from the shared files.
#[test]
fn invictus_from_s3_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(dataset("invictus-aws-dataset/CloudTrail")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let parts: Vec<&str> = name.split('_').collect();
        let (account, region, stamp) = (parts[0], parts[2], parts[3]);
        let unique = parts[4].trim_end_matches(".json");
        let bytes = gzip(&std::fs::read(&path).unwrap());
        for org in [None, Some("o-exampleorg1")] {
            write(
                &layout_path(tmp.path(), org, account, region, stamp, unique),
                &bytes,
            );
        }
        n += 1;
    }
    assert_eq!(n, 55);
    let trail = read_all(vec![Source::path(tmp.path())], Filter::default());
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    assert_eq!(trail.stats.files, 110);
    assert_eq!(trail.stats.duplicates, 2900);
    assert_eq!(trail.events.len(), 2900);
    assert_eq!(by_channel(&trail), invictus_counts());

    // Since 12:00: the three files delivered at 11:45 and 11:50 are skipped by name, unopened;
    // 2,102 events (308 writes) remain — `jq 'select(.eventTime >= "2023-07-10T12:00:00Z")'`.
    let since: Timestamp = "2023-07-10T12:00:00Z".parse().unwrap();
    let trail = read_all(
        vec![Source::path(tmp.path())],
        Filter {
            since: Some(since),
            ..Filter::default()
        },
    );
    assert_eq!(trail.stats.skipped_paths, 6);
    assert_eq!(trail.stats.files, 104);
    assert_eq!(trail.events.len(), 2102);
    assert_eq!(
        trail.events.iter().filter(|e| e.class.is_write()).count(),
        308
    );
    assert!(trail.events.iter().all(|e| e.record.event_time >= since));
}

#[test]
fn stratus() {
    let dir = dataset("stratus-detonation-logs");
    let trail = read_all(vec![Source::path(&dir)], Filter::default());
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    assert_eq!(trail.stats.files, 35);
    assert_eq!(trail.events.len(), 310);
    let s = trail.stats;
    assert_eq!(
        (s.writes, s.reads, s.failed_calls, s.noise, s.not_api_calls),
        (32, 212, 52, 13, 1)
    );
    assert_eq!(
        by_channel(&trail),
        expected(&[("console", 1, 0), ("sdk", 309, 32)])
    );
    // Retaining only writes keeps exactly those, from a file given by name too.
    let writes = read(vec![Source::path(&dir)], &ReadOptions::default());
    assert_eq!(writes.events.len(), 32);
    assert!(writes.events.iter().all(
        |e| e.class.verdict == Verdict::OutOfBand && e.class.client == Some("stratus-red-team")
    ));
    let one = read(
        vec![Source::path(
            Path::new(&dir).join("aws.defense-evasion.cloudtrail-delete.json"),
        )],
        &ReadOptions::default(),
    );
    assert_eq!(one.events.len(), 1);
    assert_eq!(one.events[0].record.event_name, "DeleteTrail");
}
