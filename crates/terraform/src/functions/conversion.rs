//! Type conversion functions, plus the conversions every other family uses to accept arguments
//! the way Terraform's typed parameters do.

use std::borrow::Cow;
use std::cmp::Ordering;

use driftguard_model::{format_number, Value};

use super::{spec, Args, FunctionError, Spec, Unknowns::*};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("tobool", 1, 1, Shallow, tobool),
    spec("tonumber", 1, 1, Shallow, tonumber),
    spec("tostring", 1, 1, Shallow, tostring),
    spec("tolist", 1, 1, Shallow, tolist),
    // A set with unknown elements has an unknown length (they may be duplicates), so it is
    // unknown as a whole.
    spec("toset", 1, 1, Deep, toset),
    spec("tomap", 1, 1, Shallow, tomap),
    spec("type", 1, 1, Deep, type_fn),
    // Sensitivity and ephemerality are invisible to a static scan: these are identities.
    spec("sensitive", 1, 1, Manual, identity),
    spec("nonsensitive", 1, 1, Manual, identity),
    spec("ephemeralasnull", 1, 1, Manual, identity),
    spec("issensitive", 1, 1, Manual, issensitive),
];

/// A primitive as a string, as Terraform converts it for `string` parameters.
pub(crate) fn to_str(v: &Value) -> Result<Cow<'_, str>, String> {
    match v {
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Number(n) => Ok(Cow::Owned(format_number(*n))),
        Value::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        other => Err(format!(
            "a string is required, got {}",
            super::describe(other)
        )),
    }
}

pub(crate) fn to_number(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_number(s).ok_or_else(|| {
            format!("cannot convert {s:?} to number; given string must be a decimal representation of a number")
        }),
        other => Err(format!("a number is required, got {}", super::describe(other))),
    }
}

pub(crate) fn to_bool(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::String(s) => Err(format!(
            "cannot convert {s:?} to bool; only the strings \"true\" or \"false\" are allowed"
        )),
        other => Err(format!(
            "a bool is required, got {}",
            super::describe(other)
        )),
    }
}

/// Parses a decimal number the way cty does: no whitespace, hex, `inf` or `NaN`.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Converts elements to one common type, as Terraform does when it turns a tuple into a list
/// (`tolist(["a", 1])` is `["a", "1"]`): strings absorb numbers and bools; nulls and unknowns
/// fit anything.
pub(crate) fn unify(items: Vec<Value>) -> Result<Vec<Value>, String> {
    let (mut strings, mut numbers, mut bools, mut structural) = (false, false, false, false);
    for item in &items {
        match item {
            Value::String(_) => strings = true,
            Value::Number(_) => numbers = true,
            Value::Bool(_) => bools = true,
            Value::List(_) | Value::Object(_) => structural = true,
            Value::Null | Value::Unknown(_) => {}
        }
    }
    let primitive = strings || numbers || bools;
    if structural && primitive {
        return Err("all elements must have the same type".into());
    }
    if !strings {
        if numbers && bools {
            return Err("all elements must have the same type".into());
        }
        return Ok(items);
    }
    Ok(items
        .into_iter()
        .map(|item| match item {
            Value::Number(n) => Value::String(format_number(n)),
            Value::Bool(b) => Value::String(b.to_string()),
            other => other,
        })
        .collect())
}

/// A total order on values, used to give sets a stable order: strings lexically and numbers
/// numerically, as cty orders sets of those types.
pub(crate) fn cmp_values(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::List(_) => 4,
            Value::Object(_) => 5,
            Value::Unknown(_) => 6,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => {
            for (i, j) in x.iter().zip(y) {
                let o = cmp_values(i, j);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Object(x), Value::Object(y)) => {
            for ((ka, va), (kb, vb)) in x.iter().zip(y) {
                let o = ka.cmp(kb).then_with(|| cmp_values(va, vb));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Sorts and deduplicates: our representation of a Terraform set.
pub(crate) fn into_set(mut items: Vec<Value>) -> Vec<Value> {
    items.sort_by(cmp_values);
    items.dedup();
    items
}

fn tobool(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        v => to_bool(v).map(Value::Bool).map_err(|e| args.error(e)),
    }
}

fn tonumber(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        v => to_number(v).map(Value::Number).map_err(|e| args.error(e)),
    }
}

fn tostring(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        Value::List(_) => Err(args.error("cannot convert list to string")),
        Value::Object(_) => Err(args.error("cannot convert object to string")),
        v => Ok(Value::String(
            to_str(v).map_err(|e| args.error(e))?.into_owned(),
        )),
    }
}

fn tolist(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(
            unify(items.clone()).map_err(|e| args.error(e))?,
        )),
        other => Err(args.error(format!("cannot convert {} to list", super::describe(other)))),
    }
}

fn toset(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(into_set(
            unify(items.clone()).map_err(|e| args.error(e))?,
        ))),
        other => Err(args.error(format!("cannot convert {} to set", super::describe(other)))),
    }
}

fn tomap(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Ok(Value::Null),
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let values = unify(map.values().cloned().collect()).map_err(|e| args.error(e))?;
            Ok(Value::Object(keys.into_iter().zip(values).collect()))
        }
        other => Err(args.error(format!("cannot convert {} to map", super::describe(other)))),
    }
}

/// The type of a value in Terraform's type-constraint syntax. Our values do not remember
/// whether they were a list or a tuple, a map or an object, so they are described as the
/// literal that produced them would be (`tuple`, `object`).
pub(crate) fn type_string(v: &Value) -> String {
    match v {
        Value::Null | Value::Unknown(_) => "dynamic".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(type_string).collect();
            format!("tuple([{}])", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", type_string(v)))
                .collect();
            format!("object({{{}}})", inner.join(", "))
        }
    }
}

