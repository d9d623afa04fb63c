//! Classification: every channel and tool on synthetic records, the write rule and the deny-list,
//! and the pipeline allow-list.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;

use common::*;
use driftguard_trail::{
    read, Activity, Channel, Classifier, Event, Evidence, PatternError, PipelinePrincipals,
    Principal, ReadOptions, Retain, Source, Tool, Verdict,
};
use serde_json::{json, Value};

/// `tests/fixtures/channels.jsonl`: one synthetic record per channel, tool and activity case,
/// with real agent formats (see the agent table's reasons), each carrying its expected
/// classification under `x-expect` (ignored by the reader). Several lines also exercise
/// tolerance: a numeric `recipientAccountId`, `readOnly` as a string, no `userIdentity.type`, a
/// truncated agent, S3's bracketed agent cut before its closing bracket.
#[test]
fn every_channel_and_tool() {
    let path = fixture("channels.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let expected: HashMap<String, (String, Value)> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["eventID"].as_str().unwrap().to_string(),
                (
                    v["x-case"].as_str().unwrap().to_string(),
                    v["x-expect"].clone(),
                ),
            )
        })
        .collect();
    let trail = read(
        vec![Source::path(&path)],
        &ReadOptions {
            retain: Retain::All,
            ..ReadOptions::default()
        },
    );
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    assert_eq!(trail.events.len(), expected.len());

    let mut channels = BTreeSet::new();
    let mut tools = BTreeSet::new();
    for e in &trail.events {
        let (case, want) = &expected[e.record.event_id.as_deref().unwrap()];
        let c = &e.class;
        let got = json!({
            "activity": c.activity.as_str(),
            "channel": c.channel.as_str(),
            "tool": c.tool.map(Tool::as_str),
            "client": c.client,
            "detail": c.detail,
            "evidence": evidence_kind(c.evidence),
        });
        for (k, v) in want.as_object().unwrap() {
            assert_eq!(&got[k], v, "case {case}: {k} (got {got})");
        }
        for k in ["tool", "detail"] {
            if !want.as_object().unwrap().contains_key(k) {
                assert!(got[k].is_null(), "case {case}: unexpected {k} {}", got[k]);
            }
        }
        channels.insert(c.channel);
        tools.extend(c.tool);
    }
    assert_eq!(channels, Channel::ALL.into_iter().collect());
    assert_eq!(
        tools,
        [
            Tool::Terraform,
            Tool::OpenTofu,
            Tool::CloudFormation,
            Tool::Cdk,
            Tool::Sam,
            Tool::Pulumi,
            Tool::Crossplane,
            Tool::Ansible
        ]
        .into_iter()
        .collect()
    );
}

fn evidence_kind(e: Evidence) -> &'static str {
    match e {
        Evidence::UserAgent { .. } => "user-agent",
        Evidence::InvokedBy => "invoked-by",
        Evidence::ServiceIdentity => "service-identity",
        Evidence::ServiceLinkedRole => "service-linked-role",
        Evidence::ServiceHost => "service-host",
        Evidence::ConsoleSession => "console-session",
        Evidence::EventType => "event-type",
        Evidence::None => "none",
    }
}

const TERRAFORM: &str = "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) \
                         terraform-provider-aws/5.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) \
                         aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.6";

fn assumed_role(role: &str, session: &str) -> Value {
    json!({
        "type": "AssumedRole",
        "principalId": format!("AROAEXAMPLE:{session}"),
        "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"),
        "accountId": ACCOUNT,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "arn": format!("arn:aws:iam::{ACCOUNT}:role/{role}"),
                "userName": role
            },
            "attributes": {"creationDate": "2024-05-06T09:00:00Z", "mfaAuthenticated": "false"}
        }
    })
}

fn classify_all(records: &[Value], classifier: Classifier) -> Vec<Event> {
    let trail = read(
        vec![Source::reader("test", Cursor::new(ndjson(records)))],
        &ReadOptions {
            retain: Retain::All,
            classifier,
            ..ReadOptions::default()
        },
    );
    assert!(trail.problems.is_empty(), "{:?}", trail.problems);
    assert_eq!(trail.events.len(), records.len());
    trail.events
}

fn pipeline() -> PipelinePrincipals {
    PipelinePrincipals::new(["arn:aws:iam::*:role/terraform-*"]).unwrap()
}

