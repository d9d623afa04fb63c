//! Findings: the out-of-band changes and unsanctioned IaC runs among classified events, joined to
//! the Terraform resources they change and, with a state, to the managed resource's address.
//!
//! One finding per (rule, resource, actor) and burst of activity: a console session that edits
//! the same security group ten times in five minutes is one finding with ten events, not ten
//! alerts. A burst ends when the gap since its last event exceeds [`FindingOptions::window`].
//!
//! [`explain`] (and [`TrailIndex`] for many look-ups) answers the other question, for
//! `drift --trail`: which writes touched this resource, whatever their channel.

use std::collections::HashMap;
use std::sync::OnceLock;

use driftguard_compliance::{Mapping, Topic};

use jiff::{SignedDuration, Timestamp};
use rayon::prelude::*;
use serde::Serialize;

use crate::classify::{Channel, Tool, Verdict};
use crate::ingest::Event;
use crate::join::{self, Joined, ResourceRef, SeverityHint, Technique, OUT_OF_BAND};

/// Rule id of a write through the console, CLI, an SDK or an unknown client.
pub const OUT_OF_BAND_RULE: &str = "aws-out-of-band-change";
/// Rule id of an IaC user agent from a principal outside the pipeline allow-list.
pub const UNSANCTIONED_IAC_RULE: &str = "aws-unsanctioned-iac-run";
/// A detection: a rule of this crate, with what it means for compliance.
#[derive(Debug)]
pub struct Detection {
    pub id: &'static str,
    pub title: &'static str,
    /// The controls its findings give evidence on.
    pub compliance: Mapping,
}

/// Every detection of `driftguard trail`.
pub const DETECTIONS: &[Detection] = &[
    Detection {
        id: OUT_OF_BAND_RULE,
        title: "A managed resource was changed outside the IaC workflow",
        // A change around the change process, by someone whose rights allowed it, seen in the
        // audit log: change management, access control, logging and monitoring.
        compliance: Mapping {
            topics: &[
                Topic::ChangeManagement,
                Topic::AccessControl,
                Topic::AuditLogging,
                Topic::Monitoring,
            ],
            controls: &[],
        },
    },
    Detection {
        id: UNSANCTIONED_IAC_RULE,
        title: "An IaC tool was run by a principal outside the pipeline",
        // Deployments are the pipeline's duty alone: a run from elsewhere breaks the separation
        // of duties as well as the change process.
        compliance: Mapping {
            topics: &[
                Topic::ChangeManagement,
                Topic::SegregationOfDuties,
                Topic::AccessControl,
                Topic::Monitoring,
            ],
            controls: &[],
        },
    },
];

/// The detections a run with this classifier performs: unsanctioned IaC runs are only detected
/// against a pipeline allow-list.
pub fn detections_run(classifier: &crate::Classifier) -> Vec<&'static str> {
    let mut run = vec![OUT_OF_BAND_RULE];
    if classifier.pipeline_principals().is_some() {
        run.push(UNSANCTIONED_IAC_RULE);
    }
    run
}

/// The `framework:control` references of a detection's findings, computed once.
pub fn controls(rule: &str) -> &'static [String] {
    static REFERENCES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = REFERENCES.get_or_init(|| {
        DETECTIONS
            .iter()
            .map(|d| d.compliance.references())
            .collect()
    });
    DETECTIONS
        .iter()
        .position(|d| d.id == rule)
        .map_or(&[], |i| all[i].as_slice())
}

/// The MITRE ATT&CK tactic every finding is reported under (Impact, as AlphaSOC's
/// `aws_iac_drift` maps an out-of-band change).
pub const TACTIC: &str = OUT_OF_BAND.tactic;
/// Events kept per finding (newest first); [`TrailFinding::event_count`] keeps the true count, so
/// a scripted burst of thousands of calls stays one readable finding.
pub const MAX_EVENTS: usize = 20;

/// How findings are grouped.
#[derive(Debug, Clone)]
pub struct FindingOptions {
    /// Events of one (rule, resource, actor) closer together than this are one finding.
    pub window: SignedDuration,
}

impl Default for FindingOptions {
    /// 60 minutes: the default, long enough for one console session.
    fn default() -> Self {
        FindingOptions {
            window: SignedDuration::from_mins(60),
        }
    }
}

/// What the state says about a joined resource: the address of the managed resource, if any.
pub trait StateLookup {
    fn address(&self, resource_type: &str, id: &str) -> Option<String>;

    /// Whether a state was given at all. Without one, a resource is neither managed nor
    /// unmanaged ([`TrailFinding::managed`] is `None`) rather than wrongly called unmanaged.
    fn has_state(&self) -> bool {
        true
    }
}

