//! Terraform's built-in functions over [`Value`].
//!
//! Each family lives in its own file and exports a table of [`Spec`]s; [`call`] checks arity and
//! unknown propagation once, here, so that the functions themselves only deal with known values
//! (unless a spec asks to see unknowns, for functions where Terraform is more precise).

mod collection;
mod conversion;
mod crypto;
mod datetime;
mod encoding;
mod filesystem;
mod network;
mod numeric;
mod string;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

use driftguard_model::Value;

pub struct FunctionContext<'a> {
    /// Directory of the module being evaluated (relative paths in file() resolve against the cwd like Terraform, but users write "${path.module}/x" — just resolve relative paths against the process cwd, absolute as is).
    /// Every file read must stay inside `root` (the scanned root; canonicalize both and compare) — otherwise return FunctionError.
    pub root: &'a std::path::Path,
}

#[derive(Debug, thiserror::Error)]
pub enum FunctionError {
    #[error("unknown function `{0}`")]
    UnknownFunction(String),
    #[error("{name}: {message}")]
    Call { name: String, message: String },
}

/// Calls a built-in function. `try`, `can` and `templatefile` are NOT handled here (the evaluator does them because they need lazy evaluation / template rendering) — return UnknownFunction for them.
pub fn call(name: &str, args: Vec<Value>, ctx: &FunctionContext) -> Result<Value, FunctionError> {
    let spec = registry()
        .get(name)
        .ok_or_else(|| FunctionError::UnknownFunction(name.to_string()))?;
    spec.check_arity(args.len())?;
    let blocked = match spec.unknowns {
        Unknowns::Deep => args.iter().any(Value::contains_unknown),
        Unknowns::Shallow => args.iter().any(Value::is_unknown),
        Unknowns::Manual => false,
    };
    if blocked {
        return Ok(unknown_result(spec.name));
    }
    let args = Args {
        name: spec.name,
        values: args,
        ctx,
    };
    let result = (spec.run)(&args)?;
    if exceeds_size(&result, MAX_RESULT_BYTES) {
        return Err(args.error("result is larger than 16 MiB"));
    }
    Ok(result)
}

/// Names of every function `call` implements (for docs and a coverage test).
pub fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> =
            tables().flat_map(|t| t.iter().map(|s| s.name)).collect();
        names.sort_unstable();
        names
    })
}

fn tables() -> impl Iterator<Item = &'static [Spec]> {
    [
        collection::FUNCTIONS,
        conversion::FUNCTIONS,
        crypto::FUNCTIONS,
        datetime::FUNCTIONS,
        encoding::FUNCTIONS,
        filesystem::FUNCTIONS,
        network::FUNCTIONS,
        numeric::FUNCTIONS,
        string::FUNCTIONS,
    ]
    .into_iter()
}

fn registry() -> &'static HashMap<&'static str, &'static Spec> {
    static REGISTRY: OnceLock<HashMap<&'static str, &'static Spec>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        tables()
            .flat_map(|t| t.iter().map(|s| (s.name, s)))
            .collect()
    })
}

/// Largest string or collection a function may produce, so that hostile configuration cannot
/// make a scan allocate without bound.
pub(crate) const MAX_RESULT_BYTES: usize = 16 << 20;

/// Deepest nesting the recursive functions walk, so that they cannot overflow the stack.
pub(crate) const MAX_DEPTH: usize = 256;

/// How a function reacts to unknown arguments before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unknowns {
    /// Any unknown anywhere in the arguments makes the result unknown.
    Deep,
    /// Only an argument that is itself unknown does; unknown elements reach the function, which
    /// keeps them in place (as Terraform does for `concat`, `length`, `lookup`, ...).
    Shallow,
    /// The function decides (e.g. `coalesce`, `sensitive`).
    Manual,
}

/// Marks a variadic upper bound.
pub(crate) const MANY: usize = usize::MAX;

pub(crate) struct Spec {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
    pub unknowns: Unknowns,
    pub run: fn(&Args) -> Result<Value, FunctionError>,
}

