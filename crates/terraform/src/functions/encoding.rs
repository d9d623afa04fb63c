//! Encoding functions: base64, JSON, YAML, CSV, URL and text encodings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use driftguard_model::{format_number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use super::conversion::{depth_exceeds, parse_number};
use super::{spec, Args, FunctionError, Spec, Unknowns::*, MAX_DEPTH, MAX_RESULT_BYTES};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("base64decode", 1, 1, Deep, base64decode),
    spec("base64encode", 1, 1, Deep, base64encode),
    spec("base64gzip", 1, 1, Deep, base64gzip),
    spec("csvdecode", 1, 1, Deep, csvdecode),
    spec("jsondecode", 1, 1, Deep, jsondecode),
    spec("jsonencode", 1, 1, Manual, jsonencode),
    spec("textdecodebase64", 2, 2, Deep, textdecodebase64),
    spec("textencodebase64", 2, 2, Deep, textencodebase64),
    spec("urlencode", 1, 1, Deep, urlencode),
    spec("yamldecode", 1, 1, Deep, yamldecode),
    spec("yamlencode", 1, 1, Deep, yamlencode),
];

pub(crate) fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn base64encode(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::String(base64(args.str(0)?.as_bytes())))
}

fn decode_base64(args: &Args, s: &str) -> Result<Vec<u8>, FunctionError> {
    STANDARD
        .decode(s)
        .map_err(|_| args.error(format!("failed to decode base64 data {s:?}")))
}

fn base64decode(args: &Args) -> Result<Value, FunctionError> {
    let bytes = decode_base64(args, &args.str(0)?)?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| args.error("the result of decoding the provided string is not valid UTF-8"))
}

fn base64gzip(args: &Args) -> Result<Value, FunctionError> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(args.str(0)?.as_bytes())
        .and_then(|()| encoder.finish())
        .map(|bytes| Value::String(base64(&bytes)))
        .map_err(|e| args.error(format!("failed to compress: {e}")))
}

/// Go's `url.QueryEscape`: spaces become `+`, and everything but `[A-Za-z0-9-_.~]` is
/// percent-encoded.
fn urlencode(args: &Args) -> Result<Value, FunctionError> {
    let mut out = String::new();
    for b in args.str(0)?.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

// --- text encodings --------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum TextEncoding {
    Utf8,
    Utf16 { big_endian: bool, bom: bool },
    Latin1,
    Ascii,
}

/// The IANA names Terraform users actually pass; others are refused rather than guessed.
fn text_encoding(args: &Args, name: &str) -> Result<TextEncoding, FunctionError> {
    let normalized = name.to_ascii_uppercase().replace('_', "-");
    Ok(match normalized.as_str() {
        "UTF-8" | "UTF8" => TextEncoding::Utf8,
        "UTF-16" | "UTF16" => TextEncoding::Utf16 {
            big_endian: true,
            bom: true,
        },
        "UTF-16BE" => TextEncoding::Utf16 {
            big_endian: true,
            bom: false,
        },
        "UTF-16LE" => TextEncoding::Utf16 {
            big_endian: false,
            bom: false,
        },
        "ISO-8859-1" | "ISO8859-1" | "LATIN1" | "L1" | "ISO-IR-100" | "CP819" | "IBM819" => {
            TextEncoding::Latin1
        }
        "US-ASCII" | "ASCII" | "ANSI-X3.4-1968" | "ISO646-US" => TextEncoding::Ascii,
        _ => {
            return Err(args.error(format!(
                "{name:?} is not a supported IANA encoding name or alias"
            )))
        }
    })
}