/// No state given.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoState;

impl StateLookup for NoState {
    fn address(&self, _resource_type: &str, _id: &str) -> Option<String> {
        None
    }

    fn has_state(&self) -> bool {
        false
    }
}

/// Any `(type, id) -> address` function is a state (a map look-up, a test table).
impl<F> StateLookup for F
where
    F: Fn(&str, &str) -> Option<String>,
{
    fn address(&self, resource_type: &str, id: &str) -> Option<String> {
        self(resource_type, id)
    }
}

/// One finding: a burst of out-of-band (or unsanctioned IaC) writes by one actor to one resource.
#[derive(Debug, Clone, Serialize)]
pub struct TrailFinding {
    pub rule: &'static str,
    /// `high` or `medium`: the highest of the events' severities.
    pub severity: &'static str,
    /// e.g. `aws_security_group sg-1 changed through the console by arn:…`.
    pub title: String,
    /// `None` when no event of the finding joins to a resource.
    pub resource_type: Option<&'static str>,
    pub resource_id: Option<String>,
    /// The resource's region; the event's region when nothing joined; `None` for account-wide
    /// (IAM) resources.
    pub region: Option<String>,
    /// With a state: the managed resource's address.
    pub address: Option<String>,
    /// `None` without a state (or without a resource); `Some(false)`: unmanaged.
    pub managed: Option<bool>,
    /// `T1496.004` first, then the specific techniques of the events' join entries.
    pub techniques: Vec<String>,
    pub tactic: &'static str,
    /// The grouping key: the role behind a session, else the principal ARN ([`crate::Actor::key`]).
    pub actor: String,
    /// The caller as recorded by the newest event (the session ARN for assumed roles).
    pub principal_arn: Option<String>,
    pub account: Option<String>,
    /// The first event's channel (`console`, `cli`, `sdk`, `unknown`, `iac`).
    pub channel: String,
    /// Every channel the events used, in order of first use (a session can mix console and CLI).
    pub channels: Vec<String>,
    /// The IaC tool the user agent claimed (unsanctioned runs only).
    pub tool: Option<String>,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
    pub event_count: usize,
    /// The compliance controls the finding concerns (`iso27001:A.8.32`), from its rule.
    pub controls: &'static [String],
    /// Newest first, at most [`MAX_EVENTS`].
    pub events: Vec<EventSummary>,
}

/// One event, as a finding or a drift explanation shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSummary {
    /// Empty when the record has none (hand-made samples).
    pub event_id: String,
    pub event_time: Timestamp,
    pub event_source: String,
    pub event_name: String,
    pub region: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub channel: String,
    pub actor: String,
    /// Added: the caller as recorded (session ARN), which names the session behind `actor`.
    pub principal_arn: Option<String>,
    /// Added: the IaC tool, for explanations that include in-band writes.
    pub tool: Option<String>,
    /// Added: `in-band`, `out-of-band`, `aws-service`, `unsanctioned-iac`.
    pub verdict: Verdict,
}

impl EventSummary {
    pub fn of(event: &Event) -> Self {
        let r = &event.record;
        let actor = r.actor();
        EventSummary {
            event_id: r.event_id.clone().unwrap_or_default(),
            event_time: r.event_time,
            event_source: r.event_source.clone(),
            event_name: r.event_name.clone(),
            region: r.aws_region.clone(),
            source_ip: r.source_ip_address.clone(),
            user_agent: r.user_agent.clone(),
            channel: event.class.channel.as_str().to_string(),
            actor: actor_key(event),
            principal_arn: actor.principal_arn.map(str::to_string),
            tool: event.class.tool.map(|t| t.as_str().to_string()),
            verdict: event.class.verdict,
        }
    }
}

fn actor_key(event: &Event) -> String {
    event.record.actor().key().unwrap_or("unknown").to_string()
}

/// A flagged event with what the join and the state said about it.
struct Candidate<'e> {
    event: &'e Event,
    rule: &'static str,
    severity: SeverityHint,
    techniques: &'static [Technique],
    resource: Option<ResourceRef>,
    address: Option<String>,
    /// `None` without a state or without a resource.
    managed: Option<bool>,
    actor: String,
}

