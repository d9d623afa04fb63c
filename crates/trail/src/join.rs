//! The resource join: which Terraform resources a CloudTrail write event changes.
//!
//! One [`Entry`] per `(eventSource, eventName)`, as data, like the rule registry: the Terraform
//! types the event touches and where each id comes from ([`Target`]), the severity hint for an
//! out-of-band change ([`SeverityRule`]) and the MITRE ATT&CK techniques.
//!
//! Ids are the ones terraform-provider-aws stores in state, or, where the provider makes its id
//! up, the match key the drift engine uses (`driftguard_drift::table`): group memberships by user
//! (`aws_iam_user_group_membership`) and by group (`aws_iam_group_membership`), policy
//! attachments by `principal/policy_arn`, bucket parts by bucket name, `aws_security_group_rule`
//! by `{sg}_{type}_{protocol}_{from}_{to}_{source}`. A [`Joined`] lists the most specific
//! resource first and its container last (the rule, then its security group; the bucket policy,
//! then the bucket), so that a caller looking the refs up in state can name the first managed
//! one: a change to an inline rule is a change to the managed group.
//!
//! The join reads names and parameters only. Whether a record is a successful write, and through
//! which channel, is the classifier's business, so that drift attribution can join any record.
//! Records are the raw CloudTrail JSON ([`join`]), where any field may be missing or of an
//! unexpected type, or ingest's parsed [`Record`] ([`join_record`]).
//!
//! MITRE ids are those of ATT&CK v18. Every entry carries [`OUT_OF_BAND`] (the mapping
//! for a change made outside the IaC workflow, as AlphaSOC maps it), then the more specific
//! technique where one clearly applies.

use driftguard_drift::table::normalize_protocol;
use serde::Serialize;
use serde_json::Value;

use crate::record::Record;

/// A Terraform resource an event changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ResourceRef {
    pub resource_type: &'static str,
    /// The provider's id, or the drift engine's match key where the provider makes the id up.
    pub id: String,
    /// `awsRegion` of the record; `None` for account-wide (IAM) resources.
    pub region: Option<String>,
}

/// How serious an out-of-band change through this event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityHint {
    Medium,
    High,
}

impl SeverityHint {
    pub fn as_str(self) -> &'static str {
        match self {
            SeverityHint::Medium => "medium",
            SeverityHint::High => "high",
        }
    }
}

/// A MITRE ATT&CK technique and the tactic it is reported under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Technique {
    pub id: &'static str,
    pub name: &'static str,
    pub tactic: &'static str,
}

const fn technique(id: &'static str, name: &'static str, tactic: &'static str) -> Technique {
    Technique { id, name, tactic }
}

/// Any change made outside the IaC workflow (the and AlphaSOC's `aws_iac_drift` mapping).
pub const OUT_OF_BAND: Technique = technique(
    "T1496.004",
    "Resource Hijacking: Cloud Service Hijacking",
    "TA0040",
);
const ACCOUNT_MANIPULATION: Technique = technique("T1098", "Account Manipulation", "TA0003");
const ADDITIONAL_CREDENTIALS: Technique = technique(
    "T1098.001",
    "Account Manipulation: Additional Cloud Credentials",
    "TA0003",
);
const ADDITIONAL_ROLES: Technique = technique(
    "T1098.003",
    "Account Manipulation: Additional Cloud Roles",
    "TA0003",
);
const CLOUD_ACCOUNT: Technique = technique("T1136.003", "Create Account: Cloud Account", "TA0003");
const CLOUD_FIREWALL: Technique = technique(
    "T1562.007",
    "Impair Defenses: Disable or Modify Cloud Firewall",
    "TA0005",
);
const CLOUD_LOGS: Technique = technique(
    "T1562.008",
    "Impair Defenses: Disable or Modify Cloud Logs",
    "TA0005",
);
const COMPUTE: Technique = technique("T1578", "Modify Cloud Compute Infrastructure", "TA0005");
const CREATE_INSTANCE: Technique = technique(
    "T1578.002",
    "Modify Cloud Compute Infrastructure: Create Cloud Instance",
    "TA0005",
);
const DELETE_INSTANCE: Technique = technique(
    "T1578.003",
    "Modify Cloud Compute Infrastructure: Delete Cloud Instance",
    "TA0005",
);
const DATA_DESTRUCTION: Technique = technique("T1485", "Data Destruction", "TA0040");

const OOB: &[Technique] = &[OUT_OF_BAND];
const OOB_MANIPULATION: &[Technique] = &[OUT_OF_BAND, ACCOUNT_MANIPULATION];
const OOB_CREDENTIALS: &[Technique] = &[OUT_OF_BAND, ADDITIONAL_CREDENTIALS];
const OOB_ROLES: &[Technique] = &[OUT_OF_BAND, ADDITIONAL_ROLES];
const OOB_ACCOUNT: &[Technique] = &[OUT_OF_BAND, CLOUD_ACCOUNT];
const OOB_FIREWALL: &[Technique] = &[OUT_OF_BAND, CLOUD_FIREWALL];
const OOB_LOGS: &[Technique] = &[OUT_OF_BAND, CLOUD_LOGS];
const OOB_COMPUTE: &[Technique] = &[OUT_OF_BAND, COMPUTE];
const OOB_CREATE_INSTANCE: &[Technique] = &[OUT_OF_BAND, CREATE_INSTANCE];
const OOB_DELETE_INSTANCE: &[Technique] = &[OUT_OF_BAND, DELETE_INSTANCE];
const OOB_DESTRUCTION: &[Technique] = &[OUT_OF_BAND, DATA_DESTRUCTION];

/// A resource type an entry can produce, and where its id comes from (for the docs): request
/// fields by their bare name, response fields as `responseElements.…`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Target {
    pub resource_type: &'static str,
    pub id_from: &'static str,
}

const fn target(resource_type: &'static str, id_from: &'static str) -> Target {
    Target {
        resource_type,
        id_from,
    }
}

/// Computes the refs of one kind of event; shared by the entries whose records name the same
/// resources the same way.
#[derive(Debug)]
pub struct Resolver {
    pub targets: &'static [Target],
    resolve: fn(&Event<'_>, &mut Vec<ResourceRef>),
}

/// When an entry's severity is high.
#[derive(Debug, Clone, Copy)]
pub enum SeverityRule {
    Medium,
    High,
    /// High when the request does what `description` says, medium otherwise.
    HighWhen(Condition),
}

#[derive(Debug, Clone, Copy)]
pub struct Condition {
    pub description: &'static str,
    test: fn(&Event<'_>) -> bool,
}

impl SeverityRule {
    /// The severity without looking at the request (medium for conditional entries).
    pub fn base(self) -> SeverityHint {
        match self {
            SeverityRule::High => SeverityHint::High,
            SeverityRule::Medium | SeverityRule::HighWhen(_) => SeverityHint::Medium,
        }
    }

