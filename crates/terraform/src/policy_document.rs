//! `data "aws_iam_policy_document"`: rendered to its `json` statically, as the AWS provider does,
//! so policy rules see documents built with it like any other policy.

use std::collections::BTreeMap;

use driftguard_model::Value;
use serde_json::{json, Map};

/// The policy JSON for a data source's evaluated attributes, or `None` if any part is unknown.
///
/// Merges like the provider: the statements of `source_policy_documents` first, then the
/// document's own (replacing a source statement with the same `Sid`), then those of
/// `override_policy_documents` (replacing by `Sid`, else appended).
pub fn render(attributes: &BTreeMap<String, Value>) -> Option<Value> {
    let mut statements: Vec<serde_json::Value> = Vec::new();
    for source in documents(attributes, "source_policy_documents")? {
        statements.extend(source);
    }
    for statement in attributes
        .get("statement")
        .and_then(Value::as_list)
        .unwrap_or_default()
    {
        if statement.contains_unknown() {
            return None;
        }
        merge_by_sid(&mut statements, render_statement(statement)?);
    }
    for overriding in documents(attributes, "override_policy_documents")? {
        for statement in overriding {
            merge_by_sid(&mut statements, statement);
        }
    }
    let mut document = Map::new();
    document.insert(
        "Version".into(),
        json!(attributes
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or("2012-10-17")),
    );
    if let Some(id) = attributes.get("policy_id").and_then(Value::as_str) {
        document.insert("Id".into(), json!(id));
    }
    document.insert("Statement".into(), serde_json::Value::Array(statements));
    Some(Value::String(
        serde_json::Value::Object(document).to_string(),
    ))
}

/// The statements of each JSON document listed in `attribute`; `None` when one is unknown or
/// not a policy document.
fn documents(
    attributes: &BTreeMap<String, Value>,
    attribute: &str,
) -> Option<Vec<Vec<serde_json::Value>>> {
    let Some(list) = attributes.get(attribute).filter(|v| !v.is_null()) else {
        return Some(Vec::new());
    };
    list.as_list()?
        .iter()
        .map(|item| {
            let json: serde_json::Value = serde_json::from_str(item.as_str()?).ok()?;
            Some(match json.get("Statement")? {
                serde_json::Value::Array(items) => items.clone(),
                single => vec![single.clone()],
            })
        })
        .collect()
}

/// Adds `statement`, replacing the one with the same `Sid` if there is one.
fn merge_by_sid(statements: &mut Vec<serde_json::Value>, statement: serde_json::Value) {
    let sid = statement.get("Sid").and_then(serde_json::Value::as_str);
    let existing = sid.and_then(|sid| {
        statements
            .iter()
            .position(|s| s.get("Sid").and_then(serde_json::Value::as_str) == Some(sid))
    });
    match existing {
        Some(index) => statements[index] = statement,
        None => statements.push(statement),
    }
}

fn render_statement(statement: &Value) -> Option<serde_json::Value> {
    let get = |key: &str| statement.get_path(key).filter(|v| !v.is_null());
    let mut out = Map::new();
    if let Some(sid) = get("sid").and_then(Value::as_str) {
        out.insert("Sid".into(), json!(sid));
    }
    out.insert(
        "Effect".into(),
        json!(get("effect").and_then(Value::as_str).unwrap_or("Allow")),
    );
    for (attr, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(list) = get(attr).and_then(Value::as_list) {
            out.insert(key.into(), string_or_list(list));
        }
    }
    for (block, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let mut principals: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for p in get(block).and_then(Value::as_list).unwrap_or_default() {
            let kind = p.get_path("type").and_then(Value::as_str)?.to_string();
            let ids = p
                .get_path("identifiers")
                .and_then(Value::as_list)
                .unwrap_or_default();
            principals
                .entry(kind)
                .or_default()
                .extend(ids.iter().cloned());
        }
        if !principals.is_empty() {
            let value = if principals.len() == 1 && principals.contains_key("*") {
                json!("*")
            } else {
                serde_json::Value::Object(
                    principals
                        .into_iter()
                        .map(|(k, v)| (k, string_or_list(&v)))
                        .collect(),
                )
            };
            out.insert(key.into(), value);
        }
    }
    let mut conditions: BTreeMap<String, Map<String, serde_json::Value>> = BTreeMap::new();
    for c in get("condition")
        .and_then(Value::as_list)
        .unwrap_or_default()
    {
        let test = c.get_path("test").and_then(Value::as_str)?.to_string();
        let variable = c.get_path("variable").and_then(Value::as_str)?.to_string();
        let values = c
            .get_path("values")
            .and_then(Value::as_list)
            .unwrap_or_default();
        conditions
            .entry(test)
            .or_default()
            .insert(variable, string_or_list(values));
    }
    if !conditions.is_empty() {
        out.insert("Condition".into(), json!(conditions));
    }
    Some(serde_json::Value::Object(out))
}

/// The provider writes one-element lists as a bare string.
fn string_or_list(items: &[Value]) -> serde_json::Value {
    match items {
        [single] => single.to_json(),
        many => serde_json::Value::Array(many.iter().map(Value::to_json).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(json: serde_json::Value) -> BTreeMap<String, Value> {
        match Value::from_json(&json) {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn merges_source_own_and_override_statements_by_sid() {
        let source = r#"{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#;
        let overriding =
            r#"{"Statement":{"Sid":"B","Effect":"Deny","Action":"sqs:*","Resource":"*"}}"#;
        let attrs = attributes(serde_json::json!({
            "source_policy_documents": [source],
            "override_policy_documents": [overriding],
            "statement": [{"sid": "A", "actions": ["s3:GetObject"], "resources": ["*"]}],
        }));
        let rendered: serde_json::Value =
            serde_json::from_str(render(&attrs).unwrap().as_str().unwrap()).unwrap();
        assert_eq!(
            rendered["Statement"],
            serde_json::json!([
                {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "B", "Effect": "Deny", "Action": "sqs:*", "Resource": "*"},
            ])
        );
    }

    #[test]
    fn an_unknown_or_invalid_source_document_leaves_the_json_unknown() {
        let mut attrs = attributes(serde_json::json!({"statement": []}));
        attrs.insert(
            "source_policy_documents".into(),
            Value::List(vec![Value::unknown("x")]),
        );
        assert!(render(&attrs).is_none());
        attrs.insert(
            "source_policy_documents".into(),
            Value::List(vec![Value::from("not json")]),
        );
        assert!(render(&attrs).is_none());
    }
}
