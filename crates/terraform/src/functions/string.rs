//! String functions. Lengths and offsets count grapheme clusters, as Terraform's do, so that
//! `substr` never splits a character.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use driftguard_model::Value;
use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::conversion::{to_bool, to_number, to_str};
use super::{
    encoding, spec, Args, Bounded, FunctionError, Spec, Unknowns::*, MANY, MAX_RESULT_BYTES,
};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("chomp", 1, 1, Deep, chomp),
    spec("endswith", 2, 2, Deep, endswith),
    spec("format", 1, MANY, Deep, format),
    // Unknown list elements make only their own result element unknown.
    spec("formatlist", 1, MANY, Shallow, formatlist),
    spec("indent", 2, 2, Deep, indent),
    spec("join", 2, MANY, Deep, join),
    spec("lower", 1, 1, Deep, lower),
    spec("upper", 1, 1, Deep, upper),
    spec("regex", 2, 2, Deep, regex_fn),
    spec("regexall", 2, 2, Deep, regexall),
    spec("replace", 3, 3, Deep, replace),
    spec("split", 2, 2, Deep, split),
    spec("startswith", 2, 2, Deep, startswith),
    spec("strcontains", 2, 2, Deep, strcontains),
    spec("strrev", 1, 1, Deep, strrev),
    spec("substr", 3, 3, Deep, substr),
    spec("title", 1, 1, Deep, title),
    spec("trim", 2, 2, Deep, trim),
    spec("trimprefix", 2, 2, Deep, trimprefix),
    spec("trimsuffix", 2, 2, Deep, trimsuffix),
    spec("trimspace", 1, 1, Deep, trimspace),
];

fn string(s: impl Into<String>) -> Result<Value, FunctionError> {
    Ok(Value::String(s.into()))
}

fn chomp(args: &Args) -> Result<Value, FunctionError> {
    string(args.str(0)?.trim_end_matches(['\r', '\n']))
}

fn startswith(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::Bool(args.str(0)?.starts_with(&*args.str(1)?)))
}

fn endswith(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::Bool(args.str(0)?.ends_with(&*args.str(1)?)))
}

fn strcontains(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::Bool(args.str(0)?.contains(&*args.str(1)?)))
}

/// Go's simple case mapping: a character whose mapping is more than one character (`ß`) is
/// left alone rather than expanded.
fn map_case(s: &str, f: impl Fn(char) -> Option<char>) -> String {
    s.chars().map(|c| f(c).unwrap_or(c)).collect()
}

fn single<I: Iterator<Item = char>>(mut it: I) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

fn lower(args: &Args) -> Result<Value, FunctionError> {
    string(map_case(&args.str(0)?, |c| single(c.to_lowercase())))
}

fn upper(args: &Args) -> Result<Value, FunctionError> {
    string(map_case(&args.str(0)?, |c| single(c.to_uppercase())))
}

/// Go's `strings.Title`: a letter after a separator is upper-cased, where letters, digits and
/// `_` are not separators.
fn title(args: &Args) -> Result<Value, FunctionError> {
    let is_separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else if c.is_alphanumeric() {
            false
        } else {
            c.is_whitespace()
        }
    };
    let mut prev = ' ';
    let out = args
        .str(0)?
        .chars()
        .map(|c| {
            let mapped = if is_separator(prev) {
                single(c.to_uppercase()).unwrap_or(c)
            } else {
                c
            };
            prev = c;
            mapped
        })
        .collect::<String>();
    string(out)
}

fn trim(args: &Args) -> Result<Value, FunctionError> {
    let cutset = args.str(1)?;
    string(args.str(0)?.trim_matches(|c| cutset.contains(c)))
}

fn trimprefix(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let prefix = args.str(1)?;
    string(s.strip_prefix(&*prefix).unwrap_or(&s))
}

fn trimsuffix(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let suffix = args.str(1)?;
    string(s.strip_suffix(&*suffix).unwrap_or(&s))
}

fn trimspace(args: &Args) -> Result<Value, FunctionError> {
    string(args.str(0)?.trim())
}

fn strrev(args: &Args) -> Result<Value, FunctionError> {
    string(args.str(0)?.graphemes(true).rev().collect::<String>())
}

fn substr(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let offset = args.int(1)?;
    let length = args.int(2)?;
    let clusters: Vec<&str> = s.graphemes(true).collect();
    let total = clusters.len() as i64;
    let start = if offset < 0 {
        (offset + total).max(0)
    } else {
        offset
    };
    if start >= total || length == 0 {
        return string("");
    }
    let end = if length < 0 {
        total
    } else {
        start.saturating_add(length).min(total)
    };
    string(clusters[start as usize..end as usize].concat())
}