    fn evaluate(self, event: &Event<'_>) -> SeverityHint {
        match self {
            SeverityRule::HighWhen(condition) if (condition.test)(event) => SeverityHint::High,
            other => other.base(),
        }
    }
}

/// One row of the table: an event and what it changes.
#[derive(Debug)]
pub struct Entry {
    pub event_source: &'static str,
    /// Without the API version suffix Lambda appends (`CreateFunction` for
    /// `CreateFunction20150331`): see [`entry`].
    pub event_name: &'static str,
    pub resolver: &'static Resolver,
    pub severity: SeverityRule,
    /// [`OUT_OF_BAND`] first, then the specific technique, if any.
    pub techniques: &'static [Technique],
}

/// The result of joining one record.
#[derive(Debug, Clone)]
pub struct Joined {
    pub entry: &'static Entry,
    /// Most specific first, containers last; empty when the record does not name the resource
    /// (a failed `RunInstances` has no instance ids).
    pub resources: Vec<ResourceRef>,
    pub severity: SeverityHint,
}

impl Joined {
    pub fn techniques(&self) -> &'static [Technique] {
        self.entry.techniques
    }
}

/// Joins a raw CloudTrail record; `None` when no entry models its `(eventSource, eventName)`.
pub fn join(record: &Value) -> Option<Joined> {
    let source = record.get("eventSource")?.as_str()?;
    let name = record.get("eventName")?.as_str()?;
    Some(resolve(entry(source, name)?, &Event::of_json(record)))
}

/// [`join`] for a parsed [`Record`], reading its fields in place: the same result as
/// `join(&record.to_json())` without copying the request and response into a new document.
pub fn join_record(record: &Record) -> Option<Joined> {
    let entry = entry(&record.event_source, &record.event_name)?;
    Some(resolve(entry, &Event::of_record(record)))
}

fn resolve(entry: &'static Entry, event: &Event<'_>) -> Joined {
    let mut resources = Vec::new();
    (entry.resolver.resolve)(event, &mut resources);
    Joined {
        entry,
        resources,
        severity: entry.severity.evaluate(event),
    }
}

/// The entry for an event. Lambda names its events after the API version
/// (`UpdateFunctionCode20150331v2`); a name not in the table is looked up again without a trailing
/// `YYYYMMDD` / `YYYYMMDDvN`. Stripping, rather than matching a prefix, keeps
/// `UpdateFunctionCodeSigningConfig` apart from `UpdateFunctionCode`.
pub fn entry(event_source: &str, event_name: &str) -> Option<&'static Entry> {
    find(event_source, event_name).or_else(|| {
        let base = strip_api_version(event_name);
        if base.len() == event_name.len() {
            None
        } else {
            find(event_source, base)
        }
    })
}

fn find(event_source: &str, event_name: &str) -> Option<&'static Entry> {
    TABLE
        .binary_search_by(|e| (e.event_source, e.event_name).cmp(&(event_source, event_name)))
        .ok()
        .map(|i| &TABLE[i])
}

fn strip_api_version(name: &str) -> &str {
    let bytes = name.as_bytes();
    let mut end = bytes.len();
    // `v2`, `v3`… after the date.
    let digits = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits > 0 && end > digits && bytes[end - digits - 1] == b'v' {
        end -= digits + 1;
    }
    let date = bytes[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if date == 8 && end > 8 && bytes[end - 9].is_ascii_alphabetic() {
        &name[..end - 8]
    } else {
        name
    }
}

/// The whole table, sorted by `(eventSource, eventName)`.
pub fn table() -> &'static [Entry] {
    TABLE
}

/// One documentation row per (event, resource type).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub event_source: &'static str,
    pub event_name: &'static str,
    pub resource_type: &'static str,
    pub id_from: &'static str,
    /// The severity when `high_when` does not hold (or always, without a condition).
    pub severity: SeverityHint,
    pub high_when: Option<&'static str>,
    pub techniques: &'static [Technique],
}

/// Every (eventSource, eventName, resource type, severity, technique) row, for the docs.
pub fn rows() -> impl Iterator<Item = Row> {
    TABLE.iter().flat_map(|entry| {
        entry.resolver.targets.iter().map(move |t| Row {
            event_source: entry.event_source,
            event_name: entry.event_name,
            resource_type: t.resource_type,
            id_from: t.id_from,
            severity: entry.severity.base(),
            high_when: match entry.severity {
                SeverityRule::HighWhen(c) => Some(c.description),
                SeverityRule::High | SeverityRule::Medium => None,
            },
            techniques: entry.techniques,
        })
    })
}

/// [`rows`] as a Markdown table (the body of `docs/trail-join.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "| eventSource | eventName | resource type | id | severity | MITRE ATT&CK |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in rows() {
        let severity = match row.high_when {
            Some(when) => format!("high when {when}, else medium"),
            None => row.severity.as_str().to_string(),
        };
        let techniques: Vec<String> = row
            .techniques
            .iter()
            .map(|t| format!("{} {} ({})", t.id, t.name, t.tactic))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.event_source,
            row.event_name,
            row.resource_type,
            row.id_from.replace('|', "\\|"),
            severity,
            techniques.join("; ")
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reading records.

/// A record's parts the resolvers read; missing parts are `null` (request, response) or `None`.
struct Event<'a> {
    request: &'a Value,
    response: &'a Value,
    region: Option<&'a str>,
    /// `recipientAccountId`, else `userIdentity.accountId`.
    account: Option<&'a str>,
    /// `userIdentity.type` and `userIdentity.userName`.
    identity_type: Option<&'a str>,
    user_name: Option<&'a str>,
    /// `resources[]` of a raw record ([`Record`] does not keep it).
    resources: Option<&'a Value>,
}

static NULL: Value = Value::Null;

impl<'a> Event<'a> {
    fn of_json(record: &'a Value) -> Self {
        Event {
            request: record.get("requestParameters").unwrap_or(&NULL),
            response: record.get("responseElements").unwrap_or(&NULL),
            region: text(record, "/awsRegion"),
            account: text(record, "/recipientAccountId")
                .or_else(|| text(record, "/userIdentity/accountId")),
            identity_type: text(record, "/userIdentity/type"),
            user_name: text(record, "/userIdentity/userName"),
            resources: record.get("resources"),
        }
    }

    fn of_record(record: &'a Record) -> Self {
        let id = &record.user_identity;
        Event {
            request: record.request_parameters.as_ref().unwrap_or(&NULL),
            response: record.response_elements.as_ref().unwrap_or(&NULL),
            region: nonblank(record.aws_region.as_deref()),
            account: nonblank(record.recipient_account_id.as_deref())
                .or_else(|| nonblank(id.account_id.as_deref())),
            identity_type: nonblank(id.kind.as_deref()),
            user_name: nonblank(id.user_name.as_deref()),
            resources: None,
        }
    }

    fn req(&self, pointer: &str) -> Option<&'a str> {
        text(self.request, pointer)
    }

    fn resp(&self, pointer: &str) -> Option<&'a str> {
        text(self.response, pointer)
    }

    /// The ARNs in `resources[]` of one CloudFormation-style type (`AWS::S3::Bucket`).
    fn resource_arns<'k>(&self, kind: &'k str) -> impl Iterator<Item = &'a str> + 'k
    where
        'a: 'k,
    {
        self.resources
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(move |r| r.get("type").and_then(Value::as_str) == Some(kind))
            .filter_map(|r| text(r, "/ARN"))
    }

    fn regional(&self, out: &mut Vec<ResourceRef>, resource_type: &'static str, id: &str) {
        push(out, resource_type, id, self.region);
    }

    fn global(&self, out: &mut Vec<ResourceRef>, resource_type: &'static str, id: &str) {
        push(out, resource_type, id, None);
    }
}

fn push(out: &mut Vec<ResourceRef>, resource_type: &'static str, id: &str, region: Option<&str>) {
    let id = id.trim();
    if id.is_empty()
        || out
            .iter()
            .any(|r| r.resource_type == resource_type && r.id == id)
    {
        return;
    }
    out.push(ResourceRef {
        resource_type,
        id: id.to_string(),
        region: region.map(str::to_string),
    });
}

/// A non-empty string at a JSON pointer.
fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    nonblank(value.pointer(pointer).and_then(Value::as_str))
}

/// Trimmed, and absent when blank.
fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The members of an EC2-style list: `{"items": [...]}` (or `item`), a bare array, or the one
/// object EC2 writes instead of a one-element list.
fn items(value: Option<&Value>) -> Vec<&Value> {
    let Some(mut value) = value else {
        return Vec::new();
    };
    if let Some(object) = value.as_object() {
        match object.get("items").or_else(|| object.get("item")) {
            Some(inner) => value = inner,
            None if object.is_empty() => return Vec::new(),
            None => return vec![value],
        }
    }
    match value {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    }
}

