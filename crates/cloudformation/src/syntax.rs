//! Templates as a tree of nodes with byte spans, from YAML or JSON.
//!
//! - YAML goes through `saphyr-parser`'s event API (YAML 1.2), which keeps positions and tags.
//!   Plain scalars are typed with the YAML 1.2 core schema (`true`/`false`, integers, floats,
//!   `null`/`~`/empty); quoted and block scalars are strings. One exception: a plain scalar of
//!   digits with a leading zero (`012345678901`, an account id) stays a string, as YAML 1.1
//!   loaders (the AWS CLI's, cfn-lint's) read it, since a number would lose the zero.
//! - JSON-looking text (starting with `{` or `[`) goes through a strict JSON parser first: YAML
//!   parsers reject some valid JSON (surrogate-pair escapes such as `\ud83d\ude00`, keys longer
//!   than 1024 characters). If that fails the text is tried as YAML (a flow mapping with tags or
//!   comments); if both fail the JSON error is reported.
//! - Short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt`, … see [`intrinsic_name`]) become the
//!   long form: `!Ref X` is read as `{Ref: X}`, the wrapping map keeping the tag in
//!   [`Node::tag`]. Other local tags are kept on the node, and reported by the evaluator.
//! - Anchors and aliases are expanded (CloudFormation itself rejects aliases, but
//!   `aws cloudformation package` and SAM expand them before deploying), as are YAML 1.1 merge
//!   keys (`<<: *base`, explicit keys winning). Expansion is bounded: at most
//!   [`MAX_ALIAS_NODES`] nodes copied by aliases, so an alias bomb fails instead of exhausting
//!   memory.
//! - Nesting is bounded by [`MAX_DEPTH`].
//! - A duplicate mapping key keeps the last value, as CloudFormation does (it accepts the
//!   template and deploys the last occurrence), and is returned in [`Document::duplicates`]
//!   for a warning (cfn-lint reports it as E0000).
//! - Only the first YAML document of a stream is read: a template is one document.

mod json;
mod yaml;

use std::collections::HashMap;
use std::ops::Range;

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 128;

/// Most nodes that alias expansion may copy into the tree (a "billion laughs" guard; the
/// largest deployable templates expand far less).
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One value of the template, with the byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The local tag the node was written with, without the `!`: `Ref`, `GetAtt`. For a known
    /// intrinsic the node is the long form (`{Ref: X}`) and this records that it was short.
    pub tag: Option<String>,
    /// Byte range in the text (for a tagged node, from the tag on).
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    /// Entries in document order, keys unique (a duplicate replaced the earlier entry).
    Map(Vec<Entry>),
}

/// A mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

/// A key seen twice in one mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub key: String,
    /// The earlier occurrence's key.
    pub first: Range<usize>,
    /// The later occurrence's key, whose value is kept.
    pub second: Range<usize>,
}

/// A parsed file.
#[derive(Debug, Clone)]
pub struct Document {
    /// `None` for an empty file.
    pub root: Option<Node>,
    pub duplicates: Vec<Duplicate>,
    /// Whether the YAML stream holds more than one document (only the first is read).
    pub more_documents: bool,
}

/// Why text could not be parsed, at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

impl Node {
    pub fn new(kind: NodeKind, span: Range<usize>) -> Self {
        Node {
            kind,
            tag: None,
            span,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry of a mapping with key `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|entry| entry.key == key)
    }

    /// The value of a mapping at key `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// A scalar's text as CloudFormation reads it where a string is expected (a key, a
    /// parameter default): numbers and booleans as written in canonical form.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::String(s) => Some(s.clone()),
            NodeKind::Number(n) => Some(driftguard_model::format_number(*n)),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Null => Some(String::new()),
            NodeKind::Seq(_) | NodeKind::Map(_) => None,
        }
    }
}

/// The long name of a short-form intrinsic tag (`Ref` → `Ref`, `GetAtt` → `Fn::GetAtt`),
/// `None` for a tag CloudFormation does not define.
pub fn intrinsic_name(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "FindInMap" => "Fn::FindInMap",
        "GetAtt" => "Fn::GetAtt",
        "GetAZs" => "Fn::GetAZs",
        "ImportValue" => "Fn::ImportValue",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "Sub" => "Fn::Sub",
        "Transform" => "Fn::Transform",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        _ => return None,
    })
}

/// Parses a template's text (YAML, or JSON chosen by its first character).
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        match json::parse(text) {
            Ok(document) => Ok(document),
            Err(json_error) => yaml::parse(text).map_err(|_| json_error),
        }
    } else {
        yaml::parse(text)
    }
}

/// Whether a document is a CloudFormation template: a top-level mapping with
/// `AWSTemplateFormatVersion`, or with a `Resources` mapping one of whose resources has a
/// `Type` naming a CloudFormation type (`AWS::…`, `Custom::…`, `Alexa::…`). Kubernetes
/// manifests, CI workflows, `package.json` and the like are not.
pub fn is_template(root: &Node) -> bool {
    if root.entry("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::as_map) else {
        return false;
    };
    resources.iter().any(|resource| {
        resource
            .value
            .get("Type")
            .and_then(Node::as_str)
            .is_some_and(|t| {
                ["AWS::", "Custom::", "Alexa::"]
                    .iter()
                    .any(|prefix| t.starts_with(prefix))
            })
    })
}

