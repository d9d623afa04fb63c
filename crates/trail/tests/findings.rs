//! The findings layer and its renderers: synthetic events read through the real ingest, and the
//! Invictus dataset with hand-checked counts.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use common::*;
use driftguard_trail::{
    explain, findings, read, render, Classifier, Event, FindingOptions, NoState,
    PipelinePrincipals, ReadOptions, Retain, SignedDuration, Source, Stats, TrailFinding,
    TrailIndex, Verdict, OUT_OF_BAND_RULE, TRAIL_SCHEMA_VERSION, UNSANCTIONED_IAC_RULE,
};
use serde_json::{json, Value};

const TERRAFORM: &str = "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) \
                         terraform-provider-aws/5.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) \
                         aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.6";
const CLI: &str =
    "aws-cli/2.17.46 md/awscrt#0.21.2 ua/2.0 os/linux md/command#iam.attach-user-policy";
const BOTO3: &str = "Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165";

fn user(name: &str) -> Value {
    json!({
        "type": "IAMUser",
        "principalId": format!("AIDAEXAMPLE{}", name.to_uppercase()),
        "arn": format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
        "accountId": ACCOUNT,
        "userName": name
    })
}

fn assumed_role(role: &str, session: &str) -> Value {
    json!({
        "type": "AssumedRole",
        "principalId": format!("AROAEXAMPLE:{session}"),
        "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"),
        "accountId": ACCOUNT,
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "arn": format!("arn:aws:iam::{ACCOUNT}:role/{role}"), "userName": role},
            "attributes": {"creationDate": "2024-05-06T09:00:00Z", "mfaAuthenticated": "false"}
        }
    })
}

/// Bob in the console: `AWS Internal` with console credentials.
fn console(n: u32, time: &str, name: &str, source: &str, request: Value, response: Value) -> Value {
    record(
        &id(n),
        time,
        json!({
            "userIdentity": user("bob"),
            "userAgent": "AWS Internal",
            "sourceIPAddress": "198.51.100.7",
            "sessionCredentialFromConsole": "true",
            "eventSource": source,
            "eventName": name,
            "requestParameters": request,
            "responseElements": response,
        }),
    )
}

fn ssh_permissions() -> Value {
    json!({"groupId": "sg-1", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22,
           "toPort": 22, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
           "ipv6Ranges": {}, "prefixListIds": {}}]}})
}

