//! Ingest: formats, CloudTrail's S3 layout with path skipping, deduplication, ordering, filters,
//! tolerant parsing, and damaged input.

mod common;

use std::io::Cursor;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use driftguard_trail::{
    read, scan, Activity, Filter, ReadError, ReadOptions, Retain, Source, Timestamp,
};
use serde_json::{json, Value};

fn three() -> Vec<Value> {
    vec![
        record(&id(1), "2024-05-06T10:00:01Z", json!({})),
        record(
            &id(2),
            "2024-05-06T10:00:02Z",
            json!({"eventName": "DeleteRole"}),
        ),
        record(
            &id(3),
            "2024-05-06T10:00:03Z",
            json!({"eventName": "TagRole"}),
        ),
    ]
}

fn all_ids() -> Vec<String> {
    (1..=3).map(id).collect()
}

#[test]
fn every_format_gives_the_same_events() {
    let recs = three();
    let pretty_records_not_first = serde_json::to_vec_pretty(&json!({
        "fileVersion": 1,
        "Records": recs,
    }))
    .unwrap();
    let mut pretty_values = Vec::new();
    for r in &recs {
        pretty_values.extend(serde_json::to_vec_pretty(r).unwrap());
        pretty_values.push(b'\n');
    }
    let eventbridge = ndjson(
        &recs
            .iter()
            .map(|r| {
                json!({
                    "version": "0", "id": "6f1d…", "detail-type": "AWS API Call via CloudTrail",
                    "source": "aws.iam", "account": ACCOUNT, "time": r["eventTime"],
                    "region": "us-east-1", "resources": [], "detail": r
                })
            })
            .collect::<Vec<_>>(),
    );
    let mut bom = b"\xEF\xBB\xBF\n\n".to_vec();
    bom.extend(records_file(&recs));
    let records_per_line = ndjson(&[json!({"Records": recs[..2]}), json!({"Records": recs[2..]})]);

    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("records", records_file(&recs)),
        ("array", serde_json::to_vec(&recs).unwrap()),
        ("ndjson", ndjson(&recs)),
        ("eventbridge", eventbridge),
        ("pretty-records-not-first", pretty_records_not_first),
        ("pretty-values", pretty_values),
        ("bom", bom),
        ("records-per-line", records_per_line),
    ];
    for (name, bytes) in variants {
        for (label, content) in [
            (name.to_string(), bytes.clone()),
            (format!("{name}.gz"), gzip(&bytes)),
        ] {
            // Streamed from the reader, and parsed from memory.
            let streamed = read(
                vec![Source::reader(&label, Cursor::new(content.clone()))],
                &ReadOptions {
                    retain: Retain::All,
                    in_memory_limit: 0,
                    ..ReadOptions::default()
                },
            );
            assert!(
                streamed.problems.is_empty(),
                "{label}: {:?}",
                streamed.problems
            );
            assert_eq!(ids(&streamed.events), all_ids(), "{label} streamed");
            let trail = read_bytes(&label, content);
            assert!(trail.problems.is_empty(), "{label}: {:?}", trail.problems);
            assert_eq!(ids(&trail.events), all_ids(), "{label}");
            assert_eq!(trail.stats.records, 3, "{label}");
            assert_eq!(&*trail.events[0].origin, label);
        }
    }
    // Empty and whitespace-only inputs are not errors; concatenated gzip members are one stream.
    assert!(read_bytes("empty", Vec::new()).problems.is_empty());
    assert!(read_bytes("blank", b" \n\t".to_vec()).problems.is_empty());
    let mut members = gzip(&ndjson(&recs[..1]));
    members.extend(gzip(&ndjson(&recs[1..])));
    assert_eq!(ids(&read_bytes("members", members).events), all_ids());
}

