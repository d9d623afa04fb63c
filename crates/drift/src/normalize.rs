//! Value comparison with the normalisation rules: empty equals absent, sensitive and unknown
//! values never differ, sets compare order-insensitively, policies compare canonicalised.

use std::collections::BTreeMap;

use driftguard_model::Value;

use crate::report::{DiffKind, Difference};
use crate::table::TypeRules;

/// The masked marker of a sensitive state attribute; it never produces a difference.
pub const SENSITIVE: &str = "(sensitive)";

/// Keys whose values IAM treats alike as a scalar or a one-element array, and whose element
/// order is irrelevant.
const LIST_LIKE_KEYS: &[&str] = &[
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
];

/// Canonical form of a policy JSON document: URL-decoded if IAM returned it encoded, keys
/// sorted, `Statement` always a list (order-insensitive), Action/Resource/Principal values and
/// condition values as sorted lists with a single element collapsed to a scalar.
/// `None` when the text is not JSON.
pub fn canonical_policy(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    let decoded;
    let text = if trimmed.starts_with('%') || trimmed.contains("%22") {
        decoded = percent_encoding::percent_decode_str(trimmed)
            .decode_utf8()
            .ok()?
            .into_owned();
        decoded.as_str()
    } else {
        trimmed
    };
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(canon(Value::from_json(&json), ""))
}

fn canon(value: Value, key: &str) -> Value {
    match value {
        Value::Object(map) => {
            let map: BTreeMap<String, Value> = map
                .into_iter()
                .map(|(k, v)| {
                    let v = if key == "Condition" {
                        // operator → { condition key → value(s) }
                        match v {
                            Value::Object(inner) => Value::Object(
                                inner
                                    .into_iter()
                                    .map(|(ck, cv)| (ck, list_like(cv)))
                                    .collect(),
                            ),
                            other => other,
                        }
                    } else {
                        canon(v, &k)
                    };
                    (k, v)
                })
                .collect();
            if key == "Statement" {
                Value::List(vec![Value::Object(map)])
            } else {
                Value::Object(map)
            }
        }
        Value::List(items) if key == "Statement" => {
            let mut items: Vec<Value> = items.into_iter().map(|v| canon(v, "")).collect();
            items.sort_by_cached_key(|v| v.to_string());
            Value::List(items)
        }
        Value::List(items) if LIST_LIKE_KEYS.contains(&key) => list_like(Value::List(items)),
        Value::List(items) => Value::List(items.into_iter().map(|v| canon(v, "")).collect()),
        other => other,
    }
}

fn list_like(value: Value) -> Value {
    match value {
        Value::List(mut items) => {
            items.sort_by_cached_key(|v| v.to_string());
            items.dedup();
            if items.len() == 1 {
                items.pop().unwrap_or_default()
            } else {
                Value::List(items)
            }
        }
        other => other,
    }
}

/// Absent, null, `""`, `[]` and `{}` are all "nothing".
pub(crate) fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::List(items)) => items.is_empty(),
        Some(Value::Object(map)) => map.is_empty(),
        _ => false,
    }
}

fn is_opaque(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Unknown(_)))
        || matches!(value, Some(Value::String(s)) if s == SENSITIVE)
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::String(s)) | (Value::String(s), Value::Number(x)) => {
            s.trim().parse::<f64>().is_ok_and(|y| y == *x)
        }
        (Value::Bool(x), Value::String(s)) | (Value::String(s), Value::Bool(x)) => {
            s == if *x { "true" } else { "false" }
        }
        _ => a == b,
    }
}

/// Walks two values and records their differences. `path` is the dotted path shown to the user,
/// `pattern` the same path with list indices as `*`, matched against the table.
pub(crate) struct Comparer<'a> {
    pub rules: &'a TypeRules,
    pub path: String,
    pub pattern: String,
    pub out: Vec<Difference>,
    /// Top-level attributes not compared for this resource (a parent's attributes that
    /// declared children stand for, see [`crate::table::Parent`]).
    pub skip: &'a [&'static str],
}

impl<'a> Comparer<'a> {
    pub fn new(rules: &'a TypeRules) -> Self {
        Comparer {
            rules,
            path: String::new(),
            pattern: String::new(),
            out: Vec::new(),
            skip: &[],
        }
    }

    fn push(&mut self, segment: &str, pattern_segment: &str) -> (usize, usize) {
        let marks = (self.path.len(), self.pattern.len());
        if !self.path.is_empty() {
            self.path.push('.');
            self.pattern.push('.');
        }
        if segment.contains('.') {
            self.path.push_str(&segment.replace('.', "\\."));
        } else {
            self.path.push_str(segment);
        }
        self.pattern.push_str(pattern_segment);
        marks
    }

    fn pop(&mut self, marks: (usize, usize)) {
        self.path.truncate(marks.0);
        self.pattern.truncate(marks.1);
    }

    fn record(&mut self, kind: DiffKind, expected: Option<&Value>, actual: Option<&Value>) {
        self.out.push(Difference {
            path: self.path.clone(),
            kind,
            expected: expected.cloned(),
            actual: actual.cloned(),
        });
    }

