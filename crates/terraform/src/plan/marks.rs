//! The mark trees of a plan applied to values: `after_unknown` (unknown after apply),
//! `sensitive_values` and `after_sensitive` (hidden), and what the code does not set.

use driftguard_model::Value;
use jsonc_parser::ast::Value as Json;

use super::config::{self, Configuration, Seg, Setting};
use super::json::marks_anything;
use super::{AFTER_APPLY, SENSITIVE_REASON};
use crate::state::KNOWN_SECRET_ATTRIBUTES;

/// Applies `after_unknown` marks: a `true` leaf makes the value at its path unknown, as
/// `decide` says, or removes it when `decide` gives `None` (an attribute the provider
/// computes and the code does not set). Returns whether `value` is kept.
pub(super) fn apply_unknown<'m>(
    value: &mut Value,
    marks: &'m Json<'_>,
    path: &mut Vec<Seg<'m>>,
    decide: &mut dyn FnMut(&[Seg<'_>]) -> Option<Value>,
) -> bool {
    match marks {
        Json::BooleanLit(b) if b.value => match decide(path) {
            Some(unknown) => {
                *value = unknown;
                true
            }
            None => false,
        },
        Json::Object(marks) => {
            if value.is_null() {
                *value = Value::Object(Default::default());
            }
            let Value::Object(map) = value else {
                return true;
            };
            for mark in marks.properties.iter().filter(|m| marks_anything(&m.value)) {
                let key = mark.name.as_str();
                path.push(Seg::Key(key));
                let child = map.entry(key.to_owned()).or_default();
                if !apply_unknown(child, &mark.value, path, decide) {
                    map.remove(key);
                }
                path.pop();
            }
            true
        }
        Json::Array(marks) => {
            if value.is_null() {
                *value = Value::List(Vec::new());
            }
            let Value::List(items) = value else {
                return true;
            };
            for (i, mark) in marks.elements.iter().enumerate() {
                if !marks_anything(mark) {
                    continue;
                }
                if items.len() <= i {
                    items.resize(i + 1, Value::Null);
                }
                path.push(Seg::Index(i));
                if !apply_unknown(&mut items[i], mark, path, decide) {
                    // A list keeps its length: an element the code does not set is unknown.
                    items[i] = Value::unknown(AFTER_APPLY);
                }
                path.pop();
            }
            true
        }
        _ => true,
    }
}

/// One step of an attribute path, owned.
enum Part {
    Key(String),
    Index(usize),
}

/// Removes the empty values (`null`, `[]`, `{}`) of attributes and nested blocks the code
/// does not set, down the blocks it writes: that is how a plan (like a state) writes "not
/// set", which on HCL is no attribute at all (`restore_to_point_in_time = []` would otherwise
/// read as a restore).
pub(super) fn drop_unset(value: &mut Value, resource: &config::ResourceConfig<'_, '_>) {
    drop_unset_at(value, &mut Vec::new(), resource);
}

fn drop_unset_at(
    value: &mut Value,
    path: &mut Vec<Part>,
    resource: &config::ResourceConfig<'_, '_>,
) {
    let setting = |path: &[Part]| {
        let segs: Vec<Seg<'_>> = path
            .iter()
            .map(|part| match part {
                Part::Key(key) => Seg::Key(key),
                Part::Index(i) => Seg::Index(*i),
            })
            .collect();
        matches!(
            Configuration::setting(Some(resource), &segs),
            Setting::NotSet
        )
    };
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let Some(child) = map.get_mut(&key) else {
                    continue;
                };
                path.push(Part::Key(key.clone()));
                let empty = match child {
                    Value::Null => true,
                    Value::List(items) => items.is_empty(),
                    Value::Object(map) => map.is_empty(),
                    _ => false,
                };
                let not_set = setting(path);
                if not_set && empty {
                    map.remove(&key);
                } else if !not_set {
                    drop_unset_at(child, path, resource);
                }
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Part::Index(i));
                drop_unset_at(item, path, resource);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Replaces the values that `marks` marks sensitive with an unknown; `null` stays `null` (it
/// holds no secret, and an unknown would look set). Returns how many were replaced.
pub(super) fn hide(value: &mut Value, marks: &Json<'_>) -> usize {
    match (marks, value) {
        (_, Value::Null) => 0,
        (_, Value::Unknown(u)) if &*u.reason == SENSITIVE_REASON => 0,
        (Json::BooleanLit(b), value) if b.value => {
            *value = Value::unknown(SENSITIVE_REASON);
            1
        }
        (Json::Object(marks), Value::Object(map)) => marks
            .properties
            .iter()
            .filter_map(|m| Some(hide(map.get_mut(m.name.as_str())?, &m.value)))
            .sum(),
        (Json::Array(marks), Value::List(items)) => items
            .iter_mut()
            .zip(&marks.elements)
            .map(|(item, mark)| hide(item, mark))
            .sum(),
        _ => 0,
    }
}

pub(super) fn known_secrets(ty: &str) -> &'static [&'static str] {
    KNOWN_SECRET_ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == ty)
        .map_or(&[], |(_, names)| names)
}

/// Hides the attributes that providers store in plain text though they are secrets.
pub(super) fn hide_known_secrets(ty: &str, attributes: &mut Value) -> usize {
    let Value::Object(map) = attributes else {
        return 0;
    };
    let mut hidden = 0;
    for name in known_secrets(ty) {
        if let Some(value) = map.get_mut(*name) {
            let already = value
                .as_unknown()
                .is_some_and(|u| &*u.reason == SENSITIVE_REASON);
            if !value.is_null() && !already {
                *value = Value::unknown(SENSITIVE_REASON);
                hidden += 1;
            }
        }
    }
    hidden
}
