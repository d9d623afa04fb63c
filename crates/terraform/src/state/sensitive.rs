//! Masking of sensitive attribute values as they are loaded.

use driftguard_model::Value;

/// What a masked value is replaced with. It is a plain string so that it prints, compares and
/// serialises like any other value, and never carries the secret.
pub const SENSITIVE_MARKER: &str = "(sensitive)";

/// Attributes masked even when the state does not mark them sensitive: secrets that
/// terraform-provider-aws stores in plain text. `(resource type, top-level attribute names)`.
pub const KNOWN_SECRET_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("aws_iam_access_key", &["secret", "ses_smtp_password_v4"]),
    (
        "aws_iam_user_login_profile",
        &["password", "encrypted_password"],
    ),
    ("aws_db_instance", &["password"]),
    ("aws_rds_cluster", &["master_password"]),
    ("aws_docdb_cluster", &["master_password"]),
    ("aws_redshift_cluster", &["master_password"]),
    ("aws_elasticache_replication_group", &["auth_token"]),
];

/// Whether a value is the [`SENSITIVE_MARKER`] put in place of a secret.
pub fn is_masked(value: &Value) -> bool {
    value.as_str() == Some(SENSITIVE_MARKER)
}

/// Replaces a value with the marker; `null` stays `null` (it holds no secret, and a masked
/// null would look like a set value). Returns whether something was masked.
fn mask(value: &mut Value) -> bool {
    if value.is_null() || is_masked(value) {
        return false;
    }
    *value = Value::String(SENSITIVE_MARKER.to_owned());
    true
}

/// Masks the well-known secrets of `resource_type`; returns how many values were masked.
pub(crate) fn mask_known(resource_type: &str, attributes: &mut Value) -> usize {
    let Some((_, names)) = KNOWN_SECRET_ATTRIBUTES
        .iter()
        .find(|(ty, _)| *ty == resource_type)
    else {
        return 0;
    };
    let Value::Object(map) = attributes else {
        return 0;
    };
    let mut masked = 0;
    for name in *names {
        if let Some(value) = map.get_mut(*name) {
            masked += usize::from(mask(value));
        }
    }
    masked
}

/// One step of a state v4 sensitive path.
enum Step {
    Attr(String),
    Key(String),
    Index(usize),
}

/// Parses a v4 `sensitive_attributes` path:
/// `[{"type":"get_attr","value":"tags"},{"type":"index","value":{"value":"k","type":"string"}}]`.
fn parse_path(path: &serde_json::Value) -> Option<Vec<Step>> {
    path.as_array()?
        .iter()
        .map(|step| {
            let value = step.get("value")?;
            match step.get("type")?.as_str()? {
                "get_attr" => Some(Step::Attr(value.as_str()?.to_owned())),
                "index" => {
                    // `{"value": …, "type": "string"|"number"}`; tolerate a bare key too.
                    let key = value.get("value").unwrap_or(value);
                    match key {
                        serde_json::Value::String(s) => Some(Step::Key(s.clone())),
                        serde_json::Value::Number(n) => Some(Step::Index(n.as_u64()? as usize)),
                        _ => None,
                    }
                }
                _ => None,
            }
        })
        .collect()
}

/// Applies a v4 `sensitive_attributes` list. Returns `(masked, paths not understood)`. A path
/// that is not understood but starts with an attribute name masks that whole attribute, so that
/// an unexpected path shape errs on the side of hiding.
pub(crate) fn mask_v4_paths(attributes: &mut Value, paths: &serde_json::Value) -> (usize, usize) {
    let Some(paths) = paths.as_array() else {
        return (0, usize::from(!paths.is_null()));
    };
    let mut masked = 0;
    let mut not_understood = 0;
    for path in paths {
        let steps = match parse_path(path) {
            Some(steps) => steps,
            None => {
                not_understood += 1;
                let first = path
                    .as_array()
                    .and_then(|p| p.first())
                    .filter(|s| s.get("type").and_then(|t| t.as_str()) == Some("get_attr"))
                    .and_then(|s| s.get("value"))
                    .and_then(|v| v.as_str());
                match first {
                    Some(name) => vec![Step::Attr(name.to_owned())],
                    None => continue,
                }
            }
        };
        if let Some(target) = walk(attributes, &steps) {
            masked += usize::from(mask(target));
        }
    }
    (masked, not_understood)
}

fn walk<'a>(mut value: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    for step in steps {
        value = match (value, step) {
            (Value::Object(map), Step::Attr(key) | Step::Key(key)) => map.get_mut(key)?,
            (Value::Object(map), Step::Index(i)) => map.get_mut(&i.to_string())?,
            (Value::List(items), Step::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Applies a `terraform show -json` `sensitive_values` mirror, where `true` marks a sensitive
/// value. Returns how many values were masked.
pub(crate) fn mask_mirror(value: &mut Value, mirror: &serde_json::Value) -> usize {
    match (mirror, value) {
        (serde_json::Value::Bool(true), value) => usize::from(mask(value)),
        (serde_json::Value::Object(marks), Value::Object(map)) => marks
            .iter()
            .filter_map(|(key, sub)| map.get_mut(key).map(|v| mask_mirror(v, sub)))
            .sum(),
        (serde_json::Value::Array(marks), Value::List(items)) => items
            .iter_mut()
            .zip(marks)
            .map(|(v, sub)| mask_mirror(v, sub))
            .sum(),
        _ => 0,
    }
}
