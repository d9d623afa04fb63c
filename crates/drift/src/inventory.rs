//! The inventory snapshot: a versioned JSON file of normalised live resources, written by
//! `driftguard inventory` and read by `driftguard drift --live SNAPSHOT`.
//!
//! ```json
//! {"schema_version": 1, "generated_at": "2026-01-01T00:00:00Z", "account": "123456789012",
//!  "regions": ["eu-west-1"], "scanned": [{"type": "aws_iam_user", "region": "global"}],
//!  "not_scanned": [{"type": "aws_kms_key", "region": "eu-west-1", "error": "AccessDenied"}],
//!  "resources": [{"type": "aws_iam_user", "id": "alice", "region": "global",
//!                 "attributes": {"name": "alice", "path": "/"}}]}
//! ```

use std::path::Path;
use std::sync::Arc;

use driftguard_model::{Origin, Resource, ResourceMode, Value};
use serde::{Deserialize, Serialize};

use crate::diff::{region_of, LiveCoverage, ScanFailure, Scope};

pub const INVENTORY_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventorySnapshot {
    pub schema_version: u32,
    /// RFC 3339 time the snapshot was taken (supplied by the caller).
    pub generated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub regions: Vec<String>,
    pub scanned: Vec<Scope>,
    #[serde(default)]
    pub not_scanned: Vec<ScanFailure>,
    pub resources: Vec<InventoryResource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryResource {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub id: String,
    pub region: String,
    /// Attributes in the Terraform state schema.
    pub attributes: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: invalid inventory snapshot: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: unsupported inventory schema_version {found} (this driftguard reads version {INVENTORY_SCHEMA_VERSION})")]
    UnsupportedVersion { file: String, found: String },
}

impl InventorySnapshot {
    /// A snapshot of live resources (those without a cloud id are skipped).
    pub fn new(
        generated_at: impl Into<String>,
        account: Option<String>,
        regions: Vec<String>,
        coverage: &LiveCoverage,
        live: &[Resource],
    ) -> Self {
        InventorySnapshot {
            schema_version: INVENTORY_SCHEMA_VERSION,
            generated_at: generated_at.into(),
            account,
            regions,
            scanned: coverage.scanned.clone(),
            not_scanned: coverage.not_scanned.clone(),
            resources: live
                .iter()
                .filter_map(|r| {
                    Some(InventoryResource {
                        resource_type: r.resource_type.clone(),
                        id: r.cloud_id.clone()?,
                        region: region_of(r, None).to_string(),
                        attributes: r.attributes.to_json(),
                    })
                })
                .collect(),
        }
    }

    pub fn coverage(&self) -> LiveCoverage {
        LiveCoverage {
            scanned: self.scanned.clone(),
            not_scanned: self.not_scanned.clone(),
        }
    }

    /// The live resources; each gets a `region` attribute from the snapshot if it has none.
    pub fn to_resources(&self) -> Vec<Resource> {
        let provider: Arc<str> = Arc::from("aws");
        self.resources
            .iter()
            .map(|r| {
                let mut attributes = Value::from_json(&r.attributes);
                if let Value::Object(map) = &mut attributes {
                    map.entry("region".to_string())
                        .or_insert_with(|| Value::String(r.region.clone()));
                }
                Resource {
                    mode: ResourceMode::Managed,
                    resource_type: r.resource_type.clone(),
                    address: String::new(),
                    module: String::new(),
                    cloud_id: Some(r.id.clone()),
                    attributes,
                    span: None,
                    attribute_spans: Default::default(),
                    origin: Origin::Live {
                        provider: provider.clone(),
                    },
                }
            })
            .collect()
    }

    pub fn to_json_string(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("snapshot serialises");
        text.push('\n');
        text
    }

    /// Parses snapshot text; `file` names it in errors.
    pub fn from_json_str(text: &str, file: &str) -> Result<Self, InventoryError> {
        let parse_error = |e: serde_json::Error| InventoryError::Parse {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        // The version is checked before the shape, so that a newer file gets a clear message.
        let raw: serde_json::Value = serde_json::from_str(text).map_err(parse_error)?;
        match raw.get("schema_version") {
            Some(v) if v.as_u64() == Some(u64::from(INVENTORY_SCHEMA_VERSION)) => {}
            Some(v) => {
                return Err(InventoryError::UnsupportedVersion {
                    file: file.to_string(),
                    found: v.to_string(),
                })
            }
            None => {
                return Err(InventoryError::Parse {
                    file: file.to_string(),
                    line: 1,
                    column: 1,
                    message:
                        "missing field `schema_version` (is this a driftguard inventory snapshot?)"
                            .into(),
                })
            }
        }
        serde_json::from_str(text).map_err(parse_error)
    }
}

pub fn read_snapshot(path: &Path) -> Result<InventorySnapshot, InventoryError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| InventoryError::Io {
        file: file.clone(),
        source,
    })?;
    InventorySnapshot::from_json_str(&text, &file)
}

pub fn write_snapshot(path: &Path, snapshot: &InventorySnapshot) -> Result<(), InventoryError> {
    std::fs::write(path, snapshot.to_json_string()).map_err(|source| InventoryError::Io {
        file: path.display().to_string(),
        source,
    })
}
