//! Building blocks for shaping API responses into Terraform state attributes.
//!
//! Collectors emit every attribute they read, `null` (or `[]`, `{}`) when the API says it is
//! unset; an attribute a collector does not read is left out, and the diff does not compare it.

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use serde_json::{Map, Value as Json};

/// One live resource before it becomes a [`driftguard_model::Resource`].
pub(crate) struct Item {
    /// The id terraform-provider-aws gives the resource (its import id where it makes one up).
    pub id: String,
    pub attributes: Map<String, Json>,
}

/// An item with `id` set among its attributes, as in state.
pub(crate) fn item(id: impl Into<String>, attributes: Json) -> Item {
    let id = id.into();
    let mut attributes = object(attributes);
    attributes.insert("id".into(), Json::String(id.clone()));
    Item { id, attributes }
}

/// The map of a `json!({…})` literal, to add attributes to.
pub(crate) fn object(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

/// RFC 3339, as the provider writes timestamps.
pub(crate) fn time(t: &DateTime) -> Json {
    t.fmt(Format::DateTime)
        .map(Json::String)
        .unwrap_or(Json::Null)
}

pub(crate) fn opt_time(t: Option<&DateTime>) -> Json {
    t.map_or(Json::Null, time)
}

/// An optional string; `null` when the API left it out.
pub(crate) fn opt(s: Option<&str>) -> Json {
    s.map_or(Json::Null, |s| Json::String(s.to_string()))
}

/// A string list (`[]` when absent).
pub(crate) fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Json {
    Json::Array(
        items
            .into_iter()
            .map(|s| Json::String(s.to_string()))
            .collect(),
    )
}

/// A `tags` map from the API's key/value pairs (`{}` when there are none; the state has
/// `tags_all` as `{}` then, and the diff folds the two). `aws:`-prefixed tags (set by AWS:
/// CloudFormation, Auto Scaling…) are left out, as the provider leaves them out of state for
/// every service.
pub(crate) fn tag_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Json {
    Json::Object(
        pairs
            .into_iter()
            .filter(|(k, _)| !k.starts_with("aws:"))
            .map(|(k, v)| (k.to_string(), Json::String(v.to_string())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tags_set_by_aws_are_left_out() {
        assert_eq!(
            tag_map([("team", "a"), ("aws:cloudformation:stack-name", "app")]),
            json!({"team": "a"})
        );
    }
}
