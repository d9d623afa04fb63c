//! Classification of an event: activity (write or not), channel (iac / console / cli / sdk /
//! aws-service / unknown, with the IaC tool), actor, and the verdict the findings layer acts on.
//!
//! The channel is decided by the first of these that applies:
//! 1. CloudFormation itself made the call (`invokedBy`, agent or source `cloudformation.amazonaws.com`):
//!    iac/cloudformation. AWS sets `invokedBy`, so this cannot be forged.
//! 2. An IaC row of the agent table ([`crate::agents`]): `iac/<tool>`.
//! 3. An AWS service acted: `userIdentity.type` `AWSService`, `invokedBy` a service (anything but
//!    `AWS Internal`), a service-linked role (`role/aws-service-role/…`), an agent or source address
//!    that is a service host name (`rds.amazonaws.com`), or an `AwsServiceEvent`.
//! 4. A CLI row (before the console: CloudShell's CLI runs on console credentials).
//! 5. Console: `sessionCredentialFromConsole`, `invokedBy` `AWS Internal`, a console event type, or a
//!    console row (`AWS Internal`, `S3Console/…`, browsers).
//! 6. An SDK row.
//! 7. Otherwise unknown.

use serde::Serialize;

use crate::activity::{activity, Activity, NoiseRule};
use crate::agents::{AgentRule, Matches};
use crate::principals::PipelinePrincipals;
use crate::record::Record;

/// How a change was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// An infrastructure-as-code tool ([`Tool`]).
    Iac,
    /// The AWS Management Console (including the consoles' own back ends).
    Console,
    /// The AWS CLI or PowerShell tools, including CloudShell.
    Cli,
    /// A program using an AWS SDK.
    Sdk,
    /// An AWS service acting by itself or on a principal's behalf.
    AwsService,
    /// No signal.
    Unknown,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Iac,
        Channel::Console,
        Channel::Cli,
        Channel::Sdk,
        Channel::AwsService,
        Channel::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Iac => "iac",
            Channel::Console => "console",
            Channel::Cli => "cli",
            Channel::Sdk => "sdk",
            Channel::AwsService => "aws-service",
            Channel::Unknown => "unknown",
        }
    }
}

/// The IaC tool behind an [`Channel::Iac`] event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Terraform,
    /// Terraform-compatible; told apart by an agent token only.
    OpenTofu,
    CloudFormation,
    Cdk,
    Sam,
    Pulumi,
    Crossplane,
    Ansible,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Terraform => "terraform",
            Tool::OpenTofu => "opentofu",
            Tool::CloudFormation => "cloudformation",
            Tool::Cdk => "cdk",
            Tool::Sam => "sam",
            Tool::Pulumi => "pulumi",
            Tool::Crossplane => "crossplane",
            Tool::Ansible => "ansible",
        }
    }
}

/// The signal that decided the channel, so a finding can say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Evidence {
    /// A row of the agent table.
    UserAgent {
        #[serde(serialize_with = "rule_token")]
        rule: &'static AgentRule,
    },
    /// `userIdentity.invokedBy`.
    InvokedBy,
    /// `userIdentity.type` is `AWSService`.
    ServiceIdentity,
    /// The session's role is a service-linked role.
    ServiceLinkedRole,
    /// The agent or source address is an AWS service host name.
    ServiceHost,
    /// `sessionCredentialFromConsole`.
    ConsoleSession,
    /// The event type (`AwsServiceEvent`, `AwsConsoleSignIn`, `AwsConsoleAction`).
    EventType,
    /// Nothing recognisable.
    None,
}

fn rule_token<S: serde::Serializer>(rule: &&'static AgentRule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.token)
}

/// Where the caller stands with respect to the pipeline allow-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Principal {
    /// No allow-list is configured.
    Unchecked,
    /// The caller (or its session's role) is a listed pipeline principal.
    Pipeline,
    /// An allow-list is configured and the caller is not on it.
    NotListed,
}

/// The outcome the findings layer acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Not a write (read, failed, noise, not an API call).
    NotAWrite,
    /// A write through IaC (and, with an allow-list, by a pipeline principal), or any write by a
    /// pipeline principal.
    InBand,
    /// A write an AWS service made (scaling, service-linked resources, key rotation, …).
    AwsService,
    /// A write through the console, CLI, an SDK or an unrecognised client, not by a pipeline
    /// principal: an out-of-band change.
    OutOfBand,
    /// An IaC user agent from a principal that is not on the allow-list: spoofed or unsanctioned
    /// IaC run. Only with an allow-list, and only when the agent alone claimed IaC (CloudFormation's
    /// own calls are attested by AWS).
    UnsanctionedIac,
}

