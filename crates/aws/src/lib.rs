//! The live side of `driftguard drift`: reads AWS through the official SDK and normalises every
//! resource to terraform-provider-aws's state schema (attribute names and shapes as in state,
//! `id` as the provider sets it), ready for [`driftguard_drift::diff`].
//!
//! Fail-safe: every (type, region) either succeeds (a [`Scope`]) or becomes a [`ScanFailure`]
//! naming the API call and error — never an empty result. IAM lives in the pseudo-region
//! `global`.

mod call;
pub mod config;
pub mod error;
pub mod iam;
pub mod stats;

use std::sync::Arc;

use driftguard_drift::{LiveCoverage, ScanFailure, Scope};
use driftguard_model::{Origin, Resource, ResourceMode, Value};

pub use config::{LiveConfig, RetrySettings};
pub use error::{ApiError, ConfigError};
pub use stats::ApiStats;

use call::Caller;
use iam::{IamCollector, Item};

/// The pseudo-region of account-wide types.
pub const GLOBAL: &str = "global";

pub(crate) type TypeResult = Result<Vec<Item>, ApiError>;

/// What one scan read.
#[derive(Debug)]
pub struct LiveScan {
    pub resources: Vec<Resource>,
    pub coverage: LiveCoverage,
    pub stats: ApiStats,
}

/// Scans every supported type with `sdk_config` (see [`LiveConfig::sdk_config`]).
pub async fn collect(sdk_config: &aws_config::SdkConfig, config: &LiveConfig) -> LiveScan {
    let caller = Caller::new(config.max_concurrency);
    let iam = IamCollector {
        client: aws_sdk_iam::Client::new(sdk_config),
        caller: &caller,
    };
    let mut scan = LiveScan {
        resources: Vec::new(),
        coverage: LiveCoverage::default(),
        stats: ApiStats::default(),
    };
    for (resource_type, result) in iam.collect().await {
        scan.add(resource_type, GLOBAL, result);
    }
    scan.stats = caller.stats;
    scan
}

impl LiveScan {
    fn add(&mut self, resource_type: &str, region: &str, result: TypeResult) {
        match result {
            Ok(items) => {
                self.coverage.scanned.push(Scope {
                    resource_type: resource_type.into(),
                    region: region.into(),
                });
                let provider: Arc<str> = Arc::from("aws");
                self.resources
                    .extend(items.into_iter().map(|item| Resource {
                        mode: ResourceMode::Managed,
                        resource_type: resource_type.into(),
                        address: String::new(),
                        module: String::new(),
                        cloud_id: Some(item.id),
                        attributes: Value::from_json(&serde_json::Value::Object(item.attributes)),
                        span: None,
                        attribute_spans: Default::default(),
                        origin: Origin::Live {
                            provider: provider.clone(),
                        },
                    }));
            }
            Err(error) => self.coverage.not_scanned.push(ScanFailure {
                resource_type: resource_type.into(),
                region: region.into(),
                error: error.to_string(),
            }),
        }
    }
}

/// The id the live side gives a declared resource whose provider id the API cannot reproduce
/// (terraform-provider-aws makes it up): memberships by user or group, policy attachments by
/// `principal/policy_arn` (their import ids). `None`: keep the state's id.
pub fn match_id(resource_type: &str, attributes: &Value) -> Option<String> {
    let attr = |name: &str| attributes.get_path(name).and_then(|v| v.as_str());
    match resource_type {
        "aws_iam_user_group_membership" => attr("user").map(str::to_string),
        "aws_iam_group_membership" => attr("group").map(str::to_string),
        "aws_iam_user_policy_attachment" => {
            Some(format!("{}/{}", attr("user")?, attr("policy_arn")?))
        }
        "aws_iam_group_policy_attachment" => {
            Some(format!("{}/{}", attr("group")?, attr("policy_arn")?))
        }
        "aws_iam_role_policy_attachment" => {
            Some(format!("{}/{}", attr("role")?, attr("policy_arn")?))
        }
        _ => None,
    }
}

/// Re-keys declared resources with [`match_id`] so that they match the live ones.
pub fn rekey_declared(declared: &mut [Resource]) {
    for r in declared {
        if let Some(id) = match_id(&r.resource_type, &r.attributes) {
            r.cloud_id = Some(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn match_ids_are_the_import_ids() {
        let attrs = |j: serde_json::Value| Value::from_json(&j);
        let arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        assert_eq!(
            match_id(
                "aws_iam_role_policy_attachment",
                &attrs(json!({"role": "app", "policy_arn": arn}))
            ),
            Some(format!("app/{arn}"))
        );
        assert_eq!(
            match_id(
                "aws_iam_user_group_membership",
                &attrs(json!({"user": "alice", "groups": ["g"]}))
            ),
            Some("alice".into())
        );
        assert_eq!(
            match_id(
                "aws_iam_group_membership",
                &attrs(json!({"name": "x", "group": "devs"}))
            ),
            Some("devs".into())
        );
        assert_eq!(
            match_id("aws_iam_user", &attrs(json!({"name": "alice"}))),
            None
        );
        assert_eq!(
            match_id(
                "aws_iam_user_policy_attachment",
                &attrs(json!({"user": "a"}))
            ),
            None
        );
    }

    #[test]
    fn policies_are_url_decoded_once() {
        assert_eq!(
            iam::decode_policy("%7B%22Version%22%3A%222012-10-17%22%7D"),
            r#"{"Version":"2012-10-17"}"#
        );
        // Already JSON: kept, even with a literal `%` inside.
        assert_eq!(iam::decode_policy(r#"{"a":"50%25"}"#), r#"{"a":"50%25"}"#);
    }
}