fn textencodebase64(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let encoding = text_encoding(args, &args.str(1)?)?;
    let unrepresentable = |c: char| {
        args.error(format!(
            "the given string contains characters that cannot be represented in {}: {c:?}",
            args.str(1).unwrap_or_default()
        ))
    };
    let bytes = match encoding {
        TextEncoding::Utf8 => s.as_bytes().to_vec(),
        TextEncoding::Utf16 { big_endian, bom } => {
            let mut out = Vec::with_capacity(s.len() * 2 + 2);
            let units = bom.then_some(0xFEFF).into_iter().chain(s.encode_utf16());
            for unit in units {
                out.extend_from_slice(&if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            out
        }
        TextEncoding::Latin1 | TextEncoding::Ascii => {
            let max = if matches!(encoding, TextEncoding::Ascii) {
                0x7F
            } else {
                0xFF
            };
            s.chars()
                .map(|c| {
                    if (c as u32) <= max {
                        Ok(c as u8)
                    } else {
                        Err(unrepresentable(c))
                    }
                })
                .collect::<Result<Vec<u8>, _>>()?
        }
    };
    Ok(Value::String(base64(&bytes)))
}

fn textdecodebase64(args: &Args) -> Result<Value, FunctionError> {
    let bytes = decode_base64(args, &args.str(0)?)?;
    let encoding = text_encoding(args, &args.str(1)?)?;
    let invalid = || {
        args.error(format!(
            "the given value has an invalid {} encoding",
            args.str(1).unwrap_or_default()
        ))
    };
    let text = match encoding {
        TextEncoding::Utf8 => String::from_utf8(bytes).map_err(|_| invalid())?,
        TextEncoding::Utf16 {
            mut big_endian,
            bom,
        } => {
            if bytes.len() % 2 != 0 {
                return Err(invalid());
            }
            let mut body = &bytes[..];
            if bom {
                match body {
                    [0xFE, 0xFF, rest @ ..] => body = rest,
                    [0xFF, 0xFE, rest @ ..] => {
                        big_endian = false;
                        body = rest;
                    }
                    _ => {}
                }
            }
            let units: Vec<u16> = body
                .chunks_exact(2)
                .map(|p| {
                    if big_endian {
                        u16::from_be_bytes([p[0], p[1]])
                    } else {
                        u16::from_le_bytes([p[0], p[1]])
                    }
                })
                .collect();
            String::from_utf16(&units).map_err(|_| invalid())?
        }
        TextEncoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        TextEncoding::Ascii => {
            if bytes.iter().any(|b| *b > 0x7F) {
                return Err(invalid());
            }
            bytes.iter().map(|&b| char::from(b)).collect()
        }
    };
    Ok(Value::String(text))
}

// --- JSON ------------------------------------------------------------------------------------

/// A JSON string as Go's encoder writes it, HTML-safe (`<` is `\u003c`), as Terraform's
/// `jsonencode` output is.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_json_string(&mut out, s);
    out
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Compact JSON with sorted keys and integers without a fraction, as Terraform writes it.
pub(crate) fn json_encode(v: &Value) -> Result<String, String> {
    fn walk(v: &Value, out: &mut String, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".into());
        }
        if out.len() > MAX_RESULT_BYTES {
            return Err("result is larger than 16 MiB".into());
        }
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
            Value::Number(_) => return Err("cannot encode a non-finite number as JSON".into()),
            Value::String(s) => write_json_string(out, s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    walk(item, out, depth + 1)?;
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, k);
                    out.push(':');
                    walk(item, out, depth + 1)?;
                }
                out.push('}');
            }
            Value::Unknown(_) => return Err("value is not known".into()),
        }
        Ok(())
    }
    let mut out = String::new();
    walk(v, &mut out, 0)?;
    Ok(out)
}

fn jsonencode(args: &Args) -> Result<Value, FunctionError> {
    let value = args.get(0);
    if value.contains_unknown() {
        // Keep the structure: policy rules read the known parts of `jsonencode({...})`.
        return Ok(Value::encoding_of(
            "result of jsonencode() depends on an unknown value",
            value.clone(),
        ));
    }
    json_encode(value)
        .map(Value::String)
        .map_err(|e| args.error(e))
}

fn jsondecode(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let json: serde_json::Value =
        serde_json::from_str(&s).map_err(|e| args.error(format!("invalid JSON: {e}")))?;
    Ok(Value::from_json(&json))
}

// --- CSV -------------------------------------------------------------------------------------