/// Whether unparsable text still looks like a template, so that its syntax error is worth
/// reporting (a broken Helm chart or CI file is skipped instead).
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources")
            && ["AWS::", "Custom::", "Alexa::"]
                .iter()
                .any(|prefix| text.contains(prefix)))
}

/// Builds one mapping's entries: detects duplicate keys (the last value wins) and applies merge
/// keys (`<<`) when the mapping is complete.
#[derive(Debug, Default)]
struct MapBuilder {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    /// Values of `<<` keys, in order.
    merges: Vec<Node>,
}

impl MapBuilder {
    fn insert(&mut self, entry: Entry, duplicates: &mut Vec<Duplicate>) {
        match self.index.get(&entry.key) {
            Some(&at) => {
                duplicates.push(Duplicate {
                    key: entry.key.clone(),
                    first: self.entries[at].key_span.clone(),
                    second: entry.key_span.clone(),
                });
                self.entries[at] = entry;
            }
            None => {
                self.index.insert(entry.key.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// The entries, merged keys added after explicit ones (which win, as do earlier merge
    /// sources over later ones, per the YAML merge-key specification).
    fn finish(mut self) -> Result<Vec<Entry>, String> {
        let mut sources = Vec::new();
        for merge in std::mem::take(&mut self.merges) {
            match merge.kind {
                NodeKind::Map(entries) => sources.push(entries),
                NodeKind::Seq(items) => {
                    for item in items {
                        match item.kind {
                            NodeKind::Map(entries) => sources.push(entries),
                            _ => return Err("a merge key (`<<`) list must hold mappings".into()),
                        }
                    }
                }
                _ => {
                    return Err("a merge key (`<<`) must be a mapping or a list of mappings".into())
                }
            }
        }
        for entries in sources {
            for entry in entries {
                if !self.index.contains_key(&entry.key) {
                    self.index.insert(entry.key.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
        Ok(self.entries)
    }
}

/// Wraps a node written with a known intrinsic tag into its long form.
fn apply_tag(mut node: Node, tag: Option<String>) -> Node {
    let Some(tag) = tag else {
        return node;
    };
    match intrinsic_name(&tag) {
        Some(name) => {
            let span = node.span.clone();
            Node {
                kind: NodeKind::Map(vec![Entry {
                    key: name.to_string(),
                    key_span: span.clone(),
                    value: node,
                }]),
                tag: Some(tag),
                span,
            }
        }
        None => {
            node.tag = Some(tag);
            node
        }
    }
}

/// Types a plain scalar with the YAML 1.2 core schema.
fn plain_scalar(text: &str) -> NodeKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeKind::Number(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Number(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Number(f64::NAN),
        _ => {}
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(n) = u64::from_str_radix(hex, 16) {
                return NodeKind::Number(n as f64);
            }
        }
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if !octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(n) = u64::from_str_radix(octal, 8) {
                return NodeKind::Number(n as f64);
            }
        }
    }
    if is_core_int(text) {
        let digits = text.trim_start_matches(['-', '+']);
        if digits.len() > 1 && digits.starts_with('0') {
            return NodeKind::String(text.to_string());
        }
        if let Ok(n) = text.parse::<f64>() {
            return NodeKind::Number(n);
        }
    }
    if is_core_float(text) {
        if let Ok(n) = text.parse::<f64>() {
            return NodeKind::Number(n);
        }
    }
    NodeKind::String(text.to_string())
}

/// `[-+]?[0-9]+`
fn is_core_int(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && (!int.is_empty() || !frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(plain_scalar("true"), NodeKind::Bool(true));
        assert_eq!(plain_scalar("yes"), NodeKind::String("yes".into()));
        assert_eq!(plain_scalar("22"), NodeKind::Number(22.0));
        assert_eq!(plain_scalar("-1.5e3"), NodeKind::Number(-1500.0));
        assert_eq!(plain_scalar(".5"), NodeKind::Number(0.5));
        assert_eq!(plain_scalar("0x1F"), NodeKind::Number(31.0));
        assert_eq!(plain_scalar("0o17"), NodeKind::Number(15.0));
        assert_eq!(plain_scalar("~"), NodeKind::Null);
        assert_eq!(
            plain_scalar("2010-09-09"),
            NodeKind::String("2010-09-09".into())
        );
        assert_eq!(plain_scalar("1.2.3"), NodeKind::String("1.2.3".into()));
        assert_eq!(plain_scalar("0"), NodeKind::Number(0.0));
        assert_eq!(
            plain_scalar("012345678901"),
            NodeKind::String("012345678901".into())
        );
        assert_eq!(plain_scalar("1e"), NodeKind::String("1e".into()));
        assert_eq!(plain_scalar("."), NodeKind::String(".".into()));
    }

    #[test]
    fn templates_are_detected_by_content() {
        let yes = parse("Resources:\n  B:\n    Type: AWS::S3::Bucket\n").unwrap();
        assert!(is_template(yes.root.as_ref().unwrap()));
        let version = parse("AWSTemplateFormatVersion: '2010-09-09'\n").unwrap();
        assert!(is_template(version.root.as_ref().unwrap()));
        let k8s = parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n").unwrap();
        assert!(!is_template(k8s.root.as_ref().unwrap()));
        let other = parse("Resources:\n  B:\n    Type: Something\n").unwrap();
        assert!(!is_template(other.root.as_ref().unwrap()));
    }
}