/// Every string in a value, depth-first (bounded by the record, which is already in memory).
fn strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// A port or protocol number, as the integer string the drift engine's keys use.
fn integer(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .map(|n| n.to_string()),
        Value::String(s) => s.trim().parse::<i64>().ok().map(|n| n.to_string()),
        _ => None,
    }
}

fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse::<bool>().ok(),
        _ => None,
    }
}

/// What follows `marker` in an ARN (`1234` after `:key/` in `arn:aws:kms:…:key/1234`), or the
/// value itself when it is not an ARN.
fn after<'a>(value: &'a str, marker: &str) -> Option<&'a str> {
    if !value.starts_with("arn:") {
        return Some(value);
    }
    value
        .find(marker)
        .map(|i| &value[i + marker.len()..])
        .filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------------------------
// IAM: account-wide, ids are names (policies: ARNs).

fn iam_user(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(user) = e.resp("/user/userName").or_else(|| e.req("/userName")) {
        e.global(out, "aws_iam_user", user);
    }
}

fn iam_group(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(group) = e.resp("/group/groupName").or_else(|| e.req("/groupName")) {
        e.global(out, "aws_iam_group", group);
    }
}

fn iam_membership(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(user) = e.req("/userName") {
        e.global(out, "aws_iam_user_group_membership", user);
    }
    if let Some(group) = e.req("/groupName") {
        e.global(out, "aws_iam_group_membership", group);
    }
}

fn inline_policy(
    e: &Event<'_>,
    out: &mut Vec<ResourceRef>,
    principal: &str,
    resource_type: &'static str,
) {
    if let (Some(owner), Some(policy)) = (e.req(principal), e.req("/policyName")) {
        e.global(out, resource_type, &format!("{owner}:{policy}"));
    }
}

fn iam_user_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    inline_policy(e, out, "/userName", "aws_iam_user_policy");
}

fn iam_group_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    inline_policy(e, out, "/groupName", "aws_iam_group_policy");
}

fn iam_role_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    inline_policy(e, out, "/roleName", "aws_iam_role_policy");
}

fn iam_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(arn) = e.resp("/policy/arn").or_else(|| e.req("/policyArn")) {
        e.global(out, "aws_iam_policy", arn);
    }
}

fn attachment(
    e: &Event<'_>,
    out: &mut Vec<ResourceRef>,
    principal: &str,
    resource_type: &'static str,
) {
    if let (Some(owner), Some(arn)) = (e.req(principal), e.req("/policyArn")) {
        e.global(out, resource_type, &format!("{owner}/{arn}"));
    }
}

fn iam_user_attachment(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    attachment(e, out, "/userName", "aws_iam_user_policy_attachment");
}

fn iam_group_attachment(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    attachment(e, out, "/groupName", "aws_iam_group_policy_attachment");
}

fn iam_role_attachment(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    attachment(e, out, "/roleName", "aws_iam_role_policy_attachment");
}

fn iam_role(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(role) = e.resp("/role/roleName").or_else(|| e.req("/roleName")) {
        e.global(out, "aws_iam_role", role);
    }
}

fn iam_access_key(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(key) = e
        .resp("/accessKey/accessKeyId")
        .or_else(|| e.req("/accessKeyId"))
    {
        e.global(out, "aws_iam_access_key", key);
    }
}

/// Without `userName` the call acts on the calling IAM user itself.
fn iam_login_profile(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let caller = || e.user_name.filter(|_| e.identity_type == Some("IAMUser"));
    if let Some(user) = e
        .req("/userName")
        .or_else(|| e.resp("/loginProfile/userName"))
        .or_else(caller)
    {
        e.global(out, "aws_iam_user_login_profile", user);
    }
}

fn iam_instance_profile(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(name) = e
        .resp("/instanceProfile/instanceProfileName")
        .or_else(|| e.req("/instanceProfileName"))
    {
        e.global(out, "aws_iam_instance_profile", name);
    }
}

fn iam_password_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    // The provider's fixed id: there is one policy per account.
    e.global(
        out,
        "aws_iam_account_password_policy",
        "iam-account-password-policy",
    );
}

// ---------------------------------------------------------------------------------------------
// EC2.

fn ec2_security_group(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(group) = e.resp("/groupId").or_else(|| e.req("/groupId")) {
        e.regional(out, "aws_security_group", group);
    }
}

/// `aws_security_group_rule` keys for one EC2 permission (request field names): one key for
/// its address ranges (CIDRs, IPv6 CIDRs and prefix lists share it, as in the drift engine), one
/// per source group.
fn permission_keys(group: &str, direction: &str, permission: &Value, keys: &mut Vec<String>) {
    let Some(protocol) = text(permission, "/ipProtocol")
        .map(normalize_protocol)
        .or_else(|| integer(permission.get("ipProtocol")).map(|p| normalize_protocol(&p)))
    else {
        return;
    };
    let (from, to) = if protocol == "-1" {
        ("0".to_string(), "0".to_string())
    } else {
        match (
            integer(permission.get("fromPort")),
            integer(permission.get("toPort")),
        ) {
            (Some(from), Some(to)) => (from, to),
            _ => return,
        }
    };
    let prefix = format!("{group}_{direction}_{protocol}_{from}_{to}_");
    let has_ranges = ["ipRanges", "ipv6Ranges", "prefixListIds"]
        .iter()
        .any(|name| !items(permission.get(*name)).is_empty())
        || text(permission, "/cidrIp").is_some()
        || text(permission, "/cidrIpv6").is_some();
    if has_ranges {
        keys.push(prefix.clone());
    }
    for source in items(permission.get("groups")) {
        if let Some(id) = text(source, "/groupId") {
            let id = id.rsplit('/').next().unwrap_or(id);
            let source = if id == group { "self" } else { id };
            keys.push(format!("{prefix}{source}"));
        }
    }
}

/// Authorize/Revoke Ingress/Egress: the `aws_security_group_rule` keys from the request, the
/// `sgr-` ids of `aws_vpc_security_group_*_rule` from the response (Authorize) or wherever the
/// request names them (Revoke by rule id), and the group.
fn ec2_rules(e: &Event<'_>, out: &mut Vec<ResourceRef>, direction: &str) {
    let response_rules = items(e.response.get("securityGroupRuleSet"));
    let group = e.req("/groupId").or_else(|| {
        response_rules
            .iter()
            .find_map(|rule| text(rule, "/groupId"))
    });
    if let Some(group) = group {
        let mut keys = Vec::new();
        for permission in items(e.request.get("ipPermissions")) {
            permission_keys(group, direction, permission, &mut keys);
        }
        // The older flat form: `ipProtocol`, `fromPort`, `toPort`, `cidrIp` beside `groupId`.
        if e.request.get("ipProtocol").is_some() {
            permission_keys(group, direction, e.request, &mut keys);
        }
        for key in keys {
            e.regional(out, "aws_security_group_rule", &key);
        }
    }
    let vpc_rule = |egress: bool| {
        if egress {
            "aws_vpc_security_group_egress_rule"
        } else {
            "aws_vpc_security_group_ingress_rule"
        }
    };
    let default_egress = direction == "egress";
    for rule in &response_rules {
        if let Some(id) = text(rule, "/securityGroupRuleId") {
            let egress = flag(rule.get("isEgress")).unwrap_or(default_egress);
            e.regional(out, vpc_rule(egress), id);
        }
    }
    let mut named = Vec::new();
    strings(e.request, &mut named);
    for id in named.into_iter().filter(|s| s.starts_with("sgr-")) {
        e.regional(out, vpc_rule(default_egress), id);
    }
    if let Some(group) = group {
        e.regional(out, "aws_security_group", group);
    }
}