/// Rows become objects keyed by the header line; every row must have as many fields.
fn csvdecode(args: &Args) -> Result<Value, FunctionError> {
    let s = args.str(0)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(s.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        None => return Err(args.error("missing header line")),
        Some(r) => r.map_err(|e| args.error(csv_error(&e)))?,
    };
    let headers: Vec<String> = headers.iter().map(str::to_string).collect();
    let mut seen = std::collections::HashSet::new();
    for h in &headers {
        if !seen.insert(h.as_str()) {
            return Err(args.error(format!("duplicate column name {h:?}")));
        }
    }
    let header_bytes: usize = headers.iter().map(|h| h.len() + 32).sum();
    let mut size = 0usize;
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| args.error(csv_error(&e)))?;
        // Every row repeats the header names as keys.
        size = size.saturating_add(header_bytes + record.as_slice().len() + 32 * record.len());
        if size > MAX_RESULT_BYTES {
            return Err(args.error("result is larger than 16 MiB"));
        }
        rows.push(Value::Object(
            headers
                .iter()
                .cloned()
                .zip(record.iter().map(Value::from))
                .collect::<BTreeMap<_, _>>(),
        ));
    }
    Ok(Value::List(rows))
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "record on line {}: wrong number of fields (expected {expected_len}, got {len})",
            pos.as_ref().map_or(0, csv::Position::line)
        ),
        _ => format!("invalid CSV: {e}"),
    }
}

// --- YAML ------------------------------------------------------------------------------------

/// Most nodes a document may expand to through aliases ("billion laughs").
const YAML_NODE_LIMIT: usize = 1 << 20;

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
    },
    Map {
        map: BTreeMap<String, Value>,
        key: Option<String>,
        anchor: usize,
    },
}

/// Builds a value from parser events with an explicit stack (no recursion), resolving plain
/// scalars with the YAML 1.1 rules Terraform's decoder uses (`yes` is true, `0x1F` a number).
fn yaml_decode(src: &str) -> Result<Value, String> {
    let mut parser = Parser::new_from_str(src);
    let mut anchors: BTreeMap<usize, Value> = BTreeMap::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut result: Option<Value> = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| e.to_string())?;
        let at = || format!("on line {}, column {}", mark.line(), mark.col() + 1);
        let (value, anchor) = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(format!("only a single document is allowed ({})", at()));
                }
                continue;
            }
            Event::SequenceStart(anchor, tag) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(format!(
                        "only strings are allowed as mapping keys ({})",
                        at()
                    ));
                }
                check_collection_tag(tag.as_ref(), "seq").map_err(|e| format!("{e} ({})", at()))?;
                if stack.len() >= MAX_DEPTH {
                    return Err("document is nested too deeply".into());
                }
                pending.push(anchor);
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                });
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(format!(
                        "only strings are allowed as mapping keys ({})",
                        at()
                    ));
                }
                check_collection_tag(tag.as_ref(), "map").map_err(|e| format!("{e} ({})", at()))?;
                if stack.len() >= MAX_DEPTH {
                    return Err("document is nested too deeply".into());
                }
                pending.push(anchor);
                stack.push(Frame::Map {
                    map: BTreeMap::new(),
                    key: None,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq { items, anchor }) => (Value::List(items), anchor),
                Some(Frame::Map { map, anchor, .. }) => (Value::Object(map), anchor),
                None => return Err("unbalanced collection".into()),
            },
            Event::Scalar(text, style, anchor, tag) => {
                let is_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                let value = resolve_scalar(&text, style, tag.as_ref())
                    .map_err(|e| format!("{e} ({})", at()))?;
                if is_key {
                    let key = match value {
                        Value::Null => {
                            return Err(format!("mapping key cannot be null ({})", at()))
                        }
                        Value::String(s) => s,
                        Value::Number(n) => format_number(n),
                        Value::Bool(b) => b.to_string(),
                        _ => {
                            return Err(format!(
                                "only strings are allowed as mapping keys ({})",
                                at()
                            ))
                        }
                    };
                    if anchor > 0 {
                        anchors.insert(anchor, Value::String(key.clone()));
                    }
                    if let Some(Frame::Map { key: slot, .. }) = stack.last_mut() {
                        *slot = Some(key);
                    }
                    continue;
                }
                pending.push(anchor);
                (value, anchor)
            }
            Event::Alias(id) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(format!(
                        "only strings are allowed as mapping keys ({})",
                        at()
                    ));
                }
                if pending.contains(&id) {
                    return Err(format!(
                        "cannot refer to an anchor from inside its own definition ({})",
                        at()
                    ));
                }
                let anchored = anchors
                    .get(&id)
                    .ok_or_else(|| format!("reference to undefined anchor ({})", at()))?;
                nodes = nodes.saturating_add(count_nodes(anchored, YAML_NODE_LIMIT));
                if nodes > YAML_NODE_LIMIT {
                    return Err("document expands to too many values (excessive aliasing?)".into());
                }
                let value = anchored.clone();
                pending.push(0);
                (value, 0)
            }
        };
        // A completed node: record its anchor and attach it to its parent.
        pending.pop();
        nodes += 1;
        if nodes > YAML_NODE_LIMIT {
            return Err("document expands to too many values (excessive aliasing?)".into());
        }
        if anchor > 0 {
            anchors.insert(anchor, value.clone());
        }
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                let k = key.take().ok_or("mapping value without a key")?;
                map.insert(k, value);
            }
            None => result = Some(value),
        }
    }
    result.ok_or_else(|| "expecting value but found end of stream".to_string())
}