impl Spec {
    fn check_arity(&self, given: usize) -> Result<(), FunctionError> {
        if given >= self.min && given <= self.max {
            return Ok(());
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let expected = if self.min == self.max {
            format!("exactly {} argument{}", self.min, plural(self.min))
        } else if self.max == MANY {
            format!("at least {} argument{}", self.min, plural(self.min))
        } else {
            format!("{} to {} arguments", self.min, self.max)
        };
        Err(FunctionError::Call {
            name: self.name.to_string(),
            message: format!("expected {expected}, got {given}"),
        })
    }
}

/// Builds a [`Spec`] in the family tables.
pub(crate) const fn spec(
    name: &'static str,
    min: usize,
    max: usize,
    unknowns: Unknowns,
    run: fn(&Args) -> Result<Value, FunctionError>,
) -> Spec {
    Spec {
        name,
        min,
        max,
        unknowns,
        run,
    }
}

pub(crate) fn unknown_result(name: &str) -> Value {
    Value::unknown(format!("result of {name}() depends on an unknown value"))
}

/// The arguments of one call, with typed accessors that convert like Terraform's parameter
/// types do (`upper(5)` is `"5"`, `abs("3")` is `3`) and fail with positional messages.
pub(crate) struct Args<'a> {
    pub name: &'static str,
    pub values: Vec<Value>,
    pub ctx: &'a FunctionContext<'a>,
}

impl Args<'_> {
    pub fn error(&self, message: impl fmt::Display) -> FunctionError {
        FunctionError::Call {
            name: self.name.to_string(),
            message: message.to_string(),
        }
    }

    fn arg_error(&self, i: usize, message: impl fmt::Display) -> FunctionError {
        self.error(format_args!("argument {}: {message}", i + 1))
    }

    pub fn unknown(&self) -> Value {
        unknown_result(self.name)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn get(&self, i: usize) -> &Value {
        &self.values[i]
    }

    fn non_null(&self, i: usize) -> Result<&Value, FunctionError> {
        match &self.values[i] {
            Value::Null => Err(self.arg_error(i, "must not be null")),
            v => Ok(v),
        }
    }

    pub fn str(&self, i: usize) -> Result<Cow<'_, str>, FunctionError> {
        conversion::to_str(self.non_null(i)?).map_err(|e| self.arg_error(i, e))
    }

    pub fn num(&self, i: usize) -> Result<f64, FunctionError> {
        conversion::to_number(self.non_null(i)?).map_err(|e| self.arg_error(i, e))
    }

    /// A whole number that fits in an `i64`.
    pub fn int(&self, i: usize) -> Result<i64, FunctionError> {
        let n = self.num(i)?;
        whole(n).ok_or_else(|| {
            self.arg_error(
                i,
                format_args!("{} is not a whole number in range", fmt_num(n)),
            )
        })
    }

    pub fn list(&self, i: usize) -> Result<&[Value], FunctionError> {
        match self.non_null(i)? {
            Value::List(items) => Ok(items),
            other => Err(self.arg_error(
                i,
                format_args!("a list is required, got {}", describe(other)),
            )),
        }
    }

    pub fn object(&self, i: usize) -> Result<&BTreeMap<String, Value>, FunctionError> {
        match self.non_null(i)? {
            Value::Object(map) => Ok(map),
            other => Err(self.arg_error(
                i,
                format_args!("a map is required, got {}", describe(other)),
            )),
        }
    }

    /// Every element of a list argument as a string, as Terraform's `list(string)` parameters
    /// convert them.
    pub fn string_list(&self, i: usize) -> Result<Vec<Cow<'_, str>>, FunctionError> {
        self.list(i)?
            .iter()
            .enumerate()
            .map(|(j, v)| match v {
                Value::Null => Err(self.arg_error(i, format_args!("element {j} is null"))),
                v => conversion::to_str(v)
                    .map_err(|e| self.arg_error(i, format_args!("element {j}: {e}"))),
            })
            .collect()
    }
}

