//! Strict JSON into nodes, with byte spans from `jsonc-parser`.

use jsonc_parser::ast::{ObjectPropName, Value as Json};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::{Document, Duplicate, Entry, MapBuilder, Node, NodeKind, SyntaxError, MAX_DEPTH};

pub(super) fn parse(text: &str) -> Result<Document, SyntaxError> {
    // The parser recurses: refuse deep nesting before handing it the text.
    if let Some(offset) = exceeds_depth(text, MAX_DEPTH) {
        return Err(SyntaxError {
            message: format!("nested deeper than {MAX_DEPTH} levels"),
            offset,
        });
    }
    let options = ParseOptions {
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
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|err| {
            SyntaxError {
                message: format!("invalid JSON: {}", err.kind()),
                offset: err.range().start,
            }
        })?;
    let mut duplicates = Vec::new();
    let root = parsed.value.as_ref().map(|v| convert(v, &mut duplicates));
    Ok(Document {
        root,
        duplicates,
        more_documents: false,
    })
}

fn convert(value: &Json, duplicates: &mut Vec<Duplicate>) -> Node {
    let range = value.range();
    let span = range.start..range.end;
    let kind = match value {
        Json::NullKeyword(_) => NodeKind::Null,
        Json::BooleanLit(b) => NodeKind::Bool(b.value),
        Json::NumberLit(n) => n
            .value
            .parse::<f64>()
            .map_or_else(|_| NodeKind::String(n.value.to_string()), NodeKind::Number),
        Json::StringLit(s) => NodeKind::String(s.value.to_string()),
        Json::Array(array) => NodeKind::Seq(
            array
                .elements
                .iter()
                .map(|item| convert(item, duplicates))
                .collect(),
        ),
        Json::Object(object) => {
            let mut builder = MapBuilder::default();
            for prop in &object.properties {
                let (key, key_range) = match &prop.name {
                    ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let entry = Entry {
                    key,
                    key_span: key_range.start..key_range.end,
                    value: convert(&prop.value, duplicates),
                };
                builder.insert(entry, duplicates);
            }
            // JSON has no merge keys: finishing cannot fail.
            NodeKind::Map(builder.finish().unwrap_or_default())
        }
    };
    Node::new(kind, span)
}

/// The offset of the first bracket nested deeper than `max`, outside strings.
fn exceeds_depth(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Some(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