#[test]
fn allow_list_outcomes() {
    let records = [
        // A pipeline role running Terraform: in band.
        record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({"userAgent": TERRAFORM, "userIdentity": assumed_role("terraform-ci", "run-42")}),
        ),
        // Terraform's agent from a laptop user: spoofed or unsanctioned.
        record(
            &id(2),
            "2024-05-06T10:00:02Z",
            json!({"userAgent": TERRAFORM}),
        ),
        // CloudFormation's own call with a role not on the list: attested by AWS, in band.
        record(
            &id(3),
            "2024-05-06T10:00:03Z",
            json!({
                "userAgent": "cloudformation.amazonaws.com",
                "sourceIPAddress": "cloudformation.amazonaws.com",
                "userIdentity": {
                    "type": "AssumedRole",
                    "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/cfn-exec/AWSCloudFormation"),
                    "invokedBy": "cloudformation.amazonaws.com"
                }
            }),
        ),
        // The pipeline role running the CLI in a pipeline step: in band.
        record(
            &id(4),
            "2024-05-06T10:00:04Z",
            json!({"userIdentity": assumed_role("terraform-ci", "run-43")}),
        ),
        // A human with the CLI: out of band.
        record(&id(5), "2024-05-06T10:00:05Z", json!({})),
        // A failed IaC-looking call from a stranger: not a write, nothing to flag.
        record(
            &id(6),
            "2024-05-06T10:00:06Z",
            json!({"userAgent": TERRAFORM, "errorCode": "AccessDenied"}),
        ),
    ];
    let events = classify_all(&records, Classifier::with_pipeline_principals(pipeline()));
    let got: Vec<(Principal, Verdict)> = events
        .iter()
        .map(|e| (e.class.principal, e.class.verdict))
        .collect();
    assert_eq!(
        got,
        vec![
            (Principal::Pipeline, Verdict::InBand),
            (Principal::NotListed, Verdict::UnsanctionedIac),
            (Principal::NotListed, Verdict::InBand),
            (Principal::Pipeline, Verdict::InBand),
            (Principal::NotListed, Verdict::OutOfBand),
            (Principal::NotListed, Verdict::NotAWrite),
        ]
    );
    // The actor of a session is the role behind it.
    let actor = events[0].record.actor();
    assert_eq!(
        actor.key(),
        Some("arn:aws:iam::111122223333:role/terraform-ci")
    );
    assert_eq!(
        actor.principal_arn,
        Some("arn:aws:sts::111122223333:assumed-role/terraform-ci/run-42")
    );
    assert_eq!(actor.account, Some(ACCOUNT));
    assert_eq!(actor.source_ip, Some("203.0.113.10"));
}

#[test]
fn without_allow_list() {
    let records = [
        record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({"userAgent": TERRAFORM}),
        ),
        record(&id(2), "2024-05-06T10:00:02Z", json!({})),
        record(
            &id(3),
            "2024-05-06T10:00:03Z",
            json!({"userIdentity": {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}}),
        ),
        record(
            &id(4),
            "2024-05-06T10:00:04Z",
            json!({"eventName": "GetRole", "readOnly": true}),
        ),
    ];
    // An empty list is no list.
    let empty = Classifier::with_pipeline_principals(
        PipelinePrincipals::new(Vec::<String>::new()).unwrap(),
    );
    for classifier in [Classifier::new(), empty] {
        let events = classify_all(&records, classifier);
        let got: Vec<(Principal, Verdict)> = events
            .iter()
            .map(|e| (e.class.principal, e.class.verdict))
            .collect();
        assert_eq!(
            got,
            vec![
                (Principal::Unchecked, Verdict::InBand),
                (Principal::Unchecked, Verdict::OutOfBand),
                (Principal::Unchecked, Verdict::AwsService),
                (Principal::Unchecked, Verdict::NotAWrite),
            ]
        );
    }
}

#[test]
fn allow_list_patterns() {
    assert_eq!(
        PipelinePrincipals::new(["arn:aws:iam::1:role/a", " "]),
        Err(PatternError::Empty { index: 1 })
    );
    assert!(matches!(
        PipelinePrincipals::new(["role/terraform"]),
        Err(PatternError::NotArn { index: 0, .. })
    ));
    let p = pipeline();
    assert!(p.matches_arn("arn:aws:iam::123456789012:role/terraform-prod"));
    assert!(!p.matches_arn("arn:aws:iam::123456789012:role/admin"));
    // The session ARN itself can be listed too.
    let sessions = PipelinePrincipals::new(["arn:aws:sts::*:assumed-role/deployer/*"]).unwrap();
    let events = classify_all(
        &[record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({"userAgent": TERRAFORM, "userIdentity": assumed_role("deployer", "ci")}),
        )],
        Classifier::with_pipeline_principals(sessions),
    );
    assert_eq!(events[0].class.principal, Principal::Pipeline);
}

#[test]
fn noise_is_documented() {
    for rule in driftguard_trail::NOISE {
        assert!(!rule.reason.is_empty() && rule.event_source.ends_with(".amazonaws.com"));
    }
    for rule in driftguard_trail::AGENT_RULES {
        assert!(!rule.reason.is_empty());
        assert_eq!(
            rule.tool.is_some(),
            rule.channel == Channel::Iac,
            "{}",
            rule.token
        );
        assert_eq!(
            rule.token,
            rule.token.to_ascii_lowercase(),
            "tokens are lower case"
        );
    }
    let events = classify_all(
        &[record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({"eventSource": "kms.amazonaws.com", "eventName": "Decrypt", "readOnly": false}),
        )],
        Classifier::new(),
    );
    assert_eq!(events[0].class.activity, Activity::Noise);
    assert!(events[0].class.noise.unwrap().reason.contains("key"));
    assert_eq!(events[0].class.verdict, Verdict::NotAWrite);
}

#[test]
fn classification_serializes() {
    let events = classify_all(
        &[record(
            &id(1),
            "2024-05-06T10:00:01Z",
            json!({"userAgent": TERRAFORM, "userIdentity": assumed_role("terraform-ci", "run-42")}),
        )],
        Classifier::with_pipeline_principals(pipeline()),
    );
    let v = serde_json::to_value(events[0].class).unwrap();
    assert_eq!(
        v,
        json!({
            "activity": "write",
            "channel": "iac",
            "tool": "terraform",
            "client": "terraform-provider-aws",
            "evidence": {"kind": "user-agent", "rule": "terraform/"},
            "principal": "pipeline",
            "verdict": "in-band"
        })
    );
}