    /// Compares two resources' attribute objects (top level: ignores, defaults, tags, policies).
    ///
    /// Only attributes present on both sides are compared: a top-level key that the live side
    /// lacks is one its collector does not read (live sides emit `null` for what they read and
    /// found unset), and one the state lacks is unknown to the provider version that wrote it.
    /// Either way, no evidence of drift.
    pub fn compare_resource(&mut self, expected: &Value, actual: &Value) {
        let (Some(exp), Some(act)) = (expected.as_object(), actual.as_object()) else {
            self.compare(Some(expected), Some(actual));
            return;
        };
        let mut keys: Vec<&str> = exp
            .keys()
            .chain(act.keys())
            .map(|k| if k == "tags_all" { "tags" } else { k.as_str() })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            if self.rules.is_ignored(key)
                || self.skip.contains(&key)
                || !has_key(exp, key)
                || !has_key(act, key)
            {
                continue;
            }
            let (e, a) = if key == "tags" {
                (effective_tags(exp), effective_tags(act))
            } else {
                (exp.get(key), act.get(key))
            };
            let default = if is_empty(e) || is_empty(a) {
                self.rules.default_of(key)
            } else {
                None
            };
            let e = if is_empty(e) {
                default.as_ref().or(e)
            } else {
                e
            };
            let a = if is_empty(a) {
                default.as_ref().or(a)
            } else {
                a
            };
            let marks = self.push(key, key);
            if self.rules.is_policy(key) {
                self.compare_policy(e, a);
            } else {
                self.compare(e, a);
            }
            self.pop(marks);
        }
    }

    fn compare_policy(&mut self, e: Option<&Value>, a: Option<&Value>) {
        if let (Some(Value::String(es)), Some(Value::String(as_))) = (e, a) {
            if es == as_ {
                return;
            }
            if let (Some(ec), Some(ac)) = (canonical_policy(es), canonical_policy(as_)) {
                // Policy internals are compared structurally, with the canonical forms.
                let rules = crate::table::rules_for("");
                let saved = std::mem::replace(&mut self.rules, rules);
                self.compare(Some(&ec), Some(&ac));
                self.rules = saved;
                return;
            }
        }
        self.compare(e, a);
    }

    /// Generic comparison below the top level.
    pub fn compare(&mut self, e: Option<&Value>, a: Option<&Value>) {
        if e == a || is_opaque(e) || is_opaque(a) {
            return;
        }
        if !self.pattern.is_empty() && self.rules.is_ignored(&self.pattern) {
            return;
        }
        match (is_empty(e), is_empty(a)) {
            (true, true) => return,
            (true, false) => return self.record(DiffKind::Add, None, a),
            (false, true) => return self.record(DiffKind::Remove, e, None),
            (false, false) => {}
        }
        let (Some(e), Some(a)) = (e, a) else { return };
        match (e, a) {
            (Value::Object(em), Value::Object(am)) => {
                let mut keys: Vec<&String> = em.keys().chain(am.keys()).collect();
                keys.sort_unstable();
                keys.dedup();
                for key in keys {
                    let marks = self.push(key, key);
                    self.compare(em.get(key), am.get(key));
                    self.pop(marks);
                }
            }
            (Value::List(el), Value::List(al)) => {
                if self.rules.is_set(&self.pattern) {
                    self.compare_set(el, al);
                } else {
                    for i in 0..el.len().max(al.len()) {
                        let marks = self.push(&i.to_string(), "*");
                        self.compare(el.get(i), al.get(i));
                        self.pop(marks);
                    }
                }
            }
            _ if scalar_eq(e, a) => {}
            _ => self.record(DiffKind::NotEqual, Some(e), Some(a)),
        }
    }

    /// Whether two values are equal under the normalisation (used to pair set elements).
    fn equivalent(&self, e: &Value, a: &Value) -> bool {
        if e == a {
            return true;
        }
        let mut probe = Comparer {
            rules: self.rules,
            path: self.path.clone(),
            pattern: self.pattern.clone(),
            out: Vec::new(),
            skip: &[],
        };
        let marks = probe.push("0", "*");
        probe.compare(Some(e), Some(a));
        probe.pop(marks);
        probe.out.is_empty()
    }

    fn compare_set(&mut self, el: &[Value], al: &[Value]) {
        let mut matched = vec![false; al.len()];
        let mut unmatched_expected = Vec::new();
        for (i, e) in el.iter().enumerate() {
            let found = (0..al.len()).find(|&j| !matched[j] && self.equivalent(e, &al[j]));
            match found {
                Some(j) => matched[j] = true,
                None => unmatched_expected.push(i),
            }
        }
        for i in unmatched_expected {
            let marks = self.push(&i.to_string(), "*");
            self.record(DiffKind::Remove, Some(&el[i]), None);
            self.pop(marks);
        }
        for (j, a) in al.iter().enumerate() {
            if !matched[j] {
                let marks = self.push(&j.to_string(), "*");
                self.record(DiffKind::Add, None, Some(a));
                self.pop(marks);
            }
        }
    }
}