#[test]
fn request_and_response_are_kept_for_retained_events() {
    let rec = record(
        &id(1),
        "2024-05-06T10:00:01Z",
        json!({
            "requestParameters": {"roleName": "r", "tags": [{"key": "a", "value": "b"}]},
            "responseElements": {"role": {"arn": "arn:aws:iam::111122223333:role/r"}}
        }),
    );
    let trail = read_bytes("x", records_file(&[rec]));
    let r = &trail.events[0].record;
    assert_eq!(
        r.request_parameters.as_ref().unwrap()["tags"][0]["value"],
        "b"
    );
    assert_eq!(
        r.response_elements.as_ref().unwrap()["role"]["arn"],
        "arn:aws:iam::111122223333:role/r"
    );
    let back = r.to_json();
    assert_eq!(back["requestParameters"]["roleName"], "r");
    assert_eq!(back["eventName"], "CreateRole");
    assert_eq!(
        back["userIdentity"]["arn"],
        "arn:aws:iam::111122223333:user/alice"
    );
}

#[test]
fn tolerant_parsing() {
    let recs = vec![
        // Numbers and strings where the other is expected; a boolean console flag.
        record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({
                "recipientAccountId": 111122223333u64,
                "readOnly": "false",
                "sessionCredentialFromConsole": true,
                "userAgent": "[aws-cli/2.1",
                "requestParameters": null,
            }),
        ),
        // Epoch milliseconds, no userIdentity.type, userIdentity fields of odd types.
        record(
            &id(2),
            "1714989602000",
            json!({"userIdentity": {"arn": "arn:aws:iam::111122223333:user/bob", "accountId": 111122223333u64,
                                    "sessionContext": "n/a", "invokedBy": null}}),
        ),
        // userIdentity not an object, eventID missing, fractional seconds with an offset.
        record(
            "",
            "2024-05-06T12:00:03.250+02:00",
            json!({"userIdentity": "root", "eventID": null, "errorCode": ""}),
        ),
    ];
    let trail = read_bytes("x", ndjson(&recs));
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    let [a, b, c] = &trail.events[..] else {
        panic!("{:?}", trail.events)
    };
    assert_eq!(a.record.recipient_account_id.as_deref(), Some(ACCOUNT));
    assert_eq!(a.record.read_only, Some(false));
    assert_eq!(a.record.session_credential_from_console, Some(true));
    assert_eq!(a.record.user_agent.as_deref(), Some("aws-cli/2.1"));
    assert_eq!(a.record.request_parameters, None);
    assert_eq!(a.class.channel.as_str(), "cli");
    assert_eq!(
        b.record.event_time,
        "2024-05-06T10:00:02Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(b.record.user_identity.kind, None);
    assert_eq!(b.record.user_identity.account_id.as_deref(), Some(ACCOUNT));
    assert_eq!(
        c.record.event_time,
        "2024-05-06T10:00:03.25Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(c.record.event_id, None);
    assert_eq!(c.record.error_code, None, "an empty errorCode is no error");
    assert_eq!(c.class.activity, Activity::Write);
}

#[test]
fn invalid_records_are_counted_and_reported_once() {
    let recs = vec![
        record(&id(1), "2024-05-06T10:00:01Z", json!({})),
        record(&id(2), "not a time", json!({})),
        json!("a string"),
        record(&id(4), "2024-05-06T10:00:04Z", json!({"eventName": null})),
        record(&id(5), "2024-05-06T10:00:05Z", json!({})),
    ];
    let trail = read_bytes("x.json", serde_json::to_vec(&recs).unwrap());
    assert_eq!(ids(&trail.events), vec![id(1), id(5)]);
    assert_eq!(trail.stats.invalid, 3);
    assert_eq!(
        trail.problems,
        vec![ReadError::InvalidRecords {
            path: "x.json".into(),
            count: 3,
            first_record: 2,
            reason: "eventTime is not a timestamp".into()
        }]
    );
    assert!(trail.problems[0].is_partial());
}

#[test]
fn retain_writes_and_scan() {
    let recs = vec![
        record(&id(1), "2024-05-06T10:00:01Z", json!({})),
        record(
            &id(2),
            "2024-05-06T10:00:02Z",
            json!({"eventName": "GetRole", "readOnly": true}),
        ),
        record(
            &id(3),
            "2024-05-06T10:00:03Z",
            json!({"errorCode": "AccessDenied"}),
        ),
        record(
            &id(4),
            "2024-05-06T10:00:04Z",
            json!({"eventSource": "sts.amazonaws.com", "eventName": "GetSessionToken"}),
        ),
        record(
            &id(5),
            "2024-05-06T10:00:05Z",
            json!({"eventType": "AwsConsoleSignIn"}),
        ),
    ];
    let trail = read(
        vec![Source::reader("x", Cursor::new(ndjson(&recs)))],
        &ReadOptions::default(),
    );
    assert_eq!(ids(&trail.events), vec![id(1)]);
    let s = trail.stats;
    assert_eq!(
        (s.writes, s.reads, s.failed_calls, s.noise, s.not_api_calls),
        (1, 1, 1, 1, 1)
    );
    let seen = AtomicU64::new(0);
    let report = scan(
        vec![Source::reader("x", Cursor::new(ndjson(&recs)))],
        &ReadOptions {
            retain: Retain::All,
            ..ReadOptions::default()
        },
        |_| {
            seen.fetch_add(1, Ordering::Relaxed);
        },
    );
    assert_eq!(seen.into_inner(), 5);
    assert_eq!(report.stats.records, 5);
}

/// An S3 bucket copied to disk: an account trail and an organisation trail (which delivers the
/// same events again under `o-…`), two regions, a second account, a digest directory, a corrupt
/// file on a day the time filter skips, a truncated file, and files whose events are out of order.
struct Bucket {
    dir: tempfile::TempDir,
}

const OTHER_ACCOUNT: &str = "444455556666";

fn at(t: &str) -> Timestamp {
    t.parse().unwrap()
}

impl Bucket {
    fn new() -> Bucket {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let r = |n: u32, t: &str, extra: Value| record(&id(n), t, extra);
        // 2024-05-05, just before midnight.
        let day5 = vec![r(1, "2024-05-05T23:50:00Z", json!({}))];
        write(
            &layout_path(root, None, ACCOUNT, "us-east-1", "20240505T2355Z", "a1"),
            &gzip(&records_file(&day5)),
        );
        // 2024-05-06: two files whose events interleave in time, each unordered inside.
        let f1 = vec![
            r(4, "2024-05-06T10:00:04Z", json!({})),
            r(2, "2024-05-06T10:00:02Z", json!({})),
        ];
        let f2 = vec![
            r(5, "2024-05-06T10:00:05Z", json!({})),
            r(3, "2024-05-06T10:00:03Z", json!({})),
        ];
        write(
            &layout_path(root, None, ACCOUNT, "us-east-1", "20240506T1005Z", "b1"),
            &gzip(&records_file(&f1)),
        );
        write(
            &layout_path(root, None, ACCOUNT, "us-east-1", "20240506T1010Z", "b2"),
            &gzip(&records_file(&f2)),
        );
        // The organisation trail delivers events 2 and 3 (IAM is global) again.
        let org = vec![f1[1].clone(), f2[1].clone()];
        write(
            &layout_path(
                root,
                Some("o-exampleorg1"),
                ACCOUNT,
                "us-east-1",
                "20240506T1012Z",
                "o1",
            ),
            &gzip(&records_file(&org)),
        );
        // Another region and another account.
        let eu = vec![r(
            6,
            "2024-05-06T10:00:06Z",
            json!({"awsRegion": "eu-west-1"}),
        )];
        write(
            &layout_path(root, None, ACCOUNT, "eu-west-1", "20240506T1010Z", "c1"),
            &gzip(&records_file(&eu)),
        );
        let other = vec![r(
            7,
            "2024-05-06T10:00:07Z",
            json!({"recipientAccountId": OTHER_ACCOUNT}),
        )];
        write(
            &layout_path(
                root,
                Some("o-exampleorg1"),
                OTHER_ACCOUNT,
                "us-east-1",
                "20240506T1010Z",
                "d1",
            ),
            &gzip(&records_file(&other)),
        );
        // A truncated file: its first records survive, the damage is reported.
        let many: Vec<Value> = (100..140)
            .map(|n| r(n, "2024-05-06T11:00:00Z", json!({})))
            .collect();
        let full = gzip(&records_file(&many));
        write(
            &layout_path(root, None, ACCOUNT, "us-east-1", "20240506T1105Z", "t1"),
            &full[..full.len() * 2 / 3],
        );
        // Garbage on 2024-05-01: reported unless the time filter skips the day unopened.
        write(
            &layout_path(root, None, ACCOUNT, "us-east-1", "20240501T0000Z", "x1"),
            b"\x00\x01 not a log file",
        );
        // Digests and neighbours are not logs.
        write(
            &root.join(format!(
                "AWSLogs/{ACCOUNT}/CloudTrail-Digest/us-east-1/2024/05/06/\
                 {ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20240506T1100Z.json.gz"
            )),
            b"garbage",
        );
        write(&root.join("AWSLogs/README.md"), b"# not a log");
        write(&root.join("AWSLogs/.hidden.json"), b"garbage");
        Bucket { dir }
    }

    fn read(&self, filter: Filter) -> driftguard_trail::Trail {
        read(
            vec![Source::path(self.dir.path())],
            &ReadOptions {
                filter,
                retain: Retain::Writes,
                ..ReadOptions::default()
            },
        )
    }

    fn name(&self, stamp: &str, unique: &str) -> String {
        let p = layout_path(self.dir.path(), None, ACCOUNT, "us-east-1", stamp, unique);
        p.display().to_string()
    }
}

#[test]
fn s3_layout_everything() {
    let bucket = Bucket::new();
    let trail = bucket.read(Filter::default());
    let eleven = at("2024-05-06T11:00:00Z");
    let (truncated, main): (Vec<_>, Vec<_>) = trail
        .events
        .iter()
        .partition(|e| e.record.event_time == eleven);
    let truncated_kept = truncated.len();
    let main: Vec<String> = main
        .iter()
        .map(|e| e.record.event_id.clone().unwrap())
        .collect();
    // Deduplicated and ordered, whatever the file order.
    assert_eq!(main, (1..=7).map(id).collect::<Vec<_>>());
    assert_eq!(trail.stats.duplicates, 2);
    assert!(trail
        .events
        .windows(2)
        .all(|w| w[0].record.event_time <= w[1].record.event_time));
    // The truncated file: its surviving prefix is kept, the damage named.
    assert!(
        truncated_kept > 0 && truncated_kept < 40,
        "{truncated_kept}"
    );
    assert_eq!(trail.problems.len(), 2, "{:?}", trail.problems);
    assert_eq!(
        trail.problems[0],
        ReadError::NotJson {
            path: bucket.name("20240501T0000Z", "x1"),
            found: "byte 0x00".into()
        }
    );
    match &trail.problems[1] {
        ReadError::Decompress { path, records, .. } => {
            assert_eq!(path, &bucket.name("20240506T1105Z", "t1"));
            assert_eq!(*records, truncated_kept as u64);
        }
        other => panic!("{other:?}"),
    }
    assert!(trail.problems[1]
        .to_string()
        .contains("_20240506T1105Z_t1.json.gz"));
    assert_eq!(trail.stats.files, 8);
    assert_eq!(trail.stats.failed_files, 2);
    assert_eq!(trail.stats.skipped_paths, 0);
}

#[test]
fn s3_layout_time_filter_skips_paths() {
    let bucket = Bucket::new();
    let trail = bucket.read(Filter {
        since: Some(at("2024-05-06T00:00:00Z")),
        until: Some(at("2024-05-06T11:00:00Z")),
        ..Filter::default()
    });
    // The corrupt file's day is skipped unopened, so it is not reported; 05/05 too. The
    // truncated file (delivered 11:05, within the delivery slack) is still read, its events
    // filtered by time.
    assert_eq!(ids(&trail.events), (2..=7).map(id).collect::<Vec<_>>());
    assert_eq!(trail.problems.len(), 1, "{:?}", trail.problems);
    assert!(matches!(trail.problems[0], ReadError::Decompress { .. }));
    // us-east-1/2024/05/01, us-east-1/2024/05/05.
    assert_eq!(trail.stats.skipped_paths, 2);

    // Days that start more than the delivery slack (a day) after `until` are skipped: 05/06 is,
    // 05/05 is opened (a late delivery could hold an event from before midnight).
    let trail = bucket.read(Filter {
        until: Some(at("2024-05-05T00:00:00Z")),
        ..Filter::default()
    });
    assert!(trail.events.is_empty());
    assert_eq!(trail.problems.len(), 1, "the 05/01 garbage is opened");
    assert_eq!(trail.stats.files, 2);
    // us-east-1/2024/05/06, eu-west-1/2024/05/06, the org trail's and the other account's 05/06.
    assert_eq!(trail.stats.skipped_paths, 4);
}

#[test]
fn s3_layout_account_and_region_filters() {
    let bucket = Bucket::new();
    let trail = bucket.read(Filter {
        accounts: vec![OTHER_ACCOUNT.into()],
        ..Filter::default()
    });
    assert_eq!(ids(&trail.events), vec![id(7)]);
    assert!(trail.problems.is_empty());
    assert_eq!(trail.stats.files, 1);

    let trail = bucket.read(Filter {
        regions: vec!["eu-west-1".into()],
        ..Filter::default()
    });
    assert_eq!(ids(&trail.events), vec![id(6)]);
    assert_eq!(trail.stats.files, 1);
}

#[test]
fn single_files_and_missing_paths() {
    let bucket = Bucket::new();
    let file = bucket.name("20240506T1005Z", "b1");
    let trail = read(
        vec![
            Source::path(&file),
            Source::path(bucket.dir.path().join("nope")),
        ],
        &ReadOptions::default(),
    );
    assert_eq!(ids(&trail.events), vec![id(2), id(4)]);
    assert!(matches!(&trail.problems[..], [ReadError::Open { .. }]));
    // A file named explicitly is read whatever its extension.
    let odd = bucket.dir.path().join("export.log");
    write(&odd, &ndjson(&three()));
    let trail = read(vec![Source::path(&odd)], &ReadOptions::default());
    assert_eq!(ids(&trail.events), all_ids());
}

#[test]
fn results_are_deterministic() {
    let bucket = Bucket::new();
    let first = bucket.read(Filter::default());
    for _ in 0..5 {
        let again = bucket.read(Filter::default());
        assert_eq!(again.events, first.events);
        assert_eq!(again.problems, first.problems);
        assert_eq!(again.stats, first.stats);
    }
}

#[test]
fn malformed_json_is_reported_with_its_line() {
    let mut text = String::from("{\"Records\": [\n");
    for n in 1..=3 {
        text.push_str(
            &serde_json::to_string(&record(&id(n), "2024-05-06T10:00:01Z", json!({}))).unwrap(),
        );
        text.push_str(",\n");
    }
    text.push_str("{\"eventVersion\": \"1.09\", \"eventTime\": }\n]}");
    let trail = read_bytes("broken.json", text.into_bytes());
    assert_eq!(trail.events.len(), 3);
    match &trail.problems[..] {
        [ReadError::Json {
            path,
            line,
            records,
            ..
        }] => {
            assert_eq!(path, "broken.json");
            assert_eq!(*line, Some(5));
            assert_eq!(*records, 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(trail.problems[0].to_string().starts_with("broken.json:5:"));
}

#[test]
fn bad_ndjson_lines_are_skipped() {
    let recs = three();
    let mut text = Vec::new();
    text.extend(serde_json::to_vec(&recs[0]).unwrap());
    text.extend(b"\nthis is not json\n");
    text.extend(serde_json::to_vec(&recs[1]).unwrap());
    text.extend(b"\n{\"broken\": tru}\n");
    text.extend(serde_json::to_vec(&recs[2]).unwrap());
    text.push(b'\n');
    let trail = read_bytes("siem.ndjson", text);
    assert_eq!(ids(&trail.events), all_ids());
    match &trail.problems[..] {
        [ReadError::BadLines {
            count, first_line, ..
        }] => {
            assert_eq!((*count, *first_line), (2, 2));
        }
        other => panic!("{other:?}"),
    }
    // A last line cut off mid-value is truncation, with its line number.
    let mut cut = ndjson(&recs);
    cut.extend(b"{\"eventVersion\": \"1.09\", \"eventTi");
    let trail = read_bytes("cut.ndjson", cut);
    assert_eq!(ids(&trail.events), all_ids());
    assert!(
        matches!(&trail.problems[..], [ReadError::Json { line: Some(4), .. }]),
        "{:?}",
        trail.problems
    );
}

/// Damaged input of every kind never panics: each prefix of valid files (gzipped and not, in
/// every format), single-byte corruptions, pseudo-random bytes with and without a gzip header,
/// and pathological nesting.
#[test]
fn damaged_input_never_panics() {
    let recs: Vec<Value> = (1..=4)
        .map(|n| {
            record(
                &id(n),
                "2024-05-06T10:00:01Z",
                json!({"requestParameters": {"a": [1, {"b": null}]}}),
            )
        })
        .collect();
    let documents = [
        records_file(&recs),
        serde_json::to_vec(&recs).unwrap(),
        ndjson(&recs),
    ];
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for doc in &documents {
        let gz = gzip(doc);
        for cut in (0..doc.len()).step_by(7) {
            inputs.push(doc[..cut].to_vec());
        }
        for cut in 0..gz.len() {
            inputs.push(gz[..cut].to_vec());
        }
        for pos in (0..gz.len()).step_by(3) {
            let mut bad = gz.clone();
            bad[pos] ^= 0x5a;
            inputs.push(bad);
        }
        for pos in (0..doc.len()).step_by(11) {
            let mut bad = doc.clone();
            bad[pos] = b"{}[]\",:\\\n0"[pos % 11];
            inputs.push(bad);
        }
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for len in [1usize, 2, 3, 10, 100, 1000, 5000] {
        for prefix in [&b""[..], b"\x1f\x8b", b"{", b"[", b"{\"Records\":["] {
            let mut bytes = prefix.to_vec();
            while bytes.len() < len + prefix.len() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.push(seed as u8);
            }
            inputs.push(bytes);
        }
    }
    inputs.push(vec![b'['; 100_000]);
    inputs.push([b"{\"Records\":[".as_slice(), &vec![b'['; 100_000]].concat());
    inputs.push(
        b"{\"Records\":[{\"userIdentity\":"
            .iter()
            .chain([b'{'; 50_000].iter())
            .copied()
            .collect(),
    );
    for (i, input) in inputs.into_iter().enumerate() {
        let name = format!("input-{i}");
        for in_memory_limit in [0, 64 << 20] {
            let trail = read(
                vec![Source::reader(&name, Cursor::new(input.clone()))],
                &ReadOptions {
                    retain: Retain::All,
                    in_memory_limit,
                    ..ReadOptions::default()
                },
            );
            for p in &trail.problems {
                assert!(p.to_string().starts_with(&name), "{p}");
            }
        }
    }
}

#[test]
fn directories_ignore_non_logs() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.json"), &records_file(&three()[..1]));
    write(
        &dir.path().join("sub/b.jsonl.gz"),
        &gzip(&ndjson(&three()[1..2])),
    );
    write(&dir.path().join("sub/c.NDJSON"), &ndjson(&three()[2..]));
    write(&dir.path().join("LICENSE"), b"MIT");
    write(&dir.path().join("notes.txt"), b"{}");
    let trail = read(vec![Source::path(dir.path())], &ReadOptions::default());
    assert_eq!(ids(&trail.events), all_ids());
    assert!(trail.problems.is_empty());
    assert_eq!(trail.stats.files, 3);
}
