//! Collection functions. Sets are lists kept sorted and without duplicates (see
//! [`into_set`]); unknown elements stay in place wherever Terraform keeps them.

use std::collections::BTreeMap;

use driftguard_model::Value;
use unicode_segmentation::UnicodeSegmentation;

use super::conversion::{cmp_values, into_set, to_bool, to_number, to_str, unify};
use super::{
    describe, spec, Args, FunctionError, Spec, Unknowns::*, MANY, MAX_DEPTH, MAX_RESULT_BYTES,
};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("alltrue", 1, 1, Shallow, alltrue),
    spec("anytrue", 1, 1, Shallow, anytrue),
    spec("chunklist", 2, 2, Shallow, chunklist),
    spec("coalesce", 1, MANY, Manual, coalesce),
    spec("coalescelist", 1, MANY, Manual, coalescelist),
    spec("compact", 1, 1, Deep, compact),
    spec("concat", 1, MANY, Shallow, concat),
    spec("contains", 2, 2, Manual, contains),
    spec("distinct", 1, 1, Deep, distinct),
    spec("element", 2, 2, Shallow, element),
    spec("flatten", 1, 1, Shallow, flatten),
    spec("index", 2, 2, Manual, index),
    spec("keys", 1, 1, Shallow, keys),
    spec("length", 1, 1, Shallow, length),
    spec("lookup", 2, 3, Manual, lookup),
    spec("matchkeys", 3, 3, Deep, matchkeys),
    spec("merge", 0, MANY, Shallow, merge),
    spec("one", 1, 1, Shallow, one),
    spec("range", 1, 3, Deep, range),
    spec("reverse", 1, 1, Shallow, reverse),
    spec("setintersection", 1, MANY, Deep, setintersection),
    spec("setproduct", 2, MANY, Deep, setproduct),
    spec("setsubtract", 2, 2, Deep, setsubtract),
    spec("setunion", 1, MANY, Deep, setunion),
    spec("slice", 3, 3, Shallow, slice),
    spec("sort", 1, 1, Deep, sort),
    spec("sum", 1, 1, Deep, sum),
    spec("transpose", 1, 1, Deep, transpose),
    spec("values", 1, 1, Shallow, values),
    spec("zipmap", 2, 2, Shallow, zipmap),
];

/// Equality that knows when it cannot decide: `None` if either side holds an unknown.
fn known_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.contains_unknown() || b.contains_unknown() {
        None
    } else {
        Some(a == b)
    }
}

/// Checks every element converts to bool before any is used, as Terraform converts the whole
/// `list(bool)` argument first.
fn bools(args: &Args) -> Result<Vec<Option<bool>>, FunctionError> {
    args.list(0)?
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Unknown(_) | Value::Null => Ok(None),
            v => to_bool(v)
                .map(Some)
                .map_err(|e| args.error(format!("element {i}: {e}"))),
        })
        .collect()
}

fn alltrue(args: &Args) -> Result<Value, FunctionError> {
    let items = bools(args)?;
    for (v, b) in args.list(0)?.iter().zip(items) {
        match (v, b) {
            (Value::Unknown(_), _) => return Ok(args.unknown()),
            (_, Some(true)) => {}
            _ => return Ok(Value::Bool(false)),
        }
    }
    Ok(Value::Bool(true))
}

fn anytrue(args: &Args) -> Result<Value, FunctionError> {
    let items = bools(args)?;
    let mut unknown = false;
    for (v, b) in args.list(0)?.iter().zip(items) {
        match (v, b) {
            (Value::Unknown(_), _) => unknown = true,
            (_, Some(true)) => return Ok(Value::Bool(true)),
            _ => {}
        }
    }
    Ok(if unknown {
        args.unknown()
    } else {
        Value::Bool(false)
    })
}

fn chunklist(args: &Args) -> Result<Value, FunctionError> {
    let items = args.list(0)?;
    let size = args.int(1)?;
    if size < 0 {
        return Err(args.error("the size argument must be positive"));
    }
    if items.is_empty() {
        return Ok(Value::List(vec![]));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items.to_vec())]));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(Value::List(
        items
            .chunks(size)
            .map(|c| Value::List(c.to_vec()))
            .collect(),
    ))
}

/// The first argument that is neither null nor (when all are strings) empty; stops at an
/// unknown because it might be the first.
fn coalesce(args: &Args) -> Result<Value, FunctionError> {
    let unified = unify(args.values.clone())
        .map_err(|_| args.error("all arguments must have the same type"))?;
    let strings = unified.iter().any(|v| matches!(v, Value::String(_)));
    for v in unified {
        match v {
            Value::Unknown(_) => return Ok(args.unknown()),
            Value::Null => {}
            Value::String(s) if strings && s.is_empty() => {}
            v => return Ok(v),
        }
    }
    Err(args.error("no non-null, non-empty-string arguments"))
}

