//! Matching declared with live resources and classifying them.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use driftguard_model::{Resource, ResourceMode, Value};
use serde::{Deserialize, Serialize};

use crate::defaults::aws_default_indices;
use crate::driftignore::DriftIgnore;
use crate::filter::Filter;
use crate::normalize::Comparer;
use crate::report::{
    Difference, Drift, DriftClass, DriftReport, DriftSummary, NotScannedResource, UnsupportedType,
    DRIFT_SCHEMA_VERSION,
};
use crate::table::{rules_for, Parent};

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
pub fn region_of<'a>(resource: &'a Resource, default_region: Option<&'a str>) -> &'a str {
    own_region(resource).unwrap_or(default_region.unwrap_or("unknown"))
}

/// The region a resource states itself: `global`, its `region` attribute, or its ARN's.
fn own_region(resource: &Resource) -> Option<&str> {
    if rules_for(&resource.resource_type).global {
        return Some("global");
    }
    if let Some(region) = resource.get("region").and_then(|v| v.as_str()) {
        if !region.is_empty() {
            return Some(region);
        }
    }
    let arn = resource.get("arn").and_then(|v| v.as_str())?;
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

/// The parent's id of a child resource (see [`crate::table::Parent`]).
fn parent_of(resource: &Resource) -> Option<(&'static Parent, &str)> {
    let parent = rules_for(&resource.resource_type).parent.as_ref()?;
    let id = resource.get(parent.attribute)?.as_str()?;
    Some((parent, id))
}

struct CoverageIndex<'a> {
    types: HashSet<&'a str>,
    scanned: HashSet<(&'a str, &'a str)>,
    failed: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> CoverageIndex<'a> {
    fn new(coverage: &'a LiveCoverage) -> Self {
        CoverageIndex {
            types: coverage
                .scanned
                .iter()
                .map(|s| s.resource_type.as_str())
                .chain(
                    coverage
                        .not_scanned
                        .iter()
                        .map(|f| f.resource_type.as_str()),
                )
                .collect(),
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

    /// Whether the live side reads this type at all (in some region, or failed trying).
    fn knows_type(&self, resource_type: &str) -> bool {
        self.types.contains(resource_type) || self.types.contains("*")
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

/// The key a resource is matched by: its type's match key (see
/// [`crate::table::TypeRules::match_key`]) when it has one, else its cloud id.
pub fn match_key(resource: &Resource) -> Option<String> {
    rules_for(&resource.resource_type)
        .match_key
        .and_then(|key| key.of(&resource.attributes))
        .or_else(|| resource.cloud_id.clone())
}

/// Declared resources re-keyed by [`match_key`], those sharing a key merged: their
/// [`merge`](crate::table::TypeRules::merge) lists unioned, their addresses joined.
fn prepare_declared<'a>(declared: impl Iterator<Item = &'a Resource>) -> Vec<Cow<'a, Resource>> {
    let mut out: Vec<Cow<'a, Resource>> = Vec::new();
    let mut by_key: HashMap<(&'a str, String), usize> = HashMap::new();
    for r in declared {
        let Some(key) = match_key(r) else {
            out.push(Cow::Borrowed(r));
            continue;
        };
        let merge = rules_for(&r.resource_type).merge;
        if !merge.is_empty() {
            match by_key.entry((r.resource_type.as_str(), key.clone())) {
                Entry::Occupied(first) => {
                    merge_into(out[*first.get()].to_mut(), r, merge);
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(out.len());
                }
            }
        }
        if r.cloud_id.as_deref() == Some(key.as_str()) {
            out.push(Cow::Borrowed(r));
        } else {
            let mut owned = r.clone();
            owned.cloud_id = Some(key);
            out.push(Cow::Owned(owned));
        }
    }
    out
}

fn merge_into(target: &mut Resource, other: &Resource, lists: &[&str]) {
    target.address = format!("{}, {}", target.address, other.address);
    let (Value::Object(into), Value::Object(from)) = (&mut target.attributes, &other.attributes)
    else {
        return;
    };
    for name in lists {
        let Some(Value::List(extra)) = from.get(*name) else {
            continue;
        };
        match into.get_mut(*name) {
            Some(Value::List(items)) => {
                for v in extra {
                    if !items.contains(v) {
                        items.push(v.clone());
                    }
                }
            }
            _ => {
                into.insert(name.to_string(), Value::List(extra.clone()));
            }
        }
    }
}

/// Whether `--filter` and `.driftignore` keep a resource (an ignored one is counted). `region`
/// is asked for only by a filter.
fn keeps<'r>(
    options: &DiffOptions,
    r: &'r Resource,
    region: impl FnOnce() -> &'r str,
    summary: &mut DriftSummary,
) -> bool {
    let id = r.cloud_id.as_deref().unwrap_or("");
    if let Some(filter) = &options.filter {
        if !filter.matches(&r.resource_type, id, &r.address, region()) {
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
}

/// A drift of `r`; only declared resources (changed, missing) have an address.
fn drift(class: DriftClass, r: &Resource, region: &str, differences: Vec<Difference>) -> Drift {
    Drift {
        class,
        resource_type: r.resource_type.clone(),
        address: (class != DriftClass::Unmanaged).then(|| r.address.clone()),
        cloud_id: r.cloud_id.clone().unwrap_or_default(),
        region: region.to_string(),
        differences,
        controls: class.controls(),
        events: Vec::new(),
    }
}

fn not_scanned_resource(r: &Resource, region: &str, error: String) -> NotScannedResource {
    NotScannedResource {
        resource_type: r.resource_type.clone(),
        address: r.address.clone(),
        cloud_id: r.cloud_id.clone(),
        region: region.to_string(),
        error,
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

    // (type, id) → live index; ids that exist in several regions (KMS alias names, subnet
    // group names) keep every index, and the declared resource's region picks one.
    let mut live_index: HashMap<(&str, &str), usize> = HashMap::with_capacity(live.len());
    let mut live_same_id: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut live_kept = vec![false; live.len()];
    for (i, r) in live.iter().enumerate() {
        if r.mode == ResourceMode::Data
            || !keeps(options, r, || region_of(r, default_region), &mut summary)
        {
            continue;
        }
        live_kept[i] = true;
        if let Some(id) = &r.cloud_id {
            let key = (r.resource_type.as_str(), id.as_str());
            if let Some(&first) = live_index.get(&key) {
                live_same_id
                    .entry(key)
                    .or_insert_with(|| vec![first])
                    .push(i);
            } else {
                live_index.insert(key, i);
            }
        }
    }
    let mut live_matched = vec![false; live.len()];

    let declared = prepare_declared(declared.iter().filter(|r| r.mode != ResourceMode::Data));
    // (type, id) → declared index: whether a live child's parent is declared, and the region of
    // a declared child whose state has none (v5 bucket parts), from its parent.
    let declared_index: HashMap<(&str, &str), usize> = declared
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some(((r.resource_type.as_str(), r.cloud_id.as_deref()?), i)))
        .collect();
    // Parents whose attributes declared children stand for (see `table::Parent`).
    let mut superseded: HashMap<(&str, &str), Vec<&'static str>> = HashMap::new();
    for r in declared.iter() {
        if let Some((parent, parent_id)) = parent_of(r) {
            if !parent.replaces.is_empty() {
                superseded
                    .entry((parent.parent_type, parent_id))
                    .or_default()
                    .extend_from_slice(parent.replaces);
            }
        }
    }
    // The cloud objects declared resources stand for (see `table::Atoms`).
    let declared_atoms: HashSet<String> = declared
        .iter()
        .filter_map(|r| Some(rules_for(&r.resource_type).atoms?.of(&r.attributes)))
        .flatten()
        .collect();
    let mut unsupported: BTreeMap<&str, usize> = BTreeMap::new();
    for r in declared.iter().map(|r| r.as_ref()) {
        // Its own region, else its declared parent's (provider v5 states none for bucket
        // parts): the same for the filter and the report.
        let region = own_region(r)
            .or_else(|| {
                let (parent, parent_id) = parent_of(r)?;
                own_region(&declared[*declared_index.get(&(parent.parent_type, parent_id))?])
            })
            .unwrap_or(default_region.unwrap_or("unknown"));
        if !keeps(options, r, || region, &mut summary) {
            continue;
        }
        if !coverage_index.knows_type(&r.resource_type) {
            *unsupported.entry(r.resource_type.as_str()).or_default() += 1;
            continue;
        }
        summary.declared += 1;
        let Some(id) = r.cloud_id.as_deref() else {
            not_scanned.push(not_scanned_resource(
                r,
                region,
                "the state has no id for this resource".into(),
            ));
            continue;
        };
        let key = (r.resource_type.as_str(), id);
        let found = match live_same_id.get(&key) {
            Some(candidates) => candidates
                .iter()
                .copied()
                .find(|&j| !live_matched[j] && region_of(&live[j], default_region) == region)
                .or_else(|| candidates.iter().copied().find(|&j| !live_matched[j]))
                .or(candidates.first().copied()),
            None => live_index.get(&key).copied(),
        };
        let Some(j) = found else {
            match coverage_index.failure(&r.resource_type, region) {
                Some(error) => not_scanned.push(not_scanned_resource(r, region, error)),
                None => {
                    summary.missing += 1;
                    drifts.push(drift(DriftClass::Missing, r, region, Vec::new()));
                }
            }
            continue;
        };
        live_matched[j] = true;
        let mut comparer = Comparer::new(rules_for(&r.resource_type));
        comparer.skip = superseded.get(&key).map_or(&[], Vec::as_slice);
        comparer.compare_resource(&r.attributes, &live[j].attributes);
        let mut differences = comparer.out;
        if let Some(ignore) = &options.ignore {
            differences.retain(|d| !ignore.ignores_attribute(&r.resource_type, id, &d.path));
        }
        if differences.is_empty() {
            summary.managed += 1;
        } else {
            summary.changed += 1;
            drifts.push(drift(DriftClass::Changed, r, region, differences));
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
        if let Some(atoms) = rules_for(&r.resource_type).atoms {
            let atoms = atoms.of(&r.attributes);
            if !atoms.is_empty() && atoms.iter().all(|a| declared_atoms.contains(a)) {
                summary.declared_as_other_type += 1;
                continue;
            }
        }
        let region = region_of(r, default_region);
        if let Some((parent, parent_id)) = parent_of(r) {
            let key = (parent.parent_type, parent_id);
            let declared = declared_index.contains_key(&key);
            // Declared and comparing its children itself: the parent's attributes show the
            // child. Live but undeclared: the parent is reported unmanaged, children and all.
            // Not read: whether the child is an AWS default cannot be told, so it is not
            // claimed unmanaged.
            let compared_by_parent = !parent.replaces.is_empty()
                && superseded
                    .get(&key)
                    .is_none_or(|skipped| parent.replaces.iter().all(|a| !skipped.contains(a)));
            if (declared && compared_by_parent)
                || (!declared && live_index.contains_key(&key))
                || coverage_index.failure(parent.parent_type, region).is_some()
            {
                summary.covered_by_parent += 1;
                continue;
            }
        }
        summary.unmanaged += 1;
        drifts.push(drift(DriftClass::Unmanaged, r, region, Vec::new()));
    }

    drifts.sort_by(|a, b| {
        (a.class, &a.resource_type, &a.cloud_id).cmp(&(b.class, &b.resource_type, &b.cloud_id))
    });
    not_scanned.sort_by(|a, b| (&a.resource_type, &a.address).cmp(&(&b.resource_type, &b.address)));
    summary.not_scanned = not_scanned.len();
    summary.unsupported = unsupported.values().sum();
    summary.coverage_percent = if summary.declared == 0 {
        100.0
    } else {
        (summary.managed as f64 * 10_000.0 / summary.declared as f64).round() / 100.0
    };
    DriftReport {
        schema_version: DRIFT_SCHEMA_VERSION,
        checks: DriftClass::ALL.map(DriftClass::check_id).to_vec(),
        complete: not_scanned.is_empty() && coverage.not_scanned.is_empty(),
        summary,
        drifts,
        not_scanned,
        // Sorted by type (a BTreeMap).
        unsupported: unsupported
            .into_iter()
            .map(|(t, declared)| UnsupportedType {
                resource_type: t.to_string(),
                declared,
            })
            .collect(),
        scan_failures: coverage.not_scanned.clone(),
    }
}