fn indent(args: &Args) -> Result<Value, FunctionError> {
    let spaces = args.int(0)?;
    let s = args.str(1)?;
    if spaces < 0 {
        return Err(args.error("the number of spaces must not be negative"));
    }
    let lines = s.matches('\n').count();
    if lines == 0 {
        return string(s);
    }
    let grown = (spaces as u128) * (lines as u128) + s.len() as u128;
    if grown > MAX_RESULT_BYTES as u128 {
        return Err(args.error("result is larger than 16 MiB"));
    }
    string(s.replace('\n', &format!("\n{}", " ".repeat(spaces as usize))))
}

fn join(args: &Args) -> Result<Value, FunctionError> {
    let sep = args.str(0)?;
    let mut out = Bounded::new();
    let mut first = true;
    for i in 1..args.len() {
        for item in args.string_list(i)? {
            if !first {
                out.push(&sep).map_err(|e| args.error(e))?;
            }
            first = false;
            out.push(&item).map_err(|e| args.error(e))?;
        }
    }
    string(out.out)
}

/// Go's `strings.Split`: an empty separator splits into characters.
fn split(args: &Args) -> Result<Value, FunctionError> {
    let sep = args.str(0)?;
    let s = args.str(1)?;
    // Each part costs far more than its bytes; refuse before allocating millions of them.
    let count = if sep.is_empty() {
        s.chars().count()
    } else {
        s.matches(&*sep).count() + 1
    };
    if count.saturating_mul(32).saturating_add(s.len()) > MAX_RESULT_BYTES {
        return Err(args.error("result is larger than 16 MiB"));
    }
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(&*sep).map(Value::from).collect()
    };
    Ok(Value::List(parts))
}

// --- regular expressions ---------------------------------------------------------------------

/// Compiles a pattern, caching recent ones: the same pattern is typically applied to every
/// element of a `for` expression.
fn compile(args: &Args, pattern: &str) -> Result<Regex, FunctionError> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
    }
    if let Some(re) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(re);
    }
    let re = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| args.error(format!("invalid regular expression pattern: {e}")))?;
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= 128 {
            cache.clear();
        }
        cache.insert(pattern.to_string(), re.clone());
    });
    Ok(re)
}

enum Shape {
    Whole,
    List,
    Object(Vec<(usize, String)>),
}

/// Terraform's `regex` returns the match, a list of groups, or an object of named groups.
fn shape(args: &Args, re: &Regex) -> Result<Shape, FunctionError> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().filter(|n| n.is_some()).count();
    match (names.len(), named) {
        (0, _) => Ok(Shape::Whole),
        (_, 0) => Ok(Shape::List),
        (total, named) if total == named => Ok(Shape::Object(
            names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.map(|n| (i + 1, n.to_string())))
                .collect(),
        )),
        _ => Err(args.error(
            "invalid regular expression pattern: cannot mix both named and unnamed capture groups",
        )),
    }
}