fn ec2_ingress_rules(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    ec2_rules(e, out, "ingress");
}

fn ec2_egress_rules(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    ec2_rules(e, out, "egress");
}

fn modified_rules<'a>(e: &Event<'a>) -> Vec<&'a Value> {
    items(
        e.request
            .pointer("/ModifySecurityGroupRulesRequest/SecurityGroupRule"),
    )
}

/// `ModifySecurityGroupRules` names rules by `sgr-` id without their direction: both VPC rule
/// types are given (rule ids are unique, at most one is in state).
fn ec2_modify_rules(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    for rule in modified_rules(e) {
        if let Some(id) = text(rule, "/SecurityGroupRuleId") {
            e.regional(out, "aws_vpc_security_group_ingress_rule", id);
            e.regional(out, "aws_vpc_security_group_egress_rule", id);
        }
    }
    if let Some(group) = e.req("/ModifySecurityGroupRulesRequest/GroupId") {
        e.regional(out, "aws_security_group", group);
    }
}

fn instance_ids(list: Option<&Value>) -> impl Iterator<Item = &str> {
    items(list)
        .into_iter()
        .filter_map(|item| text(item, "/instanceId"))
}

fn ec2_instances(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let ids = instance_ids(e.response.get("instancesSet"))
        .chain(instance_ids(e.request.get("instancesSet")))
        .chain(e.req("/instanceId"))
        // Newer EC2 actions log the SDK request, wrapped and capitalised.
        .chain(e.req("/ModifyInstanceMetadataOptionsRequest/InstanceId"));
    for id in ids {
        e.regional(out, "aws_instance", id);
    }
}

/// Tag changes name any EC2 resource; the id prefix tells the type.
const TAG_PREFIXES: &[(&str, &[&str])] = &[
    ("eipalloc-", &["aws_eip"]),
    ("i-", &["aws_instance"]),
    ("igw-", &["aws_internet_gateway"]),
    ("sg-", &["aws_security_group"]),
    (
        "sgr-",
        &[
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        ],
    ),
    ("subnet-", &["aws_subnet"]),
    ("vol-", &["aws_ebs_volume"]),
    ("vpc-", &["aws_vpc"]),
];

fn ec2_tags(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    for item in items(e.request.get("resourcesSet")) {
        let Some(id) = text(item, "/resourceId") else {
            continue;
        };
        if let Some((_, types)) = TAG_PREFIXES.iter().find(|(p, _)| id.starts_with(p)) {
            for resource_type in *types {
                e.regional(out, resource_type, id);
            }
        }
    }
}

fn ec2_vpc(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e.resp("/vpc/vpcId").or_else(|| e.req("/vpcId")) {
        e.regional(out, "aws_vpc", id);
    }
}

fn ec2_subnet(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e.resp("/subnet/subnetId").or_else(|| e.req("/subnetId")) {
        e.regional(out, "aws_subnet", id);
    }
}

fn ec2_internet_gateway(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e
        .resp("/internetGateway/internetGatewayId")
        .or_else(|| e.req("/internetGatewayId"))
    {
        e.regional(out, "aws_internet_gateway", id);
    }
}

fn ec2_eip(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e.resp("/allocationId").or_else(|| e.req("/allocationId")) {
        e.regional(out, "aws_eip", id);
    }
}

fn ec2_volume(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e
        .resp("/volumeId")
        .or_else(|| e.req("/volumeId"))
        .or_else(|| e.req("/ModifyVolumeRequest/VolumeId"))
    {
        e.regional(out, "aws_ebs_volume", id);
    }
}

fn ec2_key_pair(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(name) = e.resp("/keyName").or_else(|| e.req("/keyName")) {
        e.regional(out, "aws_key_pair", name);
    }
}

// ---------------------------------------------------------------------------------------------
// S3: every part is keyed by its bucket name.

fn bucket_name<'a>(e: &Event<'a>) -> Option<&'a str> {
    e.req("/bucketName").or_else(|| {
        e.resource_arns("AWS::S3::Bucket")
            .find_map(|arn| after(arn, ":::"))
    })
}

fn s3_bucket(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let Some(bucket) = bucket_name(e) else {
        return;
    };
    // A bucket created elsewhere than the endpoint's region says so in the request.
    let region = e
        .req("/CreateBucketConfiguration/LocationConstraint")
        .or(e.region);
    push(out, "aws_s3_bucket", bucket, region);
}

fn s3_part(e: &Event<'_>, out: &mut Vec<ResourceRef>, part: &'static str) {
    if let Some(bucket) = bucket_name(e) {
        e.regional(out, part, bucket);
        e.regional(out, "aws_s3_bucket", bucket);
    }
}

fn s3_policy(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_policy");
}

fn s3_acl(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_acl");
}

fn s3_public_access_block(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_public_access_block");
}

fn s3_encryption(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_server_side_encryption_configuration");
}

fn s3_versioning(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_versioning");
}

fn s3_logging(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_logging");
}

fn s3_lifecycle(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_lifecycle_configuration");
}

fn s3_ownership(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    s3_part(e, out, "aws_s3_bucket_ownership_controls");
}

// ---------------------------------------------------------------------------------------------
// KMS.

fn kms_key(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let named = e
        .resp("/keyMetadata/keyId")
        .or_else(|| e.req("/keyId"))
        .and_then(|id| after(id, ":key/"))
        .filter(|id| !id.starts_with("alias/"));
    let id = named.or_else(|| {
        e.resource_arns("AWS::KMS::Key")
            .find_map(|arn| after(arn, ":key/"))
    });
    if let Some(id) = id {
        e.regional(out, "aws_kms_key", id);
    }
}

/// Alias names as the provider stores them: `alias/…` (an alias ARN is cut down to that).
fn kms_alias(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let alias = e.req("/aliasName").map(|a| match a.find(":alias/") {
        Some(i) if a.starts_with("arn:") => &a[i + 1..],
        _ => a,
    });
    if let Some(alias) = alias.filter(|a| a.starts_with("alias/")) {
        e.regional(out, "aws_kms_alias", alias);
    }
}

// ---------------------------------------------------------------------------------------------
// CloudTrail: trails by ARN (the provider's id since v5.25, and the drift engine's key).

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

fn cloudtrail_trail(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    let named = e
        .req("/name")
        .or_else(|| e.req("/trailName"))
        .or_else(|| e.req("/resourceId"));
    let arn = e
        .resp("/trailARN")
        .or_else(|| named.filter(|n| n.starts_with("arn:")))
        .or_else(|| e.resource_arns("AWS::CloudTrail::Trail").next())
        .map(str::to_string)
        .or_else(|| {
            // A name: the trail is in the caller's account and the call's region (trail
            // changes are made in the trail's home region).
            let (name, region, account) = (named?, e.region?, e.account?);
            Some(format!(
                "arn:{}:cloudtrail:{region}:{account}:trail/{name}",
                partition(region)
            ))
        });
    if let Some(arn) = arn {
        e.regional(out, "aws_cloudtrail", &arn);
    }
}

// ---------------------------------------------------------------------------------------------
// RDS.

/// The DBI resource id (`db-…`, the provider's id since v5 and the drift engine's key) from the
/// response; without a response, the instance identifier, which v4 used and the state keeps in
/// `identifier`.
fn rds_instance(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(id) = e.resp("/dbiResourceId") {
        e.regional(out, "aws_db_instance", id);
    } else if let Some(identifier) = e.req("/dBInstanceIdentifier") {
        e.regional(out, "aws_db_instance", &identifier.to_ascii_lowercase());
    }
}

