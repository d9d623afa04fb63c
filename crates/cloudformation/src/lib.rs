//! CloudFormation (and SAM) templates into the one resource model.
//!
//! ```text
//! text ─► syntax (YAML/JSON with spans and tags) ─► template (sections) ─► intrinsics (values)
//!      ─► map (AWS:: types onto the Terraform schema) ─► resources the rules check
//! ```
//!
//! The rules read resources in the Terraform state schema (`aws_s3_bucket`, `ingress.0.cidr_blocks`),
//! so a CloudFormation resource is *mapped* onto the Terraform type(s) it is equivalent to: one
//! set of rules covers both languages. A mapped resource's address is its logical id (with a
//! suffix for the extra resources a type creates, as SAM names them: `MyFunctionRole`), and a
//! `Ref` or `Fn::GetAtt` to a resource becomes an unknown value carrying a reference to that
//! address, so rules link bucket policies to buckets as they do in Terraform.
//!
//! [`load`] reads one file's text: `Ok(None)` when it is not a template (detected by content,
//! so any `.yaml`/`.yml`/`.json`/`.template` file can be offered), `Err` when a template does not
//! parse. Parameter values come from [`ParameterValues`] (`--cfn-params FILE`). The
//! [`Template`] holds the evaluated [`CfnResource`]s and the problems found on the way as
//! diagnostics; [`map::map_resource`] then maps each resource.

pub mod coverage;
pub mod map;
pub mod syntax;

mod error;
mod intrinsics;
mod parameters;
mod template;

pub use error::{LoadError, ParamsError};
pub use parameters::{GivenValue, ParameterValues};
pub use template::{load, ResourceAttributes, Template, SERVERLESS_TRANSFORM};

use std::collections::BTreeMap;

use driftguard_model::{Span, Value};

/// One resource of a template, its properties evaluated (intrinsics resolved where the template
/// alone decides them, *unknown* elsewhere).
#[derive(Debug, Clone)]
pub struct CfnResource {
    /// The logical id: `LogsBucket`.
    pub logical_id: String,
    /// `AWS::S3::Bucket`, `AWS::Serverless::Function`.
    pub resource_type: String,
    /// `Properties`, evaluated. `Value::Null` when the resource has none.
    pub properties: Value,
    /// Spans of properties by dotted CloudFormation path (`BucketEncryption.ServerSideEncryptionConfiguration.0`).
    pub property_spans: BTreeMap<String, Span>,
    /// The whole resource (its logical id key and body).
    pub span: Span,
    /// `Metadata`, evaluated (suppressions live under `driftguard` and `checkov`).
    pub metadata: Value,
}
