//! Logging and monitoring: where a resource sends its logs, and the account-level services that
//! watch an account (AWS Config recorders and aggregators, GuardDuty detectors).

use driftguard_model::{Resource, Tri, Value};

use super::{flag, set_value};
use crate::Context;

/// Whether an attribute that names a log destination (a log group ARN, a bucket) is configured:
/// a non-empty string, or a reference to another resource. A value that is unknown for another
/// reason (a variable without a default, a condition on one) may be empty, so it is unknown.
pub fn destination_configured(value: Option<&Value>) -> Tri {
    match value {
        None | Some(Value::Null) => Tri::False,
        Some(Value::String(s)) => Tri::from_bool(!s.trim().is_empty()),
        Some(Value::Unknown(unknown)) if unknown.reference.is_some() => Tri::True,
        Some(_) => Tri::Unknown,
    }
}

/// Whether an optional nested block (`access_logs`, `logging_config`) is present: a `dynamic`
/// block over an unknown collection may or may not produce it.
pub fn block_present(resource: &Resource, block: &str) -> Tri {
    match resource.get(block) {
        None | Some(Value::Null) => Tri::False,
        Some(Value::List(items)) => Tri::from_bool(!items.is_empty()),
        Some(Value::Unknown(_)) => Tri::Unknown,
        Some(_) => Tri::True,
    }
}

/// An `aws_config_configuration_recorder`.
pub struct ConfigRecorder<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

/// The identifying attribute of a recorder: its name (`default` when absent).
const RECORDER_IDENTITY: &[&str] = &["name"];

impl<'a> ConfigRecorder<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = ConfigRecorder<'a>> + 'a {
        ctx.of_type("aws_config_configuration_recorder")
            .map(move |resource| ConfigRecorder { resource, ctx })
    }

    /// The `aws_config_configuration_recorder_status` resources that start or stop this
    /// recorder, matched on `name` (by reference or literal; a recorder without a name is
    /// called `default`).
    pub fn statuses(&self) -> Vec<&'a Resource> {
        let mut statuses =
            self.ctx
                .referring_to(self.resource, RECORDER_STATUS, "name", RECORDER_IDENTITY);
        if set_value(self.resource, "name").is_none() {
            let named_default: Vec<&'a Resource> = self
                .ctx
                .of_type(RECORDER_STATUS)
                .filter(|status| {
                    status.get("name").and_then(Value::as_str) == Some("default")
                        && !statuses.iter().any(|s| s.address == status.address)
                })
                .collect();
            statuses.extend(named_default);
        }
        statuses
    }

    /// Whether the recorder's name is not known statically (a variable without a default), so
    /// that statuses cannot be matched to it by literal.
    pub fn name_unknown(&self) -> bool {
        set_value(self.resource, "name").is_some_and(Value::is_unknown)
    }

    /// Whether the recorder records every supported resource type: `recording_group` absent,
    /// or `all_supported` true (its default).
    pub fn records_all_supported(&self) -> Tri {
        match self.resource.get("recording_group") {
            None | Some(Value::Null) => Tri::True,
            Some(Value::List(items)) if items.is_empty() => Tri::True,
            Some(Value::Unknown(_)) => Tri::Unknown,
            Some(_) => flag(self.resource, "recording_group.0.all_supported", true),
        }
    }

    /// `recording_group.0.recording_strategy.0.use_only`, when set to a known string.
    pub fn recording_strategy(&self) -> Option<&'a str> {
        set_value(
            self.resource,
            "recording_group.0.recording_strategy.0.use_only",
        )
        .and_then(Value::as_str)
    }
}

/// The resource that starts and stops a Config recorder.
pub const RECORDER_STATUS: &str = "aws_config_configuration_recorder_status";

/// Whether an `aws_config_configuration_recorder_status` turns recording on (`is_enabled` is
/// required; an absent value reads as off, as the provider rejects it).
pub fn recorder_status_enabled(status: &Resource) -> Tri {
    flag(status, "is_enabled", false)
}

/// The aggregation sources of an `aws_config_configuration_aggregator` (account-based or
/// organization-based), as dotted paths of their blocks.
pub fn aggregation_sources(aggregator: &Resource) -> Vec<String> {
    [
        "account_aggregation_source",
        "organization_aggregation_source",
    ]
    .iter()
    .filter_map(|block| match aggregator.get(block) {
        Some(Value::List(items)) if !items.is_empty() => Some(format!("{block}.0")),
        Some(Value::Unknown(_)) => Some(format!("{block}.0")),
        _ => None,
    })
    .collect()
}

/// An `aws_guardduty_detector`'s `enable`, true by default (false suspends GuardDuty).
pub fn guardduty_enabled(detector: &Resource) -> Tri {
    flag(detector, "enable", true)
}