/// RDS stores subnet group names in lower case.
fn rds_subnet_group(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(name) = e
        .resp("/dBSubnetGroupName")
        .or_else(|| e.req("/dBSubnetGroupName"))
    {
        e.regional(out, "aws_db_subnet_group", &name.to_ascii_lowercase());
    }
}

// ---------------------------------------------------------------------------------------------
// Lambda.

/// A function name from a name, a full ARN or a partial ARN (`123456789012:function:name`),
/// without a version or alias qualifier.
fn function_name(value: &str) -> &str {
    match value.find("function:") {
        Some(i) => {
            let rest = &value[i + "function:".len()..];
            rest.split(':').next().unwrap_or(rest)
        }
        None => value,
    }
}

fn lambda_function(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(name) = e
        .resp("/functionName")
        .or_else(|| e.req("/functionName"))
        .or_else(|| e.req("/resource"))
        .map(function_name)
    {
        e.regional(out, "aws_lambda_function", name);
    }
}

fn lambda_permission(e: &Event<'_>, out: &mut Vec<ResourceRef>) {
    if let Some(statement) = e.req("/statementId") {
        e.regional(out, "aws_lambda_permission", statement);
    }
    lambda_function(e, out);
}

// ---------------------------------------------------------------------------------------------
// Severity conditions.

fn open_cidr(cidr: &str) -> bool {
    // Any prefix of length 0 covers every address, whatever address it is written with.
    cidr.trim().ends_with("/0")
}

fn opens_to_world(e: &Event<'_>) -> bool {
    let mut cidrs: Vec<&str> = Vec::new();
    for permission in items(e.request.get("ipPermissions")) {
        cidrs.extend(
            items(permission.get("ipRanges"))
                .iter()
                .filter_map(|r| text(r, "/cidrIp")),
        );
        cidrs.extend(
            items(permission.get("ipv6Ranges"))
                .iter()
                .filter_map(|r| text(r, "/cidrIpv6")),
        );
    }
    cidrs.extend(e.req("/cidrIp"));
    cidrs.extend(e.req("/cidrIpv6"));
    for rule in items(e.response.get("securityGroupRuleSet")) {
        cidrs.extend(text(rule, "/cidrIpv4"));
        cidrs.extend(text(rule, "/cidrIpv6"));
    }
    cidrs.into_iter().any(open_cidr)
}

fn modify_opens_to_world(e: &Event<'_>) -> bool {
    modified_rules(e).into_iter().any(|rule| {
        ["/SecurityGroupRule/CidrIpv4", "/SecurityGroupRule/CidrIpv6"]
            .iter()
            .filter_map(|p| text(rule, p))
            .any(open_cidr)
    })
}

const PUBLIC_CANNED_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS: &[&str] = &[
    "acs.amazonaws.com/groups/global/AllUsers",
    "acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/// A canned public ACL (`x-amz-acl`, a string or a list) or a grant to everyone / every AWS
/// account, in the body or in an `x-amz-grant-*` header.
fn grants_public(e: &Event<'_>) -> bool {
    let canned = match e.request.get("x-amz-acl") {
        Some(Value::String(acl)) => vec![acl.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if canned
        .iter()
        .any(|acl| PUBLIC_CANNED_ACLS.contains(&acl.trim()))
    {
        return true;
    }
    let mut all = Vec::new();
    strings(e.request, &mut all);
    all.iter()
        .any(|s| PUBLIC_GROUPS.iter().any(|group| s.contains(group)))
}

/// Any of the four settings not true: the new configuration allows some public access.
fn weakens_public_access_block(e: &Event<'_>) -> bool {
    let config = e
        .request
        .get("PublicAccessBlockConfiguration")
        .unwrap_or(&NULL);
    [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ]
    .iter()
    .any(|name| flag(config.get(*name)) != Some(true))
}

fn reactivates_key(e: &Event<'_>) -> bool {
    e.req("/status")
        .is_some_and(|s| s.eq_ignore_ascii_case("active"))
}

/// Anyone may invoke: principal `*`, or a function URL without authentication.
fn public_invoke(e: &Event<'_>) -> bool {
    e.req("/principal") == Some("*")
        || e.req("/functionUrlAuthType")
            .is_some_and(|t| t.eq_ignore_ascii_case("NONE"))
}

const OPEN_INGRESS: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "a source CIDR is a /0 (0.0.0.0/0, ::/0)",
    test: opens_to_world,
});
const OPEN_MODIFIED_RULE: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "a rule is set to a /0 CIDR (the record does not say ingress or egress)",
    test: modify_opens_to_world,
});
const PUBLIC_ACL: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "it grants AllUsers / AuthenticatedUsers or sets a public canned ACL",
    test: grants_public,
});
const WEAKER_PUBLIC_ACCESS_BLOCK: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "any of the four settings is not true",
    test: weakens_public_access_block,
});
const REACTIVATED_KEY: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "it sets the key Active",
    test: reactivates_key,
});
const PUBLIC_INVOKE: SeverityRule = SeverityRule::HighWhen(Condition {
    description: "the principal is * or the function URL has no authentication",
    test: public_invoke,
});

// ---------------------------------------------------------------------------------------------
// The resolvers and the table.

