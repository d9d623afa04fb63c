//! Builds CloudFormation resources from JSON literals (properties already evaluated, as the
//! template front end hands them over), maps them and runs the real rules on them.
//!
//! Intrinsics in the literals evaluate as the front end evaluates them: `{"Ref": "X"}` and
//! `{"Fn::GetAtt": ["X", "Arn"]}` are unknowns referring to `X` (`id`, `arn`), `{"Fn::Sub":
//! "…"}` is partly unknown text (`${X.arn}` for resource parts, `${?}` for the account and
//! region), and `{"Unknown": "why"}` is a value known only after deployment.
//!
//! Every property gets a span on a line of its own, so tests can check that a finding points
//! at the property it is about.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use driftguard_cloudformation::map::convert::{reference, snake_case};
use driftguard_cloudformation::map::map_resource;
use driftguard_cloudformation::CfnResource;
use driftguard_model::{Finding, Position, Reference, Resource, Span, Unknown, Value};
use driftguard_rules::{Checked, Registry, RuleSelector};
use serde_json::Value as Json;

/// Lines are unique across the resources of a test binary.
static NEXT_LINE: AtomicU32 = AtomicU32::new(1);

fn span(line: u32) -> Span {
    Span {
        file: Arc::from("template.yaml"),
        start: Position { line, column: 5 },
        end: Position { line, column: 20 },
        bytes: 0..0,
    }
}

/// A resource `logical_id` of `resource_type` with `properties`.
pub fn cfn(logical_id: &str, resource_type: &str, properties: Json) -> CfnResource {
    let span_line = NEXT_LINE.fetch_add(1, Ordering::Relaxed);
    let mut property_spans = BTreeMap::new();
    record_spans(&properties, "", &mut property_spans);
    CfnResource {
        logical_id: logical_id.to_string(),
        resource_type: resource_type.to_string(),
        properties: evaluate(&properties),
        property_spans,
        span: span(span_line),
        metadata: Value::Null,
    }
}

fn record_spans(json: &Json, path: &str, spans: &mut BTreeMap<String, Span>) {
    if !path.is_empty() {
        spans.insert(
            path.to_string(),
            span(NEXT_LINE.fetch_add(1, Ordering::Relaxed)),
        );
    }
    if is_intrinsic(json) {
        return;
    }
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match json {
        Json::Object(map) => {
            for (key, value) in map {
                record_spans(value, &join(key), spans);
            }
        }
        Json::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                record_spans(value, &join(&index.to_string()), spans);
            }
        }
        _ => {}
    }
}

fn is_intrinsic(json: &Json) -> bool {
    json.as_object().is_some_and(|map| {
        map.len() == 1
            && map
                .keys()
                .all(|k| k == "Ref" || k == "Unknown" || k.starts_with("Fn::"))
    })
}

/// The evaluated value of a JSON literal with intrinsics.
pub fn evaluate(json: &Json) -> Value {
    if let Some(map) = json.as_object().filter(|_| is_intrinsic(json)) {
        let (name, argument) = map.iter().next().expect("one key");
        return match (name.as_str(), argument) {
            ("Ref", Json::String(target)) if target.starts_with("AWS::") => {
                Value::unknown(format!("{target} is known at deployment"))
            }
            ("Ref", Json::String(target)) => reference(target, "id"),
            ("Fn::GetAtt", Json::Array(parts)) => reference(
                parts[0].as_str().expect("a logical id"),
                &snake_case(parts[1].as_str().expect("an attribute")),
            ),
            ("Fn::Sub", Json::String(text)) => sub(text),
            ("Unknown", Json::String(reason)) => Value::unknown(reason.as_str()),
            _ => panic!("unsupported intrinsic in a test literal: {json}"),
        };
    }
    match json {
        Json::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), evaluate(v))).collect())
        }
        Json::Array(items) => Value::List(items.iter().map(evaluate).collect()),
        other => Value::from_json(other),
    }
}