/// The number as an `i64` when it is whole and in range.
pub(crate) fn whole(n: f64) -> Option<i64> {
    if n.is_finite() && n.fract() == 0.0 && n.abs() <= 9.007_199_254_740_992e15 {
        Some(n as i64)
    } else {
        None
    }
}

pub(crate) fn fmt_num(n: f64) -> String {
    driftguard_model::format_number(n)
}

/// A short description of a value's kind for error messages.
pub(crate) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Object(_) => "object",
        Value::Unknown(_) => "unknown value",
    }
}

/// Whether a value's rough in-memory size exceeds `limit`; stops walking as soon as it does.
pub(crate) fn exceeds_size(v: &Value, limit: usize) -> bool {
    fn walk(v: &Value, budget: &mut usize) -> bool {
        let cost = match v {
            Value::String(s) => s.len() + 8,
            _ => 8,
        };
        if cost > *budget {
            return true;
        }
        *budget -= cost;
        match v {
            Value::List(items) => items.iter().any(|i| walk(i, budget)),
            Value::Object(map) => map.iter().any(|(k, v)| {
                if k.len() > *budget {
                    return true;
                }
                *budget -= k.len();
                walk(v, budget)
            }),
            _ => false,
        }
    }
    let mut budget = limit;
    walk(v, &mut budget)
}

/// A string builder that refuses to grow past [`MAX_RESULT_BYTES`], checked before allocating.
pub(crate) struct Bounded {
    pub out: String,
}

impl Bounded {
    pub fn new() -> Bounded {
        Bounded { out: String::new() }
    }