/// Everything classification says about one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub activity: Activity,
    /// The deny-list entry, for [`Activity::Noise`].
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "noise_reason"
    )]
    pub noise: Option<&'static NoiseRule>,
    pub channel: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<Tool>,
    /// The client named by the matched agent row (`aws-cli`, `boto3`, `s3-console`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<&'static str>,
    /// A refinement: `cloudshell` (cli), `hotswap` (cdk), `sync` (sam), `cdktf` (terraform).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'static str>,
    pub evidence: Evidence,
    pub principal: Principal,
    pub verdict: Verdict,
}

fn noise_reason<S: serde::Serializer>(
    rule: &Option<&'static NoiseRule>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match rule {
        Some(r) => s.serialize_str(r.reason),
        None => s.serialize_none(),
    }
}

impl Classification {
    pub fn is_write(&self) -> bool {
        self.activity == Activity::Write
    }
}

/// The actor of an event, borrowed from the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Actor<'a> {
    /// `userIdentity.arn`: the user, or the assumed-role session (`…:assumed-role/Role/session`).
    pub principal_arn: Option<&'a str>,
    /// The role (or user) behind a session: `sessionContext.sessionIssuer.arn`.
    pub role_arn: Option<&'a str>,
    pub identity_type: Option<&'a str>,
    pub principal_id: Option<&'a str>,
    /// The caller's account (`userIdentity.accountId`, else the recipient account).
    pub account: Option<&'a str>,
    pub source_ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub invoked_by: Option<&'a str>,
}

impl<'a> Actor<'a> {
    /// The most stable name for grouping events by actor: the role behind a session (sessions
    /// change names every run), else the principal ARN, else the principal id, else the service.
    pub fn key(&self) -> Option<&'a str> {
        self.role_arn
            .or(self.principal_arn)
            .or(self.principal_id)
            .or(self.invoked_by)
    }
}

impl Record {
    pub fn actor(&self) -> Actor<'_> {
        let id = &self.user_identity;
        Actor {
            principal_arn: id.arn.as_deref(),
            role_arn: id.session_issuer_arn.as_deref(),
            identity_type: id.kind.as_deref(),
            principal_id: id.principal_id.as_deref(),
            account: id
                .account_id
                .as_deref()
                .or(self.recipient_account_id.as_deref()),
            source_ip: self.source_ip_address.as_deref(),
            user_agent: self.user_agent.as_deref(),
            invoked_by: id.invoked_by.as_deref(),
        }
    }
}

/// Classifies events; holds the optional pipeline allow-list.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    pipeline: Option<PipelinePrincipals>,
}

const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";
const AWS_INTERNAL: &str = "AWS Internal";

/// Services a CDK or SAM deployment calls on its way to CloudFormation (bootstrap lookups, asset
/// uploads, credentials); their direct writes anywhere else bypass CloudFormation.
const DEPLOY_PLUMBING: &[&str] = &[
    CLOUDFORMATION,
    "s3.amazonaws.com",
    "sts.amazonaws.com",
    "ssm.amazonaws.com",
    "ecr.amazonaws.com",
];

impl Classifier {
    /// A classifier without an allow-list: every IaC agent is taken at its word.
    pub fn new() -> Self {
        Self::default()
    }

    /// A classifier that checks IaC agents against pipeline principals; an empty list is the same
    /// as none.
    pub fn with_pipeline_principals(principals: PipelinePrincipals) -> Self {
        Classifier {
            pipeline: (!principals.is_empty()).then_some(principals),
        }
    }

    pub fn pipeline_principals(&self) -> Option<&PipelinePrincipals> {
        self.pipeline.as_ref()
    }

    pub fn classify(&self, record: &Record) -> Classification {
        let (activity, noise) = activity(record);
        let ch = channel(record);
        let principal = match &self.pipeline {
            None => Principal::Unchecked,
            Some(list) if list.contains(&record.user_identity) => Principal::Pipeline,
            Some(_) => Principal::NotListed,
        };
        let verdict = if activity != Activity::Write {
            Verdict::NotAWrite
        } else if principal == Principal::Pipeline {
            Verdict::InBand
        } else {
            match ch.channel {
                Channel::Iac => {
                    let agent_only = matches!(ch.evidence, Evidence::UserAgent { .. });
                    if principal == Principal::NotListed && agent_only {
                        Verdict::UnsanctionedIac
                    } else {
                        Verdict::InBand
                    }
                }
                Channel::AwsService => Verdict::AwsService,
                Channel::Console | Channel::Cli | Channel::Sdk | Channel::Unknown => {
                    Verdict::OutOfBand
                }
            }
        };
        Classification {
            activity,
            noise,
            channel: ch.channel,
            tool: ch.tool,
            client: ch.client,
            detail: ch.detail,
            evidence: ch.evidence,
            principal,
            verdict,
        }
    }
}

