//! `data "aws_iam_policy_document"`: rendered to its `json` statically, as the AWS provider does,
//! so policy rules see documents built with it like any other policy.

use std::collections::BTreeMap;

use driftguard_model::Value;
use serde_json::{json, Map};

/// The policy JSON for a data source's evaluated attributes, or `None` if any part is unknown.
pub fn render(attributes: &BTreeMap<String, Value>) -> Option<Value> {
    if attributes.contains_key("source_policy_documents")
        || attributes.contains_key("override_policy_documents")
    {
        // Merging other documents needs their JSON; only render self-contained documents.
        let known = |key: &str| attributes.get(key).is_none_or(|v| !v.contains_unknown());
        if !known("source_policy_documents") || !known("override_policy_documents") {
            return None;
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
    let mut statements = Vec::new();
    for statement in attributes
        .get("statement")
        .and_then(Value::as_list)
        .unwrap_or_default()
    {
        if statement.contains_unknown() {
            return None;
        }
        statements.push(render_statement(statement)?);
    }
    document.insert("Statement".into(), serde_json::Value::Array(statements));
    Some(Value::String(
        serde_json::Value::Object(document).to_string(),
    ))
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