fn type_fn(args: &Args) -> Result<Value, FunctionError> {
    if depth_exceeds(args.get(0), super::MAX_DEPTH) {
        return Err(args.error("value is nested too deeply"));
    }
    Ok(Value::String(type_string(args.get(0))))
}

pub(crate) fn depth_exceeds(v: &Value, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    match v {
        Value::List(items) => items.iter().any(|i| depth_exceeds(i, limit - 1)),
        Value::Object(map) => map.values().any(|i| depth_exceeds(i, limit - 1)),
        _ => false,
    }
}

fn identity(args: &Args) -> Result<Value, FunctionError> {
    Ok(args.get(0).clone())
}

fn issensitive(_: &Args) -> Result<Value, FunctionError> {
    Ok(Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn tobool_accepts_bools_and_their_strings() {
        assert_eq!(ok("tobool", vec![s("true")]), Value::Bool(true));
        assert_eq!(ok("tobool", vec![Value::Bool(false)]), Value::Bool(false));
        assert_eq!(ok("tobool", vec![Value::Null]), Value::Null);
        assert!(err("tobool", vec![s("yes")]).contains("cannot convert"));
        assert!(err("tobool", vec![n(1.0)]).contains("bool is required"));
    }

    #[test]
    fn tonumber_parses_decimal_strings_only() {
        assert_eq!(ok("tonumber", vec![s("1.5")]), n(1.5));
        assert_eq!(ok("tonumber", vec![s("-2e3")]), n(-2000.0));
        assert_eq!(ok("tonumber", vec![n(3.0)]), n(3.0));
        assert_eq!(ok("tonumber", vec![Value::Null]), Value::Null);
        for bad in ["", " 1", "0x10", "inf", "NaN", "1e", "1e999", "."] {
            assert!(
                err("tonumber", vec![s(bad)]).contains("cannot convert"),
                "{bad}"
            );
        }
    }

    #[test]
    fn tostring_formats_primitives() {
        assert_eq!(ok("tostring", vec![n(22.0)]), s("22"));
        assert_eq!(ok("tostring", vec![n(0.5)]), s("0.5"));
        assert_eq!(ok("tostring", vec![Value::Bool(true)]), s("true"));
        assert_eq!(ok("tostring", vec![Value::Null]), Value::Null);
        assert!(err("tostring", vec![strs(&["a"])]).contains("cannot convert list"));
    }

    #[test]
    fn tolist_unifies_element_types_and_keeps_unknowns() {
        assert_eq!(
            ok(
                "tolist",
                vec![list(vec![s("a"), n(1.0), Value::Bool(true)])]
            ),
            strs(&["a", "1", "true"])
        );
        let with_unknown = ok("tolist", vec![list(vec![s("a"), unk()])]);
        assert_eq!(with_unknown.as_list().unwrap().len(), 2);
        assert!(with_unknown.as_list().unwrap()[1].is_unknown());
        assert!(err("tolist", vec![list(vec![n(1.0), Value::Bool(true)])]).contains("same type"));
        assert!(err("tolist", vec![obj(&[])]).contains("cannot convert object"));
        assert!(ok("tolist", vec![unk()]).is_unknown());
    }

    #[test]
    fn toset_deduplicates_and_sorts() {
        assert_eq!(
            ok("toset", vec![strs(&["b", "a", "b", "c"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("toset", vec![list(vec![n(10.0), n(2.0), n(10.0)])]),
            list(vec![n(2.0), n(10.0)])
        );
        assert_eq!(
            ok("toset", vec![list(vec![s("b"), n(1.0)])]),
            strs(&["1", "b"])
        );
        assert!(ok("toset", vec![list(vec![s("a"), unk()])]).is_unknown());
        assert!(err("toset", vec![s("a")]).contains("cannot convert string"));
    }

    #[test]
    fn tomap_unifies_values() {
        assert_eq!(
            ok("tomap", vec![obj(&[("a", s("x")), ("b", n(1.0))])]),
            obj(&[("a", s("x")), ("b", s("1"))])
        );
        let kept = ok("tomap", vec![obj(&[("a", unk())])]);
        assert!(kept.get_path("a").unwrap().is_unknown());
        assert!(err("tomap", vec![strs(&["a"])]).contains("cannot convert list"));
    }

    #[test]
    fn type_describes_values() {
        assert_eq!(ok("type", vec![s("x")]), s("string"));
        assert_eq!(
            ok("type", vec![list(vec![s("a"), n(1.0)])]),
            s("tuple([string, number])")
        );
        assert_eq!(
            ok("type", vec![obj(&[("a", Value::Bool(true))])]),
            s("object({a: bool})")
        );
        assert_eq!(ok("type", vec![Value::Null]), s("dynamic"));
        assert!(ok("type", vec![list(vec![unk()])]).is_unknown());
    }

    #[test]
    fn sensitivity_is_transparent() {
        assert_eq!(ok("sensitive", vec![s("x")]), s("x"));
        assert_eq!(ok("nonsensitive", vec![n(1.0)]), n(1.0));
        assert_eq!(ok("ephemeralasnull", vec![s("x")]), s("x"));
        assert!(ok("sensitive", vec![unk()]).is_unknown());
        assert_eq!(ok("issensitive", vec![s("x")]), Value::Bool(false));
        assert_eq!(ok("issensitive", vec![unk()]), Value::Bool(false));
    }
}