/// `tags_all` when present (it includes provider default tags), else `tags`.
fn has_key(map: &BTreeMap<String, Value>, key: &str) -> bool {
    map.contains_key(key) || (key == "tags" && map.contains_key("tags_all"))
}

fn effective_tags(map: &BTreeMap<String, Value>) -> Option<&Value> {
    match map.get("tags_all") {
        Some(v) if !v.is_null() => Some(v),
        _ => map.get("tags"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::rules_for;

    fn v(json: serde_json::Value) -> Value {
        Value::from_json(&json)
    }

    fn diffs(t: &str, e: serde_json::Value, a: serde_json::Value) -> Vec<Difference> {
        let mut c = Comparer::new(rules_for(t));
        c.compare_resource(&v(e), &v(a));
        c.out
    }

    #[test]
    fn policies_compare_canonicalised() {
        let declared = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}"#;
        let live = "%7B%22Statement%22%3A%7B%22Resource%22%3A%5B%22%2A%22%5D%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Effect%22%3A%22Allow%22%7D%2C%22Version%22%3A%222012-10-17%22%7D";
        assert_eq!(canonical_policy(declared), canonical_policy(live));
        assert!(diffs(
            "aws_iam_policy",
            serde_json::json!({"policy": declared}),
            serde_json::json!({"policy": live})
        )
        .is_empty());
        let edited = declared.replace("s3:GetObject", "s3:*");
        let d = diffs(
            "aws_iam_policy",
            serde_json::json!({"policy": declared}),
            serde_json::json!({"policy": edited}),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "policy.Statement.0.Action");
        assert_eq!(d[0].kind, DiffKind::NotEqual);
    }

    #[test]
    fn action_lists_are_order_insensitive() {
        let a = r#"{"Statement":[{"Action":["b","a"],"Effect":"Allow"}]}"#;
        let b = r#"{"Statement":[{"Effect":"Allow","Action":["a","b"]}]}"#;
        assert_eq!(canonical_policy(a), canonical_policy(b));
    }

    #[test]
    fn empty_absent_sensitive_and_defaults_are_equal() {
        let d = diffs(
            "aws_iam_user",
            serde_json::json!({"name": "a", "path": "/", "tags": {}, "permissions_boundary": null, "x": "(sensitive)"}),
            serde_json::json!({"name": "a", "unique_id": "AIDA", "arn": "arn:x", "x": "secret"}),
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn tags_all_is_compared_when_present() {
        let d = diffs(
            "aws_iam_user",
            serde_json::json!({"tags": {"a": "1"}, "tags_all": {"a": "1", "env": "prod"}}),
            serde_json::json!({"tags": {"a": "1", "env": "dev"}}),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "tags.env");
        assert_eq!(d[0].expected, Some(Value::from("prod")));
    }

    #[test]
    fn sets_ignore_order_and_report_add_remove() {
        let e = serde_json::json!({"ingress": [
            {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"]},
            {"from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}
        ]});
        let same = serde_json::json!({"ingress": [
            {"from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"], "description": ""},
            {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["192.168.0.0/16", "10.0.0.0/8"]}
        ]});
        assert!(diffs("aws_security_group", e.clone(), same).is_empty());
        let added = serde_json::json!({"ingress": [
            {"from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
            {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["192.168.0.0/16", "10.0.0.0/8"]},
            {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
        ]});
        let d = diffs("aws_security_group", e, added);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].path.as_str(), d[0].kind),
            ("ingress.2", DiffKind::Add)
        );
    }

    #[test]
    fn nested_lists_report_paths_and_kinds() {
        let d = diffs(
            "aws_s3_bucket_versioning",
            serde_json::json!({"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]}),
            serde_json::json!({"bucket": "b", "versioning_configuration": [{"status": "Suspended", "mfa_delete": "Disabled"}]}),
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].path, "versioning_configuration.0.mfa_delete");
        assert_eq!(d[0].kind, DiffKind::Add);
        assert_eq!(d[1].path, "versioning_configuration.0.status");
        assert_eq!(d[1].kind, DiffKind::NotEqual);
        let d = diffs(
            "x",
            serde_json::json!({"tags": {"k8s.io/role": "a"}, "n": 22}),
            serde_json::json!({"tags": null, "n": "22"}),
        );
        assert_eq!(d[0].path, "tags");
        assert_eq!(d[0].kind, DiffKind::Remove);
    }

    #[test]
    fn attributes_one_side_does_not_know_are_not_compared() {
        // The collector does not read `cpu_core_count`; the provider that wrote the state did
        // not know `new_attribute`; `user_data` was read and found unset.
        let d = diffs(
            "x",
            serde_json::json!({"cpu_core_count": 2, "user_data": "abc", "tags": {"a": "1"}}),
            serde_json::json!({"new_attribute": true, "user_data": null}),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].path.as_str(), d[0].kind),
            ("user_data", DiffKind::Remove)
        );
    }
}