    pub fn push(&mut self, s: &str) -> Result<(), &'static str> {
        self.reserve(s.len())?;
        self.out.push_str(s);
        Ok(())
    }

    pub fn push_char(&mut self, c: char) -> Result<(), &'static str> {
        self.reserve(c.len_utf8())?;
        self.out.push(c);
        Ok(())
    }

    pub fn reserve(&self, extra: usize) -> Result<(), &'static str> {
        if self.out.len().saturating_add(extra) > MAX_RESULT_BYTES {
            Err("result is larger than 16 MiB")
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn ctx() -> FunctionContext<'static> {
        FunctionContext {
            root: std::path::Path::new("/"),
        }
    }

    pub fn run(name: &str, args: Vec<Value>) -> Result<Value, FunctionError> {
        call(name, args, &ctx())
    }

    /// Calls a function that must succeed.
    pub fn ok(name: &str, args: Vec<Value>) -> Value {
        match run(name, args.clone()) {
            Ok(v) => v,
            Err(e) => panic!("{name}({args:?}) failed: {e}"),
        }
    }

    /// Calls a function that must fail, returning the message.
    pub fn err(name: &str, args: Vec<Value>) -> String {
        match run(name, args.clone()) {
            Ok(v) => panic!("{name}({args:?}) should fail, got {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    pub fn s(v: &str) -> Value {
        Value::from(v)
    }

    pub fn n(v: f64) -> Value {
        Value::Number(v)
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    pub fn strs(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| Value::from(*s)).collect())
    }

    pub fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    pub fn unk() -> Value {
        Value::unknown("test")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn registry_has_at_least_100_functions_and_each_dispatches() {
        assert!(names().len() >= 100, "only {} functions", names().len());
        let mut sorted = names().to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), names().len(), "duplicate function names");
        for name in names() {
            // Arguments are deliberately wrong: we only check that dispatch finds the function.
            for args in [vec![], vec![Value::Null], vec![s("x"), s("y")]] {
                let result = run(name, args);
                assert!(
                    !matches!(result, Err(FunctionError::UnknownFunction(_))),
                    "{name} does not dispatch"
                );
            }
        }
    }

    #[test]
    fn every_terraform_builtin_but_the_lazy_ones_is_registered() {
        let expected = "abs ceil floor log max min parseint pow signum chomp endswith format \
            formatlist indent join lower upper regex regexall replace split startswith strcontains \
            strrev substr title trim trimprefix trimsuffix trimspace alltrue anytrue chunklist \
            coalesce coalescelist compact concat contains distinct element flatten index keys \
            length lookup matchkeys merge one range reverse setintersection setproduct setsubtract \
            setunion slice sort sum transpose values zipmap base64decode base64encode base64gzip \
            csvdecode jsondecode jsonencode textencodebase64 textdecodebase64 urlencode yamldecode \
            yamlencode abspath dirname basename pathexpand file fileexists fileset filebase64 \
            filemd5 filesha1 filesha256 filesha512 filebase64sha256 filebase64sha512 formatdate \
            timeadd timecmp timestamp plantimestamp base64sha256 base64sha512 md5 sha1 sha256 \
            sha512 uuid uuidv5 bcrypt rsadecrypt cidrhost cidrnetmask cidrsubnet cidrsubnets \
            nonsensitive sensitive issensitive ephemeralasnull tobool tolist tomap tonumber toset \
            tostring type";
        for name in expected.split_whitespace() {
            assert!(names().contains(&name), "{name} is missing");
        }
    }

    #[test]
    fn lazy_functions_are_left_to_the_evaluator() {
        for name in ["try", "can", "templatefile", "nosuch"] {
            assert!(matches!(
                run(name, vec![]),
                Err(FunctionError::UnknownFunction(_))
            ));
        }
    }

    #[test]
    fn arity_errors_name_the_function() {
        assert_eq!(
            err("upper", vec![]),
            "upper: expected exactly 1 argument, got 0"
        );
        assert_eq!(
            err("max", vec![]),
            "max: expected at least 1 argument, got 0"
        );
        assert_eq!(
            err("lookup", vec![s("a")]),
            "lookup: expected 2 to 3 arguments, got 1"
        );
    }

    #[test]
    fn deep_unknowns_make_the_result_unknown() {
        assert!(ok("upper", vec![unk()]).is_unknown());
        assert!(ok("jsonencode", vec![obj(&[("a", unk())])]).is_unknown());
        let reference = Value::reference("aws_s3_bucket.b", "id");
        let result = ok("upper", vec![reference]);
        assert!(result.as_unknown().unwrap().reason.contains("upper()"));
    }

    /// Every function, every arity it accepts up to three, every combination of awkward
    /// values: nothing may panic, and unknown inputs to `Deep` functions give unknowns.
    #[test]
    fn no_function_panics_on_awkward_arguments() {
        let values = vec![
            Value::Null,
            unk(),
            Value::Bool(true),
            n(-1.0),
            n(1e300),
            n(1e15),
            n(f64::NAN),
            n(2.5),
            s(""),
            s("é🤔,%d/"),
            s("10.0.0.0/8"),
            s("2018-01-02T23:12:01Z"),
            list(vec![]),
            list(vec![s("a"), n(1.0), unk()]),
            obj(&[("a", n(1.0)), ("b", strs(&["x"]))]),
        ];
        for name in names() {
            let spec = registry()[name];
            for arity in spec.min..=spec.max.min(3) {
                let mut counters = vec![0usize; arity];
                loop {
                    let args: Vec<Value> = counters.iter().map(|&i| values[i].clone()).collect();
                    let outcome = std::panic::catch_unwind(|| run(name, args.clone()));
                    let result = outcome.unwrap_or_else(|_| panic!("{name}({args:?}) panicked"));
                    if spec.unknowns == Unknowns::Deep && args.iter().any(Value::contains_unknown) {
                        assert!(
                            matches!(result, Ok(Value::Unknown(_))),
                            "{name}({args:?}) gave {result:?}"
                        );
                    }
                    // Odometer over the argument values.
                    let mut j = 0;
                    while j < arity {
                        counters[j] += 1;
                        if counters[j] < values.len() {
                            break;
                        }
                        counters[j] = 0;
                        j += 1;
                    }
                    if j == arity {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn oversized_results_are_refused() {
        let big = "x".repeat(9 << 20);
        assert!(err("join", vec![s(""), strs(&[&big, &big])]).contains("16 MiB"));
    }
}