impl<'e> Candidate<'e> {
    fn new(event: &'e Event, rule: &'static str, state: &dyn StateLookup) -> Self {
        let joined = join::join_record(&event.record);
        let (severity, techniques, refs) = match joined {
            Some(Joined {
                entry,
                resources,
                severity,
            }) => (severity, entry.techniques, resources),
            None => (SeverityHint::Medium, &[][..], Vec::new()),
        };
        // An IaC agent from outside the pipeline is high whatever it changed: it is either a
        // spoofed agent or a deployment path nobody reviewed.
        let severity = if rule == UNSANCTIONED_IAC_RULE {
            SeverityHint::High
        } else {
            severity
        };
        // The first managed ref wins (a rule added by hand to a managed group counts against the
        // group); without one, the most specific ref.
        let managed = state
            .has_state()
            .then(|| {
                refs.iter().enumerate().find_map(|(i, r)| {
                    state
                        .address(r.resource_type, &r.id)
                        .map(|address| (i, address))
                })
            })
            .flatten();
        let (resource, address) = match managed {
            Some((i, address)) => (refs.into_iter().nth(i), Some(address)),
            None => (refs.into_iter().next(), None),
        };
        let managed = (state.has_state() && resource.is_some()).then_some(address.is_some());
        Candidate {
            event,
            rule,
            severity,
            techniques,
            resource,
            address,
            managed,
            actor: actor_key(event),
        }
    }

    fn region(&self) -> Option<&str> {
        match &self.resource {
            Some(r) => r.region.as_deref(),
            None => self.event.record.aws_region.as_deref(),
        }
    }
}

/// What events of one finding share. Unjoined events group by their API action instead of a
/// resource, so that unrelated calls of one actor are not merged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct GroupKey {
    rule: &'static str,
    what: What,
    region: Option<String>,
    actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum What {
    Resource(&'static str, String),
    Call(String, String),
}

impl GroupKey {
    fn of(c: &Candidate<'_>) -> Self {
        GroupKey {
            rule: c.rule,
            what: match &c.resource {
                Some(r) => What::Resource(r.resource_type, r.id.clone()),
                None => What::Call(
                    c.event.record.event_source.clone(),
                    c.event.record.event_name.clone(),
                ),
            },
            region: c.region().map(str::to_string),
            actor: c.actor.clone(),
        }
    }
}

struct Group<'e> {
    members: Vec<Candidate<'e>>,
}

impl Group<'_> {
    fn last_seen(&self) -> Timestamp {
        self.members
            .last()
            .map(|c| c.event.record.event_time)
            .unwrap_or_default()
    }
}

/// Out-of-band and unsanctioned-IaC findings from classified events (already deduplicated and
/// ordered by ingest), grouped per (rule, resource, actor) within `window` (a new group when the
/// gap since the group's last event exceeds the window), sorted by severity then first_seen.
pub fn findings(
    events: &[Event],
    state: &dyn StateLookup,
    options: &FindingOptions,
) -> Vec<TrailFinding> {
    let mut flagged: Vec<(&Event, &'static str)> = events
        .iter()
        .filter_map(|e| rule_of(e.class.verdict).map(|rule| (e, rule)))
        .collect();
    // Ingest orders by time already; a stable sort keeps that order and makes the grouping
    // correct for callers that concatenate several reads.
    flagged.sort_by_key(|(e, _)| e.record.event_time);

    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut open: HashMap<GroupKey, usize> = HashMap::new();
    for (event, rule) in flagged {
        let candidate = Candidate::new(event, rule, state);
        let key = GroupKey::of(&candidate);
        let time = event.record.event_time;
        match open.get(&key) {
            Some(&i) if time.duration_since(groups[i].last_seen()) <= options.window => {
                groups[i].members.push(candidate);
            }
            _ => {
                open.insert(key, groups.len());
                groups.push(Group {
                    members: vec![candidate],
                });
            }
        }
    }

    let mut out: Vec<(SeverityHint, TrailFinding)> = groups.into_iter().map(finding).collect();
    out.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then(a.first_seen.cmp(&b.first_seen))
            .then(a.rule.cmp(b.rule))
            .then(a.resource_type.cmp(&b.resource_type))
            .then(a.resource_id.cmp(&b.resource_id))
            .then(a.actor.cmp(&b.actor))
    });
    out.into_iter().map(|(_, f)| f).collect()
}

fn rule_of(verdict: Verdict) -> Option<&'static str> {
    match verdict {
        Verdict::OutOfBand => Some(OUT_OF_BAND_RULE),
        Verdict::UnsanctionedIac => Some(UNSANCTIONED_IAC_RULE),
        Verdict::NotAWrite | Verdict::InBand | Verdict::AwsService => None,
    }
}

