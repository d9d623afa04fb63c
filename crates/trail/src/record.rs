//! The CloudTrail record model: the compact subset of a record that attribution uses.
//!
//! Deserialization is tolerant on purpose. Real logs and SIEM re-exports disagree on types
//! (`sessionCredentialFromConsole` is the string `"true"` in CloudTrail and a boolean elsewhere,
//! account ids become numbers, `readOnly` becomes a string) and on presence (no `userIdentity.type`
//! for some service events, no `eventID` in hand-made samples). A field of an unexpected type is
//! read as absent instead of failing the record, so that only malformed JSON stops a file.

use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// One CloudTrail event, as far as driftguard uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub event_id: Option<String>,
    pub event_time: Timestamp,
    /// The service endpoint, e.g. `iam.amazonaws.com`.
    pub event_source: String,
    /// The API action, e.g. `CreateUser` (Lambda's carry a version suffix: `CreateFunction20150331`).
    pub event_name: String,
    /// `AwsApiCall`, `AwsServiceEvent`, `AwsConsoleSignIn`, `AwsConsoleAction`, …
    pub event_type: Option<String>,
    /// `Management`, `Data`, `Insight`, `NetworkActivity`.
    pub event_category: Option<String>,
    pub aws_region: Option<String>,
    /// The account whose trail recorded the event (the account the change happened in).
    pub recipient_account_id: Option<String>,
    pub source_ip_address: Option<String>,
    /// As recorded, minus the square brackets S3 puts around it.
    pub user_agent: Option<String>,
    pub read_only: Option<bool>,
    pub error_code: Option<String>,
    pub session_credential_from_console: Option<bool>,
    pub user_identity: UserIdentity,
    pub request_parameters: Option<Value>,
    pub response_elements: Option<Value>,
}

/// `userIdentity`, flattened: the session context's issuer and attributes are lifted up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserIdentity {
    /// `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, `AWSAccount`,
    /// `IdentityCenterUser`, `WebIdentityUser`, … (absent on some service events).
    pub kind: Option<String>,
    pub principal_id: Option<String>,
    pub arn: Option<String>,
    pub account_id: Option<String>,
    pub user_name: Option<String>,
    /// The AWS service that made the call on the principal's behalf (`cloudformation.amazonaws.com`),
    /// or `AWS Internal`.
    pub invoked_by: Option<String>,
    pub access_key_id: Option<String>,
    /// The role (or user) behind an assumed-role or federated session.
    pub session_issuer_arn: Option<String>,
    /// `Role`, `IAMUser`, `Root`.
    pub session_issuer_type: Option<String>,
    pub session_issuer_user_name: Option<String>,
    pub session_creation_date: Option<String>,
    pub session_mfa_authenticated: Option<bool>,
    pub source_identity: Option<String>,
}

impl Record {
    /// The record as CloudTrail JSON (the fields this model keeps), for code that works on the raw
    /// shape. (The resource join reads a `Record` in place: [`crate::join::join_record`].)
    pub fn to_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        let s = |v: &Option<String>| v.as_ref().map(|s| Value::String(s.clone()));
        put("eventID", s(&self.event_id));
        put(
            "eventTime",
            Some(Value::String(self.event_time.to_string())),
        );
        put(
            "eventSource",
            Some(Value::String(self.event_source.clone())),
        );
        put("eventName", Some(Value::String(self.event_name.clone())));
        put("eventType", s(&self.event_type));
        put("eventCategory", s(&self.event_category));
        put("awsRegion", s(&self.aws_region));
        put("recipientAccountId", s(&self.recipient_account_id));
        put("sourceIPAddress", s(&self.source_ip_address));
        put("userAgent", s(&self.user_agent));
        put("readOnly", self.read_only.map(Value::Bool));
        put("errorCode", s(&self.error_code));
        put(
            "sessionCredentialFromConsole",
            self.session_credential_from_console
                .map(|b| Value::String(b.to_string())),
        );
        put("userIdentity", Some(self.user_identity.to_json()));
        put(
            "requestParameters",
            Some(self.request_parameters.clone().unwrap_or(Value::Null)),
        );
        put(
            "responseElements",
            Some(self.response_elements.clone().unwrap_or(Value::Null)),
        );
        Value::Object(m)
    }
}

