//! Is an event a write? The read/write rule and the deny-list of noise, as data.
//!
//! A write is a successful API call that changes something: `eventType` `AwsApiCall` (or absent, as
//! in hand-made and very old records), no `errorCode`, and `readOnly` false — or `readOnly` absent
//! and an action name that does not read ([`READ_PREFIXES`]). Writes that change no resource
//! configuration (credentials, cryptographic use of a key, agent heartbeats, data-plane traffic)
//! are [`NOISE`]: they would drown the out-of-band changes and cannot be joined to a Terraform
//! resource anyway.

use serde::Serialize;

use crate::record::Record;

/// What kind of event a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    /// A successful call that changes a resource.
    Write,
    /// A successful call that only reads.
    Read,
    /// A call that failed (`errorCode` present): it changed nothing.
    Failed,
    /// A write on the deny-list (see [`NOISE`]).
    Noise,
    /// Not an API call: console sign-in, service events, Insights, VPC endpoint events.
    NotApiCall,
}

impl Activity {
    pub const ALL: [Activity; 5] = [
        Activity::Write,
        Activity::Read,
        Activity::Failed,
        Activity::Noise,
        Activity::NotApiCall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Write => "write",
            Activity::Read => "read",
            Activity::Failed => "failed",
            Activity::Noise => "noise",
            Activity::NotApiCall => "not-api-call",
        }
    }
}

/// Action-name prefixes that read, for records without `readOnly`. Lambda's versioned names
/// (`GetFunction20150331v2`) match too.
pub static READ_PREFIXES: &[&str] = &[
    "Get", "Describe", "List", "Head", "Lookup", "Search", "Scan", "Query", "BatchGet", "Select",
    "Check", "Simulate", "Validate", "Preview", "Estimate", "Test", "View", "Download", "Detect",
];

/// One deny-list entry: writes from `event_source` named `event_name` (any name when `None`),
/// optionally only when made by the service in `invoked_by`.
#[derive(Debug, PartialEq, Eq)]
pub struct NoiseRule {
    pub event_source: &'static str,
    pub event_name: Option<&'static str>,
    pub invoked_by: Option<&'static str>,
    pub reason: &'static str,
}

const fn any(event_source: &'static str, reason: &'static str) -> NoiseRule {
    NoiseRule {
        event_source,
        event_name: None,
        invoked_by: None,
        reason,
    }
}

const fn named(event_source: &'static str, name: &'static str, reason: &'static str) -> NoiseRule {
    NoiseRule {
        event_source,
        event_name: Some(name),
        invoked_by: None,
        reason,
    }
}

const fn delivery(
    event_source: &'static str,
    name: &'static str,
    by: &'static str,
    reason: &'static str,
) -> NoiseRule {
    NoiseRule {
        event_source,
        event_name: Some(name),
        invoked_by: Some(by),
        reason,
    }
}

const SIGN_IN: &str = "console sign-in, MFA checks and role switching open sessions; they change \
                       no resource";
const STS: &str = "STS issues temporary credentials (AssumeRole*, GetSessionToken, \
                   GetFederationToken); the session's later calls are what change things";
const SSO: &str = "IAM Identity Center portal sign-in and credential vending, not its \
                   administration API";
const KMS_USE: &str = "cryptographic use of a key (encrypt, decrypt, data keys, sign, MAC) \
                       changes neither the key nor its policy";
const SSM_AGENT: &str = "the SSM agent's heartbeat and reports from every managed instance, every \
                         few minutes";
const SSM_CHANNELS: &str = "Session Manager and Run Command message channels used by the agent";
const MULTIPART: &str = "the mechanics of a multipart object upload; the object itself appears as \
                         CompleteMultipartUpload";
const LOG_DELIVERY: &str =
    "a service delivering its own log files to the bucket it was configured \
                            with";
const TELEMETRY: &str = "agents and applications sending telemetry (logs, metrics, traces): data, \
                         not configuration";
const DATA_PLANE: &str = "data-plane traffic (messages, records, items, invocations) changes data \
                          held by a resource, not the resource Terraform manages";
