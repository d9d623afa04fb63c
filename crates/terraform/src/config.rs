//! The configuration IR: what a `.tf` or `.tf.json` file declares, before evaluation.
//!
//! Both syntaxes parse into the same [`Body`] of attributes and blocks, with byte spans into
//! their [`SourceFile`]; only expressions keep their syntax ([`Expr`]).

use std::ops::Range;
use std::sync::Arc;

use driftguard_model::{Diagnostic, SourceFile};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{self, Structure};
use hcl_edit::Span as _;

/// Deepest bracket nesting accepted in `.tf.json` (the HCL parser bounds its own).
const MAX_JSON_DEPTH: usize = 128;

/// One parsed file.
#[derive(Debug)]
pub struct ConfigFile {
    pub source: SourceFile,
    pub body: Body,
}

#[derive(Debug, Default, Clone)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub expr: Expr,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub span: Range<usize>,
}

/// An expression in either syntax.
#[derive(Debug, Clone)]
pub enum Expr {
    Hcl(Expression),
    Json(JsonExpr),
}

/// A value in the JSON syntax: strings are templates (`"${var.x}"`) evaluated like HCL's.
#[derive(Debug, Clone)]
pub enum JsonExpr {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonExpr>),
    Object(Vec<(String, JsonExpr)>),
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// Parses a `.tf` or `.tf.json` file (chosen by the path's extension).
pub fn parse_file(path: &str, text: &str) -> Result<ConfigFile, Diagnostic> {
    let source = SourceFile::new(path, text);
    let body = if path.ends_with(".json") {
        parse_json(&source)?
    } else {
        parse_hcl(&source)?
    };
    Ok(ConfigFile { source, body })
}

fn parse_hcl(source: &SourceFile) -> Result<Body, Diagnostic> {
    let body = hcl_edit::parser::parse_body(&source.text).map_err(|err| {
        let location = err.location();
        let message = err
            .message()
            .lines()
            .next()
            .unwrap_or("invalid HCL")
            .to_string();
        let offset = source
            .lines
            .line_range(&source.text, location.line() as u32)
            .map_or(source.text.len(), |line| {
                line.start
                    + nth_char_offset(&source.text[line], location.column().saturating_sub(1))
            });
        Diagnostic::error("parse-error", format!("invalid HCL: {message}"))
            .at(source.span(offset..offset))
    })?;
    Ok(convert_hcl_body(&body))
}

fn nth_char_offset(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

fn convert_hcl_body(body: &structure::Body) -> Body {
    let mut out = Body::default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => out.attributes.push(Attribute {
                name: attr.key.as_str().to_string(),
                span: attr.span().unwrap_or(0..0),
                expr: Expr::Hcl(attr.value.clone()),
            }),
            Structure::Block(block) => out.blocks.push(Block {
                kind: block.ident.as_str().to_string(),
                labels: block
                    .labels
                    .iter()
                    .map(|l| l.as_str().to_string())
                    .collect(),
                body: convert_hcl_body(&block.body),
                span: block.span().unwrap_or(0..0),
            }),
        }
    }
    out
}

// --- JSON syntax -------------------------------------------------------------------------------

type JsonValue<'a> = jsonc_parser::ast::Value<'a>;