impl UserIdentity {
    fn to_json(&self) -> Value {
        let s = |v: &Option<String>| v.as_ref().map(|s| Value::String(s.clone()));
        let mut m = serde_json::Map::new();
        for (k, v) in [
            ("type", s(&self.kind)),
            ("principalId", s(&self.principal_id)),
            ("arn", s(&self.arn)),
            ("accountId", s(&self.account_id)),
            ("userName", s(&self.user_name)),
            ("invokedBy", s(&self.invoked_by)),
            ("accessKeyId", s(&self.access_key_id)),
        ] {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        }
        let mut issuer = serde_json::Map::new();
        for (k, v) in [
            ("arn", s(&self.session_issuer_arn)),
            ("type", s(&self.session_issuer_type)),
            ("userName", s(&self.session_issuer_user_name)),
        ] {
            if let Some(v) = v {
                issuer.insert(k.to_string(), v);
            }
        }
        let mut attributes = serde_json::Map::new();
        if let Some(d) = &self.session_creation_date {
            attributes.insert("creationDate".into(), Value::String(d.clone()));
        }
        if let Some(b) = self.session_mfa_authenticated {
            attributes.insert("mfaAuthenticated".into(), Value::String(b.to_string()));
        }
        if !issuer.is_empty() || !attributes.is_empty() || self.source_identity.is_some() {
            let mut ctx = serde_json::Map::new();
            if !issuer.is_empty() {
                ctx.insert("sessionIssuer".into(), Value::Object(issuer));
            }
            if !attributes.is_empty() {
                ctx.insert("attributes".into(), Value::Object(attributes));
            }
            if let Some(si) = &self.source_identity {
                ctx.insert("sourceIdentity".into(), Value::String(si.clone()));
            }
            m.insert("sessionContext".into(), Value::Object(ctx));
        }
        Value::Object(m)
    }
}

/// Why a syntactically valid record was not usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Invalid {
    NotAnObject,
    NoEventTime,
    BadEventTime,
    NoEventSource,
    NoEventName,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invalid::NotAnObject => "not a JSON object",
            Invalid::NoEventTime => "no eventTime",
            Invalid::BadEventTime => "eventTime is not a timestamp",
            Invalid::NoEventSource => "no eventSource",
            Invalid::NoEventName => "no eventName",
        })
    }
}

