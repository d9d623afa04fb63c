//! Matching declared with live resources and classifying them.

use std::collections::{HashMap, HashSet};

use driftguard_model::{Resource, ResourceMode};
use serde::{Deserialize, Serialize};

use crate::defaults::aws_default_indices;
use crate::driftignore::DriftIgnore;
use crate::filter::Filter;
use crate::normalize::Comparer;
use crate::report::{
    Drift, DriftClass, DriftReport, DriftSummary, NotScannedResource, DRIFT_SCHEMA_VERSION,
};
use crate::table::rules_for;

/// A (resource type, region) the live side read. `*` in either field matches anything; IAM and
/// other account-wide types use the region `global`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: String,
}

/// A (resource type, region) the live side failed to read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanFailure {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: String,
    pub error: String,
}

/// What the live side could read. A declared resource whose scope is not in `scanned` is never
/// reported missing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LiveCoverage {
    pub scanned: Vec<Scope>,
    pub not_scanned: Vec<ScanFailure>,
}

impl LiveCoverage {
    /// Everything was read (tests, or a collector that reads every type and region).
    pub fn everything() -> Self {
        LiveCoverage {
            scanned: vec![Scope {
                resource_type: "*".into(),
                region: "*".into(),
            }],
            not_scanned: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Report AWS-created defaults (default VPC, service-linked roles…) as unmanaged too.
    pub strict: bool,
    /// Region of resources that carry neither a `region` attribute nor a regional ARN.
    pub default_region: Option<String>,
    pub ignore: Option<DriftIgnore>,
    pub filter: Option<Filter>,
}

/// The region of a resource: `global` for account-wide types, else its `region` attribute, else
/// the region in its ARN, else `default_region` (or `unknown`).
pub fn region_of(resource: &Resource, default_region: Option<&str>) -> String {
    if rules_for(&resource.resource_type).global {
        return "global".into();
    }
    if let Some(region) = resource.get("region").and_then(|v| v.as_str()) {
        if !region.is_empty() {
            return region.to_string();
        }
    }
    if let Some(arn) = resource.get("arn").and_then(|v| v.as_str()) {
        if let Some(region) = arn.split(':').nth(3).filter(|r| !r.is_empty()) {
            return region.to_string();
        }
    }
    default_region.unwrap_or("unknown").to_string()
}

struct CoverageIndex<'a> {
    scanned: HashSet<(&'a str, &'a str)>,
    failed: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> CoverageIndex<'a> {
    fn new(coverage: &'a LiveCoverage) -> Self {
        CoverageIndex {
            scanned: coverage
                .scanned
                .iter()
                .map(|s| (s.resource_type.as_str(), s.region.as_str()))
                .collect(),
            failed: coverage
                .not_scanned
                .iter()
                .map(|f| {
                    (
                        (f.resource_type.as_str(), f.region.as_str()),
                        f.error.as_str(),
                    )
                })
                .collect(),
        }
    }

    /// `None` when (type, region) was read, else the reason it was not. A failure wins over a
    /// wildcard success.
    fn failure(&self, resource_type: &str, region: &str) -> Option<String> {
        let keys = [
            (resource_type, region),
            (resource_type, "*"),
            ("*", region),
            ("*", "*"),
        ];
        for key in keys {
            if let Some(error) = self.failed.get(&key) {
                return Some((*error).to_string());
            }
        }
        if keys.iter().any(|key| self.scanned.contains(key)) {
            None
        } else {
            Some(format!(
                "{resource_type} in {region} was not read by the live side"
            ))
        }
    }
}

/// Compares declared (state) resources with live ones.
///
/// Matching is by (type, cloud id) through a hash map: O(declared + live). Data sources are
/// skipped. The result's drifts are sorted by class, type and cloud id.
pub fn diff(
    declared: &[Resource],
    live: &[Resource],
    coverage: &LiveCoverage,
    options: &DiffOptions,
) -> DriftReport {
    let default_region = options.default_region.as_deref();
    let coverage_index = CoverageIndex::new(coverage);
    let mut summary = DriftSummary::default();
    let mut drifts = Vec::new();
    let mut not_scanned = Vec::new();

    let keep = |r: &Resource, summary: &mut DriftSummary| -> bool {
        if r.mode == ResourceMode::Data {
            return false;
        }
        let id = r.cloud_id.as_deref().unwrap_or("");
        if let Some(filter) = &options.filter {
            let region = region_of(r, default_region);
            if !filter.matches(&r.resource_type, id, &r.address, &region) {
                return false;
            }
        }
        if let Some(ignore) = &options.ignore {
            if ignore.ignores_resource(&r.resource_type, id) {
                summary.ignored += 1;
                return false;
            }
        }
        true
    };

    let mut live_index: HashMap<(&str, &str), usize> = HashMap::with_capacity(live.len());
    let mut live_kept = vec![false; live.len()];
    for (i, r) in live.iter().enumerate() {
        if !keep(r, &mut summary) {
            continue;
        }
        live_kept[i] = true;
        if let Some(id) = &r.cloud_id {
            live_index
                .entry((r.resource_type.as_str(), id.as_str()))
                .or_insert(i);
        }
    }
    let mut live_matched = vec![false; live.len()];

    for r in declared {
        if !keep(r, &mut summary) {
            continue;
        }
        summary.declared += 1;
        let region = region_of(r, default_region);
        let Some(id) = r.cloud_id.as_deref() else {
            not_scanned.push(NotScannedResource {
                resource_type: r.resource_type.clone(),
                address: r.address.clone(),
                cloud_id: None,
                region,
                error: "the state has no id for this resource".into(),
            });
            continue;
        };
        match live_index.get(&(r.resource_type.as_str(), id)) {
            Some(&j) => {
                live_matched[j] = true;
                let mut comparer = Comparer::new(rules_for(&r.resource_type));
                comparer.compare_resource(&r.attributes, &live[j].attributes);
                let mut differences = comparer.out;
                if let Some(ignore) = &options.ignore {
                    differences
                        .retain(|d| !ignore.ignores_attribute(&r.resource_type, id, &d.path));
                }
                if differences.is_empty() {
                    summary.managed += 1;
                } else {
                    summary.changed += 1;
                    drifts.push(Drift {
                        class: DriftClass::Changed,
                        resource_type: r.resource_type.clone(),
                        address: Some(r.address.clone()),
                        cloud_id: id.to_string(),
                        region,
                        differences,
                    });
                }
            }
            None => match coverage_index.failure(&r.resource_type, &region) {
                Some(error) => not_scanned.push(NotScannedResource {
                    resource_type: r.resource_type.clone(),
                    address: r.address.clone(),
                    cloud_id: Some(id.to_string()),
                    region,
                    error,
                }),
                None => {
                    summary.missing += 1;
                    drifts.push(Drift {
                        class: DriftClass::Missing,
                        resource_type: r.resource_type.clone(),
                        address: Some(r.address.clone()),
                        cloud_id: id.to_string(),
                        region,
                        differences: Vec::new(),
                    });
                }
            },
        }
    }

    let aws_defaults = if options.strict {
        HashSet::new()
    } else {
        aws_default_indices(live)
    };
    for (i, r) in live.iter().enumerate() {
        if !live_kept[i] || live_matched[i] {
            continue;
        }
        if aws_defaults.contains(&i) {
            summary.aws_defaults += 1;
            continue;
        }
        summary.unmanaged += 1;
        drifts.push(Drift {
            class: DriftClass::Unmanaged,
            resource_type: r.resource_type.clone(),
            address: None,
            cloud_id: r.cloud_id.clone().unwrap_or_default(),
            region: region_of(r, default_region),
            differences: Vec::new(),
        });
    }

    drifts.sort_by(|a, b| {
        (a.class, &a.resource_type, &a.cloud_id).cmp(&(b.class, &b.resource_type, &b.cloud_id))
    });
    not_scanned.sort_by(|a, b| (&a.resource_type, &a.address).cmp(&(&b.resource_type, &b.address)));
    summary.not_scanned = not_scanned.len();
    summary.coverage_percent = if summary.declared == 0 {
        100.0
    } else {
        (summary.managed as f64 * 10_000.0 / summary.declared as f64).round() / 100.0
    };
    DriftReport {
        schema_version: DRIFT_SCHEMA_VERSION,
        complete: not_scanned.is_empty() && coverage.not_scanned.is_empty(),
        summary,
        drifts,
        not_scanned,
        scan_failures: coverage.not_scanned.clone(),
    }
}
