//! SNS topics, SQS queues and Kinesis data streams, with the provider's and the services'
//! defaults; and what a resource policy (of a topic, queue, repository, key or search domain)
//! exposes.

use driftguard_model::{Resource, Tri, Value};

use super::iam::{policy_at, statements_of, Statement};
use super::{set_value, text_is, value_flag};
use crate::{Context, Reporter};

/// Whether a key setting names a KMS key: a non-empty string (an AWS managed alias such as
/// `alias/aws/sns` included) or a reference to another resource's attribute.
pub fn names_kms_key(ctx: &Context<'_>, value: Option<&Value>) -> Tri {
    match value {
        None | Some(Value::Null) => Tri::False,
        Some(Value::String(key)) => Tri::from_bool(!key.trim().is_empty()),
        Some(value @ Value::Unknown(_)) if ctx.referenced(value).is_some() => Tri::True,
        Some(_) => Tri::Unknown,
    }
}

/// An `aws_sns_topic`.
pub struct Topic<'a> {
    pub resource: &'a Resource,
}

impl<'a> Topic<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Topic { resource }
    }

    /// Whether messages are encrypted at rest with KMS (`kms_master_key_id`); SNS does not
    /// encrypt topics with KMS by default.
    pub fn kms_encrypted(&self, ctx: &Context<'_>) -> Tri {
        names_kms_key(ctx, set_value(self.resource, "kms_master_key_id"))
    }
}

/// An `aws_sqs_queue`.
pub struct Queue<'a> {
    pub resource: &'a Resource,
}

impl<'a> Queue<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Queue { resource }
    }

    /// Whether messages are encrypted at rest: with a KMS key (`kms_master_key_id`) or with
    /// SQS-owned keys (`sqs_managed_sse_enabled`). SQS turns SSE-SQS on for queues created
    /// without either setting, so only an explicit `sqs_managed_sse_enabled = false` without a
    /// key leaves a queue unencrypted.
    pub fn encrypted(&self, ctx: &Context<'_>) -> Tri {
        let kms = names_kms_key(ctx, set_value(self.resource, "kms_master_key_id"));
        let managed = value_flag(set_value(self.resource, "sqs_managed_sse_enabled"), true);
        kms.or(managed)
    }
}

/// An `aws_kinesis_stream`.
pub struct Stream<'a> {
    pub resource: &'a Resource,
}

impl<'a> Stream<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Stream { resource }
    }

    /// Whether records are encrypted at rest: `encryption_type = "KMS"` (the default is
    /// `NONE`).
    pub fn kms_encrypted(&self) -> Tri {
        text_is(self.resource, "encryption_type", Some("NONE"), |t| {
            t.eq_ignore_ascii_case("KMS")
        })
    }
}

/// What a resource policy (a topic, queue, repository, key or domain access policy) exposes:
/// read from `path` of `holder`.
pub struct PolicyExposure<'a> {
    pub holder: &'a Resource,
    pub path: String,
    /// Whether a statement opens the resource to everyone, and a label of the first one that
    /// does (`statement \`PublicRead\``); the reason when the policy cannot be read.
    pub public: Result<(Tri, Option<String>), String>,
}

impl PolicyExposure<'_> {
    /// Reports at the policy: a finding when a statement opens the resource and `reachable`
    /// (whether those it is opened to can reach the resource at all) holds, an inconclusive check
    /// when the policy cannot be read and the resource may be reachable. `message` is given the
    /// label of the first statement that opens it (`a statement` when none certainly does).
    pub fn report(
        &self,
        report: &mut Reporter<'_>,
        reachable: Tri,
        message: impl FnOnce(&str) -> String,
    ) {
        match &self.public {
            Ok((public, first)) => {
                report.verdict(self.holder, Some(&self.path), public.and(reachable), || {
                    message(first.as_deref().unwrap_or("a statement"))
                })
            }
            Err(reason) if reachable != Tri::False => {
                report.inconclusive(self.holder, Some(&self.path), reason.clone())
            }
            Err(_) => {}
        }
    }
}

/// Whether the resource policy at `path` of `holder` opens the resource to everyone: an
/// `Allow` statement for `Principal: "*"` / `{"AWS": "*"}` (or with `NotPrincipal`) that no
/// condition ties to named accounts, organizations, networks or callers
/// ([`Statement::is_public`]: `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID`
/// restrict it, `aws:SecureTransport` does not, an unclassified key leaves it undecided),
/// unless a `Deny` covers it ([`denies_outsiders`]). `None` when there is no policy at `path`.
pub fn policy_exposure<'a>(
    ctx: &Context<'a>,
    holder: &'a Resource,
    path: &str,
    service: &str,
) -> Option<PolicyExposure<'a>> {
    let policy = policy_at(ctx, holder, path)?;
    let public = statements_of(ctx, &policy.source).map(|statements| {
        let guarded = Tri::any(statements.iter().map(|s| denies_outsiders(s, service)));
        let verdicts: Vec<Tri> = statements.iter().map(Statement::is_public).collect();
        let first = verdicts
            .iter()
            .position(|v| *v == Tri::True)
            .map(|index| statements[index].label(index));
        (Tri::any(verdicts).and(guarded.negate()), first)
    });
    Some(PolicyExposure {
        holder,
        path: policy.path,
        public,
    })
}

/// Whether a `Deny` statement takes the resource away from everyone outside named accounts,
/// organizations or networks: it applies to everyone (`*` or `NotPrincipal`) and every action
/// of the service (`service:*` or `*`), unconditionally or only with negated tests on
/// restricting keys (`StringNotEquals aws:PrincipalOrgID`; [`Statement::conditions_restrict`]).
/// A `Deny` of plain HTTP (`aws:SecureTransport = false`) covers nothing, and neither does one
/// whose other conditions narrow it further.
pub fn denies_outsiders(statement: &Statement, service: &str) -> Tri {
    let every_action = statement.actions.any(|pattern| {
        pattern == "*"
            || pattern
                .split_once(':')
                .is_some_and(|(s, a)| s.eq_ignore_ascii_case(service) && a == "*")
    });
    let scope = match statement.conditions {
        Tri::False => Tri::True,
        _ => statement.conditions_restrict(true, Tri::False),
    };
    statement
        .allow
        .negate()
        .and(statement.names_anyone())
        .and(every_action)
        .and(scope)
}