fn coalescelist(args: &Args) -> Result<Value, FunctionError> {
    for v in &args.values {
        match v {
            Value::Unknown(_) => return Ok(args.unknown()),
            Value::Null => {}
            Value::List(items) if items.is_empty() => {}
            Value::List(_) => return Ok(v.clone()),
            _ => return Err(args.error("coalescelist arguments must be lists or tuples")),
        }
    }
    Err(args.error("no non-null arguments"))
}

fn compact(args: &Args) -> Result<Value, FunctionError> {
    let mut out = Vec::new();
    for (i, v) in args.list(0)?.iter().enumerate() {
        if v.is_null() {
            continue;
        }
        let s = to_str(v).map_err(|e| args.error(format!("element {i}: {e}")))?;
        if !s.is_empty() {
            out.push(Value::String(s.into_owned()));
        }
    }
    Ok(Value::List(out))
}

fn concat(args: &Args) -> Result<Value, FunctionError> {
    let mut out = Vec::new();
    for (i, v) in args.values.iter().enumerate() {
        match v {
            Value::List(items) => out.extend(items.iter().cloned()),
            other => {
                return Err(args.error(format!(
                    "argument {}: all arguments must be lists or tuples; got {}",
                    i + 1,
                    describe(other)
                )))
            }
        }
    }
    Ok(Value::List(out))
}

fn contains(args: &Args) -> Result<Value, FunctionError> {
    let items = match args.get(0) {
        Value::Unknown(_) => return Ok(args.unknown()),
        Value::List(items) => items,
        Value::Null => return Err(args.error("cannot search a nil list or set")),
        _ => return Err(args.error("argument must be list, tuple, or set")),
    };
    if items.is_empty() {
        return Ok(Value::Bool(false));
    }
    let needle = args.get(1);
    if needle.is_unknown() {
        return Ok(args.unknown());
    }
    let mut unknown = false;
    for item in items {
        match known_eq(item, needle) {
            None => unknown = true,
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
        }
    }
    Ok(if unknown {
        args.unknown()
    } else {
        Value::Bool(false)
    })
}

/// Keeps the first of each group of equal elements, in order, in O(n log n).
fn first_occurrences(items: &[Value]) -> Vec<Value> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| cmp_values(&items[a], &items[b]).then(a.cmp(&b)));
    let mut keep = vec![false; items.len()];
    for (pos, &i) in order.iter().enumerate() {
        if pos == 0 || items[order[pos - 1]] != items[i] {
            keep[i] = true;
        }
    }
    items
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(v, _)| v.clone())
        .collect()
}

fn distinct(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::List(first_occurrences(args.list(0)?)))
}

fn element(args: &Args) -> Result<Value, FunctionError> {
    let index = args.int(1)?;
    if index < 0 {
        return Err(args.error("cannot use element function with a negative index"));
    }
    let items = match args.get(0) {
        Value::List(items) => items,
        other => return Err(args.error(format!("cannot read elements from {}", describe(other)))),
    };
    if items.is_empty() {
        return Err(args.error("cannot use element function with an empty list"));
    }
    Ok(items[(index as u64 % items.len() as u64) as usize].clone())
}

fn flatten_into(
    args: &Args,
    items: &[Value],
    out: &mut Vec<Value>,
    depth: usize,
) -> Result<(), FunctionError> {
    if depth > MAX_DEPTH {
        return Err(args.error("list is nested too deeply"));
    }
    for item in items {
        match item {
            Value::List(inner) => flatten_into(args, inner, out, depth + 1)?,
            other => out.push(other.clone()),
        }
    }
    Ok(())
}

fn flatten(args: &Args) -> Result<Value, FunctionError> {
    let Value::List(items) = args.get(0) else {
        return Err(args.error("can only flatten lists, sets and tuples"));
    };
    let mut out = Vec::new();
    flatten_into(args, items, &mut out, 0)?;
    Ok(Value::List(out))
}

fn index(args: &Args) -> Result<Value, FunctionError> {
    let items = match args.get(0) {
        Value::Unknown(_) => return Ok(args.unknown()),
        Value::List(items) => items,
        _ => return Err(args.error("argument must be a list or tuple")),
    };
    if items.is_empty() {
        return Err(args.error("cannot search an empty list"));
    }
    for (i, item) in items.iter().enumerate() {
        match known_eq(item, args.get(1)) {
            None => return Ok(args.unknown()),
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
        }
    }
    Err(args.error("item not found"))
}

fn keys(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Object(map) => Ok(Value::List(
            map.keys().map(|k| Value::from(k.as_str())).collect(),
        )),
        _ => Err(args.error("must have map or object type")),
    }
}