const fn resolver(
    targets: &'static [Target],
    resolve: fn(&Event<'_>, &mut Vec<ResourceRef>),
) -> Resolver {
    Resolver { targets, resolve }
}

static IAM_USER: Resolver = resolver(&[target("aws_iam_user", "userName")], iam_user);
static IAM_GROUP: Resolver = resolver(&[target("aws_iam_group", "groupName")], iam_group);
static IAM_MEMBERSHIP: Resolver = resolver(
    &[
        target("aws_iam_user_group_membership", "userName (match key)"),
        target("aws_iam_group_membership", "groupName (match key)"),
    ],
    iam_membership,
);
static IAM_USER_POLICY: Resolver = resolver(
    &[target("aws_iam_user_policy", "userName:policyName")],
    iam_user_policy,
);
static IAM_GROUP_POLICY: Resolver = resolver(
    &[target("aws_iam_group_policy", "groupName:policyName")],
    iam_group_policy,
);
static IAM_ROLE_POLICY: Resolver = resolver(
    &[target("aws_iam_role_policy", "roleName:policyName")],
    iam_role_policy,
);
static IAM_POLICY: Resolver = resolver(
    &[target(
        "aws_iam_policy",
        "responseElements.policy.arn, else policyArn",
    )],
    iam_policy,
);
static IAM_USER_ATTACHMENT: Resolver = resolver(
    &[target(
        "aws_iam_user_policy_attachment",
        "userName/policyArn (match key)",
    )],
    iam_user_attachment,
);
static IAM_GROUP_ATTACHMENT: Resolver = resolver(
    &[target(
        "aws_iam_group_policy_attachment",
        "groupName/policyArn (match key)",
    )],
    iam_group_attachment,
);
static IAM_ROLE_ATTACHMENT: Resolver = resolver(
    &[target(
        "aws_iam_role_policy_attachment",
        "roleName/policyArn (match key)",
    )],
    iam_role_attachment,
);
static IAM_ROLE: Resolver = resolver(&[target("aws_iam_role", "roleName")], iam_role);
static IAM_ACCESS_KEY: Resolver = resolver(
    &[target(
        "aws_iam_access_key",
        "responseElements.accessKey.accessKeyId, else accessKeyId",
    )],
    iam_access_key,
);
static IAM_LOGIN_PROFILE: Resolver = resolver(
    &[target(
        "aws_iam_user_login_profile",
        "userName, else the calling IAM user",
    )],
    iam_login_profile,
);
static IAM_INSTANCE_PROFILE: Resolver = resolver(
    &[target("aws_iam_instance_profile", "instanceProfileName")],
    iam_instance_profile,
);
static IAM_PASSWORD_POLICY: Resolver = resolver(
    &[target(
        "aws_iam_account_password_policy",
        "`iam-account-password-policy` (fixed)",
    )],
    iam_password_policy,
);

const SECURITY_GROUP_TARGET: Target = target(
    "aws_security_group",
    "groupId (responseElements.groupId on create)",
);
static EC2_SECURITY_GROUP: Resolver = resolver(&[SECURITY_GROUP_TARGET], ec2_security_group);
static EC2_INGRESS_RULES: Resolver = resolver(
    &[
        target(
            "aws_security_group_rule",
            "{groupId}_ingress_{protocol}_{from}_{to}_{source group, self or empty for ranges} (match key)",
        ),
        target(
            "aws_vpc_security_group_ingress_rule",
            "sgr- ids of responseElements.securityGroupRuleSet (or named in the request)",
        ),
        SECURITY_GROUP_TARGET,
    ],
    ec2_ingress_rules,
);
static EC2_EGRESS_RULES: Resolver = resolver(
    &[
        target(
            "aws_security_group_rule",
            "{groupId}_egress_{protocol}_{from}_{to}_{source group, self or empty for ranges} (match key)",
        ),
        target(
            "aws_vpc_security_group_egress_rule",
            "sgr- ids of responseElements.securityGroupRuleSet (or named in the request)",
        ),
        SECURITY_GROUP_TARGET,
    ],
    ec2_egress_rules,
);
static EC2_MODIFY_RULES: Resolver = resolver(
    &[
        target(
            "aws_vpc_security_group_ingress_rule",
            "ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRuleId",
        ),
        target(
            "aws_vpc_security_group_egress_rule",
            "ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRuleId",
        ),
        target(
            "aws_security_group",
            "ModifySecurityGroupRulesRequest.GroupId",
        ),
    ],
    ec2_modify_rules,
);
static EC2_INSTANCES: Resolver = resolver(
    &[target(
        "aws_instance",
        "instancesSet.items[].instanceId (response, then request), or instanceId / ModifyInstanceMetadataOptionsRequest.InstanceId",
    )],
    ec2_instances,
);
static EC2_TAGS: Resolver = resolver(
    &[
        target(
            "aws_eip",
            "resourcesSet.items[].resourceId starting eipalloc-",
        ),
        target(
            "aws_instance",
            "resourcesSet.items[].resourceId starting i-",
        ),
        target(
            "aws_internet_gateway",
            "resourcesSet.items[].resourceId starting igw-",
        ),
        target(
            "aws_security_group",
            "resourcesSet.items[].resourceId starting sg-",
        ),
        target(
            "aws_vpc_security_group_ingress_rule",
            "resourcesSet.items[].resourceId starting sgr-",
        ),
        target(
            "aws_vpc_security_group_egress_rule",
            "resourcesSet.items[].resourceId starting sgr-",
        ),
        target(
            "aws_subnet",
            "resourcesSet.items[].resourceId starting subnet-",
        ),
        target(
            "aws_ebs_volume",
            "resourcesSet.items[].resourceId starting vol-",
        ),
        target("aws_vpc", "resourcesSet.items[].resourceId starting vpc-"),
    ],
    ec2_tags,
);
static EC2_VPC: Resolver = resolver(
    &[target("aws_vpc", "responseElements.vpc.vpcId, else vpcId")],
    ec2_vpc,
);
static EC2_SUBNET: Resolver = resolver(
    &[target(
        "aws_subnet",
        "responseElements.subnet.subnetId, else subnetId",
    )],
    ec2_subnet,
);
static EC2_INTERNET_GATEWAY: Resolver = resolver(
    &[target(
        "aws_internet_gateway",
        "responseElements.internetGateway.internetGatewayId, else internetGatewayId",
    )],
    ec2_internet_gateway,
);
static EC2_EIP: Resolver = resolver(
    &[target("aws_eip", "allocationId (response, then request)")],
    ec2_eip,
);
static EC2_VOLUME: Resolver = resolver(
    &[target(
        "aws_ebs_volume",
        "volumeId (response, then request), or ModifyVolumeRequest.VolumeId",
    )],
    ec2_volume,
);
static EC2_KEY_PAIR: Resolver = resolver(&[target("aws_key_pair", "keyName")], ec2_key_pair);

const BUCKET_TARGET: Target = target(
    "aws_s3_bucket",
    "bucketName, else resources[AWS::S3::Bucket].ARN",
);
/// A bucket part, then its bucket.
const fn bucket_part(resource_type: &'static str) -> [Target; 2] {
    [
        target(resource_type, "bucketName (match key)"),
        BUCKET_TARGET,
    ]
}
static POLICY_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_policy");
static ACL_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_acl");
static PUBLIC_ACCESS_BLOCK_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_public_access_block");
static ENCRYPTION_TARGETS: [Target; 2] =
    bucket_part("aws_s3_bucket_server_side_encryption_configuration");
static VERSIONING_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_versioning");
static LOGGING_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_logging");
static LIFECYCLE_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_lifecycle_configuration");
static OWNERSHIP_TARGETS: [Target; 2] = bucket_part("aws_s3_bucket_ownership_controls");
static S3_BUCKET: Resolver = resolver(&[BUCKET_TARGET], s3_bucket);
static S3_POLICY: Resolver = resolver(&POLICY_TARGETS, s3_policy);
static S3_ACL: Resolver = resolver(&ACL_TARGETS, s3_acl);
static S3_PUBLIC_ACCESS_BLOCK: Resolver =
    resolver(&PUBLIC_ACCESS_BLOCK_TARGETS, s3_public_access_block);
static S3_ENCRYPTION: Resolver = resolver(&ENCRYPTION_TARGETS, s3_encryption);
static S3_VERSIONING: Resolver = resolver(&VERSIONING_TARGETS, s3_versioning);
static S3_LOGGING: Resolver = resolver(&LOGGING_TARGETS, s3_logging);
static S3_LIFECYCLE: Resolver = resolver(&LIFECYCLE_TARGETS, s3_lifecycle);
static S3_OWNERSHIP: Resolver = resolver(&OWNERSHIP_TARGETS, s3_ownership);

static KMS_KEY: Resolver = resolver(
    &[target(
        "aws_kms_key",
        "key id of responseElements.keyMetadata.keyId, else of keyId (id or ARN), else of resources[AWS::KMS::Key].ARN",
    )],
    kms_key,
);
static KMS_ALIAS: Resolver = resolver(&[target("aws_kms_alias", "aliasName (alias/…)")], kms_alias);

static CLOUDTRAIL_TRAIL: Resolver = resolver(
    &[target(
        "aws_cloudtrail",
        "responseElements.trailARN, else name / trailName / resourceId when an ARN, else the ARN built from the name, awsRegion and recipientAccountId",
    )],
    cloudtrail_trail,
);

static RDS_INSTANCE: Resolver = resolver(
    &[target(
        "aws_db_instance",
        "responseElements.dbiResourceId (match key), else dBInstanceIdentifier",
    )],
    rds_instance,
);
static RDS_SUBNET_GROUP: Resolver = resolver(
    &[target(
        "aws_db_subnet_group",
        "dBSubnetGroupName, lower case",
    )],
    rds_subnet_group,
);

const FUNCTION_TARGET: Target = target(
    "aws_lambda_function",
    "function name of responseElements.functionName, else of functionName / resource (name or ARN)",
);
static LAMBDA_FUNCTION: Resolver = resolver(&[FUNCTION_TARGET], lambda_function);
static LAMBDA_PERMISSION: Resolver = resolver(
    &[
        target("aws_lambda_permission", "statementId"),
        FUNCTION_TARGET,
    ],
    lambda_permission,
);

const fn on(
    event_source: &'static str,
    event_name: &'static str,
    resolver: &'static Resolver,
    severity: SeverityRule,
    techniques: &'static [Technique],
) -> Entry {
    Entry {
        event_source,
        event_name,
        resolver,
        severity,
        techniques,
    }
}

use SeverityRule::{High, Medium};

const CT: &str = "cloudtrail.amazonaws.com";
const EC2: &str = "ec2.amazonaws.com";
const IAM: &str = "iam.amazonaws.com";
const KMS: &str = "kms.amazonaws.com";
const LAMBDA: &str = "lambda.amazonaws.com";
const RDS: &str = "rds.amazonaws.com";
const S3: &str = "s3.amazonaws.com";

/// The table, sorted by `(eventSource, eventName)` (checked by a test, looked up by binary
/// search). Event names are CloudTrail's, which differ from API names for S3
/// (`DeleteBucketPublicAccessBlock` for `DeletePublicAccessBlock`, `PutBucketLifecycle` for
/// `PutBucketLifecycleConfiguration`).
#[rustfmt::skip]
static TABLE: &[Entry] = &[
    on(CT, "AddTags", &CLOUDTRAIL_TRAIL, Medium, OOB),
    on(CT, "CreateTrail", &CLOUDTRAIL_TRAIL, Medium, OOB),
    on(CT, "DeleteTrail", &CLOUDTRAIL_TRAIL, High, OOB_LOGS),
    // Selectors can drop management or data events: logging is switched off without StopLogging.
    on(CT, "PutEventSelectors", &CLOUDTRAIL_TRAIL, High, OOB_LOGS),
    on(CT, "PutInsightSelectors", &CLOUDTRAIL_TRAIL, Medium, OOB),
    on(CT, "RemoveTags", &CLOUDTRAIL_TRAIL, Medium, OOB),
    on(CT, "StartLogging", &CLOUDTRAIL_TRAIL, Medium, OOB),
    on(CT, "StopLogging", &CLOUDTRAIL_TRAIL, High, OOB_LOGS),
    on(CT, "UpdateTrail", &CLOUDTRAIL_TRAIL, High, OOB_LOGS),
    on(EC2, "AllocateAddress", &EC2_EIP, Medium, OOB),
    on(EC2, "AssociateAddress", &EC2_EIP, Medium, OOB),
    on(EC2, "AttachInternetGateway", &EC2_INTERNET_GATEWAY, Medium, OOB),
    on(EC2, "AttachVolume", &EC2_VOLUME, Medium, OOB),
    on(EC2, "AuthorizeSecurityGroupEgress", &EC2_EGRESS_RULES, Medium, OOB_FIREWALL),
    on(EC2, "AuthorizeSecurityGroupIngress", &EC2_INGRESS_RULES, OPEN_INGRESS, OOB_FIREWALL),
    on(EC2, "CreateInternetGateway", &EC2_INTERNET_GATEWAY, Medium, OOB),
    on(EC2, "CreateKeyPair", &EC2_KEY_PAIR, Medium, OOB_CREDENTIALS),
    on(EC2, "CreateSecurityGroup", &EC2_SECURITY_GROUP, Medium, OOB_FIREWALL),
    on(EC2, "CreateSubnet", &EC2_SUBNET, Medium, OOB),
    on(EC2, "CreateTags", &EC2_TAGS, Medium, OOB),
    on(EC2, "CreateVolume", &EC2_VOLUME, Medium, OOB),
    on(EC2, "CreateVpc", &EC2_VPC, Medium, OOB),
    on(EC2, "DeleteInternetGateway", &EC2_INTERNET_GATEWAY, Medium, OOB),
    on(EC2, "DeleteKeyPair", &EC2_KEY_PAIR, Medium, OOB),
    on(EC2, "DeleteSecurityGroup", &EC2_SECURITY_GROUP, Medium, OOB),
    on(EC2, "DeleteSubnet", &EC2_SUBNET, Medium, OOB),
    on(EC2, "DeleteTags", &EC2_TAGS, Medium, OOB),
    on(EC2, "DeleteVolume", &EC2_VOLUME, Medium, OOB),
    on(EC2, "DeleteVpc", &EC2_VPC, Medium, OOB),
    on(EC2, "DetachInternetGateway", &EC2_INTERNET_GATEWAY, Medium, OOB),
    on(EC2, "DetachVolume", &EC2_VOLUME, Medium, OOB),
    on(EC2, "ImportKeyPair", &EC2_KEY_PAIR, Medium, OOB_CREDENTIALS),
    on(EC2, "ModifyInstanceAttribute", &EC2_INSTANCES, Medium, OOB_COMPUTE),
    on(EC2, "ModifyInstanceMetadataOptions", &EC2_INSTANCES, Medium, OOB_COMPUTE),
    on(EC2, "ModifySecurityGroupRules", &EC2_MODIFY_RULES, OPEN_MODIFIED_RULE, OOB_FIREWALL),
    on(EC2, "ModifySubnetAttribute", &EC2_SUBNET, Medium, OOB),
    on(EC2, "ModifyVolume", &EC2_VOLUME, Medium, OOB),
    on(EC2, "ModifyVpcAttribute", &EC2_VPC, Medium, OOB),
    on(EC2, "ReleaseAddress", &EC2_EIP, Medium, OOB),
    on(EC2, "RevokeSecurityGroupEgress", &EC2_EGRESS_RULES, Medium, OOB_FIREWALL),
    on(EC2, "RevokeSecurityGroupIngress", &EC2_INGRESS_RULES, Medium, OOB_FIREWALL),
    on(EC2, "RunInstances", &EC2_INSTANCES, Medium, OOB_CREATE_INSTANCE),
    on(EC2, "StartInstances", &EC2_INSTANCES, Medium, OOB_COMPUTE),
    on(EC2, "StopInstances", &EC2_INSTANCES, Medium, OOB_COMPUTE),
    on(EC2, "TerminateInstances", &EC2_INSTANCES, Medium, OOB_DELETE_INSTANCE),
    on(IAM, "AddRoleToInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "AddUserToGroup", &IAM_MEMBERSHIP, High, OOB_ROLES),
    on(IAM, "AttachGroupPolicy", &IAM_GROUP_ATTACHMENT, High, OOB_ROLES),
    on(IAM, "AttachRolePolicy", &IAM_ROLE_ATTACHMENT, High, OOB_ROLES),
    on(IAM, "AttachUserPolicy", &IAM_USER_ATTACHMENT, High, OOB_ROLES),
    on(IAM, "CreateAccessKey", &IAM_ACCESS_KEY, High, OOB_CREDENTIALS),
    on(IAM, "CreateGroup", &IAM_GROUP, Medium, OOB),
    on(IAM, "CreateInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "CreateLoginProfile", &IAM_LOGIN_PROFILE, High, OOB_CREDENTIALS),
    on(IAM, "CreatePolicy", &IAM_POLICY, Medium, OOB),
    on(IAM, "CreatePolicyVersion", &IAM_POLICY, High, OOB_ROLES),
    on(IAM, "CreateRole", &IAM_ROLE, Medium, OOB),
    on(IAM, "CreateUser", &IAM_USER, Medium, OOB_ACCOUNT),
    on(IAM, "DeleteAccessKey", &IAM_ACCESS_KEY, Medium, OOB),
    on(IAM, "DeleteAccountPasswordPolicy", &IAM_PASSWORD_POLICY, Medium, OOB),
    on(IAM, "DeleteGroup", &IAM_GROUP, Medium, OOB),
    on(IAM, "DeleteGroupPolicy", &IAM_GROUP_POLICY, Medium, OOB),
    on(IAM, "DeleteInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "DeleteLoginProfile", &IAM_LOGIN_PROFILE, Medium, OOB),
    on(IAM, "DeletePolicy", &IAM_POLICY, Medium, OOB),
    on(IAM, "DeletePolicyVersion", &IAM_POLICY, Medium, OOB),
    on(IAM, "DeleteRole", &IAM_ROLE, Medium, OOB),
    // Removing a boundary lifts the cap on the role's or user's permissions.
    on(IAM, "DeleteRolePermissionsBoundary", &IAM_ROLE, High, OOB_MANIPULATION),
    on(IAM, "DeleteRolePolicy", &IAM_ROLE_POLICY, Medium, OOB),
    on(IAM, "DeleteUser", &IAM_USER, Medium, OOB),
    on(IAM, "DeleteUserPermissionsBoundary", &IAM_USER, High, OOB_MANIPULATION),
    on(IAM, "DeleteUserPolicy", &IAM_USER_POLICY, Medium, OOB),
    on(IAM, "DetachGroupPolicy", &IAM_GROUP_ATTACHMENT, Medium, OOB),
    on(IAM, "DetachRolePolicy", &IAM_ROLE_ATTACHMENT, Medium, OOB),
    on(IAM, "DetachUserPolicy", &IAM_USER_ATTACHMENT, Medium, OOB),
    on(IAM, "PutGroupPolicy", &IAM_GROUP_POLICY, High, OOB_ROLES),
    on(IAM, "PutRolePermissionsBoundary", &IAM_ROLE, High, OOB_MANIPULATION),
    on(IAM, "PutRolePolicy", &IAM_ROLE_POLICY, High, OOB_ROLES),
    on(IAM, "PutUserPermissionsBoundary", &IAM_USER, High, OOB_MANIPULATION),
    on(IAM, "PutUserPolicy", &IAM_USER_POLICY, High, OOB_ROLES),
    on(IAM, "RemoveRoleFromInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "RemoveUserFromGroup", &IAM_MEMBERSHIP, Medium, OOB),
    on(IAM, "SetDefaultPolicyVersion", &IAM_POLICY, High, OOB_ROLES),
    on(IAM, "TagInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "TagPolicy", &IAM_POLICY, Medium, OOB),
    on(IAM, "TagRole", &IAM_ROLE, Medium, OOB),
    on(IAM, "TagUser", &IAM_USER, Medium, OOB),
    on(IAM, "UntagInstanceProfile", &IAM_INSTANCE_PROFILE, Medium, OOB),
    on(IAM, "UntagPolicy", &IAM_POLICY, Medium, OOB),
    on(IAM, "UntagRole", &IAM_ROLE, Medium, OOB),
    on(IAM, "UntagUser", &IAM_USER, Medium, OOB),
    on(IAM, "UpdateAccessKey", &IAM_ACCESS_KEY, REACTIVATED_KEY, OOB_CREDENTIALS),
    on(IAM, "UpdateAccountPasswordPolicy", &IAM_PASSWORD_POLICY, Medium, OOB),
    // Who may assume the role: a backdoor into it.
    on(IAM, "UpdateAssumeRolePolicy", &IAM_ROLE, High, OOB_MANIPULATION),
    on(IAM, "UpdateGroup", &IAM_GROUP, Medium, OOB),
    on(IAM, "UpdateLoginProfile", &IAM_LOGIN_PROFILE, High, OOB_CREDENTIALS),
    on(IAM, "UpdateRole", &IAM_ROLE, Medium, OOB),
    on(IAM, "UpdateRoleDescription", &IAM_ROLE, Medium, OOB),
    on(IAM, "UpdateUser", &IAM_USER, Medium, OOB),
    on(KMS, "CancelKeyDeletion", &KMS_KEY, Medium, OOB),
    on(KMS, "CreateAlias", &KMS_ALIAS, Medium, OOB),
    on(KMS, "CreateKey", &KMS_KEY, Medium, OOB),
    on(KMS, "DeleteAlias", &KMS_ALIAS, Medium, OOB),
    on(KMS, "DisableKey", &KMS_KEY, High, OOB_DESTRUCTION),
    on(KMS, "DisableKeyRotation", &KMS_KEY, Medium, OOB),
    on(KMS, "EnableKey", &KMS_KEY, Medium, OOB),
    on(KMS, "EnableKeyRotation", &KMS_KEY, Medium, OOB),
    on(KMS, "PutKeyPolicy", &KMS_KEY, High, OOB),
    on(KMS, "ScheduleKeyDeletion", &KMS_KEY, High, OOB_DESTRUCTION),
    on(KMS, "TagResource", &KMS_KEY, Medium, OOB),
    on(KMS, "UntagResource", &KMS_KEY, Medium, OOB),
    on(KMS, "UpdateAlias", &KMS_ALIAS, Medium, OOB),
    on(KMS, "UpdateKeyDescription", &KMS_KEY, Medium, OOB),
    on(LAMBDA, "AddPermission", &LAMBDA_PERMISSION, PUBLIC_INVOKE, OOB),
    on(LAMBDA, "CreateFunction", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "DeleteFunction", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "DeleteFunctionConcurrency", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "PutFunctionConcurrency", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "RemovePermission", &LAMBDA_PERMISSION, Medium, OOB),
    on(LAMBDA, "TagResource", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "UntagResource", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "UpdateFunctionCode", &LAMBDA_FUNCTION, Medium, OOB),
    on(LAMBDA, "UpdateFunctionConfiguration", &LAMBDA_FUNCTION, Medium, OOB),
    on(RDS, "CreateDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(RDS, "CreateDBSubnetGroup", &RDS_SUBNET_GROUP, Medium, OOB),
    on(RDS, "DeleteDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(RDS, "DeleteDBSubnetGroup", &RDS_SUBNET_GROUP, Medium, OOB),
    on(RDS, "ModifyDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(RDS, "ModifyDBSubnetGroup", &RDS_SUBNET_GROUP, Medium, OOB),
    on(RDS, "RebootDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(RDS, "StartDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(RDS, "StopDBInstance", &RDS_INSTANCE, Medium, OOB),
    on(S3, "CreateBucket", &S3_BUCKET, PUBLIC_ACL, OOB),
    on(S3, "DeleteBucket", &S3_BUCKET, Medium, OOB),
    on(S3, "DeleteBucketEncryption", &S3_ENCRYPTION, Medium, OOB),
    on(S3, "DeleteBucketLifecycle", &S3_LIFECYCLE, Medium, OOB),
    on(S3, "DeleteBucketOwnershipControls", &S3_OWNERSHIP, Medium, OOB),
    on(S3, "DeleteBucketPolicy", &S3_POLICY, High, OOB),
    on(S3, "DeleteBucketPublicAccessBlock", &S3_PUBLIC_ACCESS_BLOCK, High, OOB),
    on(S3, "DeleteBucketTagging", &S3_BUCKET, Medium, OOB),
    on(S3, "PutBucketAcl", &S3_ACL, PUBLIC_ACL, OOB),
    on(S3, "PutBucketEncryption", &S3_ENCRYPTION, Medium, OOB),
    on(S3, "PutBucketLifecycle", &S3_LIFECYCLE, Medium, OOB),
    on(S3, "PutBucketLogging", &S3_LOGGING, Medium, OOB),
    on(S3, "PutBucketOwnershipControls", &S3_OWNERSHIP, Medium, OOB),
    on(S3, "PutBucketPolicy", &S3_POLICY, High, OOB),
    on(S3, "PutBucketPublicAccessBlock", &S3_PUBLIC_ACCESS_BLOCK, WEAKER_PUBLIC_ACCESS_BLOCK, OOB),
    on(S3, "PutBucketTagging", &S3_BUCKET, Medium, OOB),
    on(S3, "PutBucketVersioning", &S3_VERSIONING, Medium, OOB),
];