fn parse_json(source: &SourceFile) -> Result<Body, Diagnostic> {
    if let Some(offset) = exceeds_depth(&source.text, MAX_JSON_DEPTH) {
        return Err(Diagnostic::error(
            "parse-error",
            format!("invalid JSON: nested deeper than {MAX_JSON_DEPTH} levels"),
        )
        .at(source.span(offset..offset)));
    }
    let options = jsonc_parser::ParseOptions {
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
        jsonc_parser::parse_to_ast(&source.text, &Default::default(), &options).map_err(|err| {
            let range = err.range();
            Diagnostic::error("parse-error", format!("invalid JSON: {}", err.kind()))
                .at(source.span(range.start..range.end))
        })?;
    let Some(JsonValue::Object(root)) = parsed.value else {
        return Err(
            Diagnostic::error("parse-error", "a .tf.json file must hold a JSON object")
                .at(source.span(0..0)),
        );
    };
    let mut body = Body::default();
    for prop in &root.properties {
        let kind = prop.name.as_str();
        let span = prop.range.start..prop.range.end;
        // Label depth of each top-level block type in the JSON syntax.
        let labels = match kind {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" => 1,
            "locals" | "terraform" | "moved" | "import" | "check" | "removed" => 0,
            _ => continue,
        };
        if kind == "locals" {
            // `locals` holds attributes, not nested blocks.
            for item in objects(&prop.value) {
                body.blocks.push(Block {
                    kind: kind.into(),
                    labels: vec![],
                    body: json_attributes(item),
                    span: span.clone(),
                });
            }
            continue;
        }
        json_blocks(
            kind,
            &prop.value,
            labels,
            &mut Vec::new(),
            span,
            &mut body.blocks,
        );
    }
    Ok(body)
}

/// Expands `{"aws_s3_bucket": {"b": {...}}}` (labels deep) into blocks.
fn json_blocks(
    kind: &str,
    value: &JsonValue<'_>,
    labels_left: usize,
    labels: &mut Vec<String>,
    span: Range<usize>,
    out: &mut Vec<Block>,
) {
    if labels_left == 0 {
        for item in objects(value) {
            out.push(Block {
                kind: kind.into(),
                labels: labels.clone(),
                body: json_block_body(kind, item),
                span: item.range.start..item.range.end,
            });
        }
        return;
    }
    for item in objects(value) {
        for prop in &item.properties {
            labels.push(prop.name.as_str().to_string());
            let span = if labels_left == 1 {
                prop.range.start..prop.range.end
            } else {
                span.clone()
            };
            json_blocks(kind, &prop.value, labels_left - 1, labels, span, out);
            labels.pop();
        }
    }
}

/// An object, or each object of an array of objects (both are valid block bodies).
fn objects<'v, 'a>(value: &'v JsonValue<'a>) -> Vec<&'v jsonc_parser::ast::Object<'a>> {
    match value {
        JsonValue::Object(obj) => vec![obj],
        JsonValue::Array(arr) => arr
            .elements
            .iter()
            .filter_map(|e| match e {
                JsonValue::Object(obj) => Some(obj),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

/// Attributes whose values are maps, not nested blocks, in resource bodies. Without provider
/// schemas the JSON syntax cannot tell `tags = {…}` from `versioning {…}`; this is the table.
const MAP_ATTRIBUTES: &[&str] = &[
    "tags",
    "tags_all",
    "variables",
    "parameters",
    "triggers",
    "labels",
    "metadata",
    "context",
    "environment_variables",
    "default",
    "inputs",
    "providers",
    "options",
    "request_parameters",
    "response_parameters",
    "stage_variables",
];

/// Meta blocks and blocks of the top-level constructs whose children are all attributes.
fn json_block_body(kind: &str, obj: &jsonc_parser::ast::Object<'_>) -> Body {
    match kind {
        "resource" | "data" | "provider" | "terraform" => json_nested_body(obj),
        _ => json_attributes(obj),
    }
}

fn json_attributes(obj: &jsonc_parser::ast::Object<'_>) -> Body {
    let mut body = Body::default();
    for prop in &obj.properties {
        let name = prop.name.as_str();
        if name == "//" {
            continue;
        }
        body.attributes.push(Attribute {
            name: name.to_string(),
            expr: Expr::Json(json_expr(&prop.value)),
            span: prop.range.start..prop.range.end,
        });
    }
    body
}

/// A resource-like body: objects and arrays of objects are nested blocks, except map attributes.
fn json_nested_body(obj: &jsonc_parser::ast::Object<'_>) -> Body {
    let mut body = Body::default();
    for prop in &obj.properties {
        let name = prop.name.as_str();
        if name == "//" {
            continue;
        }
        let is_block_like = match &prop.value {
            JsonValue::Object(_) => true,
            JsonValue::Array(arr) => {
                !arr.elements.is_empty()
                    && arr
                        .elements
                        .iter()
                        .all(|e| matches!(e, JsonValue::Object(_)))
            }
            _ => false,
        };
        if name == "dynamic" {
            // "dynamic": {"ingress": {"for_each": …, "content": {…}}}
            for item in objects(&prop.value) {
                for dynamic in &item.properties {
                    for spec in objects(&dynamic.value) {
                        let mut spec_body = json_attributes(spec);
                        spec_body.attributes.retain(|a| a.name != "content");
                        for content_prop in spec
                            .properties
                            .iter()
                            .filter(|p| p.name.as_str() == "content")
                        {
                            for content in objects(&content_prop.value) {
                                spec_body.blocks.push(Block {
                                    kind: "content".into(),
                                    labels: vec![],
                                    body: json_nested_body(content),
                                    span: content.range.start..content.range.end,
                                });
                            }
                        }
                        body.blocks.push(Block {
                            kind: "dynamic".into(),
                            labels: vec![dynamic.name.as_str().to_string()],
                            body: spec_body,
                            span: dynamic.range.start..dynamic.range.end,
                        });
                    }
                }
            }
        } else if is_block_like && !MAP_ATTRIBUTES.contains(&name) {
            for item in objects(&prop.value) {
                body.blocks.push(Block {
                    kind: name.to_string(),
                    labels: vec![],
                    body: json_nested_body(item),
                    span: item.range.start..item.range.end,
                });
            }
        } else {
            body.attributes.push(Attribute {
                name: name.to_string(),
                expr: Expr::Json(json_expr(&prop.value)),
                span: prop.range.start..prop.range.end,
            });
        }
    }
    body
}

fn json_expr(value: &JsonValue<'_>) -> JsonExpr {
    match value {
        JsonValue::NullKeyword(_) => JsonExpr::Null,
        JsonValue::BooleanLit(b) => JsonExpr::Bool(b.value),
        JsonValue::NumberLit(n) => JsonExpr::Number(n.value.parse().unwrap_or(f64::NAN)),
        JsonValue::StringLit(s) => JsonExpr::String(s.value.to_string()),
        JsonValue::Array(arr) => JsonExpr::Array(arr.elements.iter().map(json_expr).collect()),
        JsonValue::Object(obj) => JsonExpr::Object(
            obj.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), json_expr(&p.value)))
                .collect(),
        ),
    }
}

/// The offset where bracket nesting first exceeds `max` (strings skipped), if it does.
fn exceeds_depth(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A parsed file shared between the modules and evaluations that use it.
pub type SharedFile = Arc<ConfigFile>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_blocks_and_attributes_keep_spans() {
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  versioning {\n    enabled = true\n  }\n}\n";
        let file = parse_file("main.tf", text).unwrap();
        let block = &file.body.blocks[0];
        assert_eq!(block.kind, "resource");
        assert_eq!(block.labels, ["aws_s3_bucket", "b"]);
        let attr = block.body.attribute("bucket").unwrap();
        assert_eq!(file.source.span(attr.span.clone()).start.line, 2);
        let nested = block.body.blocks_of("versioning").next().unwrap();
        assert_eq!(file.source.span(nested.span.clone()).start.line, 3);
    }

    #[test]
    fn hcl_parse_error_names_line_and_column() {
        let err = parse_file("bad.tf", "resource \"a\" \"b\" {\n  x = \n}\n").unwrap_err();
        let span = err.location.unwrap();
        assert_eq!(&*span.file, "bad.tf");
        assert!(span.start.line >= 2, "{span}");
        assert!(err.message.starts_with("invalid HCL"));
    }

    #[test]
    fn json_syntax_maps_to_the_same_blocks() {
        let text = r#"{
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "x",
        "tags": {"Name": "n"},
        "versioning": {"enabled": true}
      }
    }
  },
  "variable": {"v": {"default": 1}},
  "locals": {"l": "${var.v}"}
}"#;
        let file = parse_file("main.tf.json", text).unwrap();
        let resource = file.body.blocks_of("resource").next().unwrap();
        assert_eq!(resource.labels, ["aws_s3_bucket", "b"]);
        assert!(
            resource.body.attribute("tags").is_some(),
            "tags is a map attribute"
        );
        assert_eq!(resource.body.blocks_of("versioning").count(), 1);
        assert_eq!(file.source.span(resource.span.clone()).start.line, 4);
        assert!(file
            .body
            .blocks_of("variable")
            .next()
            .unwrap()
            .body
            .attribute("default")
            .is_some());
        assert!(file
            .body
            .blocks_of("locals")
            .next()
            .unwrap()
            .body
            .attribute("l")
            .is_some());
    }

    #[test]
    fn json_errors_and_bombs_are_diagnostics() {
        let err = parse_file("x.tf.json", "{\n  \"resource\": [1,\n}").unwrap_err();
        assert_eq!(err.location.unwrap().start.line, 3);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_file("deep.tf.json", &deep)
            .unwrap_err()
            .message
            .contains("nested deeper"));
    }
}