/// A record as deserialized, before validation. Also the shape of an NDJSON line or array
/// element, which may instead be an envelope: EventBridge puts the record under `detail`, and some
/// exporters write a whole `{"Records":[…]}` object per line.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct RawRecord {
    #[serde(rename = "eventID", deserialize_with = "lenient_string")]
    event_id: Option<String>,
    #[serde(rename = "eventTime", deserialize_with = "lenient_string")]
    event_time: Option<String>,
    #[serde(rename = "eventSource", deserialize_with = "lenient_string")]
    event_source: Option<String>,
    #[serde(rename = "eventName", deserialize_with = "lenient_string")]
    event_name: Option<String>,
    #[serde(rename = "eventType", deserialize_with = "lenient_string")]
    event_type: Option<String>,
    #[serde(rename = "eventCategory", deserialize_with = "lenient_string")]
    event_category: Option<String>,
    #[serde(rename = "awsRegion", deserialize_with = "lenient_string")]
    aws_region: Option<String>,
    #[serde(rename = "recipientAccountId", deserialize_with = "lenient_string")]
    recipient_account_id: Option<String>,
    #[serde(rename = "sourceIPAddress", deserialize_with = "lenient_string")]
    source_ip_address: Option<String>,
    #[serde(rename = "userAgent", deserialize_with = "lenient_string")]
    user_agent: Option<String>,
    #[serde(rename = "readOnly", deserialize_with = "lenient_bool")]
    read_only: Option<bool>,
    #[serde(rename = "errorCode", deserialize_with = "lenient_string")]
    error_code: Option<String>,
    #[serde(
        rename = "sessionCredentialFromConsole",
        deserialize_with = "lenient_bool"
    )]
    session_credential_from_console: Option<bool>,
    #[serde(rename = "userIdentity", deserialize_with = "lenient_object")]
    user_identity: Option<RawIdentity>,
    #[serde(rename = "requestParameters")]
    request_parameters: Option<Box<RawValue>>,
    #[serde(rename = "responseElements")]
    response_elements: Option<Box<RawValue>>,
    #[serde(deserialize_with = "lenient_object")]
    pub(crate) detail: Option<Box<RawRecord>>,
    #[serde(rename = "Records", deserialize_with = "lenient_records")]
    pub(crate) records: Option<Vec<RawRecord>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIdentity {
    #[serde(rename = "type", deserialize_with = "lenient_string")]
    kind: Option<String>,
    #[serde(rename = "principalId", deserialize_with = "lenient_string")]
    principal_id: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    arn: Option<String>,
    #[serde(rename = "accountId", deserialize_with = "lenient_string")]
    account_id: Option<String>,
    #[serde(rename = "userName", deserialize_with = "lenient_string")]
    user_name: Option<String>,
    #[serde(rename = "invokedBy", deserialize_with = "lenient_string")]
    invoked_by: Option<String>,
    #[serde(rename = "accessKeyId", deserialize_with = "lenient_string")]
    access_key_id: Option<String>,
    #[serde(rename = "sessionContext", deserialize_with = "lenient_object")]
    session_context: Option<RawSessionContext>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSessionContext {
    #[serde(rename = "sessionIssuer", deserialize_with = "lenient_object")]
    session_issuer: Option<RawIssuer>,
    #[serde(deserialize_with = "lenient_object")]
    attributes: Option<RawAttributes>,
    #[serde(rename = "sourceIdentity", deserialize_with = "lenient_string")]
    source_identity: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIssuer {
    #[serde(rename = "type", deserialize_with = "lenient_string")]
    kind: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    arn: Option<String>,
    #[serde(rename = "userName", deserialize_with = "lenient_string")]
    user_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAttributes {
    #[serde(rename = "creationDate", deserialize_with = "lenient_string")]
    creation_date: Option<String>,
    #[serde(rename = "mfaAuthenticated", deserialize_with = "lenient_bool")]
    mfa_authenticated: Option<bool>,
}

/// An element of a record array or a line: an object is a record (or envelope); anything else is
/// kept as `None` so that one odd element does not stop the file.
pub(crate) struct Element(pub(crate) Option<RawRecord>);

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient_object(d).map(Element)
    }
}

/// What a validated record still carries in raw form: the request and response, parsed only when
/// the event is retained.
pub(crate) struct RawPayload {
    request_parameters: Option<Box<RawValue>>,
    response_elements: Option<Box<RawValue>>,
}

impl RawPayload {
    /// Parses the raw request and response into the record. The text was already validated by the
    /// deserializer, so parsing cannot fail short of a recursion-limit edge; such a value is kept as
    /// absent rather than failing the event.
    pub(crate) fn attach(self, record: &mut Record) {
        record.request_parameters = self.request_parameters.as_deref().and_then(parse_raw);
        record.response_elements = self.response_elements.as_deref().and_then(parse_raw);
    }
}

fn parse_raw(raw: &RawValue) -> Option<Value> {
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::Null) | Err(_) => None,
        Ok(v) => Some(v),
    }
}

impl RawRecord {
    /// Whether the object carried any record field (as opposed to being only an envelope).
    pub(crate) fn has_record_fields(&self) -> bool {
        self.event_time.is_some() || self.event_name.is_some() || self.event_source.is_some()
    }

    /// Validates and converts; request and response stay raw (see [`RawPayload`]).
    pub(crate) fn into_record(self) -> Result<(Record, RawPayload), Invalid> {
        let time_text = self.event_time.ok_or(Invalid::NoEventTime)?;
        let event_time = parse_time(&time_text).ok_or(Invalid::BadEventTime)?;
        let event_source = nonempty(self.event_source).ok_or(Invalid::NoEventSource)?;
        let event_name = nonempty(self.event_name).ok_or(Invalid::NoEventName)?;
        let user_identity = self
            .user_identity
            .map(RawIdentity::into_identity)
            .unwrap_or_default();
        let record = Record {
            event_id: nonempty(self.event_id),
            event_time,
            event_source,
            event_name,
            event_type: nonempty(self.event_type),
            event_category: nonempty(self.event_category),
            aws_region: nonempty(self.aws_region),
            recipient_account_id: nonempty(self.recipient_account_id),
            source_ip_address: nonempty(self.source_ip_address),
            user_agent: self.user_agent.and_then(clean_user_agent),
            read_only: self.read_only,
            error_code: nonempty(self.error_code),
            session_credential_from_console: self.session_credential_from_console,
            user_identity,
            request_parameters: None,
            response_elements: None,
        };
        Ok((
            record,
            RawPayload {
                request_parameters: self.request_parameters,
                response_elements: self.response_elements,
            },
        ))
    }
}