fn values(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Object(map) => Ok(Value::List(map.values().cloned().collect())),
        _ => Err(args.error("values() requires a map as the first argument")),
    }
}

fn length(args: &Args) -> Result<Value, FunctionError> {
    let n = match args.get(0) {
        Value::List(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::String(s) => s.graphemes(true).count(),
        Value::Null => return Err(args.error("argument must not be null")),
        _ => {
            return Err(
                args.error("argument must be a string, a collection type, or a structural type")
            )
        }
    };
    Ok(Value::Number(n as f64))
}

/// Known when the map and the key are, whatever the other values of the map hold.
fn lookup(args: &Args) -> Result<Value, FunctionError> {
    let map = match args.get(0) {
        Value::Unknown(_) => return Ok(args.unknown()),
        Value::Object(map) => map,
        _ => return Err(args.error("lookup() requires a map as the first argument")),
    };
    if args.get(1).is_unknown() {
        return Ok(args.unknown());
    }
    let key = args.str(1)?;
    if let Some(v) = map.get(&*key) {
        return Ok(v.clone());
    }
    if args.len() < 3 {
        return Err(args.error(format!("lookup failed to find key {key:?}")));
    }
    // The default takes the map's element type, as Terraform converts it.
    let default = args.get(2).clone();
    let all_strings = !map.is_empty() && map.values().all(|v| matches!(v, Value::String(_)));
    Ok(match default {
        Value::Number(_) | Value::Bool(_) if all_strings => {
            Value::String(to_str(&default).map_or_else(|_| String::new(), |s| s.into_owned()))
        }
        other => other,
    })
}

fn matchkeys(args: &Args) -> Result<Value, FunctionError> {
    let values = args.list(0)?;
    let keys = args.list(1)?;
    let search = args.list(2)?;
    if values.len() != keys.len() {
        return Err(args.error("length of keys and values should be equal"));
    }
    // Keys and search set are compared after conversion to a common type.
    let mut both = keys.to_vec();
    both.extend(search.iter().cloned());
    let both = unify(both).map_err(|e| args.error(e))?;
    let (keys, search) = both.split_at(keys.len());
    let search = into_set(search.to_vec());
    Ok(Value::List(
        values
            .iter()
            .zip(keys)
            .filter(|(_, k)| search.binary_search_by(|s| cmp_values(s, k)).is_ok())
            .map(|(v, _)| v.clone())
            .collect(),
    ))
}

fn merge(args: &Args) -> Result<Value, FunctionError> {
    let mut out = BTreeMap::new();
    let mut all_null = !args.values.is_empty();
    for (i, v) in args.values.iter().enumerate() {
        match v {
            Value::Null => {}
            Value::Object(map) => {
                all_null = false;
                out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            other => {
                return Err(args.error(format!(
                    "argument {}: arguments must be maps or objects, got {}",
                    i + 1,
                    describe(other)
                )))
            }
        }
    }
    Ok(if all_null {
        Value::Null
    } else {
        Value::Object(out)
    })
}

fn one(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::Null => Err(args.error("argument must not be null")),
        Value::List(items) if items.is_empty() => Ok(Value::Null),
        Value::List(items) if items.len() == 1 => Ok(items[0].clone()),
        _ => {
            Err(args.error("must be a list, set, or tuple value with either zero or one elements"))
        }
    }
}

/// Terraform caps `range` at 1024 elements; so do we.
const RANGE_LIMIT: usize = 1024;

fn range(args: &Args) -> Result<Value, FunctionError> {
    let nums = (0..args.len())
        .map(|i| args.num(i))
        .collect::<Result<Vec<_>, _>>()?;
    let (start, end, step) = match nums[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (start, end, step),
        _ => unreachable!("arity is checked by the registry"),
    };
    if step == 0.0 {
        return Err(args.error("step must not be zero"));
    }
    if step < 0.0 && end > start {
        return Err(args.error("end must be less than start when step is negative"));
    }
    if step > 0.0 && end < start {
        return Err(args.error("end must be greater than start when step is positive"));
    }
    let fractional = start.fract() != 0.0 || step.fract() != 0.0;
    let mut out = Vec::new();
    for i in 0.. {
        let mut n = start + step * f64::from(i);
        if fractional {
            // Terraform adds exactly in decimal; rounding to 15 significant digits hides the
            // binary noise (0.30000000000000004) that f64 accumulates.
            n = format!("{n:.14e}").parse().unwrap_or(n);
        }
        if (step > 0.0 && n >= end) || (step < 0.0 && n <= end) {
            break;
        }
        if out.len() >= RANGE_LIMIT {
            return Err(args.error(
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
            ));
        }
        out.push(Value::Number(n));
    }
    Ok(Value::List(out))
}

fn reverse(args: &Args) -> Result<Value, FunctionError> {
    match args.get(0) {
        Value::List(items) => Ok(Value::List(items.iter().rev().cloned().collect())),
        other => Err(args.error(format!(
            "can only reverse list or tuple values, not {}",
            describe(other)
        ))),
    }
}

/// Every argument as a set, with element types unified across all of them.
fn sets(args: &Args) -> Result<Vec<Vec<Value>>, FunctionError> {
    let lists = (0..args.len())
        .map(|i| args.list(i))
        .collect::<Result<Vec<_>, _>>()?;
    let all: Vec<Value> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
    let mut all = unify(all).map_err(|e| args.error(e))?.into_iter();
    Ok(lists
        .iter()
        .map(|l| into_set(all.by_ref().take(l.len()).collect()))
        .collect())
}

fn in_set(set: &[Value], v: &Value) -> bool {
    set.binary_search_by(|s| cmp_values(s, v)).is_ok()
}

fn setintersection(args: &Args) -> Result<Value, FunctionError> {
    let mut sets = sets(args)?.into_iter();
    let first = sets.next().unwrap_or_default();
    let rest: Vec<Vec<Value>> = sets.collect();
    Ok(Value::List(
        first
            .into_iter()
            .filter(|v| rest.iter().all(|s| in_set(s, v)))
            .collect(),
    ))
}

fn setsubtract(args: &Args) -> Result<Value, FunctionError> {
    let sets = sets(args)?;
    Ok(Value::List(
        sets[0]
            .iter()
            .filter(|v| !in_set(&sets[1], v))
            .cloned()
            .collect(),
    ))
}

fn setunion(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::List(into_set(
        sets(args)?.into_iter().flatten().collect(),
    )))
}