fn finding(group: Group<'_>) -> (SeverityHint, TrailFinding) {
    let members = group.members;
    let first = &members[0];
    let newest = &members[members.len() - 1];
    let severity = members
        .iter()
        .map(|c| c.severity)
        .max()
        .unwrap_or(SeverityHint::Medium);

    let mut techniques = vec![OUT_OF_BAND.id.to_string()];
    let mut channels: Vec<Channel> = Vec::new();
    for c in &members {
        for t in c.techniques {
            if !techniques.iter().any(|have| have == t.id) {
                techniques.push(t.id.to_string());
            }
        }
        if !channels.contains(&c.event.class.channel) {
            channels.push(c.event.class.channel);
        }
    }

    let actor = newest.event.record.actor();
    let tool = first.event.class.tool.map(Tool::as_str);
    let title = title(first, &channels, tool);
    let finding = TrailFinding {
        rule: first.rule,
        severity: severity.as_str(),
        title,
        resource_type: first.resource.as_ref().map(|r| r.resource_type),
        resource_id: first.resource.as_ref().map(|r| r.id.clone()),
        region: first.region().map(str::to_string),
        address: first.address.clone(),
        managed: first.managed,
        techniques,
        tactic: TACTIC,
        actor: first.actor.clone(),
        principal_arn: actor.principal_arn.map(str::to_string),
        account: actor.account.map(str::to_string),
        channel: first.event.class.channel.as_str().to_string(),
        channels: channels.iter().map(|c| c.as_str().to_string()).collect(),
        tool: tool.map(str::to_string),
        first_seen: first.event.record.event_time,
        last_seen: newest.event.record.event_time,
        event_count: members.len(),
        controls: controls(first.rule),
        events: members
            .iter()
            .rev()
            .take(MAX_EVENTS)
            .map(|c| EventSummary::of(c.event))
            .collect(),
    };
    (severity, finding)
}

fn title(c: &Candidate<'_>, channels: &[Channel], tool: Option<&str>) -> String {
    let what = match &c.resource {
        Some(r) => format!("{} {} changed", r.resource_type, r.id),
        None => format!(
            "{} {} called",
            c.event.record.event_source, c.event.record.event_name
        ),
    };
    if c.rule == UNSANCTIONED_IAC_RULE {
        return format!(
            "{what} by a {} run of {}, a principal not on the pipeline allow-list",
            tool.unwrap_or("IaC"),
            c.actor
        );
    }
    let through: Vec<&str> = channels.iter().map(|ch| through(*ch)).collect();
    format!("{what} through {} by {}", through.join(" and "), c.actor)
}

fn through(channel: Channel) -> &'static str {
    match channel {
        Channel::Console => "the console",
        Channel::Cli => "the CLI",
        Channel::Sdk => "an SDK",
        Channel::Iac => "an IaC tool",
        Channel::AwsService => "an AWS service",
        Channel::Unknown => "an unrecognised client",
    }
}

/// The events that explain a drift: every write event (any verdict except NotAWrite) that joins
/// to (resource_type, id), newest first — for `drift --trail`. For many look-ups over the same
/// events, build the [`TrailIndex`] once.
pub fn explain(events: &[Event], resource_type: &str, id: &str) -> Vec<EventSummary> {
    TrailIndex::new(events).explain(resource_type, id)
}

/// Stable: among events of the same second, the later one in input order comes first.
fn newest_first(events: &mut [EventSummary]) {
    events.sort_by_key(|e| std::cmp::Reverse(e.event_time));
}

/// The writes joined once and indexed by every resource they touch: [`explain`] for many drifts
/// at the cost of one join per event instead of one per (drift, event).
pub struct TrailIndex<'e> {
    events: &'e [Event],
    by_resource: HashMap<&'static str, HashMap<String, Vec<usize>>>,
}

impl<'e> TrailIndex<'e> {
    pub fn new(events: &'e [Event]) -> Self {
        let joined: Vec<(usize, Vec<ResourceRef>)> = events
            .par_iter()
            .enumerate()
            .filter(|(_, e)| e.class.verdict != Verdict::NotAWrite)
            .filter_map(|(i, e)| join::join_record(&e.record).map(|j| (i, j.resources)))
            .collect();
        let mut by_resource: HashMap<&'static str, HashMap<String, Vec<usize>>> = HashMap::new();
        for (i, refs) in joined {
            for r in refs {
                let list = by_resource
                    .entry(r.resource_type)
                    .or_default()
                    .entry(r.id)
                    .or_default();
                // An event naming the same resource twice (a rule and its group) counts once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        TrailIndex {
            events,
            by_resource,
        }
    }

    /// Same as [`explain`] over the indexed events.
    pub fn explain(&self, resource_type: &str, id: &str) -> Vec<EventSummary> {
        let Some(indices) = self.by_resource.get(resource_type).and_then(|m| m.get(id)) else {
            return Vec::new();
        };
        let mut out: Vec<EventSummary> = indices
            .iter()
            .rev()
            .map(|&i| EventSummary::of(&self.events[i]))
            .collect();
        newest_first(&mut out);
        out
    }
}
