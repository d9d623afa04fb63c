//! The one resource model every driftguard pipeline stage speaks.
//!
//! Code (Terraform, CloudFormation), state and the live cloud are all loaded into [`Resource`]s
//! whose attributes are a [`Value`] tree in the Terraform state schema. Rules read resources and
//! produce [`Finding`]s; loaders and evaluators report problems with the input as
//! [`Diagnostic`]s.

mod diagnostic;
mod finding;
mod resource;
mod severity;
mod span;
mod value;

pub use diagnostic::{Diagnostic, DiagnosticLevel};
pub use finding::{Finding, Inconclusive, Suppression, SuppressionKind};
pub use resource::{Origin, Resource, ResourceMode};
pub use severity::{ParseSeverityError, Severity};
pub use span::{LineIndex, Position, SourceFile, Span};
pub use value::{format_number, Reference, Tri, Unknown, Value};
mod report;
pub use report::{ScanReport, Sources, Summary, Tool, SCAN_SCHEMA_VERSION};