/// `Fn::Sub` text: known when every part is (`AWS::Partition` is `aws`), else unknown with the
/// partial text the front end writes.
fn sub(text: &str) -> Value {
    let mut out = String::new();
    let mut first_reference = None;
    let mut unknown = false;
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closed placeholder") + start;
        let name = &rest[start + 2..end];
        rest = &rest[end + 1..];
        if name == "AWS::Partition" {
            out.push_str("aws");
            continue;
        }
        unknown = true;
        if name.starts_with("AWS::") {
            out.push_str("${?}");
            continue;
        }
        let (address, attribute) = match name.split_once('.') {
            Some((address, attribute)) => (address, snake_case(attribute)),
            None => (name, "id".to_string()),
        };
        out.push_str(&format!("${{{address}.{attribute}}}"));
        first_reference.get_or_insert_with(|| Reference {
            address: address.to_string(),
            attribute,
            whole: false,
        });
    }
    out.push_str(rest);
    if !unknown {
        return Value::String(out);
    }
    Value::Unknown(Box::new(Unknown {
        reason: "the text is known after deployment".into(),
        reference: first_reference,
        encodes: None,
        partial: Some(out.into()),
    }))
}

/// The line of the property at `path` of `resource`.
pub fn line(resource: &CfnResource, path: &str) -> u32 {
    resource
        .property_spans
        .get(path)
        .unwrap_or_else(|| panic!("no property {path} in {}", resource.logical_id))
        .start
        .line
}

/// Every resource the template's resources map to.
pub fn mapped(resources: &[CfnResource]) -> Vec<Resource> {
    resources.iter().flat_map(map_resource).collect()
}

/// Maps the resources and runs every rule on them.
pub fn scan(resources: &[CfnResource]) -> Checked {
    Registry::new(&RuleSelector::default()).check(&mapped(resources))
}

/// The findings of `rule`.
pub fn findings<'c>(checked: &'c Checked, rule: &str) -> Vec<&'c Finding> {
    checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .collect()
}

/// The finding of `rule` on `address`; fails the test when there is none.
pub fn finding<'c>(checked: &'c Checked, rule: &str, address: &str) -> &'c Finding {
    checked
        .findings
        .iter()
        .find(|f| f.rule_id == rule && f.resource_address == address)
        .unwrap_or_else(|| panic!("{rule} does not fire on {address}: {}", summary(checked)))
}

/// Asserts that `rule` fires on `address`, at the line of `resource`'s property `path`.
pub fn fires_at(checked: &Checked, rule: &str, address: &str, resource: &CfnResource, path: &str) {
    fires_on_line(checked, rule, address, line(resource, path), path);
}

fn fires_on_line(checked: &Checked, rule: &str, address: &str, expected: u32, what: &str) {
    let found: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(
        !found.is_empty(),
        "{rule} does not fire on {address}: {}",
        summary(checked)
    );
    assert!(
        found
            .iter()
            .any(|f| f.location.as_ref().map(|s| s.start.line) == Some(expected)),
        "{rule} on {address} does not point at {what} (line {expected}): {found:#?}"
    );
}

/// Asserts that `rule` fires on `address`, pointing at the whole resource.
pub fn fires_on_resource(checked: &Checked, rule: &str, address: &str, resource: &CfnResource) {
    fires_on_line(
        checked,
        rule,
        address,
        resource.span.start.line,
        "the resource",
    );
}

/// Asserts that `rule` reports nothing.
pub fn quiet(checked: &Checked, rule: &str) {
    let found = findings(checked, rule);
    assert!(found.is_empty(), "{rule} fires: {found:#?}");
}

/// Asserts that `rule` leaves `address` inconclusive.
pub fn inconclusive(checked: &Checked, rule: &str, address: &str) {
    assert!(
        checked
            .inconclusive
            .iter()
            .any(|i| i.rule_id == rule && i.resource_address == address),
        "{rule} is not inconclusive on {address}: {}",
        summary(checked)
    );
}

/// Asserts that no rule whose id starts with `prefix` fires, but for `except`.
pub fn family_quiet(checked: &Checked, prefix: &str, except: &[&str]) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id.starts_with(prefix) && !except.contains(&f.rule_id.as_str()))
        .map(|f| format!("{} on {}: {}", f.rule_id, f.resource_address, f.message))
        .collect();
    assert!(found.is_empty(), "unexpected findings: {found:#?}");
}

fn summary(checked: &Checked) -> String {
    let findings: Vec<String> = checked
        .findings
        .iter()
        .map(|f| format!("{} on {}", f.rule_id, f.resource_address))
        .collect();
    let inconclusive: Vec<String> = checked
        .inconclusive
        .iter()
        .map(|i| format!("{} on {} ({})", i.rule_id, i.resource_address, i.reason))
        .collect();
    format!("findings {findings:?}, inconclusive {inconclusive:?}")
}