fn open_ssh(n: u32, time: &str) -> Value {
    console(
        n,
        time,
        "AuthorizeSecurityGroupIngress",
        "ec2.amazonaws.com",
        ssh_permissions(),
        json!({"_return": true, "securityGroupRuleSet": {"items": [{"groupId": "sg-1",
               "securityGroupRuleId": format!("sgr-{n}"), "isEgress": false, "ipProtocol": "tcp",
               "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}}),
    )
}

/// One event per channel and verdict, and the bursts the grouping must see:
/// - 1, 9: Bob opens SSH on sg-1 in the console and closes it 40 min later (one finding);
/// - 10: he opens it again 80 min after that (a second finding);
/// - 2: Alice attaches AdministratorAccess with the CLI (high);
/// - 3: an application role turns versioning off with Boto3 (medium);
/// - 4: the pipeline role runs Terraform (in band); 5: Alice runs Terraform herself
///   (unsanctioned IaC, high whatever it changes);
/// - 6: an AWS service acts; 7: a read; 8: an SDK call the join does not model;
/// - 11: the pipeline changes sg-1 (in band, but it explains a drift of sg-1).
fn scenario() -> Vec<Value> {
    vec![
        record(
            &id(11),
            "2024-05-06T09:00:00Z",
            json!({
                "userIdentity": assumed_role("terraform-ci", "run-41"),
                "userAgent": TERRAFORM,
                "eventSource": "ec2.amazonaws.com",
                "eventName": "AuthorizeSecurityGroupIngress",
                "requestParameters": {"groupId": "sg-1", "ipPermissions": {"items": [{"ipProtocol": "tcp",
                    "fromPort": 443, "toPort": 443, "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}]}}]}},
            }),
        ),
        open_ssh(1, "2024-05-06T10:00:00Z"),
        record(
            &id(2),
            "2024-05-06T10:05:00Z",
            json!({
                "userIdentity": user("alice"),
                "userAgent": CLI,
                "eventName": "AttachUserPolicy",
                "requestParameters": {"userName": "carol", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
            }),
        ),
        record(
            &id(3),
            "2024-05-06T10:10:00Z",
            json!({
                "userIdentity": assumed_role("app", "i-0abc"),
                "userAgent": BOTO3,
                "sourceIPAddress": "10.1.2.3",
                "eventSource": "s3.amazonaws.com",
                "eventName": "PutBucketVersioning",
                "awsRegion": "eu-west-1",
                "requestParameters": {"bucketName": "logs", "VersioningConfiguration": {"Status": "Suspended"}},
            }),
        ),
        record(
            &id(4),
            "2024-05-06T10:15:00Z",
            json!({
                "userIdentity": assumed_role("terraform-ci", "run-42"),
                "userAgent": TERRAFORM,
                "requestParameters": {"roleName": "app"},
            }),
        ),
        record(
            &id(5),
            "2024-05-06T10:16:00Z",
            json!({
                "userIdentity": user("alice"),
                "userAgent": TERRAFORM,
                "requestParameters": {"roleName": "shadow-admin"},
            }),
        ),
        record(
            &id(6),
            "2024-05-06T10:20:00Z",
            json!({
                "userIdentity": {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"},
                "userAgent": "autoscaling.amazonaws.com",
                "eventSource": "ec2.amazonaws.com",
                "eventName": "RunInstances",
            }),
        ),
        record(
            &id(7),
            "2024-05-06T10:25:00Z",
            json!({"eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstances", "readOnly": true}),
        ),
        record(
            &id(8),
            "2024-05-06T10:30:00Z",
            json!({
                "userIdentity": user("alice"),
                "userAgent": BOTO3,
                "eventSource": "ec2.amazonaws.com",
                "eventName": "ModifyImageAttribute",
                "requestParameters": {"imageId": "ami-1", "launchPermission": {"add": {"items": [{"group": "all"}]}}},
            }),
        ),
        console(
            9,
            "2024-05-06T10:40:00Z",
            "RevokeSecurityGroupIngress",
            "ec2.amazonaws.com",
            ssh_permissions(),
            json!({"_return": true}),
        ),
        open_ssh(10, "2024-05-06T12:00:00Z"),
    ]
}

fn read_records(records: &[Value]) -> (Vec<Event>, Stats) {
    let trail = read(
        vec![Source::reader("scenario", Cursor::new(ndjson(records)))],
        &ReadOptions {
            retain: Retain::All,
            classifier: Classifier::with_pipeline_principals(
                PipelinePrincipals::new(["arn:aws:iam::*:role/terraform-*"]).unwrap(),
            ),
            ..ReadOptions::default()
        },
    );
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    (trail.events, trail.stats)
}

/// The state of the scenario: sg-1 and the logs bucket are managed, nothing else.
fn state(resource_type: &str, id: &str) -> Option<String> {
    match (resource_type, id) {
        ("aws_security_group", "sg-1") => Some("module.net.aws_security_group.web".into()),
        ("aws_s3_bucket", "logs") => Some("aws_s3_bucket.logs".into()),
        _ => None,
    }
}

/// (rule, severity, resource type, id, event count) per finding.
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<String>,
    usize,
);

fn rows(findings: &[TrailFinding]) -> Vec<Row> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule,
                f.severity,
                f.resource_type,
                f.resource_id.clone(),
                f.event_count,
            )
        })
        .collect()
}

fn row(
    rule: &'static str,
    severity: &'static str,
    what: Option<(&'static str, &str)>,
    n: usize,
) -> Row {
    (
        rule,
        severity,
        what.map(|w| w.0),
        what.map(|w| w.1.to_string()),
        n,
    )
}

const SG_RULE: (&str, &str) = ("aws_security_group_rule", "sg-1_ingress_tcp_22_22_");
const ATTACHMENT: (&str, &str) = (
    "aws_iam_user_policy_attachment",
    "carol/arn:aws:iam::aws:policy/AdministratorAccess",
);

#[test]
fn channels_verdicts_and_grouping_without_state() {
    let (events, _) = read_records(&scenario());
    let verdicts: Vec<Verdict> = events.iter().map(|e| e.class.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::InBand,
            Verdict::OutOfBand,
            Verdict::OutOfBand,
            Verdict::OutOfBand,
            Verdict::InBand,
            Verdict::UnsanctionedIac,
            Verdict::AwsService,
            Verdict::NotAWrite,
            Verdict::OutOfBand,
            Verdict::OutOfBand,
            Verdict::OutOfBand,
        ]
    );

    let found = findings(&events, &NoState, &FindingOptions::default());
    assert_eq!(
        rows(&found),
        vec![
            row(OUT_OF_BAND_RULE, "high", Some(SG_RULE), 2),
            row(OUT_OF_BAND_RULE, "high", Some(ATTACHMENT), 1),
            row(
                UNSANCTIONED_IAC_RULE,
                "high",
                Some(("aws_iam_role", "shadow-admin")),
                1
            ),
            row(OUT_OF_BAND_RULE, "high", Some(SG_RULE), 1),
            row(
                OUT_OF_BAND_RULE,
                "medium",
                Some(("aws_s3_bucket_versioning", "logs")),
                1
            ),
            row(OUT_OF_BAND_RULE, "medium", None, 1),
        ]
    );

    // Console, with its burst: newest first, first/last seen, MITRE.
    let sg = &found[0];
    assert_eq!(
        sg.title,
        format!(
            "aws_security_group_rule sg-1_ingress_tcp_22_22_ changed through the console by arn:aws:iam::{ACCOUNT}:user/bob"
        )
    );
    assert_eq!((sg.channel.as_str(), sg.tool.as_deref()), ("console", None));
    assert_eq!(sg.channels, ["console"]);
    assert_eq!(sg.region.as_deref(), Some("us-east-1"));
    assert_eq!((sg.address.as_deref(), sg.managed), (None, None));
    assert_eq!(sg.techniques, ["T1496.004", "T1562.007"]);
    assert_eq!(sg.tactic, "TA0040");
    assert_eq!(sg.account.as_deref(), Some(ACCOUNT));
    assert_eq!(sg.first_seen.to_string(), "2024-05-06T10:00:00Z");
    assert_eq!(sg.last_seen.to_string(), "2024-05-06T10:40:00Z");
    let ids: Vec<&str> = sg.events.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(ids, [id(9), id(1)]);
    let newest = &sg.events[0];
    assert_eq!(
        (
            newest.event_name.as_str(),
            newest.event_source.as_str(),
            newest.source_ip.as_deref(),
            newest.user_agent.as_deref(),
            newest.channel.as_str(),
            newest.region.as_deref(),
        ),
        (
            "RevokeSecurityGroupIngress",
            "ec2.amazonaws.com",
            Some("198.51.100.7"),
            Some("AWS Internal"),
            "console",
            Some("us-east-1")
        )
    );

    // CLI: IAM resources are account-wide.
    let cli = &found[1];
    assert_eq!(cli.channel, "cli");
    assert_eq!(cli.region, None);
    assert_eq!(cli.techniques, ["T1496.004", "T1098.003"]);
    assert_eq!(
        cli.actor,
        format!("arn:aws:iam::{ACCOUNT}:user/alice"),
        "a user is its own actor"
    );

    // Unsanctioned IaC: high although CreateRole is medium as an out-of-band change.
    let iac = &found[2];
    assert_eq!(
        (iac.channel.as_str(), iac.tool.as_deref()),
        ("iac", Some("terraform"))
    );
    assert_eq!(
        iac.title,
        format!(
            "aws_iam_role shadow-admin changed by a terraform run of arn:aws:iam::{ACCOUNT}:user/alice, a principal not on the pipeline allow-list"
        )
    );

    // SDK through an assumed role: the actor is the role, the principal the session.
    let sdk = &found[4];
    assert_eq!(sdk.channel, "sdk");
    assert_eq!(sdk.actor, format!("arn:aws:iam::{ACCOUNT}:role/app"));
    assert_eq!(
        sdk.principal_arn.as_deref(),
        Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/app/i-0abc").as_str())
    );
    assert_eq!(sdk.region.as_deref(), Some("eu-west-1"));

    // Joins nothing: still a finding, named after the call.
    let unjoined = &found[5];
    assert_eq!(unjoined.resource_id, None);
    assert_eq!(unjoined.region.as_deref(), Some("us-east-1"));
    assert_eq!(unjoined.techniques, ["T1496.004"]);
    assert_eq!(
        unjoined.title,
        format!(
            "ec2.amazonaws.com ModifyImageAttribute called through an SDK by arn:aws:iam::{ACCOUNT}:user/alice"
        )
    );
}

#[test]
fn the_window_splits_and_merges_bursts() {
    let (events, _) = read_records(&scenario());
    let sg_counts = |window: SignedDuration| -> Vec<usize> {
        findings(&events, &NoState, &FindingOptions { window })
            .iter()
            .filter(|f| f.resource_id.as_deref() == Some(SG_RULE.1))
            .map(|f| f.event_count)
            .collect()
    };
    // Gaps: 40 min (1 → 9), then 80 min (9 → 10).
    assert_eq!(sg_counts(SignedDuration::from_mins(60)), [2, 1]);
    assert_eq!(
        sg_counts(SignedDuration::from_mins(40)),
        [2, 1],
        "a gap equal to the window stays"
    );
    assert_eq!(sg_counts(SignedDuration::from_mins(30)), [1, 1, 1]);
    assert_eq!(sg_counts(SignedDuration::from_mins(80)), [3]);
}

#[test]
fn a_long_burst_keeps_its_count_and_the_newest_events() {
    let records: Vec<Value> = (0..25)
        .map(|n| open_ssh(100 + n, &format!("2024-05-06T10:{:02}:00Z", n * 2)))
        .collect();
    let (events, _) = read_records(&records);
    let found = findings(&events, &NoState, &FindingOptions::default());
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.event_count, 25);
    assert_eq!(f.events.len(), driftguard_trail::findings::MAX_EVENTS);
    assert_eq!(f.events[0].event_id, id(124));
    assert_eq!(f.events[19].event_id, id(105));
    assert_eq!(f.last_seen.to_string(), "2024-05-06T10:48:00Z");
}

/// (resource type, id, address, managed).
type Placed<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<bool>,
);

#[test]
fn with_a_state_findings_name_the_managed_resource() {
    let (events, _) = read_records(&scenario());
    let found = findings(&events, &state, &FindingOptions::default());
    let view: Vec<Placed<'_>> = found
        .iter()
        .map(|f| {
            (
                f.resource_type,
                f.resource_id.as_deref(),
                f.address.as_deref(),
                f.managed,
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            // The hand-added rule counts against the managed group.
            (
                Some("aws_security_group"),
                Some("sg-1"),
                Some("module.net.aws_security_group.web"),
                Some(true)
            ),
            (Some(ATTACHMENT.0), Some(ATTACHMENT.1), None, Some(false)),
            (
                Some("aws_iam_role"),
                Some("shadow-admin"),
                None,
                Some(false)
            ),
            (
                Some("aws_security_group"),
                Some("sg-1"),
                Some("module.net.aws_security_group.web"),
                Some(true)
            ),
            // Versioning is not declared on its own, the bucket is.
            (
                Some("aws_s3_bucket"),
                Some("logs"),
                Some("aws_s3_bucket.logs"),
                Some(true)
            ),
            (None, None, None, None),
        ]
    );
    assert!(found[0]
        .title
        .starts_with("aws_security_group sg-1 changed through the console"));
}

#[test]
fn explain_lists_every_write_to_a_resource_newest_first() {
    let (events, _) = read_records(&scenario());
    let sg = explain(&events, "aws_security_group", "sg-1");
    let got: Vec<(String, Verdict)> = sg.iter().map(|e| (e.event_id.clone(), e.verdict)).collect();
    assert_eq!(
        got,
        [
            (id(10), Verdict::OutOfBand),
            (id(9), Verdict::OutOfBand),
            (id(1), Verdict::OutOfBand),
            (id(11), Verdict::InBand),
        ]
    );
    assert_eq!(sg[3].tool.as_deref(), Some("terraform"));
    // Any ref matches, not only the first.
    assert_eq!(explain(&events, SG_RULE.0, SG_RULE.1).len(), 3);
    assert_eq!(
        explain(&events, "aws_vpc_security_group_ingress_rule", "sgr-10").len(),
        1
    );
    assert_eq!(explain(&events, "aws_iam_role", "app")[0].event_id, id(4));
    assert!(explain(&events, "aws_iam_role", "nobody").is_empty());

    // The index answers every look-up from one pass (`explain` is a one-off index).
    let index = TrailIndex::new(&events);
    let oob = Verdict::OutOfBand;
    for ((t, i), want) in [
        (
            ("aws_security_group", "sg-1"),
            vec![(10, oob), (9, oob), (1, oob), (11, Verdict::InBand)],
        ),
        (SG_RULE, vec![(10, oob), (9, oob), (1, oob)]),
        (("aws_s3_bucket", "logs"), vec![(3, oob)]),
        (
            ("aws_iam_role", "shadow-admin"),
            vec![(5, Verdict::UnsanctionedIac)],
        ),
        (("aws_iam_role", "nobody"), vec![]),
    ] {
        let got: Vec<(String, Verdict)> = index
            .explain(t, i)
            .iter()
            .map(|e| (e.event_id.clone(), e.verdict))
            .collect();
        let want: Vec<(String, Verdict)> = want.into_iter().map(|(n, v)| (id(n), v)).collect();
        assert_eq!(got, want, "{t} {i}");
    }
}

// ---------------------------------------------------------------------------------------------
// The Invictus dataset.

fn counts(found: &[TrailFinding]) -> BTreeMap<(&'static str, &'static str), (usize, usize)> {
    let mut out = BTreeMap::new();
    for f in found {
        let e = out.entry((f.rule, f.severity)).or_insert((0, 0));
        e.0 += 1;
        e.1 += f.event_count;
    }
    out
}

/// The 38 out-of-band writes of the dataset (36 Stratus Red Team SDK calls, 2 console deletions;
/// see tests/datasets.rs), all by `user/bert-jan` in us-east-1 between 11:57:16 and 12:28:39 —
/// one 60-minute window. Listed by hand from the raw records (`jq` over the writes whose agent is
/// `stratus-red-team_…` or a bare `AWS Internal`, without Terraform's) and grouped by the first
/// resource the join names, or by the call when it names none:
/// - 9 high, 2 events each (a create and its clean-up): PutEventSelectors ×2 on the ctes trail;
///   Authorize + RevokeSecurityGroupIngress tcp/22 0.0.0.0/0 on sg-04cfb7a4712d75b00; Put +
///   DeleteBucketPolicy on …-bdbp-…; UpdateAssumeRolePolicy ×2 on the backdoor role; Create +
///   DeleteAccessKey on each of two keys; Attach + DetachUserPolicy (AdministratorAccess on
///   malicious-iam-user); Create + DeleteLoginProfile; Add + RemovePermission on the Lambda.
/// - 14 medium: Put + DeleteBucketLifecycle, Create + DeleteUser (malicious-iam-user),
///   UpdateFunctionCode ×2 — 2 events each; and calls the join does not model, grouped per call:
///   ModifyImageAttribute ×2, ModifySnapshotAttribute ×2, ModifyDBSnapshotAttribute ×2, and
///   SendCommand, DeleteFlowLogs, Create/DeleteTrustAnchor, Create/DeleteProfile (Roles Anywhere)
///   once each; ReleaseAddress (aws_eip) and DeleteDBInstance in the console, once each.
///
/// 9 × 2 = 18 high events; 3 × 2 + 3 × 2 + 8 = 20 medium events; 38 in all.
///
/// With a 1-minute window, the pairs more than a minute apart split: every pair but
/// ModifyImageAttribute (56 s) and ModifySnapshotAttribute (29 s) — 13 more findings, 36.
#[test]
fn invictus_findings() {
    let trail = read(
        vec![Source::path(dataset("invictus-aws-dataset"))],
        &ReadOptions::default(),
    );
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    let found = findings(&trail.events, &NoState, &FindingOptions::default());
    assert_eq!(
        counts(&found),
        BTreeMap::from([
            ((OUT_OF_BAND_RULE, "high"), (9, 18)),
            ((OUT_OF_BAND_RULE, "medium"), (14, 20)),
        ])
    );
    assert!(found
        .iter()
        .all(|f| f.actor == "arn:aws:iam::123837392027:user/bert-jan"));
    let console: Vec<&str> = found
        .iter()
        .filter(|f| f.channel == "console")
        .filter_map(|f| f.resource_type)
        .collect();
    assert_eq!(console, ["aws_eip", "aws_db_instance"]);
    // Severity first, then time.
    assert!(found[..9].iter().all(|f| f.severity == "high"));
    assert!(found[..9]
        .windows(2)
        .all(|w| w[0].first_seen <= w[1].first_seen));

    let narrow = findings(
        &trail.events,
        &NoState,
        &FindingOptions {
            window: SignedDuration::from_mins(1),
        },
    );
    assert_eq!(narrow.len(), 36);
    assert_eq!(narrow.iter().map(|f| f.event_count).sum::<usize>(), 38);
}

/// With an allow-list that does not name bert-jan, his 377 Terraform writes become unsanctioned
/// IaC runs (all high). They fall in one window (11:54:39 to 12:28:41), so there is one finding
/// per first joined resource, or per call for the 209 writes the join does not model (route
/// tables, secrets, SSM parameters…): 102, counted with `sort -u` over the (first ref or
/// eventSource+eventName) of each write, listed from the join.
#[test]
fn invictus_unsanctioned_iac() {
    let trail = read(
        vec![Source::path(dataset("invictus-aws-dataset"))],
        &ReadOptions {
            classifier: Classifier::with_pipeline_principals(
                PipelinePrincipals::new(["arn:aws:iam::*:role/terraform-*"]).unwrap(),
            ),
            ..ReadOptions::default()
        },
    );
    let found = findings(&trail.events, &NoState, &FindingOptions::default());
    assert_eq!(
        counts(&found),
        BTreeMap::from([
            ((OUT_OF_BAND_RULE, "high"), (9, 18)),
            ((OUT_OF_BAND_RULE, "medium"), (14, 20)),
            ((UNSANCTIONED_IAC_RULE, "high"), (102, 377)),
        ])
    );
    assert!(found
        .iter()
        .filter(|f| f.rule == UNSANCTIONED_IAC_RULE)
        .all(|f| f.tool.as_deref() == Some("terraform")));
}

// ---------------------------------------------------------------------------------------------
// Renderers.

fn rendered() -> (Vec<TrailFinding>, Stats) {
    let (events, stats) = read_records(&scenario());
    (findings(&events, &state, &FindingOptions::default()), stats)
}

#[test]
fn text_snapshot() {
    let (found, stats) = rendered();
    insta::assert_snapshot!(render::text(&found, &stats));
}

#[test]
fn json_snapshot() {
    let (found, stats) = rendered();
    insta::assert_snapshot!(render::json(
        &found,
        &stats,
        &[driftguard_trail::findings::OUT_OF_BAND_RULE]
    ));
}

#[test]
fn markdown_snapshot() {
    let (found, stats) = rendered();
    insta::assert_snapshot!(render::markdown(&found, &stats));
}

#[test]
fn ndjson_snapshot() {
    let (found, _) = rendered();
    insta::assert_snapshot!(render::ndjson(&found));
}

#[test]
fn no_findings() {
    let stats = Stats {
        files: 1,
        ..Stats::default()
    };
    assert_eq!(
        render::text(&[], &stats),
        "No out-of-band changes: every write went through IaC, a pipeline principal or an AWS service.\n\
         Summary: 0 findings (0 high, 0 medium): 0 out-of-band changes, 0 unsanctioned IaC runs, from 0 events; read 0 records in 1 file: 0 writes\n"
    );
    // Nothing read, or not all of it: never a clean bill of health.
    assert!(render::text(&[], &Stats::default()).starts_with("No CloudTrail log file was read."));
    let partial = Stats {
        files: 2,
        failed_files: 1,
        ..Stats::default()
    };
    assert!(render::text(&[], &partial)
        .starts_with("No out-of-band changes in what could be read; some files could not"));
    let doc: Value = serde_json::from_str(&render::json(
        &[],
        &stats,
        &[driftguard_trail::findings::OUT_OF_BAND_RULE],
    ))
    .unwrap();
    assert_eq!(doc["findings"], json!([]));
    assert_eq!(render::ndjson(&[]), "");
    assert!(render::markdown(&[], &stats).contains("No out-of-band changes."));
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Field → allowed JSON types, as docs/trail-json.md documents them.
const FINDING_FIELDS: &[(&str, &[&str])] = &[
    ("rule", &["string"]),
    ("severity", &["string"]),
    ("title", &["string"]),
    ("resource_type", &["string", "null"]),
    ("resource_id", &["string", "null"]),
    ("region", &["string", "null"]),
    ("address", &["string", "null"]),
    ("managed", &["bool", "null"]),
    ("techniques", &["array"]),
    ("tactic", &["string"]),
    ("actor", &["string"]),
    ("principal_arn", &["string", "null"]),
    ("account", &["string", "null"]),
    ("channel", &["string"]),
    ("channels", &["array"]),
    ("tool", &["string", "null"]),
    ("first_seen", &["string"]),
    ("last_seen", &["string"]),
    ("event_count", &["number"]),
    ("controls", &["array"]),
    ("events", &["array"]),
];

const EVENT_FIELDS: &[(&str, &[&str])] = &[
    ("event_id", &["string"]),
    ("event_time", &["string"]),
    ("event_source", &["string"]),
    ("event_name", &["string"]),
    ("region", &["string", "null"]),
    ("source_ip", &["string", "null"]),
    ("user_agent", &["string", "null"]),
    ("channel", &["string"]),
    ("actor", &["string"]),
    ("principal_arn", &["string", "null"]),
    ("tool", &["string", "null"]),
    ("verdict", &["string"]),
];

const SUMMARY_FIELDS: &[&str] = &[
    "findings",
    "high",
    "medium",
    "out_of_band",
    "unsanctioned_iac",
    "events",
    "managed",
    "unmanaged",
    "input",
];

fn check_object(what: &str, v: &Value, fields: &[(&str, &[&str])]) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is an object"));
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(
        keys, names,
        "{what}: exactly the documented fields, in order"
    );
    for (name, types) in fields {
        assert!(
            types.contains(&kind(&obj[*name])),
            "{what}.{name} is {}",
            kind(&obj[*name])
        );
    }
}

fn is_rfc3339(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.parse::<driftguard_trail::Timestamp>().is_ok() && s.ends_with('Z'))
}

#[test]
fn json_shape_matches_the_documented_schema() {
    let (found, stats) = rendered();
    let doc: Value = serde_json::from_str(&render::json(
        &found,
        &stats,
        &[driftguard_trail::findings::OUT_OF_BAND_RULE],
    ))
    .unwrap();
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["schema_version", "checks", "summary", "findings"]);
    assert_eq!(doc["checks"], json!([OUT_OF_BAND_RULE]));
    assert_eq!(doc["schema_version"], json!(TRAIL_SCHEMA_VERSION));
    let summary = doc["summary"].as_object().unwrap();
    assert_eq!(
        summary.keys().map(String::as_str).collect::<Vec<_>>(),
        SUMMARY_FIELDS
    );
    assert_eq!(summary["findings"], json!(found.len()));
    assert_eq!(summary["high"], json!(4));
    assert_eq!(summary["medium"], json!(2));
    assert_eq!(summary["unsanctioned_iac"], json!(1));
    assert_eq!(summary["events"], json!(7));
    assert_eq!(
        (summary["managed"].clone(), summary["unmanaged"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(summary["input"]["records"], json!(11));
    for f in doc["findings"].as_array().unwrap() {
        check_object("finding", f, FINDING_FIELDS);
        assert!(["high", "medium"].contains(&f["severity"].as_str().unwrap()));
        assert!([OUT_OF_BAND_RULE, UNSANCTIONED_IAC_RULE].contains(&f["rule"].as_str().unwrap()));
        assert!(is_rfc3339(&f["first_seen"]) && is_rfc3339(&f["last_seen"]));
        assert_eq!(f["techniques"][0], "T1496.004");
        // Out-of-band changes concern change management (ISO/IEC 27001 A.8.32) at least.
        let controls = f["controls"].as_array().unwrap();
        assert!(controls.contains(&json!("iso27001:A.8.32")), "{controls:?}");
        for e in f["events"].as_array().unwrap() {
            check_object("event", e, EVENT_FIELDS);
            assert!(is_rfc3339(&e["event_time"]));
        }
    }
    // NDJSON: the same finding objects, one per line, each with the schema version first.
    let lines: Vec<Value> = render::ndjson(&found)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), found.len());
    for (line, f) in lines.iter().zip(doc["findings"].as_array().unwrap()) {
        let mut line = line.as_object().unwrap().clone();
        assert_eq!(line.shift_remove("schema_version"), Some(json!(1)));
        assert_eq!(&Value::Object(line), f);
    }
}

/// Every field the JSON carries is documented in docs/trail-json.md.
#[test]
fn json_fields_are_documented() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/trail-json.md"),
    )
    .unwrap();
    assert!(doc.contains(&format!("schema version {TRAIL_SCHEMA_VERSION}")));
    let stats: Value = serde_json::to_value(Stats::default()).unwrap();
    let names = FINDING_FIELDS
        .iter()
        .chain(EVENT_FIELDS)
        .map(|(n, _)| *n)
        .chain(SUMMARY_FIELDS.iter().copied())
        .chain(stats.as_object().unwrap().keys().map(String::as_str));
    for name in names {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "docs/trail-json.md does not document `{name}`"
        );
    }
}