fn match_value(shape: &Shape, caps: &regex::Captures) -> Value {
    let group = |i: usize| caps.get(i).map_or(Value::Null, |m| Value::from(m.as_str()));
    match shape {
        Shape::Whole => group(0),
        Shape::List => Value::List((1..caps.len()).map(group).collect()),
        Shape::Object(names) => Value::Object(
            names
                .iter()
                .map(|(i, name)| (name.clone(), group(*i)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

fn regex_fn(args: &Args) -> Result<Value, FunctionError> {
    let re = compile(args, &args.str(0)?)?;
    let shape = shape(args, &re)?;
    let s = args.str(1)?;
    let caps = re
        .captures(&s)
        .ok_or_else(|| args.error("pattern did not match any part of the given string"))?;
    Ok(match_value(&shape, &caps))
}

fn regexall(args: &Args) -> Result<Value, FunctionError> {
    let re = compile(args, &args.str(0)?)?;
    let shape = shape(args, &re)?;
    let s = args.str(1)?;
    let mut out = Vec::new();
    let mut size = 0usize;
    for caps in re.captures_iter(&s) {
        size += 32 + caps.get(0).map_or(0, |m| m.len()) * caps.len().max(1);
        if size > MAX_RESULT_BYTES {
            return Err(args.error("result is larger than 16 MiB"));
        }
        out.push(match_value(&shape, &caps));
    }
    Ok(Value::List(out))
}

/// `replace` treats a `/…/` substring as a regular expression whose replacement may use Go's
/// `$1`/`${name}` references, which the regex crate expands the same way.
fn replace(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let substr = args.str(1)?;
    let replacement = args.str(2)?;
    let mut out = Bounded::new();
    let err = |e| args.error(e);
    if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
        let re = compile(args, &substr[1..substr.len() - 1])?;
        let mut last = 0;
        let mut expanded = String::new();
        for caps in re.captures_iter(&s) {
            let whole = caps.get(0).expect("group 0 always participates");
            out.push(&s[last..whole.start()]).map_err(err)?;
            expanded.clear();
            caps.expand(&replacement, &mut expanded);
            out.push(&expanded).map_err(err)?;
            last = whole.end();
        }
        out.push(&s[last..]).map_err(err)?;
    } else if substr.is_empty() {
        // Go inserts the replacement at every character boundary.
        out.push(&replacement).map_err(err)?;
        for c in s.chars() {
            out.push_char(c).map_err(err)?;
            out.push(&replacement).map_err(err)?;
        }
    } else {
        let mut last = 0;
        for (i, m) in s.match_indices(&*substr) {
            out.push(&s[last..i]).map_err(err)?;
            out.push(&replacement).map_err(err)?;
            last = i + m.len();
        }
        out.push(&s[last..]).map_err(err)?;
    }
    string(out.out)
}

// --- format ----------------------------------------------------------------------------------

#[derive(Default, Debug, Clone, Copy)]
struct Verb<'a> {
    raw: &'a str,
    offset: usize,
    arg: usize,
    zero: bool,
    sharp: bool,
    minus: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
    mode: char,
}

/// Parses a decimal run, saturating so that absurd widths are refused later, not overflowed.
fn digits(bytes: &[u8], i: &mut usize) -> usize {
    let mut n: usize = 0;
    while *i < bytes.len() && bytes[*i].is_ascii_digit() {
        n = n
            .saturating_mul(10)
            .saturating_add((bytes[*i] - b'0') as usize);
        *i += 1;
    }
    n
}

/// Terraform's `format`: printf-like verbs over Terraform values (see cty's `stdlib.Format`).
pub(crate) fn format_values(fmt: &str, values: &[Value]) -> Result<String, String> {
    let bytes = fmt.as_bytes();
    let mut out = Bounded::new();
    let mut next_arg = 1usize;
    let mut used_max = 0usize;
    let mut i = 0;
    let mut literal_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        out.push(&fmt[literal_start..i])?;
        let start = i;
        i += 1;
        if bytes.get(i) == Some(&b'%') {
            out.push("%")?;
            i += 1;
            literal_start = i;
            continue;
        }
        let mut verb = Verb {
            offset: start,
            arg: next_arg,
            ..Verb::default()
        };
        while let Some(&c) = bytes.get(i) {
            match c {
                b'0' => verb.zero = true,
                b'#' => verb.sharp = true,
                b'-' => verb.minus = true,
                b'+' => verb.plus = true,
                b' ' => verb.space = true,
                _ => break,
            }
            i += 1;
        }
        if bytes.get(i) == Some(&b'[') {
            i += 1;
            if !matches!(bytes.get(i), Some(b'1'..=b'9')) {
                return Err(unrecognized(fmt, i));
            }
            verb.arg = digits(bytes, &mut i);
            if bytes.get(i) != Some(&b']') {
                return Err(unrecognized(fmt, i));
            }
            i += 1;
        }
        if matches!(bytes.get(i), Some(b'1'..=b'9')) {
            verb.width = Some(digits(bytes, &mut i));
        } else if bytes.get(i) == Some(&b'*') {
            return Err(format!(
                "width from argument (\"*\") is not supported at offset {i}"
            ));
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if bytes.get(i) == Some(&b'*') {
                return Err(format!(
                    "precision from argument (\"*\") is not supported at offset {i}"
                ));
            }
            verb.precision = Some(digits(bytes, &mut i));
        }
        match bytes.get(i) {
            Some(c) if c.is_ascii_alphabetic() => verb.mode = *c as char,
            Some(_) => return Err(unrecognized(fmt, i)),
            None => return Err(format!("invalid format string starting at offset {start}")),
        }
        i += 1;
        verb.raw = &fmt[start..i];
        if verb.width.unwrap_or(0) > MAX_RESULT_BYTES
            || verb.precision.unwrap_or(0) > MAX_RESULT_BYTES
        {
            return Err(format!("width or precision in {:?} is too large", verb.raw));
        }
        let value = values.get(verb.arg - 1).ok_or_else(|| {
            format!(
                "not enough arguments for {:?} at {}: need index {} but have {} total",
                verb.raw,
                verb.offset,
                verb.arg,
                values.len()
            )
        })?;
        let piece = format_verb(&verb, value)?;
        out.push(&piece)?;
        used_max = used_max.max(verb.arg);
        next_arg = verb.arg + 1;
        literal_start = i;
    }
    out.push(&fmt[literal_start..])?;
    if used_max < values.len() {
        return Err(if used_max == 0 {
            "too many arguments; no verbs in format string".to_string()
        } else {
            format!("too many arguments; only {used_max} used by format string")
        });
    }
    Ok(out.out)
}

fn unrecognized(fmt: &str, at: usize) -> String {
    match fmt[at..].chars().next() {
        Some(c) => format!("unrecognized format character {c:?} at offset {at}"),
        None => format!("invalid format string starting at offset {at}"),
    }
}

fn format_verb(verb: &Verb, value: &Value) -> Result<String, String> {
    let bad = |e: String| {
        format!(
            "unsupported value for {:?} at {}: {e}",
            verb.raw, verb.offset
        )
    };
    if verb.mode != 'v' && value.is_null() {
        return Err(bad("null value cannot be formatted".into()));
    }
    match verb.mode {
        'v' => Ok(match value {
            Value::String(s) if !verb.sharp => pad(verb, s),
            Value::Number(n) if !verb.sharp => pad(verb, &go_float(*n, 'g', None)),
            other => pad(verb, &encoding::json_encode(other).map_err(bad)?),
        }),
        't' => Ok(to_bool(value).map_err(bad)?.to_string()),
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = to_number(value).map_err(bad)?;
            if n.fract() != 0.0 || n.abs() >= 1.7e38 {
                return Err(bad("an integer is required".into()));
            }
            Ok(format_integer(verb, n as i128))
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let n = to_number(value).map_err(bad)?;
            let mode = if verb.mode == 'F' { 'f' } else { verb.mode };
            let body = go_float(n.abs(), mode, verb.precision);
            Ok(pad_number(
                verb,
                sign(verb, n.is_sign_negative() && n != 0.0),
                "",
                &body,
            ))
        }
        's' | 'q' => {
            let s = to_str(value).map_err(bad)?;
            let s = match verb.precision {
                Some(p) if p > 0 => s.graphemes(true).take(p).collect::<String>(),
                _ => s.into_owned(),
            };
            Ok(if verb.mode == 'q' {
                pad(verb, &encoding::json_string(&s))
            } else {
                pad(verb, &s)
            })
        }
        other => Err(format!(
            "unsupported format verb {other:?} in {:?} at offset {}",
            verb.raw, verb.offset
        )),
    }
}

/// Pads to the width in grapheme clusters, as cty does for strings and `%v`.
fn pad(verb: &Verb, s: &str) -> String {
    let Some(width) = verb.width else {
        return s.to_string();
    };
    let len = s.graphemes(true).count();
    if len >= width {
        return s.to_string();
    }
    let fill = if verb.zero { "0" } else { " " }.repeat(width - len);
    if verb.minus {
        format!("{s}{fill}")
    } else {
        format!("{fill}{s}")
    }
}

fn sign(verb: &Verb, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    }
}