fn count_nodes(v: &Value, limit: usize) -> usize {
    fn walk(v: &Value, n: &mut usize, limit: usize) {
        *n += 1;
        if *n > limit {
            return;
        }
        match v {
            Value::List(items) => items.iter().for_each(|i| walk(i, n, limit)),
            Value::Object(map) => map.values().for_each(|i| walk(i, n, limit)),
            _ => {}
        }
    }
    let mut n = 0;
    walk(v, &mut n, limit);
    n
}

fn core_tag(tag: Option<&Tag>) -> Option<String> {
    tag.map(|t| {
        if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" {
            format!("!!{}", t.suffix)
        } else {
            format!("{}{}", t.handle, t.suffix)
        }
    })
}

fn check_collection_tag(tag: Option<&Tag>, kind: &str) -> Result<(), String> {
    match core_tag(tag) {
        None => Ok(()),
        Some(t) if t == format!("!!{kind}") => Ok(()),
        Some(t) => Err(format!(
            "can't interpret {} as {t}",
            if kind == "seq" { "sequence" } else { "mapping" }
        )),
    }
}

fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let tag = core_tag(tag);
    let plain = style == TScalarStyle::Plain;
    match tag.as_deref() {
        Some("!!str") => return Ok(Value::from(text)),
        Some("!!binary") => {
            let compact: String = text.split_whitespace().collect();
            STANDARD
                .decode(&compact)
                .map_err(|_| format!("cannot parse {text:?} as !!binary: not valid base64"))?;
            return Ok(Value::from(text));
        }
        Some("!!null") => return Ok(Value::Null),
        Some("!!bool") => {
            return yaml_bool(text)
                .map(Value::Bool)
                .ok_or_else(|| format!("cannot parse {text:?} as !!bool"))
        }
        Some("!!int" | "!!float") => {
            return yaml_number(text)
                .map(Value::Number)
                .ok_or_else(|| format!("cannot parse {text:?} as {}", tag.unwrap_or_default()))
        }
        Some("!!timestamp") => {
            return super::datetime::yaml_timestamp(text)
                .map(Value::String)
                .ok_or_else(|| format!("cannot parse {text:?} as !!timestamp"))
        }
        Some(other) => return Err(format!("unsupported tag {other:?}")),
        None if !plain => return Ok(Value::from(text)),
        None => {}
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(Value::Null);
    }
    if let Some(b) = yaml_bool(text) {
        return Ok(Value::Bool(b));
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err("floating point NaN is not supported".into());
    }
    if matches!(
        text,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
    ) {
        return Err("infinite numbers are not supported".into());
    }
    let starts_numeric =
        text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if starts_numeric {
        // cty has no timestamp type; Terraform's decoder normalizes them to RFC 3339 strings.
        if let Some(ts) = super::datetime::yaml_timestamp(text) {
            return Ok(Value::String(ts));
        }
        if let Some(n) = yaml_number(text) {
            return Ok(Value::Number(n));
        }
    }
    Ok(Value::from(text))
}

fn yaml_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// Decimal numbers (with YAML 1.1 `_` separators), and `0x`/`0o`/`0b`/leading-zero octal
/// integers as Go's `strconv.ParseInt(s, 0, 64)` reads them.
fn yaml_number(text: &str) -> Option<f64> {
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(n) = parse_number(&plain) {
        // Go's ParseInt reads a leading zero as octal, but cty's decimal parse runs first.
        return Some(n);
    }
    let (negative, body) = match plain.as_bytes().first() {
        Some(b'-') => (true, &plain[1..]),
        Some(b'+') => (false, &plain[1..]),
        _ => (false, plain.as_str()),
    };
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else {
            return None;
        };
    let n = u64::from_str_radix(digits, radix).ok()? as f64;
    Some(if negative { -n } else { n })
}

