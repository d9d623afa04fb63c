use std::sync::OnceLock;

use driftguard_compliance::{Mapping, Topic};
use driftguard_model::Value;
use serde::Serialize;

use crate::diff::ScanFailure;

/// Version of the JSON drift report (`docs/drift-json.md`). Bumped on any breaking change.
pub const DRIFT_SCHEMA_VERSION: u32 = 1;

/// The result of comparing declared with live resources.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub schema_version: u32,
    /// The checks this report ran, one per class: `drift-changed`, `drift-missing`,
    /// `drift-unmanaged` (what `driftguard report` counts as assessed).
    pub checks: Vec<&'static str>,
    /// False when some declared (type, region) could not be read from the live side: such a
    /// report is never clean (the CLI exits 2 unless `--allow-partial`).
    pub complete: bool,
    pub summary: DriftSummary,
    /// Changed, missing and unmanaged resources, sorted by class, type, cloud id.
    pub drifts: Vec<Drift>,
    /// Declared resources that could not be compared because their (type, region) was not read.
    pub not_scanned: Vec<NotScannedResource>,
    /// Declared types the live side does not read at all (no collector), with how many
    /// resources each: not compared, listed so that nobody mistakes them for checked. They do
    /// not make the report incomplete; a read that *failed* does.
    pub unsupported: Vec<UnsupportedType>,
    /// The (type, region) pairs the live side failed to read, with the error.
    pub scan_failures: Vec<ScanFailure>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DriftSummary {
    /// Declared resources considered (after `--filter` and `.driftignore`).
    pub declared: usize,
    pub managed: usize,
    pub changed: usize,
    pub missing: usize,
    pub unmanaged: usize,
    pub not_scanned: usize,
    /// Declared resources of types the live side does not read (see
    /// [`DriftReport::unsupported`]); not counted in `declared`.
    pub unsupported: usize,
    /// Resources (declared or live) left out by `.driftignore`.
    pub ignored: usize,
    /// Live resources AWS creates itself (default VPC, service-linked roles…) not reported as
    /// unmanaged because `strict` was off.
    pub aws_defaults: usize,
    /// Live child resources (security-group rules, bucket parts, attached volumes) not reported
    /// as unmanaged because their parent speaks for them: declared (its attributes compare the
    /// child), live and unmanaged itself (reported once, as the parent), or not read.
    pub covered_by_parent: usize,
    /// Live resources not reported as unmanaged because the same cloud objects are declared as
    /// another Terraform type (an EC2 rule declared as `aws_security_group_rule` is also read
    /// as an `aws_vpc_security_group_ingress_rule`).
    pub declared_as_other_type: usize,
    /// `managed / declared` in percent, rounded to two decimals; 100 when nothing is declared.
    pub coverage_percent: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftClass {
    Changed,
    Missing,
    Unmanaged,
}

impl DriftClass {
    pub const ALL: [DriftClass; 3] = [
        DriftClass::Changed,
        DriftClass::Missing,
        DriftClass::Unmanaged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DriftClass::Changed => "changed",
            DriftClass::Missing => "missing",
            DriftClass::Unmanaged => "unmanaged",
        }
    }

    /// The id compliance reports know this class by: `drift-changed`.
    pub fn check_id(self) -> &'static str {
        match self {
            DriftClass::Changed => "drift-changed",
            DriftClass::Missing => "drift-missing",
            DriftClass::Unmanaged => "drift-unmanaged",
        }
    }

    /// What the class means, as a check's title.
    pub fn title(self) -> &'static str {
        match self {
            DriftClass::Changed => "A managed resource differs from its declaration",
            DriftClass::Missing => "A declared resource no longer exists",
            DriftClass::Unmanaged => "A live resource is declared in no state",
        }
    }

    /// The controls a drift of this class gives evidence on. Every class shows the live
    /// configuration departing from the approved one, changed outside the change process and
    /// caught by monitoring; a missing or unmanaged resource is also an inventory gap.
    pub fn compliance(self) -> Mapping {
        use Topic::*;
        match self {
            DriftClass::Changed => Mapping {
                topics: &[ConfigurationManagement, ChangeManagement, Monitoring],
                controls: &[],
            },
            DriftClass::Missing | DriftClass::Unmanaged => Mapping {
                topics: &[
                    ConfigurationManagement,
                    ChangeManagement,
                    Monitoring,
                    AssetInventory,
                ],
                controls: &[],
            },
        }
    }

    /// [`Self::compliance`] as `framework:control` references, computed once per class.
    pub fn controls(self) -> &'static [String] {
        static REFERENCES: OnceLock<[Vec<String>; 3]> = OnceLock::new();
        let all = REFERENCES.get_or_init(|| DriftClass::ALL.map(|c| c.compliance().references()));
        &all[self as usize]
    }
}

/// One drifted resource.
#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub class: DriftClass,
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The Terraform address; absent for unmanaged resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub cloud_id: String,
    pub region: String,
    /// Attribute differences (for `changed` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    /// The compliance controls this drift concerns (`iso27001:A.8.9`), from its class.
    pub controls: &'static [String],
    /// CloudTrail events that explain the drift (`drift --trail`), newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<DriftEvent>,
}

/// A CloudTrail write event on a drifted resource: who, when, from where, through which channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftEvent {
    pub event_id: String,
    /// RFC 3339, UTC.
    pub event_time: String,
    pub event_source: String,
    pub event_name: String,
    /// The principal (the role behind a session when there is one).
    pub actor: String,
    /// `iac`, `console`, `cli`, `sdk`, `aws-service` or `unknown`.
    pub channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl Drift {
    /// The address, or `type.id` for a resource declared nowhere.
    pub fn display_name(&self) -> String {
        match &self.address {
            Some(address) => address.clone(),
            None => format!("{}.{}", self.resource_type, self.cloud_id),
        }
    }
}

/// How an attribute differs, as CloudFormation drift detection reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiffKind {
    /// Present live, absent from the declaration.
    Add,
    /// Declared, absent live.
    Remove,
    /// Present on both sides with different values.
    NotEqual,
}

impl DiffKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::Add => "ADD",
            DiffKind::Remove => "REMOVE",
            DiffKind::NotEqual => "NOT_EQUAL",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// Dotted attribute path (`ingress.0.cidr_blocks`); dots inside keys are escaped as `\.`.
    pub path: String,
    pub kind: DiffKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
}

/// A declared type without a live collector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnsupportedType {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub declared: usize,
}

/// A declared resource that could not be compared.
#[derive(Debug, Clone, Serialize)]
pub struct NotScannedResource {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub address: String,
    pub cloud_id: Option<String>,
    pub region: String,
    pub error: String,
}

impl DriftReport {
    /// Any changed, missing or unmanaged resource.
    pub fn has_drift(&self) -> bool {
        !self.drifts.is_empty()
    }

    /// The CLI's exit code: 2 when incomplete (unless `allow_partial`), 1 on drift, 0 in sync.
    pub fn exit_code(&self, allow_partial: bool) -> i32 {
        if !self.complete && !allow_partial {
            2
        } else if self.has_drift() {
            1
        } else {
            0
        }
    }
}