/// Rough bytes a value occupies, capped just past the result limit.
fn approx_size(v: &Value) -> usize {
    if super::exceeds_size(v, MAX_RESULT_BYTES) {
        return MAX_RESULT_BYTES + 1;
    }
    match v {
        Value::String(s) => s.len(),
        Value::List(items) => items.iter().map(approx_size).sum::<usize>() + 8,
        Value::Object(map) => {
            map.iter()
                .map(|(k, v)| k.len() + approx_size(v))
                .sum::<usize>()
                + 8
        }
        _ => 8,
    }
}

/// Element order is preserved (as for lists in Terraform); the number of tuples is bounded
/// before anything is built.
fn setproduct(args: &Args) -> Result<Value, FunctionError> {
    let lists = (0..args.len())
        .map(|i| args.list(i))
        .collect::<Result<Vec<_>, _>>()?;
    let mut total: usize = 1;
    for l in &lists {
        total = total.saturating_mul(l.len());
    }
    if total == 0 {
        return Ok(Value::List(vec![]));
    }
    // Every element of list j appears in total/len(j) tuples.
    let mut bytes = total.saturating_mul(32);
    for l in &lists {
        let per_element = l
            .iter()
            .map(|v| approx_size(v).saturating_add(32))
            .fold(0, usize::saturating_add);
        bytes = bytes.saturating_add((total / l.len()).saturating_mul(per_element));
    }
    if bytes > MAX_RESULT_BYTES {
        return Err(args.error("result is larger than 16 MiB"));
    }
    let mut out = Vec::with_capacity(total);
    let mut counters = vec![0usize; lists.len()];
    for _ in 0..total {
        out.push(Value::List(
            counters
                .iter()
                .zip(&lists)
                .map(|(&i, l)| l[i].clone())
                .collect(),
        ));
        for j in (0..counters.len()).rev() {
            counters[j] += 1;
            if counters[j] < lists[j].len() {
                break;
            }
            counters[j] = 0;
        }
    }
    Ok(Value::List(out))
}

fn slice(args: &Args) -> Result<Value, FunctionError> {
    let items = match args.get(0) {
        Value::List(items) => items,
        _ => return Err(args.error("must be a list or tuple value")),
    };
    let (start, end) = (args.int(1)?, args.int(2)?);
    let len = items.len() as i64;
    if start < 0 {
        return Err(args.error("start index must not be less than zero"));
    }
    if start > len {
        return Err(args.error("start index must not be greater than the length of the list"));
    }
    if end < 0 {
        return Err(args.error("end index must not be less than zero"));
    }
    if end > len {
        return Err(args.error("end index must not be greater than the length of the list"));
    }
    if start > end {
        return Err(args.error("start index must not be greater than end index"));
    }
    Ok(Value::List(items[start as usize..end as usize].to_vec()))
}