impl RawIdentity {
    fn into_identity(self) -> UserIdentity {
        let ctx = self.session_context.unwrap_or_default();
        let issuer = ctx.session_issuer.unwrap_or_default();
        let attributes = ctx.attributes.unwrap_or_default();
        UserIdentity {
            kind: nonempty(self.kind),
            principal_id: nonempty(self.principal_id),
            arn: nonempty(self.arn),
            account_id: nonempty(self.account_id),
            user_name: nonempty(self.user_name),
            invoked_by: nonempty(self.invoked_by),
            access_key_id: nonempty(self.access_key_id),
            session_issuer_arn: nonempty(issuer.arn),
            session_issuer_type: nonempty(issuer.kind),
            session_issuer_user_name: nonempty(issuer.user_name),
            session_creation_date: nonempty(attributes.creation_date),
            session_mfa_authenticated: attributes.mfa_authenticated,
            source_identity: nonempty(ctx.source_identity),
        }
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// S3 data and management events wrap the agent in `[…]`; a truncated agent may keep only the
/// opening bracket.
fn clean_user_agent(ua: String) -> Option<String> {
    let t = ua.trim();
    let t = t.strip_prefix('[').unwrap_or(t);
    let t = t.strip_suffix(']').unwrap_or(t).trim();
    if t.is_empty() {
        None
    } else if t.len() == ua.len() {
        Some(ua)
    } else {
        Some(t.to_string())
    }
}

/// RFC 3339 (CloudTrail's own `2023-07-10T11:45:12Z`, with or without fractions or an offset), or
/// epoch seconds / milliseconds as some SIEM exports write them.
pub(crate) fn parse_time(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Some(ts);
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        // 1e11 seconds is the year 5138; anything larger is milliseconds.
        return if n >= 100_000_000_000 {
            Timestamp::from_millisecond(n).ok()
        } else {
            Timestamp::from_second(n).ok()
        };
    }
    None
}

/// The one JSON shape a lenient field takes; every other shape reads as absent, its content
/// skipped, so that a field of an unexpected type does not fail the record.
trait Shape<'de> {
    type Out;
    const EXPECTING: &'static str;
    /// A string, number or boolean, as text made only when asked for.
    fn scalar(_text: impl FnOnce() -> String) -> Option<Self::Out> {
        None
    }
    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self::Out>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self::Out>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The visitor of every lenient field: hands the shape `S` takes to it, `null` as absent.
struct Lenient<S>(PhantomData<S>);

fn lenient<'de, S: Shape<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<S::Out>, D::Error> {
    d.deserialize_any(Lenient::<S>(PhantomData))
}

impl<'de, S: Shape<'de>> Visitor<'de> for Lenient<S> {
    type Value = Option<S::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::EXPECTING)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(S::scalar(|| v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        S::map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        S::seq(seq)
    }
}

/// A string, number or boolean as text; anything else (object, array, null) as absent.
struct Text;

impl Shape<'_> for Text {
    type Out = String;
    const EXPECTING: &'static str = "a string";
    fn scalar(text: impl FnOnce() -> String) -> Option<String> {
        Some(text())
    }
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    lenient::<Text, D>(d)
}

/// `true`/`false` as a boolean, a string (any case) or a number; anything else as absent.
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(lenient_string(d)?.and_then(|s| {
        let s = s.trim();
        if s.eq_ignore_ascii_case("true") || s == "1" {
            Some(true)
        } else if s.eq_ignore_ascii_case("false") || s == "0" {
            Some(false)
        } else {
            None
        }
    }))
}

/// An object deserialized as `T`; anything else (string, number, array, null) as absent.
struct Object<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Shape<'de> for Object<T> {
    type Out = T;
    const EXPECTING: &'static str = "an object";
    fn map<A: MapAccess<'de>>(map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

fn lenient_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    lenient::<Object<T>, D>(d)
}

/// `Records` inside an NDJSON line or array element: an array of records, anything else absent.
struct Records;

impl<'de> Shape<'de> for Records {
    type Out = Vec<RawRecord>;
    const EXPECTING: &'static str = "an array of records";
    fn seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Vec<RawRecord>>, A::Error> {
        let mut out = Vec::new();
        while let Some(Element(r)) = seq.next_element::<Element>()? {
            out.extend(r);
        }
        Ok(Some(out))
    }
}

fn lenient_records<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<RawRecord>>, D::Error> {
    lenient::<Records, D>(d)
}