struct ChannelOf {
    channel: Channel,
    tool: Option<Tool>,
    client: Option<&'static str>,
    detail: Option<&'static str>,
    evidence: Evidence,
}

impl ChannelOf {
    fn signal(channel: Channel, tool: Option<Tool>, evidence: Evidence) -> Self {
        ChannelOf {
            channel,
            tool,
            client: None,
            detail: None,
            evidence,
        }
    }

    fn rule(rule: &'static AgentRule, detail: Option<&'static str>) -> Self {
        ChannelOf {
            channel: rule.channel,
            tool: rule.tool,
            client: Some(rule.client),
            detail,
            evidence: Evidence::UserAgent { rule },
        }
    }
}

fn channel(record: &Record) -> ChannelOf {
    let id = &record.user_identity;
    let ua = record.user_agent.as_deref().unwrap_or("");
    let invoked_by = id.invoked_by.as_deref();
    let source = record.source_ip_address.as_deref();

    // 1. CloudFormation's own calls.
    if invoked_by == Some(CLOUDFORMATION) {
        return ChannelOf::signal(
            Channel::Iac,
            Some(Tool::CloudFormation),
            Evidence::InvokedBy,
        );
    }
    if ua == CLOUDFORMATION || source == Some(CLOUDFORMATION) {
        return ChannelOf::signal(
            Channel::Iac,
            Some(Tool::CloudFormation),
            Evidence::ServiceHost,
        );
    }

    // 2. IaC agents.
    let matches = Matches::of(ua);
    if let Some(rule) = matches.first(Channel::Iac) {
        return ChannelOf::rule(rule, iac_detail(rule, record));
    }

    // 3. AWS services.
    if id.kind.as_deref() == Some("AWSService") {
        return ChannelOf::signal(Channel::AwsService, None, Evidence::ServiceIdentity);
    }
    if invoked_by.is_some_and(|by| by != AWS_INTERNAL) {
        return ChannelOf::signal(Channel::AwsService, None, Evidence::InvokedBy);
    }
    if id
        .session_issuer_arn
        .as_deref()
        .is_some_and(|arn| arn.contains(":role/aws-service-role/"))
    {
        return ChannelOf::signal(Channel::AwsService, None, Evidence::ServiceLinkedRole);
    }
    if is_service_host(ua) || source.is_some_and(is_service_host) {
        return ChannelOf::signal(Channel::AwsService, None, Evidence::ServiceHost);
    }
    if record.event_type.as_deref() == Some("AwsServiceEvent") {
        return ChannelOf::signal(Channel::AwsService, None, Evidence::EventType);
    }

    // 4. CLI.
    if let Some(rule) = matches.first(Channel::Cli) {
        let cloudshell =
            rule.client == "aws-cli" && contains_ignore_case(ua, "exec-env/cloudshell");
        return ChannelOf::rule(rule, cloudshell.then_some("cloudshell"));
    }

    // 5. Console.
    if let Some(rule) = matches.first(Channel::Console) {
        return ChannelOf::rule(rule, None);
    }
    if record.session_credential_from_console == Some(true) {
        return ChannelOf::signal(Channel::Console, None, Evidence::ConsoleSession);
    }
    if invoked_by == Some(AWS_INTERNAL) {
        return ChannelOf::signal(Channel::Console, None, Evidence::InvokedBy);
    }
    if matches!(
        record.event_type.as_deref(),
        Some("AwsConsoleSignIn" | "AwsConsoleAction")
    ) {
        return ChannelOf::signal(Channel::Console, None, Evidence::EventType);
    }

    // 6. SDK.
    if let Some(rule) = matches.first(Channel::Sdk) {
        return ChannelOf::rule(rule, None);
    }
    ChannelOf::signal(Channel::Unknown, None, Evidence::None)
}

fn iac_detail(rule: &AgentRule, record: &Record) -> Option<&'static str> {
    let direct = !DEPLOY_PLUMBING.contains(&record.event_source.as_str());
    match rule.tool {
        Some(Tool::Cdk) if direct => Some("hotswap"),
        Some(Tool::Sam) if direct => Some("sync"),
        Some(Tool::Terraform) if rule.client == "cdktf" => Some("cdktf"),
        _ => None,
    }
}

/// A bare AWS service host name (`rds.amazonaws.com`), as services write in the agent and source
/// address fields; console and sign-in hosts are not services acting on their own.
fn is_service_host(s: &str) -> bool {
    s.ends_with(".amazonaws.com")
        && !s.contains(char::is_whitespace)
        && !s.contains("console")
        && s != "signin.amazonaws.com"
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}