fn yamldecode(args: &Args) -> Result<Value, FunctionError> {
    yaml_decode(&args.str(0)?).map_err(|e| args.error(e))
}

/// YAML as Terraform's `yamlencode` writes it: block style, every string double-quoted
/// (multi-line strings as literal blocks), keys sorted.
fn yaml_encode(v: &Value) -> Result<String, String> {
    if depth_exceeds(v, MAX_DEPTH) {
        return Err("value is nested too deeply".into());
    }
    let mut out = String::new();
    match v {
        Value::List(items) if !items.is_empty() => yaml_seq(items, 0, &mut out)?,
        Value::Object(map) if !map.is_empty() => yaml_map(map, 0, &mut out)?,
        scalar => {
            yaml_scalar(scalar, 0, &mut out)?;
            out.push('\n');
        }
    }
    if out.len() > MAX_RESULT_BYTES {
        return Err("result is larger than 16 MiB".into());
    }
    Ok(out)
}

fn yaml_scalar(v: &Value, indent: usize, out: &mut String) -> Result<(), String> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        Value::Number(_) => return Err("cannot encode a non-finite number".into()),
        Value::String(s) => yaml_string(s, indent, out),
        Value::List(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        Value::Unknown(_) => return Err("value is not known".into()),
    }
    Ok(())
}

/// A literal block is used only where it reads back identically (no leading spaces on the first
/// line, no trailing spaces before a line break, printable characters only).
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.contains(" \n")
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c == '\n' || !(c.is_control() || c == '\u{feff}'))
}

fn yaml_string(s: &str, indent: usize, out: &mut String) {
    if literal_ok(s) {
        let trailing = s.len() - s.trim_end_matches('\n').len();
        out.push('|');
        match trailing {
            0 => out.push('-'),
            1 => {}
            _ => out.push('+'),
        }
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(line);
            }
        }
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = if (c as u32) <= 0xFF {
                    write!(out, "\\x{:02X}", c as u32)
                } else {
                    write!(out, "\\u{:04X}", c as u32)
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::List(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => false,
    }
}

fn yaml_map(map: &BTreeMap<String, Value>, indent: usize, out: &mut String) -> Result<(), String> {
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        yaml_string(k, indent, out);
        out.push(':');
        match v {
            Value::List(items) if !items.is_empty() => {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                yaml_seq(items, indent, out)?;
            }
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                out.push_str(&" ".repeat(indent + 2));
                yaml_map(inner, indent + 2, out)?;
            }
            scalar => {
                out.push(' ');
                yaml_scalar(scalar, indent, out)?;
                out.push('\n');
            }
        }
    }
    Ok(())
}

fn yaml_seq(items: &[Value], indent: usize, out: &mut String) -> Result<(), String> {
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str("- ");
        match v {
            Value::List(inner) if is_block(v) => yaml_seq(inner, indent + 2, out)?,
            Value::Object(inner) if is_block(v) => yaml_map(inner, indent + 2, out)?,
            scalar => {
                yaml_scalar(scalar, indent, out)?;
                out.push('\n');
            }
        }
    }
    Ok(())
}