const IMAGE_PUSH: &str = "the layer uploads of an image push; the push itself is recorded as \
                          PutImage";
const CLOUDTRAIL_QUERY: &str = "running CloudTrail Lake queries and ingesting custom events \
                                changes no trail or event data store";
const ACCESS: &str = "interactive access to an instance (a Session Manager shell, an EC2 Instance \
                      Connect key valid for 60 seconds), not a change to its configuration";
const CLOUDSHELL: &str = "CloudShell's own session and environment housekeeping; the commands run \
                          in it are recorded separately with the CLI's agent";

/// The deny-list.
pub static NOISE: &[NoiseRule] = &[
    any("signin.amazonaws.com", SIGN_IN),
    any("sts.amazonaws.com", STS),
    named("sso.amazonaws.com", "Federate", SSO),
    named("sso.amazonaws.com", "Authenticate", SSO),
    named("sso.amazonaws.com", "Logout", SSO),
    named("sso.amazonaws.com", "GetRoleCredentials", SSO),
    any("sso-oauth.amazonaws.com", SSO),
    any("portal.sso.amazonaws.com", SSO),
    named("kms.amazonaws.com", "Decrypt", KMS_USE),
    named("kms.amazonaws.com", "Encrypt", KMS_USE),
    named("kms.amazonaws.com", "ReEncrypt", KMS_USE),
    named("kms.amazonaws.com", "GenerateDataKey", KMS_USE),
    named(
        "kms.amazonaws.com",
        "GenerateDataKeyWithoutPlaintext",
        KMS_USE,
    ),
    named("kms.amazonaws.com", "GenerateDataKeyPair", KMS_USE),
    named(
        "kms.amazonaws.com",
        "GenerateDataKeyPairWithoutPlaintext",
        KMS_USE,
    ),
    named("kms.amazonaws.com", "GenerateRandom", KMS_USE),
    named("kms.amazonaws.com", "GenerateMac", KMS_USE),
    named("kms.amazonaws.com", "VerifyMac", KMS_USE),
    named("kms.amazonaws.com", "Sign", KMS_USE),
    named("ssm.amazonaws.com", "UpdateInstanceInformation", SSM_AGENT),
    named(
        "ssm.amazonaws.com",
        "UpdateInstanceAssociationStatus",
        SSM_AGENT,
    ),
    named("ssm.amazonaws.com", "PutInventory", SSM_AGENT),
    named("ssm.amazonaws.com", "PutComplianceItems", SSM_AGENT),
    named("ssm.amazonaws.com", "PutConfigurePackageResult", SSM_AGENT),
    any("ssmmessages.amazonaws.com", SSM_CHANNELS),
    named("ssm.amazonaws.com", "StartSession", ACCESS),
    named("ssm.amazonaws.com", "ResumeSession", ACCESS),
    named("ssm.amazonaws.com", "TerminateSession", ACCESS),
    named(
        "ec2-instance-connect.amazonaws.com",
        "SendSSHPublicKey",
        ACCESS,
    ),
    named(
        "ec2-instance-connect.amazonaws.com",
        "SendSerialConsoleSSHPublicKey",
        ACCESS,
    ),
    any("ec2messages.amazonaws.com", SSM_CHANNELS),
    named("s3.amazonaws.com", "UploadPart", MULTIPART),
    named("s3.amazonaws.com", "UploadPartCopy", MULTIPART),
    named("s3.amazonaws.com", "CreateMultipartUpload", MULTIPART),
    named("s3.amazonaws.com", "AbortMultipartUpload", MULTIPART),
    delivery(
        "s3.amazonaws.com",
        "PutObject",
        "cloudtrail.amazonaws.com",
        LOG_DELIVERY,
    ),
    delivery(
        "s3.amazonaws.com",
        "PutObject",
        "config.amazonaws.com",
        LOG_DELIVERY,
    ),
    delivery(
        "s3.amazonaws.com",
        "PutObject",
        "delivery.logs.amazonaws.com",
        LOG_DELIVERY,
    ),
    named("cloudtrail.amazonaws.com", "StartQuery", CLOUDTRAIL_QUERY),
    named("cloudtrail.amazonaws.com", "CancelQuery", CLOUDTRAIL_QUERY),
    any("cloudtrail-data.amazonaws.com", CLOUDTRAIL_QUERY),
    any("cloudshell.amazonaws.com", CLOUDSHELL),
    named("logs.amazonaws.com", "CreateLogStream", TELEMETRY),
    named("logs.amazonaws.com", "PutLogEvents", TELEMETRY),
    named("monitoring.amazonaws.com", "PutMetricData", TELEMETRY),
    named("xray.amazonaws.com", "PutTraceSegments", TELEMETRY),
    named("xray.amazonaws.com", "PutTelemetryRecords", TELEMETRY),
    named("lambda.amazonaws.com", "Invoke", DATA_PLANE),
    named("sqs.amazonaws.com", "SendMessage", DATA_PLANE),
    named("sqs.amazonaws.com", "SendMessageBatch", DATA_PLANE),
    named("sqs.amazonaws.com", "ReceiveMessage", DATA_PLANE),
    named("sqs.amazonaws.com", "DeleteMessage", DATA_PLANE),
    named("sqs.amazonaws.com", "DeleteMessageBatch", DATA_PLANE),
    named("sqs.amazonaws.com", "ChangeMessageVisibility", DATA_PLANE),
    named(
        "sqs.amazonaws.com",
        "ChangeMessageVisibilityBatch",
        DATA_PLANE,
    ),
    named("sns.amazonaws.com", "Publish", DATA_PLANE),
    named("sns.amazonaws.com", "PublishBatch", DATA_PLANE),
    named("events.amazonaws.com", "PutEvents", DATA_PLANE),
    named("kinesis.amazonaws.com", "PutRecord", DATA_PLANE),
    named("kinesis.amazonaws.com", "PutRecords", DATA_PLANE),
    named("firehose.amazonaws.com", "PutRecord", DATA_PLANE),
    named("firehose.amazonaws.com", "PutRecordBatch", DATA_PLANE),
    named("dynamodb.amazonaws.com", "PutItem", DATA_PLANE),
    named("dynamodb.amazonaws.com", "UpdateItem", DATA_PLANE),
    named("dynamodb.amazonaws.com", "DeleteItem", DATA_PLANE),
    named("dynamodb.amazonaws.com", "BatchWriteItem", DATA_PLANE),
    named("dynamodb.amazonaws.com", "TransactWriteItems", DATA_PLANE),
    named("ecr.amazonaws.com", "InitiateLayerUpload", IMAGE_PUSH),
    named("ecr.amazonaws.com", "UploadLayerPart", IMAGE_PUSH),
    named("ecr.amazonaws.com", "CompleteLayerUpload", IMAGE_PUSH),
];

/// The deny-list entry a write falls under, if any.
pub fn noise_rule(record: &Record) -> Option<&'static NoiseRule> {
    NOISE.iter().find(|rule| {
        rule.event_source == record.event_source
            && rule.event_name.is_none_or(|n| n == record.event_name)
            && rule
                .invoked_by
                .is_none_or(|by| record.user_identity.invoked_by.as_deref() == Some(by))
    })
}

/// Classifies the activity; the noise entry is returned for [`Activity::Noise`].
pub fn activity(record: &Record) -> (Activity, Option<&'static NoiseRule>) {
    if record
        .event_type
        .as_deref()
        .is_some_and(|t| t != "AwsApiCall")
    {
        return (Activity::NotApiCall, None);
    }
    if record.error_code.is_some() {
        return (Activity::Failed, None);
    }
    let reads = match record.read_only {
        Some(read_only) => read_only,
        None => READ_PREFIXES
            .iter()
            .any(|p| record.event_name.starts_with(p)),
    };
    if reads {
        return (Activity::Read, None);
    }
    match noise_rule(record) {
        Some(rule) => (Activity::Noise, Some(rule)),
        None => (Activity::Write, None),
    }
}
