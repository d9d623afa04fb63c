//! Semantic views: the questions rules ask, answered once for every way a resource can be
//! declared (inline attributes, separate resources, later CloudFormation and the live API).
//!
//! Every answer that depends on a value is a [`Tri`]: a view never turns an unknown value into
//! a yes or a no, and it applies the provider's documented default when an attribute is absent.

pub mod apigateway;
pub mod cloudfront;
pub mod cloudtrail;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod efs;
pub mod elasticache;
pub mod elb;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logging;
pub mod messaging;
pub mod network;
pub mod opensearch;
pub(crate) mod placeholder;
pub mod rds;
pub mod redshift;
pub mod s3;
pub mod secretsmanager;
pub mod vpc;

use driftguard_model::{format_number, Resource, Tri, Value};

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

/// The value at `path`, or `None` when it is absent or null (Terraform treats both alike).
pub fn set_value<'a>(resource: &'a Resource, path: &str) -> Option<&'a Value> {
    match resource.get(path) {
        None | Some(Value::Null) => None,
        Some(value) => Some(value),
    }
}

/// Whether `path` is set to anything, an unknown value included (`replicate_source_db =
/// aws_db_instance.main.identifier` is set even though its value is known only after apply).
pub fn is_set(resource: &Resource, path: &str) -> bool {
    set_value(resource, path).is_some()
}

/// `path` if it is set, for pointing a finding at it; `None` points at the whole resource.
pub fn path_if_set<'p>(resource: &Resource, path: &'p str) -> Option<&'p str> {
    is_set(resource, path).then_some(path)
}

/// A boolean setting, with the provider's `default` when absent or null.
pub fn flag(resource: &Resource, path: &str, default: bool) -> Tri {
    value_flag(set_value(resource, path), default)
}

/// A boolean value, with `default` when absent or null.
pub fn value_flag(value: Option<&Value>, default: bool) -> Tri {
    match value {
        None | Some(Value::Null) => Tri::from_bool(default),
        Some(value) => value.truth(),
    }
}

/// Whether a string setting satisfies `pred`, with the provider's `default` when absent or null
/// (`None`: an absent setting satisfies nothing).
pub fn text_is(
    resource: &Resource,
    path: &str,
    default: Option<&str>,
    pred: impl Fn(&str) -> bool,
) -> Tri {
    value_text_is(set_value(resource, path), default, pred)
}

/// [`text_is`] on a value already looked up.
pub fn value_text_is(
    value: Option<&Value>,
    default: Option<&str>,
    pred: impl Fn(&str) -> bool,
) -> Tri {
    match value {
        None | Some(Value::Null) => default.map_or(Tri::False, |d| Tri::from_bool(pred(d))),
        Some(Value::String(s)) => Tri::from_bool(pred(s)),
        // Terraform converts primitive types to strings where a string is expected.
        Some(Value::Number(n)) => Tri::from_bool(pred(&format_number(*n))),
        Some(Value::Bool(b)) => Tri::from_bool(pred(if *b { "true" } else { "false" })),
        Some(_) => Tri::Unknown,
    }
}

/// Whether a number setting satisfies `pred`, with `default` when absent or null.
pub fn number_is(
    resource: &Resource,
    path: &str,
    default: Option<f64>,
    pred: impl Fn(f64) -> bool,
) -> Tri {
    match set_value(resource, path) {
        None => default.map_or(Tri::False, |d| Tri::from_bool(pred(d))),
        Some(value @ (Value::Number(_) | Value::String(_))) => match value.as_f64() {
            Some(n) => Tri::from_bool(pred(n)),
            None => Tri::Unknown,
        },
        Some(_) => Tri::Unknown,
    }
}

/// The elements of a list setting; an unknown list or element is kept as an unknown value.
/// A single value where a list is expected is treated as a one-element list.
pub fn list_items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items.iter().filter(|v| !v.is_null()).collect(),
        Some(other) => vec![other],
    }
}

/// Dotted paths of the nested blocks `block` of `resource`: one per element, or the block itself
/// when it is a `dynamic` block over an unknown collection (every attribute of it then reads as
/// unknown).
pub fn block_paths(resource: &Resource, block: &str) -> Vec<String> {
    match resource.get(block) {
        Some(Value::List(items)) => (0..items.len()).map(|i| format!("{block}.{i}")).collect(),
        Some(Value::Unknown(_)) => vec![block.to_string()],
        _ => Vec::new(),
    }
}

/// A service's named TLS security policies: which accept protocols older than TLS 1.2 (SSLv3,
/// TLS 1.0, TLS 1.1), which do not, and the one in force when none is set.
pub struct TlsPolicies {
    /// Policies that accept protocols older than TLS 1.2, by exact name.
    pub outdated: &'static [&'static str],
    /// Name prefixes of the policy families that accept them.
    pub outdated_families: &'static [&'static str],
    /// Policies whose lowest protocol is TLS 1.2 or 1.3, by exact name.
    pub current: &'static [&'static str],
    /// Name prefixes of those policy families.
    pub current_families: &'static [&'static str],
    /// The policy the service applies when the attribute is absent.
    pub default: &'static str,
}

impl TlsPolicies {
    /// Whether the policy `name` accepts protocols older than TLS 1.2; `None` for a name this
    /// table does not know.
    pub fn outdated(&self, name: &str) -> Option<bool> {
        let listed = |names: &[&str], families: &[&str]| {
            names.contains(&name) || families.iter().any(|prefix| name.starts_with(prefix))
        };
        if listed(self.outdated, self.outdated_families) {
            Some(true)
        } else if listed(self.current, self.current_families) {
            Some(false)
        } else {
            None
        }
    }

    /// The policy at `path` of `resource` ([`TlsPolicies::default`] when absent): its name
    /// (empty when it is not a known string) and whether it is outdated (`None` for a name this
    /// table does not know, unknown for a value not known statically).
    pub fn at<'r>(&self, resource: &'r Resource, path: &str) -> (&'r str, Option<Tri>) {
        match set_value(resource, path) {
            None => (
                self.default,
                self.outdated(self.default).map(Tri::from_bool),
            ),
            Some(Value::String(name)) => (name, self.outdated(name).map(Tri::from_bool)),
            Some(_) => ("", Some(Tri::Unknown)),
        }
    }
}

/// Whether a list setting has elements; unknown when the list itself is unknown.
pub fn has_items(value: Option<&Value>) -> Tri {
    match value {
        Some(value) if value.is_unknown() => Tri::Unknown,
        value => Tri::from_bool(!list_items(value).is_empty()),
    }
}

/// Whether any element of a (possibly unknown) list satisfies `pred`.
pub fn any_item(value: Option<&Value>, pred: impl Fn(&str) -> bool) -> Tri {
    Tri::any(
        list_items(value)
            .into_iter()
            .map(|item| value_text_is(Some(item), None, &pred)),
    )
}