fn yamlencode(args: &Args) -> Result<Value, FunctionError> {
    yaml_encode(args.get(0))
        .map(Value::String)
        .map_err(|e| args.error(e))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn base64_round_trip() {
        assert_eq!(
            ok("base64encode", vec![s("Hello World")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]),
            s("Hello World")
        );
        assert!(err("base64decode", vec![s("not base64!")]).contains("failed to decode"));
        assert!(err("base64decode", vec![s("/w==")]).contains("not valid UTF-8"));
    }

    #[test]
    fn base64gzip_round_trips_through_gunzip() {
        let Value::String(encoded) = ok("base64gzip", vec![s("test")]) else {
            panic!()
        };
        let bytes = STANDARD.decode(encoded).unwrap();
        assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        assert_eq!(text, "test");
        assert!(ok("base64gzip", vec![unk()]).is_unknown());
    }

    #[test]
    fn urlencode_like_go_query_escape() {
        assert_eq!(
            ok("urlencode", vec![s("Hello World!")]),
            s("Hello+World%21")
        );
        assert_eq!(ok("urlencode", vec![s("☃")]), s("%E2%98%83"));
        assert_eq!(ok("urlencode", vec![s("a-b_c.d~e/f")]), s("a-b_c.d~e%2Ff"));
        assert!(err("urlencode", vec![strs(&[])]).contains("string is required"));
    }

    #[test]
    fn text_encodings() {
        assert_eq!(
            ok("textencodebase64", vec![s("Hello World"), s("UTF-16LE")]),
            s("SABlAGwAbABvACAAVwBvAHIAbABkAA==")
        );
        assert_eq!(ok("textencodebase64", vec![s("hi"), s("utf-8")]), s("aGk="));
        assert_eq!(
            ok("textencodebase64", vec![s("é"), s("ISO-8859-1")]),
            s("6Q==")
        );
        assert_eq!(
            ok(
                "textdecodebase64",
                vec![s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")]
            ),
            s("Hello World")
        );
        assert_eq!(ok("textdecodebase64", vec![s("6Q=="), s("latin1")]), s("é"));
        assert_eq!(
            ok("textdecodebase64", vec![s("/v8AaQ=="), s("UTF-16")]),
            s("i")
        );
        assert!(
            err("textencodebase64", vec![s("☃"), s("US-ASCII")]).contains("cannot be represented")
        );
        assert!(err("textencodebase64", vec![s("x"), s("EBCDIC-XYZ")]).contains("not a supported"));
        assert!(err("textdecodebase64", vec![s("/w=="), s("UTF-8")]).contains("invalid"));
    }

    #[test]
    fn jsonencode_is_compact_sorted_and_html_safe() {
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(&[
                    ("b", n(2.0)),
                    ("a", list(vec![n(1.5), Value::Bool(true), Value::Null]))
                ])]
            ),
            s(r#"{"a":[1.5,true,null],"b":2}"#)
        );
        assert_eq!(
            ok("jsonencode", vec![s("<a> & \"b\"\n")]),
            s(r#""\u003ca\u003e \u0026 \"b\"\n""#)
        );
        assert_eq!(ok("jsonencode", vec![n(1e20)]), s("100000000000000000000"));
        assert_eq!(ok("jsonencode", vec![Value::Null]), s("null"));
        assert!(ok("jsonencode", vec![list(vec![unk()])]).is_unknown());
        assert!(err("jsonencode", vec![n(f64::INFINITY)]).contains("non-finite"));
    }

    #[test]
    fn jsondecode_parses_any_json() {
        assert_eq!(
            ok(
                "jsondecode",
                vec![s(r#"{"hello": "world", "n": [1, 2.5]}"#)]
            ),
            obj(&[("hello", s("world")), ("n", list(vec![n(1.0), n(2.5)]))])
        );
        assert_eq!(ok("jsondecode", vec![s("true")]), Value::Bool(true));
        assert_eq!(ok("jsondecode", vec![s("null")]), Value::Null);
        assert!(err("jsondecode", vec![s("{")]).contains("invalid JSON"));
        assert!(err("jsondecode", vec![s("")]).contains("invalid JSON"));
        assert!(err("jsondecode", vec![s(&"[".repeat(10_000))]).contains("invalid JSON"));
    }

    #[test]
    fn csvdecode_returns_objects() {
        assert_eq!(
            ok("csvdecode", vec![s("a,b,c\n1,2,3\n4,5,6\n")]),
            list(vec![
                obj(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]),
                obj(&[("a", s("4")), ("b", s("5")), ("c", s("6"))]),
            ])
        );
        assert_eq!(
            ok("csvdecode", vec![s("a,b\n\"x,y\",z")]),
            list(vec![obj(&[("a", s("x,y")), ("b", s("z"))])])
        );
        assert_eq!(ok("csvdecode", vec![s("a,b\n")]), list(vec![]));
        assert!(err("csvdecode", vec![s("a,b\n1,2,3\n")]).contains("wrong number of fields"));
        assert!(err("csvdecode", vec![s("")]).contains("missing header"));
        assert!(err("csvdecode", vec![s("a,a\n1,2")]).contains("duplicate column name"));
        let header: Vec<String> = (0..50_000).map(|i| format!("c{i}")).collect();
        let row = vec!["1"; 50_000].join(",");
        let doc = format!("{}\n{}", header.join(","), format!("{row}\n").repeat(20));
        assert!(err("csvdecode", vec![s(&doc)]).contains("16 MiB"));
    }

    #[test]
    fn yamldecode_resolves_yaml_1_1_scalars() {
        let doc = "a: 1\nb: yes\nc: \"yes\"\nd: ~\ne: [1.5, 0x1F, 1_000, foo]\nf:\n  g: off\n";
        assert_eq!(
            ok("yamldecode", vec![s(doc)]),
            obj(&[
                ("a", n(1.0)),
                ("b", Value::Bool(true)),
                ("c", s("yes")),
                ("d", Value::Null),
                ("e", list(vec![n(1.5), n(31.0), n(1000.0), s("foo")])),
                ("f", obj(&[("g", Value::Bool(false))])),
            ])
        );
        assert_eq!(ok("yamldecode", vec![s("hello")]), s("hello"));
        assert_eq!(
            ok("yamldecode", vec![s("d: 2019-01-02")]),
            obj(&[("d", s("2019-01-02T00:00:00Z"))])
        );
        assert_eq!(
            ok("yamldecode", vec![s("- !!str 1\n- !!int \"2\"")]),
            list(vec![s("1"), n(2.0)])
        );
        assert_eq!(
            ok("yamldecode", vec![s("a: &x [1]\nb: *x")]),
            obj(&[("a", list(vec![n(1.0)])), ("b", list(vec![n(1.0)]))])
        );
        assert_eq!(
            ok("yamldecode", vec![s("1: a\ntrue: b")]),
            obj(&[("1", s("a")), ("true", s("b"))])
        );
        assert!(err("yamldecode", vec![s("a: 1\n---\nb: 2")]).contains("single document"));
        assert!(err("yamldecode", vec![s("a: [")]).contains("yamldecode"));
        assert!(err("yamldecode", vec![s("")]).contains("end of stream"));
        assert!(err("yamldecode", vec![s("a: .nan")]).contains("NaN"));
        assert!(err("yamldecode", vec![s("a: !!custom x")]).contains("unsupported tag"));
    }

    #[test]
    fn yamldecode_refuses_billion_laughs() {
        let mut doc = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            doc.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(err("yamldecode", vec![s(&doc)]).contains("too many values"));
    }

    #[test]
    fn yamlencode_matches_terraform_layout() {
        assert_eq!(
            ok("yamlencode", vec![obj(&[("a", s("b")), ("c", s("d"))])]),
            s("\"a\": \"b\"\n\"c\": \"d\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(&[
                    ("foo", list(vec![n(1.0), n(2.0), n(3.0)])),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(&[
                    (
                        "foo",
                        list(vec![n(1.0), obj(&[("a", s("b")), ("c", s("d"))]), n(3.0)])
                    ),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(&[(
                    "a",
                    obj(&[("b", Value::Bool(true)), ("c", list(vec![]))])
                )])]
            ),
            s("\"a\":\n  \"b\": true\n  \"c\": []\n")
        );
        assert_eq!(ok("yamlencode", vec![s("x")]), s("\"x\"\n"));
        assert_eq!(
            ok("yamlencode", vec![obj(&[("k", s("a\nb"))])]),
            s("\"k\": |-\n  a\n  b\n")
        );
        assert_eq!(
            ok("yamlencode", vec![list(vec![list(vec![n(1.0), n(2.0)])])]),
            s("- - 1\n  - 2\n")
        );
        assert!(ok("yamlencode", vec![obj(&[("a", unk())])]).is_unknown());
        // What we write, we read back.
        let value = obj(&[
            (
                "a",
                list(vec![
                    s("x\ny\n"),
                    s("tab\there"),
                    s(" lead\nx"),
                    obj(&[("n", n(1.5))]),
                ]),
            ),
            ("b", s("yes")),
            ("c", Value::Null),
        ]);
        let Value::String(text) = ok("yamlencode", vec![value.clone()]) else {
            panic!()
        };
        assert_eq!(ok("yamldecode", vec![s(&text)]), value);
    }
}