fn sort(args: &Args) -> Result<Value, FunctionError> {
    let mut strings = Vec::new();
    for (i, v) in args.list(0)?.iter().enumerate() {
        if v.is_null() {
            return Err(args.error(format!(
                "given list element {i} is null; a null string cannot be sorted"
            )));
        }
        strings.push(
            to_str(v)
                .map_err(|e| args.error(format!("element {i}: {e}")))?
                .into_owned(),
        );
    }
    strings.sort();
    Ok(Value::List(
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn sum(args: &Args) -> Result<Value, FunctionError> {
    let items = args.list(0)?;
    if items.is_empty() {
        return Err(args.error("cannot sum an empty list"));
    }
    let mut total = 0.0;
    for (i, v) in items.iter().enumerate() {
        if v.is_null() {
            return Err(args.error("argument must be list, set, or tuple of number values"));
        }
        total += to_number(v).map_err(|e| args.error(format!("element {i}: {e}")))?;
    }
    if !total.is_finite() {
        return Err(args.error("result is not a finite number"));
    }
    Ok(Value::Number(total))
}

fn transpose(args: &Args) -> Result<Value, FunctionError> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (key, v) in args.object(0)? {
        let Value::List(items) = v else {
            return Err(args.error("input must be a map of lists of strings"));
        };
        for item in items {
            if item.is_null() {
                return Err(args.error("input must not contain null list elements"));
            }
            let s =
                to_str(item).map_err(|_| args.error("input must be a map of lists of strings"))?;
            out.entry(s.into_owned())
                .or_default()
                .push(Value::from(key.as_str()));
        }
    }
    Ok(Value::Object(
        out.into_iter().map(|(k, v)| (k, Value::List(v))).collect(),
    ))
}

fn zipmap(args: &Args) -> Result<Value, FunctionError> {
    let keys = args.list(0)?;
    let values = args.list(1)?;
    if keys.iter().any(Value::is_unknown) {
        return Ok(args.unknown());
    }
    if keys.len() != values.len() {
        return Err(args.error(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (i, (k, v)) in keys.iter().zip(values).enumerate() {
        if k.is_null() {
            return Err(args.error(format!("keys list has null value at index {i}")));
        }
        let k = to_str(k).map_err(|e| args.error(format!("key {i}: {e}")))?;
        out.insert(k.into_owned(), v.clone());
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    const T: Value = Value::Bool(true);
    const F: Value = Value::Bool(false);

    fn nums(items: &[f64]) -> Value {
        list(items.iter().map(|x| n(*x)).collect())
    }

    #[test]
    fn alltrue_and_anytrue() {
        assert_eq!(ok("alltrue", vec![list(vec![T, s("true")])]), T);
        assert_eq!(ok("alltrue", vec![list(vec![])]), T);
        assert_eq!(ok("alltrue", vec![list(vec![T, F])]), F);
        assert_eq!(ok("alltrue", vec![list(vec![F, unk()])]), F);
        assert!(ok("alltrue", vec![list(vec![unk(), F])]).is_unknown());
        assert_eq!(ok("alltrue", vec![list(vec![Value::Null])]), F);
        assert!(err("alltrue", vec![list(vec![s("x")])]).contains("cannot convert"));
        assert_eq!(ok("anytrue", vec![list(vec![F, T])]), T);
        assert_eq!(ok("anytrue", vec![list(vec![])]), F);
        assert_eq!(ok("anytrue", vec![list(vec![unk(), T])]), T);
        assert!(ok("anytrue", vec![list(vec![unk(), F])]).is_unknown());
        assert!(ok("anytrue", vec![unk()]).is_unknown());
    }

    #[test]
    fn chunklist_splits() {
        assert_eq!(
            ok("chunklist", vec![strs(&["a", "b", "c", "d", "e"]), n(2.0)]),
            list(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])])
        );
        assert_eq!(
            ok("chunklist", vec![strs(&["a"]), n(0.0)]),
            list(vec![strs(&["a"])])
        );
        assert_eq!(ok("chunklist", vec![strs(&[]), n(3.0)]), list(vec![]));
        assert!(err("chunklist", vec![strs(&["a"]), n(-1.0)]).contains("positive"));
        let kept = ok("chunklist", vec![list(vec![unk()]), n(1.0)]);
        assert!(kept.get_path("0.0").unwrap().is_unknown());
    }

    #[test]
    fn coalesce_stops_at_unknowns() {
        assert_eq!(ok("coalesce", vec![s("a"), s("b")]), s("a"));
        assert_eq!(ok("coalesce", vec![s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", vec![Value::Null, n(1.0), n(2.0)]), n(1.0));
        assert_eq!(ok("coalesce", vec![n(1.0), s("x")]), s("1"));
        assert_eq!(ok("coalesce", vec![s("a"), unk()]), s("a"));
        assert!(ok("coalesce", vec![Value::Null, unk(), s("b")]).is_unknown());
        assert!(err("coalesce", vec![Value::Null, s("")]).contains("no non-null"));
        assert!(err("coalesce", vec![n(1.0), strs(&["a"])]).contains("same type"));
    }

    #[test]
    fn coalescelist_picks_first_non_empty() {
        assert_eq!(
            ok("coalescelist", vec![strs(&[]), strs(&["a"])]),
            strs(&["a"])
        );
        assert_eq!(ok("coalescelist", vec![strs(&["x"]), unk()]), strs(&["x"]));
        assert!(ok("coalescelist", vec![strs(&[]), unk()]).is_unknown());
        assert!(err("coalescelist", vec![strs(&[]), strs(&[])]).contains("no non-null"));
        assert!(err("coalescelist", vec![s("a")]).contains("must be lists"));
    }

    #[test]
    fn compact_removes_empty_and_null() {
        assert_eq!(
            ok(
                "compact",
                vec![list(vec![s("a"), s(""), Value::Null, s("b"), n(1.0)])]
            ),
            strs(&["a", "b", "1"])
        );
        assert!(ok("compact", vec![list(vec![s(""), unk()])]).is_unknown());
        assert!(err("compact", vec![list(vec![strs(&[])])]).contains("string is required"));
    }

    #[test]
    fn concat_keeps_unknown_elements() {
        assert_eq!(
            ok("concat", vec![strs(&["a"]), strs(&["b", "c"])]),
            strs(&["a", "b", "c"])
        );
        let kept = ok("concat", vec![list(vec![unk()]), strs(&["b"])]);
        assert_eq!(kept.as_list().unwrap().len(), 2);
        assert!(kept.as_list().unwrap()[0].is_unknown());
        assert!(ok("concat", vec![unk(), strs(&["b"])]).is_unknown());
        assert!(err("concat", vec![strs(&["a"]), s("b")]).contains("argument 2"));
    }

    #[test]
    fn contains_and_index() {
        assert_eq!(ok("contains", vec![strs(&["a", "b"]), s("b")]), T);
        assert_eq!(ok("contains", vec![strs(&["a", "b"]), s("c")]), F);
        assert_eq!(ok("contains", vec![strs(&[]), unk()]), F);
        assert_eq!(ok("contains", vec![list(vec![unk(), s("b")]), s("b")]), T);
        assert!(ok("contains", vec![list(vec![unk(), s("b")]), s("c")]).is_unknown());
        assert!(err("contains", vec![s("ab"), s("a")]).contains("must be list"));
        assert_eq!(ok("index", vec![strs(&["a", "b", "c"]), s("b")]), n(1.0));
        assert!(err("index", vec![strs(&["a"]), s("z")]).contains("item not found"));
        assert!(err("index", vec![strs(&[]), s("z")]).contains("empty list"));
        assert!(ok("index", vec![list(vec![unk(), s("b")]), s("b")]).is_unknown());
        assert_eq!(ok("index", vec![list(vec![s("b"), unk()]), s("b")]), n(0.0));
    }

    #[test]
    fn distinct_keeps_first_occurrence() {
        assert_eq!(
            ok("distinct", vec![strs(&["b", "a", "b", "c", "a"])]),
            strs(&["b", "a", "c"])
        );
        assert_eq!(ok("distinct", vec![nums(&[1.0, 1.0])]), nums(&[1.0]));
        assert!(ok("distinct", vec![list(vec![unk()])]).is_unknown());
        assert!(err("distinct", vec![s("a")]).contains("list is required"));
    }

    #[test]
    fn element_wraps_around() {
        assert_eq!(ok("element", vec![strs(&["a", "b", "c"]), n(1.0)]), s("b"));
        assert_eq!(ok("element", vec![strs(&["a", "b", "c"]), n(3.0)]), s("a"));
        assert_eq!(ok("element", vec![strs(&["a", "b", "c"]), n(1e15)]), s("b"));
        assert!(err("element", vec![strs(&["a"]), n(-1.0)]).contains("negative"));
        assert!(err("element", vec![strs(&[]), n(0.0)]).contains("empty list"));
        assert!(ok("element", vec![list(vec![unk()]), n(0.0)]).is_unknown());
        assert!(ok("element", vec![strs(&["a"]), unk()]).is_unknown());
    }

    #[test]
    fn flatten_is_recursive_and_keeps_unknowns() {
        assert_eq!(
            ok(
                "flatten",
                vec![list(vec![
                    strs(&["a", "b"]),
                    strs(&[]),
                    list(vec![s("c"), strs(&["d"])])
                ])]
            ),
            strs(&["a", "b", "c", "d"])
        );
        let kept = ok("flatten", vec![list(vec![list(vec![unk()]), s("x")])]);
        assert_eq!(kept.as_list().unwrap().len(), 2);
        assert!(err("flatten", vec![s("a")]).contains("can only flatten"));
        let mut deep = s("x");
        for _ in 0..300 {
            deep = list(vec![deep]);
        }
        assert!(err("flatten", vec![deep]).contains("too deeply"));
    }

    #[test]
    fn keys_values_length() {
        let m = obj(&[("b", n(2.0)), ("a", unk())]);
        assert_eq!(ok("keys", vec![m.clone()]), strs(&["a", "b"]));
        let vals = ok("values", vec![m.clone()]);
        assert!(vals.as_list().unwrap()[0].is_unknown());
        assert_eq!(vals.as_list().unwrap()[1], n(2.0));
        assert_eq!(ok("length", vec![m]), n(2.0));
        assert_eq!(ok("length", vec![list(vec![unk(), unk()])]), n(2.0));
        assert_eq!(ok("length", vec![s("héllo")]), n(5.0));
        assert_eq!(ok("length", vec![s("👩‍👩‍👧")]), n(1.0));
        assert!(ok("length", vec![unk()]).is_unknown());
        assert!(err("length", vec![n(1.0)]).contains("must be a string"));
        assert!(err("length", vec![Value::Null]).contains("must not be null"));
        assert!(err("keys", vec![strs(&[])]).contains("map or object"));
        assert!(err("values", vec![s("a")]).contains("requires a map"));
    }

    #[test]
    fn lookup_is_precise_about_unknowns() {
        let m = obj(&[("a", s("x")), ("b", unk())]);
        assert_eq!(ok("lookup", vec![m.clone(), s("a")]), s("x"));
        assert!(ok("lookup", vec![m.clone(), s("b")]).is_unknown());
        assert_eq!(ok("lookup", vec![m.clone(), s("c"), s("d")]), s("d"));
        assert!(err("lookup", vec![m.clone(), s("c")]).contains("lookup failed to find key \"c\""));
        assert!(ok("lookup", vec![m, unk()]).is_unknown());
        assert!(ok("lookup", vec![unk(), s("a")]).is_unknown());
        assert_eq!(
            ok("lookup", vec![obj(&[("a", s("x"))]), s("z"), n(1.0)]),
            s("1")
        );
        assert!(err("lookup", vec![strs(&["a"]), s("a")]).contains("requires a map"));
    }

    #[test]
    fn matchkeys_filters_by_keys() {
        assert_eq!(
            ok(
                "matchkeys",
                vec![
                    strs(&["i-123", "i-abc", "i-def"]),
                    strs(&["us-west", "us-east", "us-east"]),
                    strs(&["us-east"])
                ]
            ),
            strs(&["i-abc", "i-def"])
        );
        assert_eq!(
            ok("matchkeys", vec![strs(&["a"]), nums(&[1.0]), strs(&["1"])]),
            strs(&["a"])
        );
        assert!(
            err("matchkeys", vec![strs(&["a"]), strs(&[]), strs(&[])]).contains("should be equal")
        );
    }

    #[test]
    fn merge_later_wins() {
        assert_eq!(
            ok(
                "merge",
                vec![
                    obj(&[("a", n(1.0)), ("b", n(2.0))]),
                    obj(&[("b", n(3.0))]),
                    Value::Null
                ]
            ),
            obj(&[("a", n(1.0)), ("b", n(3.0))])
        );
        assert_eq!(ok("merge", vec![]), obj(&[]));
        assert_eq!(ok("merge", vec![Value::Null]), Value::Null);
        assert!(ok("merge", vec![obj(&[]), unk()]).is_unknown());
        assert!(ok("merge", vec![obj(&[("a", unk())])])
            .get_path("a")
            .unwrap()
            .is_unknown());
        assert!(err("merge", vec![obj(&[]), strs(&[])]).contains("maps or objects"));
    }

    #[test]
    fn one_takes_zero_or_one() {
        assert_eq!(ok("one", vec![strs(&[])]), Value::Null);
        assert_eq!(ok("one", vec![strs(&["a"])]), s("a"));
        assert!(err("one", vec![strs(&["a", "b"])]).contains("either zero or one"));
        assert!(ok("one", vec![unk()]).is_unknown());
    }

    #[test]
    fn range_matches_terraform() {
        assert_eq!(ok("range", vec![n(3.0)]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(ok("range", vec![n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(
            ok("range", vec![n(1.0), n(8.0), n(2.0)]),
            nums(&[1.0, 3.0, 5.0, 7.0])
        );
        assert_eq!(ok("range", vec![n(4.0), n(1.0)]), nums(&[4.0, 3.0, 2.0]));
        assert_eq!(ok("range", vec![n(-3.0)]), nums(&[0.0, -1.0, -2.0]));
        assert_eq!(
            ok("range", vec![n(0.0), n(1.0), n(0.25)]),
            nums(&[0.0, 0.25, 0.5, 0.75])
        );
        assert_eq!(
            ok("range", vec![n(0.0), n(0.5), n(0.1)]),
            nums(&[0.0, 0.1, 0.2, 0.3, 0.4])
        );
        assert_eq!(ok("range", vec![n(0.0)]), nums(&[]));
        assert!(err("range", vec![n(0.0), n(1.0), n(0.0)]).contains("must not be zero"));
        assert!(err("range", vec![n(1.0), n(4.0), n(-1.0)]).contains("negative"));
        assert!(err("range", vec![n(4.0), n(1.0), n(1.0)]).contains("positive"));
        assert!(err("range", vec![n(1e300)]).contains("more than 1024"));
        assert_eq!(ok("range", vec![n(1024.0)]).as_list().unwrap().len(), 1024);
    }

    #[test]
    fn reverse_and_slice() {
        assert_eq!(
            ok("reverse", vec![nums(&[1.0, 2.0, 3.0])]),
            nums(&[3.0, 2.0, 1.0])
        );
        assert!(err("reverse", vec![s("abc")]).contains("can only reverse"));
        assert_eq!(
            ok("slice", vec![strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert_eq!(ok("slice", vec![strs(&["a"]), n(1.0), n(1.0)]), strs(&[]));
        assert!(err("slice", vec![strs(&["a"]), n(0.0), n(2.0)])
            .contains("end index must not be greater"));
        assert!(err("slice", vec![strs(&["a"]), n(-1.0), n(1.0)]).contains("less than zero"));
        assert!(err("slice", vec![strs(&["a", "b"]), n(2.0), n(1.0)]).contains("greater than end"));
    }

    #[test]
    fn set_functions() {
        assert_eq!(
            ok(
                "setintersection",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok("setunion", vec![strs(&["b", "a"]), strs(&["c", "a"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("setunion", vec![strs(&["a"]), nums(&[1.0])]),
            strs(&["1", "a"])
        );
        assert_eq!(
            ok(
                "setsubtract",
                vec![strs(&["a", "b", "c"]), strs(&["a", "c"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setproduct",
                vec![strs(&["development", "staging"]), strs(&["app1", "app2"])]
            ),
            list(vec![
                strs(&["development", "app1"]),
                strs(&["development", "app2"]),
                strs(&["staging", "app1"]),
                strs(&["staging", "app2"]),
            ])
        );
        assert_eq!(
            ok("setproduct", vec![strs(&["a"]), strs(&[])]),
            list(vec![])
        );
        let big: Vec<Value> = (0..2000).map(|i| n(f64::from(i))).collect();
        assert!(err(
            "setproduct",
            vec![list(big.clone()), list(big.clone()), list(big)]
        )
        .contains("16 MiB"));
        let wide: Vec<Value> = (0..1000).map(|i| n(f64::from(i))).collect();
        assert!(err(
            "setproduct",
            vec![strs(&[&"x".repeat(1 << 20)]), list(wide)]
        )
        .contains("16 MiB"));
        assert!(ok("setunion", vec![list(vec![unk()])]).is_unknown());
        assert!(err("setunion", vec![s("a")]).contains("list is required"));
    }

    #[test]
    fn sort_and_sum() {
        assert_eq!(
            ok("sort", vec![strs(&["e", "d", "a", "x"])]),
            strs(&["a", "d", "e", "x"])
        );
        assert_eq!(ok("sort", vec![nums(&[10.0, 9.0])]), strs(&["10", "9"]));
        assert!(err("sort", vec![list(vec![Value::Null])]).contains("null"));
        assert_eq!(ok("sum", vec![nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(ok("sum", vec![list(vec![s("1"), n(2.0)])]), n(3.0));
        assert!(err("sum", vec![nums(&[])]).contains("empty list"));
        assert!(err("sum", vec![nums(&[1e308, 1e308])]).contains("finite"));
        assert!(ok("sum", vec![list(vec![n(1.0), unk()])]).is_unknown());
    }

    #[test]
    fn transpose_and_zipmap() {
        assert_eq!(
            ok(
                "transpose",
                vec![obj(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))])]
            ),
            obj(&[
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ])
        );
        assert!(err("transpose", vec![obj(&[("a", s("1"))])]).contains("map of lists"));
        assert_eq!(
            ok("zipmap", vec![strs(&["a", "b"]), list(vec![n(1.0), unk()])]).get_path("a"),
            Some(&n(1.0))
        );
        assert!(ok("zipmap", vec![list(vec![unk()]), nums(&[1.0])]).is_unknown());
        assert!(err("zipmap", vec![strs(&["a"]), nums(&[])]).contains("does not match"));
        assert!(err("zipmap", vec![list(vec![Value::Null]), nums(&[1.0])])
            .contains("null value at index 0"));
    }
}