/// Go's numeric padding: zeros go between the sign/prefix and the digits.
fn pad_number(verb: &Verb, sign: &str, prefix: &str, digits: &str) -> String {
    let len = sign.len() + prefix.len() + digits.chars().count();
    let width = verb.width.unwrap_or(0);
    if len >= width {
        return format!("{sign}{prefix}{digits}");
    }
    let fill = width - len;
    if verb.minus {
        format!("{sign}{prefix}{digits}{}", " ".repeat(fill))
    } else if verb.zero {
        format!("{sign}{prefix}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{sign}{prefix}{digits}", " ".repeat(fill))
    }
}

fn format_integer(verb: &Verb, n: i128) -> String {
    let magnitude = n.unsigned_abs();
    let mut digits = match verb.mode {
        'b' => format!("{magnitude:b}"),
        'o' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    if let Some(p) = verb.precision {
        if p == 0 && magnitude == 0 {
            digits.clear();
        } else if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    // Go ignores the zero flag when a precision is given.
    let zero_ok = verb.precision.is_none();
    let verb = Verb {
        zero: verb.zero && zero_ok,
        ..*verb
    };
    pad_number(&verb, sign(&verb, n < 0), prefix, &digits)
}

/// Decimal digits (without trailing zeros) and the decimal point position of `x >= 0`, rounded
/// to `significant` digits or, for `None`, the shortest that round-trips.
fn decimal_digits(x: f64, significant: Option<usize>) -> (Vec<u8>, i32) {
    if x == 0.0 {
        return (vec![], 1);
    }
    let text = match significant {
        Some(p) => format!("{:.*e}", p.saturating_sub(1).min(1100), x),
        None => format!("{x:e}"),
    };
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, exp + 1)
}

/// Digits of `x >= 0` rounded to `decimals` places after the point.
fn fixed_digits(x: f64, decimals: usize) -> (Vec<u8>, i32) {
    let text = format!("{:.*}", decimals.min(1100), x);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int = int.trim_start_matches('0');
    let point = int.len() as i32;
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let mut point = point;
    if int.is_empty() {
        // Leading zeros of the fraction move the point left.
        let zeros = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..zeros);
        point = -(zeros as i32);
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        point = 1;
    }
    (digits, point)
}

