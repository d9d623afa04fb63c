//! The live side of `driftguard drift`: reads AWS through the official SDK and normalises every
//! resource to terraform-provider-aws's state schema (attribute names and shapes as in state,
//! `id` as the provider sets it), ready for [`driftguard_drift::diff`].
//!
//! Fail-safe: every (type, region) either succeeds (a [`Scope`]) or becomes a [`ScanFailure`]
//! naming the API call and error — never an empty result. IAM lives in the pseudo-region
//! `global`.

mod call;
pub mod cloudtrail;
pub mod config;
pub mod ec2;
pub mod error;
pub mod iam;
pub mod kms;
pub mod permissions;
pub mod rds;
pub mod remote;
pub mod s3;
mod shape;
pub mod stats;

use std::sync::Arc;

use aws_config::SdkConfig;
use aws_sdk_iam::config::Region;
use driftguard_drift::{LiveCoverage, ScanFailure, Scope};
use driftguard_model::{Origin, Resource, ResourceMode, Value};
use futures_util::future::join_all;

pub use config::{LiveConfig, RegionSelection, RetrySettings};
pub use error::{ApiError, ConfigError};
pub use stats::ApiStats;

use call::Caller;
use iam::IamCollector;
use shape::Item;

/// The pseudo-region of account-wide types.
pub const GLOBAL: &str = "global";

pub(crate) type TypeResult = Result<Vec<Item>, ApiError>;

/// What a collector read for one (type, region): its resources, or why it could not.
pub(crate) struct Collected {
    pub resource_type: &'static str,
    pub region: String,
    pub result: TypeResult,
}

impl Collected {
    pub(crate) fn new(resource_type: &'static str, region: &str, result: TypeResult) -> Self {
        Collected {
            resource_type,
            region: region.to_string(),
            result,
        }
    }
}

/// Regional types: read once per region.
fn regional_types() -> Vec<&'static str> {
    [ec2::TYPES, kms::TYPES, cloudtrail::TYPES, rds::TYPES].concat()
}

/// Now, RFC 3339 in UTC (the time a snapshot is taken).
pub fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// What one scan read.
#[derive(Debug)]
pub struct LiveScan {
    pub resources: Vec<Resource>,
    pub coverage: LiveCoverage,
    pub stats: ApiStats,
    /// The regions read (resolved from the configuration).
    pub regions: Vec<String>,
}

/// Scans every supported type with `sdk_config` (see [`LiveConfig::sdk_config`]): IAM once,
/// S3 once (each bucket in its own region), the regional services once per region, regions
/// concurrently within [`LiveConfig::max_concurrency`] calls in flight.
pub async fn collect(sdk_config: &SdkConfig, config: &LiveConfig) -> LiveScan {
    let caller = Caller::new(config.max_concurrency, config.max_rate);
    let mut scan = LiveScan {
        resources: Vec::new(),
        coverage: LiveCoverage::default(),
        stats: ApiStats::default(),
        regions: Vec::new(),
    };
    let home = sdk_config
        .region()
        .map_or(config::DEFAULT_REGION.to_string(), |r| r.to_string());
    let regions = match config::resolve_regions(config, sdk_config, &home, &caller).await {
        Ok(regions) => regions,
        Err(error) => {
            // No region list: every regional type (and S3) is not scanned anywhere.
            for resource_type in regional_types()
                .into_iter()
                .chain(s3::TYPES.iter().copied())
            {
                scan.add(Collected::new(resource_type, "*", Err(error.clone())));
            }
            Vec::new()
        }
    };
    let iam = IamCollector {
        client: aws_sdk_iam::Client::new(sdk_config),
        caller: &caller,
    };
    let regional = regions.iter().map(|region| {
        let regional = sdk_config
            .to_builder()
            .region(Region::new(region.clone()))
            .build();
        let caller = &caller;
        async move {
            let (ec2, kms, cloudtrail, rds) = tokio::join!(
                ec2::collect(&regional, caller),
                kms::collect(&regional, caller),
                cloudtrail::collect(&regional, caller),
                rds::collect(&regional, caller),
            );
            [ec2, kms, cloudtrail, rds]
                .into_iter()
                .flatten()
                .map(|(resource_type, result)| Collected::new(resource_type, region, result))
                .collect::<Vec<_>>()
        }
    });
    let (iam, s3, regional) = tokio::join!(
        // Boxed: the IAM future is about 100 KB, too much to keep inline on a thread's stack.
        Box::pin(iam.collect()),
        s3::collect(sdk_config, &caller, &regions),
        join_all(regional),
    );
    for (resource_type, result) in iam {
        scan.add(Collected::new(resource_type, GLOBAL, result));
    }
    for collected in s3.into_iter().chain(regional.into_iter().flatten()) {
        scan.add(collected);
    }
    scan.stats = caller.stats;
    scan.regions = regions;
    scan
}

impl LiveScan {
    fn add(&mut self, collected: Collected) {
        let Collected {
            resource_type,
            region,
            result,
        } = collected;
        let items = match result {
            Ok(items) => items,
            Err(error) => {
                self.coverage.not_scanned.push(ScanFailure {
                    resource_type: resource_type.into(),
                    region,
                    error: error.to_string(),
                });
                return;
            }
        };
        let provider: Arc<str> = Arc::from("aws");
        for mut item in items {
            if region != GLOBAL {
                item.attributes
                    .entry("region")
                    .or_insert_with(|| serde_json::Value::String(region.clone()));
            }
            let mut resource = Resource {
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
            };
            // Types whose provider id is made up are matched by a key both sides compute.
            if let Some(key) = driftguard_drift::match_key(&resource) {
                resource.cloud_id = Some(key);
            }
            self.resources.push(resource);
        }
        self.coverage.scanned.push(Scope {
            resource_type: resource_type.into(),
            region,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_collected_type_has_normalisation_rules() {
        let mut types: Vec<&str> = [
            iam::TYPES,
            ec2::TYPES,
            s3::TYPES,
            kms::TYPES,
            cloudtrail::TYPES,
            rds::TYPES,
        ]
        .concat();
        types.sort_unstable();
        assert!(types.len() >= 35, "{} types", types.len());
        for t in &types {
            assert_eq!(
                driftguard_drift::table::rules_for(t).resource_type,
                *t,
                "{t} has no entry in crates/drift/src/table.rs"
            );
        }
        let mut unique = types.clone();
        unique.dedup();
        assert_eq!(unique, types, "a type is collected by two modules");
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
