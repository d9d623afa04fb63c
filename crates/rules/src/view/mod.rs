//! Semantic views: the questions rules ask, answered once for every way a resource can be
//! declared (inline attributes, separate resources, later CloudFormation and the live API).

pub mod s3;

use driftguard_model::{Resource, Value};

/// An effective setting and where it was found, so a finding points at the right place.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    /// The resource that holds the setting (a bucket, or its separate `aws_s3_bucket_*`).
    pub resource: &'a Resource,
    /// Dotted attribute path of the setting in `resource`.
    pub path: String,
    pub value: &'a Value,
}

impl<'a> Setting<'a> {
    /// The setting at `path` in `resource`, if the path exists and is not null.
    pub fn at(resource: &'a Resource, path: &str) -> Option<Setting<'a>> {
        match resource.get(path) {
            None | Some(Value::Null) => None,
            Some(value) => Some(Setting {
                resource,
                path: path.to_string(),
                value,
            }),
        }
    }
}

/// The first element of a nested block list (`versioning.0`), if present.
pub fn first_block<'a>(resource: &'a Resource, block: &str) -> Option<&'a Value> {
    resource.get(block)?.as_list()?.first()
}
