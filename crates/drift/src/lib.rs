//! The drift engine: compares what Terraform declares (resources read from state) with what runs
//! in the cloud (resources from the live collectors or from an inventory snapshot).
//!
//! - [`diff`] matches both sides by (resource type, cloud id) and classifies every resource as
//!   managed, changed, missing or unmanaged, applying the per-type normalisation [`table`].
//! - A declared resource whose (type, region) the live side could not read is never *missing*: it
//!   is listed as not scanned and the report is marked incomplete ([`DriftReport::complete`]).
//! - [`DriftIgnore`] (gitignore syntax over `type.id[.attr.path]`) and [`Filter`] (a small
//!   expression language over type, id, address and region) narrow what is reported.
//! - [`render`] turns a [`DriftReport`] into text, JSON, Markdown or HTML;
//!   [`inventory`] reads and writes the versioned snapshot of live resources.

pub mod defaults;
mod diff;
mod driftignore;
mod filter;
pub mod inventory;
mod normalize;
pub mod render;
mod report;
pub mod table;

pub use diff::{diff, match_key, region_of, DiffOptions, LiveCoverage, ScanFailure, Scope};
pub use driftignore::{accept_current_drift, DriftIgnore, DriftIgnoreError};
pub use filter::{Filter, FilterError};
pub use inventory::{
    InventoryError, InventoryResource, InventorySnapshot, INVENTORY_SCHEMA_VERSION,
};
pub use normalize::canonical_policy;
pub use report::{
    DiffKind, Difference, Drift, DriftClass, DriftEvent, DriftReport, DriftSummary,
    NotScannedResource, UnsupportedType, DRIFT_SCHEMA_VERSION,
};