fn fmt_e(digits: &[u8], point: i32, precision: usize, upper: bool) -> String {
    let mut out = String::new();
    out.push((b'0' + digits.first().copied().unwrap_or(0)) as char);
    if precision > 0 {
        out.push('.');
        for i in 1..=precision {
            out.push((b'0' + digits.get(i).copied().unwrap_or(0)) as char);
        }
    }
    let exp = if digits.is_empty() { 0 } else { point - 1 };
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

fn fmt_f(digits: &[u8], point: i32, precision: usize) -> String {
    let digit = |i: i32| -> char {
        if i >= 0 && (i as usize) < digits.len() {
            (b'0' + digits[i as usize]) as char
        } else {
            '0'
        }
    };
    let mut out = String::new();
    if point > 0 {
        for i in 0..point {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if precision > 0 {
        out.push('.');
        for i in 0..precision as i32 {
            out.push(digit(point + i));
        }
    }
    out
}

/// Formats `x >= 0` like Go's `strconv.FormatFloat`/`big.Float` for `e`, `f` and `g`; a `None`
/// precision means Go's default (6 for `e`/`f`, shortest for `g`).
pub(crate) fn go_float(x: f64, mode: char, precision: Option<usize>) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else {
            "+Inf".into()
        };
    }
    let negative = x.is_sign_negative() && x != 0.0;
    let x = x.abs();
    let body = match mode {
        'e' | 'E' => {
            let p = precision.unwrap_or(6);
            let (d, point) = decimal_digits(x, Some(p + 1));
            fmt_e(&d, point, p, mode == 'E')
        }
        'f' => {
            let p = precision.unwrap_or(6);
            let (d, point) = fixed_digits(x, p);
            fmt_f(&d, point, p)
        }
        _ => {
            let shortest = precision.is_none();
            let (d, point) = decimal_digits(x, precision.map(|p| p.max(1)));
            let mut prec = match precision {
                None => d.len().max(1),
                Some(p) => p.max(1),
            };
            let mut eprec = prec;
            if eprec > d.len() && d.len() as i32 >= point {
                eprec = d.len();
            }
            if shortest {
                eprec = 6;
            }
            let exp = point - 1;
            if exp < -4 || exp >= eprec as i32 {
                if prec > d.len() {
                    prec = d.len().max(1);
                }
                fmt_e(&d, point, prec - 1, mode == 'G')
            } else {
                if prec as i32 > point {
                    prec = d.len();
                }
                fmt_f(&d, point, (prec as i32 - point).max(0) as usize)
            }
        }
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

fn format(args: &Args) -> Result<Value, FunctionError> {
    let fmt = args.str(0)?;
    format_values(&fmt, &args.values[1..])
        .map(Value::String)
        .map_err(|e| args.error(e))
}

fn formatlist(args: &Args) -> Result<Value, FunctionError> {
    let fmt = args.str(0)?;
    let rest = &args.values[1..];
    let mut length: Option<(usize, usize)> = None;
    for (i, v) in rest.iter().enumerate() {
        if let Value::List(items) = v {
            match length {
                None => length = Some((items.len(), i)),
                Some((len, j)) if len != items.len() => {
                    return Err(args.error(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {len}",
                        i + 1,
                        items.len(),
                        j + 1
                    )))
                }
                Some(_) => {}
            }
        }
    }
    let iterations = length.map_or(1, |(len, _)| len);
    let mut results = Vec::with_capacity(iterations);
    let mut total = 0usize;
    for iteration in 0..iterations {
        let call_args: Vec<Value> = rest
            .iter()
            .map(|v| match v {
                Value::List(items) => items[iteration].clone(),
                other => other.clone(),
            })
            .collect();
        if call_args.iter().any(Value::contains_unknown) {
            results.push(args.unknown());
            continue;
        }
        let s = format_values(&fmt, &call_args)
            .map_err(|e| args.error(format!("error on format iteration {iteration}: {e}")))?;
        total += s.len() + 8;
        if total > MAX_RESULT_BYTES {
            return Err(args.error("result is larger than 16 MiB"));
        }
        results.push(Value::String(s));
    }
    Ok(Value::List(results))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn f(fmt: &str, values: Vec<Value>) -> String {
        match ok("format", std::iter::once(s(fmt)).chain(values).collect()) {
            Value::String(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn format_basic_verbs() {
        assert_eq!(f("Hello, %s!", vec![s("Ander")]), "Hello, Ander!");
        assert_eq!(f("There are %d lights", vec![n(4.0)]), "There are 4 lights");
        assert_eq!(f("%d", vec![s("22")]), "22");
        assert_eq!(f("%v", vec![n(22.0)]), "22");
        assert_eq!(f("%v", vec![n(1.5)]), "1.5");
        assert_eq!(f("%v", vec![n(1e6)]), "1e+06");
        assert_eq!(f("%v", vec![Value::Bool(true)]), "true");
        assert_eq!(f("%v", vec![Value::Null]), "null");
        assert_eq!(f("%v", vec![strs(&["a", "<"])]), r#"["a","\u003c"]"#);
        assert_eq!(f("%#v", vec![s("x")]), r#""x""#);
        assert_eq!(f("%t", vec![s("true")]), "true");
        assert_eq!(f("%q", vec![s("a\"b")]), r#""a\"b""#);
        assert_eq!(
            f("%x %X %o %b", vec![n(255.0), n(255.0), n(8.0), n(5.0)]),
            "ff FF 10 101"
        );
        assert_eq!(
            f("%#x %#o %#b", vec![n(255.0), n(8.0), n(5.0)]),
            "0xff 010 0b101"
        );
        assert_eq!(f("100%%", vec![]), "100%");
        assert_eq!(f("%[2]s %[1]s %s", vec![s("a"), s("b")]), "b a b");
    }

    #[test]
    fn format_floats_like_go() {
        assert_eq!(f("%f", vec![n(1.23456)]), "1.234560");
        assert_eq!(f("%.2f", vec![n(1.23456)]), "1.23");
        assert_eq!(f("%.0f", vec![n(2.5)]), "2");
        assert_eq!(f("%.1f", vec![n(0.05)]), "0.1");
        assert_eq!(f("%8.3f|", vec![n(-1.23456)]), "  -1.235|");
        assert_eq!(f("%e", vec![n(1234.5678)]), "1.234568e+03");
        assert_eq!(f("%.2E", vec![n(0.000123)]), "1.23E-04");
        assert_eq!(f("%g", vec![n(100000.0)]), "100000");
        assert_eq!(f("%g", vec![n(1e21)]), "1e+21");
        assert_eq!(f("%g", vec![n(0.0001)]), "0.0001");
        assert_eq!(f("%g", vec![n(0.00001)]), "1e-05");
        assert_eq!(f("%.3g", vec![n(1.0)]), "1");
        assert_eq!(f("%.3g", vec![n(1234.0)]), "1.23e+03");
        assert_eq!(f("%+.1f", vec![n(2.0)]), "+2.0");
        assert_eq!(f("%f", vec![n(0.0)]), "0.000000");
        assert_eq!(f("%e", vec![n(0.0)]), "0.000000e+00");
        assert_eq!(f("%g", vec![n(0.0)]), "0");
    }

    #[test]
    fn format_width_and_flags() {
        assert_eq!(f("%5d|", vec![n(42.0)]), "   42|");
        assert_eq!(f("%-5d|", vec![n(42.0)]), "42   |");
        assert_eq!(f("%05d", vec![n(42.0)]), "00042");
        assert_eq!(f("%05d", vec![n(-42.0)]), "-0042");
        assert_eq!(f("%+d % d", vec![n(5.0), n(5.0)]), "+5  5");
        assert_eq!(f("%.3d", vec![n(7.0)]), "007");
        assert_eq!(f("%-5s|", vec![s("ab")]), "ab   |");
        assert_eq!(f("%5s|", vec![s("ab")]), "   ab|");
        assert_eq!(f("%05s", vec![s("ab")]), "000ab");
        assert_eq!(f("%.2s", vec![s("héllo")]), "hé");
        assert_eq!(f("%3s|", vec![s("e\u{301}")]), "  e\u{301}|");
        assert_eq!(f("%02d:%02d", vec![n(5.0), n(7.0)]), "05:07");
    }

    #[test]
    fn format_errors() {
        let e = |fmt: &str, values: Vec<Value>| {
            err("format", std::iter::once(s(fmt)).chain(values).collect())
        };
        assert!(e("%d", vec![n(1.5)]).contains("an integer is required"));
        assert!(e("%d", vec![s("x")]).contains("cannot convert"));
        assert!(e("%s %s", vec![s("a")]).contains("not enough arguments"));
        assert!(e("%s", vec![s("a"), s("b")]).contains("too many arguments; only 1 used"));
        assert!(e("hi", vec![s("a")]).contains("no verbs"));
        assert!(e("%z", vec![s("a")]).contains("unsupported format verb"));
        assert!(e("%s", vec![Value::Null]).contains("null value cannot be formatted"));
        assert!(e("%s", vec![strs(&["a"])]).contains("string is required"));
        assert!(e("abc %", vec![]).contains("invalid format string"));
        assert!(e("%!", vec![]).contains("unrecognized format character"));
        assert!(e("%999999999999999999999d", vec![n(1.0)]).contains("too large"));
        assert!(ok("format", vec![s("%s"), unk()]).is_unknown());
    }

    #[test]
    fn formatlist_iterates_lists_and_repeats_scalars() {
        assert_eq!(
            ok(
                "formatlist",
                vec![s("Hello, %s!"), strs(&["Valentina", "Ander"])]
            ),
            strs(&["Hello, Valentina!", "Hello, Ander!"])
        );
        assert_eq!(
            ok(
                "formatlist",
                vec![s("%s, %s!"), s("Salutations"), strs(&["a", "b"])]
            ),
            strs(&["Salutations, a!", "Salutations, b!"])
        );
        assert_eq!(ok("formatlist", vec![s("x%s"), s("y")]), strs(&["xy"]));
        assert_eq!(ok("formatlist", vec![s("%s"), strs(&[])]), strs(&[]));
        assert!(err(
            "formatlist",
            vec![s("%s%s"), strs(&["a"]), strs(&["a", "b"])]
        )
        .contains("inconsistent"));
        let partly = ok("formatlist", vec![s("%s"), list(vec![s("a"), unk()])]);
        assert_eq!(partly.as_list().unwrap()[0], s("a"));
        assert!(partly.as_list().unwrap()[1].is_unknown());
        assert!(ok("formatlist", vec![s("%s"), unk()]).is_unknown());
    }

    #[test]
    fn simple_string_functions() {
        assert_eq!(ok("chomp", vec![s("hello\r\n\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\nworld")]), s("hello\nworld"));
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("hello")]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("world")]),
            Value::Bool(false)
        );
        assert_eq!(
            ok("endswith", vec![s("hello world"), s("world")]),
            Value::Bool(true)
        );
        assert_eq!(ok("endswith", vec![s("hello"), s("x")]), Value::Bool(false));
        assert_eq!(
            ok("strcontains", vec![s("hello world"), s("wor")]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("strcontains", vec![s("hello"), s("z")]),
            Value::Bool(false)
        );
        assert_eq!(ok("lower", vec![s("HELLO ΣΑΣ")]), s("hello σασ"));
        assert_eq!(ok("upper", vec![s("hello straße")]), s("HELLO STRAßE"));
        assert_eq!(ok("upper", vec![n(5.0)]), s("5"));
        assert_eq!(
            ok("title", vec![s("hello world-foo_bar 9x")]),
            s("Hello World-Foo_bar 9x")
        );
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trim", vec![s("foobar"), s("")]), s("foobar"));
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("cat")]),
            s("helloworld")
        );
        assert_eq!(
            ok("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(ok("trimsuffix", vec![s("hello"), s("x")]), s("hello"));
        assert_eq!(ok("trimspace", vec![s("  hello\n\t")]), s("hello"));
        assert_eq!(ok("strrev", vec![s("hello")]), s("olleh"));
        assert_eq!(ok("strrev", vec![s("a\u{301}b")]), s("ba\u{301}"));
        assert!(err("lower", vec![strs(&["a"])]).contains("string is required"));
        assert!(err("trimspace", vec![Value::Null]).contains("must not be null"));
    }

    #[test]
    fn substr_counts_graphemes() {
        assert_eq!(
            ok("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(ok("substr", vec![s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(ok("substr", vec![s("héllo"), n(1.0), n(1.0)]), s("é"));
        assert_eq!(
            ok("substr", vec![s("hello world"), n(-5.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(ok("substr", vec![s("hello"), n(-10.0), n(2.0)]), s("he"));
        assert_eq!(ok("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(ok("substr", vec![s("hello"), n(2.0), n(100.0)]), s("llo"));
        assert_eq!(ok("substr", vec![s("hello"), n(1.0), n(0.0)]), s(""));
        assert!(err("substr", vec![s("hello"), n(1.5), n(1.0)]).contains("whole number"));
    }

    #[test]
    fn indent_join_split() {
        assert_eq!(
            ok("indent", vec![n(2.0), s("[\n  foo,\n]\n")]),
            s("[\n    foo,\n  ]\n  ")
        );
        assert!(err("indent", vec![n(-1.0), s("x")]).contains("negative"));
        assert!(err("indent", vec![n(1e12), s("a\nb")]).contains("16 MiB"));
        assert_eq!(ok("indent", vec![n(1e15), s("one line")]), s("one line"));
        assert_eq!(
            ok("join", vec![s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(
            ok("join", vec![s(","), strs(&["a"]), list(vec![n(1.0)])]),
            s("a,1")
        );
        assert_eq!(ok("join", vec![s(","), strs(&[])]), s(""));
        assert!(err("join", vec![s(","), list(vec![Value::Null])]).contains("null"));
        assert!(ok("join", vec![s(","), list(vec![s("a"), unk()])]).is_unknown());
        assert_eq!(
            ok("split", vec![s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(ok("split", vec![s(","), s("foo")]), strs(&["foo"]));
        assert_eq!(ok("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", vec![s(""), s("héj")]), strs(&["h", "é", "j"]));
        assert!(err("split", vec![s(","), obj(&[])]).contains("string is required"));
        assert!(err("split", vec![s(""), s(&"x".repeat(1 << 20))]).contains("16 MiB"));
    }

    #[test]
    fn regex_returns_string_list_or_object() {
        assert_eq!(
            ok(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            ),
            s("aaabbbccc")
        );
        assert_eq!(
            ok(
                "regex",
                vec![s(r"(\d\d\d\d)-(\d\d)-(\d\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        assert_eq!(
            ok(
                "regex",
                vec![
                    s(r"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/")
                ]
            ),
            obj(&[("authority", s("terraform.io")), ("scheme", s("https"))])
        );
        assert_eq!(
            ok("regex", vec![s("(a)|(b)"), s("b")]),
            list(vec![Value::Null, s("b")])
        );
        assert!(err("regex", vec![s("[a-z]+"), s("123")]).contains("did not match"));
        assert!(err("regex", vec![s("(?P<x>a)(b)"), s("ab")]).contains("cannot mix"));
        assert!(err("regex", vec![s("(unclosed"), s("x")]).contains("invalid regular expression"));
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(ok("regexall", vec![s("[a-z]+"), s("123")]), strs(&[]));
        assert!(err("regexall", vec![s("x"), s(&"x".repeat(1 << 20))]).contains("16 MiB"));
        assert_eq!(
            ok("regexall", vec![s(r"(\w)=(\d)"), s("a=1 b=2")]),
            list(vec![strs(&["a", "1"]), strs(&["b", "2"])])
        );
    }

    #[test]
    fn replace_plain_and_regex() {
        assert_eq!(
            ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            ),
            s("hello everybody")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("hello world"), s(r"/(\w+) (\w+)/"), s("$2 $1")]
            ),
            s("world hello")
        );
        assert_eq!(
            ok("replace", vec![s("abc"), s("/(?P<x>b)/"), s("[${x}]")]),
            s("a[b]c")
        );
        assert_eq!(ok("replace", vec![s("abc"), s("/b/"), s("$$")]), s("a$c"));
        assert_eq!(ok("replace", vec![s("ab"), s(""), s("-")]), s("-a-b-"));
        assert_eq!(ok("replace", vec![s("a/b"), s("/"), s("_")]), s("a_b"));
        assert!(
            err("replace", vec![s("x"), s("/(/"), s("")]).contains("invalid regular expression")
        );
        let big = "a".repeat(1 << 20);
        assert!(err("replace", vec![s(&big), s("a"), s(&"b".repeat(100))]).contains("16 MiB"));
    }
}
