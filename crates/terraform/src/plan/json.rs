//! The plan's JSON syntax tree (with byte ranges) and what is read from it.
//!
//! serde_json keeps no positions, so a plan is parsed with jsonc-parser (strict JSON), whose
//! tree has the byte range of every value: findings then point at the resource in the plan
//! when no configuration directory is at hand.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use driftguard_model::{Position, Span, Value};
use jsonc_parser::ast::{Object, Value as Json};

/// Strict JSON: none of jsonc-parser's extensions.
pub(super) const STRICT: jsonc_parser::ParseOptions = jsonc_parser::ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_extended_string_escapes: false,
    allow_non_finite_numbers: false,
};

/// The value of `key` in `object`; the last one when a key is repeated (as serde_json reads it).
pub(super) fn get<'b, 'a>(object: &'b Object<'a>, key: &str) -> Option<&'b Json<'a>> {
    object
        .properties
        .iter()
        .rev()
        .find(|p| p.name.as_str() == key)
        .map(|p| &p.value)
}

pub(super) fn get_object<'b, 'a>(object: &'b Object<'a>, key: &str) -> Option<&'b Object<'a>> {
    match get(object, key)? {
        Json::Object(o) => Some(o),
        _ => None,
    }
}

pub(super) fn get_array<'b, 'a>(object: &'b Object<'a>, key: &str) -> &'b [Json<'a>] {
    match get(object, key) {
        Some(Json::Array(a)) => &a.elements,
        _ => &[],
    }
}

pub(super) fn get_str<'b>(object: &'b Object<'_>, key: &str) -> Option<&'b str> {
    match get(object, key)? {
        Json::StringLit(s) => Some(&s.value),
        _ => None,
    }
}

/// The byte range of any JSON value.
pub(super) fn range_of(value: &Json<'_>) -> Range<usize> {
    let r = match value {
        Json::StringLit(v) => v.range,
        Json::NumberLit(v) => v.range,
        Json::BooleanLit(v) => v.range,
        Json::Object(v) => v.range,
        Json::Array(v) => v.range,
        Json::NullKeyword(v) => v.range,
    };
    r.start..r.end
}

/// Whether a mark tree (`after_unknown`, `sensitive_values`, …) marks anything: `true`
/// somewhere in it.
pub(super) fn marks_anything(marks: &Json<'_>) -> bool {
    match marks {
        Json::BooleanLit(b) => b.value,
        Json::Object(o) => o.properties.iter().any(|p| marks_anything(&p.value)),
        Json::Array(a) => a.elements.iter().any(marks_anything),
        _ => false,
    }
}

/// Converts a JSON value, recording the byte range of each object property and of each
/// element that is an object or a list, by dotted path (`ingress.0.cidr_blocks`): the spans of
/// [`driftguard_model::Resource::attribute_spans`].
pub(super) fn to_value(
    json: &Json<'_>,
    path: &mut String,
    spans: &mut Vec<(String, Range<usize>)>,
) -> Value {
    match json {
        Json::NullKeyword(_) => Value::Null,
        Json::BooleanLit(b) => Value::Bool(b.value),
        Json::NumberLit(n) => Value::Number(n.value.parse().unwrap_or(f64::NAN)),
        Json::StringLit(s) => Value::String(s.value.to_string()),
        Json::Array(array) => Value::List(
            array
                .elements
                .iter()
                .enumerate()
                .map(|(i, element)| {
                    let len = path.len();
                    push_segment(path, &i.to_string());
                    if matches!(element, Json::Object(_) | Json::Array(_)) {
                        spans.push((path.clone(), range_of(element)));
                    }
                    let value = to_value(element, path, spans);
                    path.truncate(len);
                    value
                })
                .collect(),
        ),
        Json::Object(object) => {
            let mut map = BTreeMap::new();
            for prop in &object.properties {
                let len = path.len();
                push_segment(path, prop.name.as_str());
                spans.push((path.clone(), prop.range.start..prop.range.end));
                let value = to_value(&prop.value, path, spans);
                path.truncate(len);
                map.insert(prop.name.as_str().to_owned(), value);
            }
            Value::Object(map)
        }
    }
}

fn push_segment(path: &mut String, segment: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(segment);
}

/// Lines and columns of many byte offsets, found in one pass over the text.
///
/// `terraform show -json` prints a plan on one line, often of megabytes: finding each offset's
/// column from its line start ([`driftguard_model::LineIndex::position`]) would be quadratic.
pub(super) struct Positions {
    sorted: Vec<(usize, Position)>,
}

impl Positions {
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Positions {
        offsets.sort_unstable();
        offsets.dedup();
        let mut sorted = Vec::with_capacity(offsets.len());
        let (mut at, mut line, mut column) = (0usize, 1u32, 1u32);
        for offset in offsets {
            let mut end = offset.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            for c in text[at.min(end)..end].chars() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            at = at.max(end);
            sorted.push((offset, Position { line, column }));
        }
        Positions { sorted }
    }

    fn position(&self, offset: usize) -> Position {
        match self.sorted.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.sorted[i].1,
            // Every offset asked for was given to `new`; this is only a fallback.
            Err(i) => self
                .sorted
                .get(i.saturating_sub(1))
                .map_or(Position { line: 1, column: 1 }, |(_, p)| *p),
        }
    }

    pub fn span(&self, file: &Arc<str>, bytes: Range<usize>) -> Span {
        Span {
            file: file.clone(),
            start: self.position(bytes.start),
            end: self.position(bytes.end),
            bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftguard_model::SourceFile;

    #[test]
    fn positions_match_the_line_index() {
        let text = "{\"a\": \"é\",\n  \"b\": [1,\n 2]}";
        let offsets: Vec<usize> = (0..=text.len()).collect();
        let positions = Positions::new(text, offsets.clone());
        let file = SourceFile::new("p.json", text);
        for offset in offsets {
            assert_eq!(
                positions.position(offset),
                file.lines.position(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn values_record_property_spans_by_path() {
        let text = r#"{"ingress": [{"cidr_blocks": ["0.0.0.0/0"]}], "tags": {"Name": "x"}}"#;
        let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &STRICT).unwrap();
        let mut spans = Vec::new();
        let value = to_value(
            parsed.value.as_ref().unwrap(),
            &mut String::new(),
            &mut spans,
        );
        assert_eq!(
            value.get_path("ingress.0.cidr_blocks.0"),
            Some(&Value::from("0.0.0.0/0"))
        );
        let paths: Vec<&str> = spans.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "ingress",
                "ingress.0",
                "ingress.0.cidr_blocks",
                "tags",
                "tags.Name"
            ]
        );
        let (_, range) = &spans[2];
        assert!(text[range.clone()].starts_with("\"cidr_blocks\""));
    }
}
