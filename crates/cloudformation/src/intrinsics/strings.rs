//! The string functions: `Fn::Sub`, `Fn::Join`, `Fn::Split`, `Fn::Base64`, and strings with
//! unknown parts.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use driftguard_model::{format_number, Unknown, Value};

use super::{part_of, resource_reference, Context};
use crate::map::convert::snake_case;
use crate::syntax::{Node, NodeKind};

/// Builds a string from parts, some of which may be unknown: the result is then unknown with
/// `partial` text, each unknown part written `${address.attribute}` when it refers to a
/// resource (as Terraform templates are), its own partial text when it has one, else `${?}`.
#[derive(Default)]
pub(super) struct Concat {
    text: String,
    unknown: Option<Box<Unknown>>,
}

impl Concat {
    pub fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Appends a value; `Err` names what a string cannot be made of.
    pub fn push(&mut self, value: &Value) -> Result<(), &'static str> {
        let Value::Unknown(unknown) = value else {
            if let Some(text) = text_of(value)? {
                self.text.push_str(&text);
            }
            return Ok(());
        };
        match (&unknown.partial, &unknown.reference) {
            (Some(partial), _) => self.text.push_str(partial),
            (None, Some(reference)) => {
                self.text.push_str(&format!(
                    "${{{}.{}}}",
                    reference.address, reference.attribute
                ));
            }
            (None, None) => self.text.push_str("${?}"),
        }
        if self.unknown.is_none() {
            // `"${Bucket.arn}/*"` refers to the bucket but is not its ARN.
            if let Value::Unknown(part) = part_of((**unknown).clone()) {
                self.unknown = Some(part);
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Value {
        match self.unknown {
            Some(mut unknown) => {
                unknown.partial = Some(Arc::from(mask_dynamic_references(&self.text)));
                Value::Unknown(unknown)
            }
            None => literal_string(&self.text),
        }
    }
}

/// A scalar's text where a string is needed: `Ok(None)` when unknown, `Err` naming the kind
/// of value that has no text.
pub(super) fn text_of(value: &Value) -> Result<Option<String>, &'static str> {
    match value {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(format_number(*n))),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Null => Ok(Some(String::new())),
        Value::Unknown(_) => Ok(None),
        Value::List(_) => Err("a list"),
        Value::Object(_) => Err("an object"),
    }
}

/// A string of the template: unknown when it holds a dynamic reference, which CloudFormation
/// replaces at deployment (`{{resolve:secretsmanager:db:SecretString:password}}`).
pub(super) fn literal_string(text: &str) -> Value {
    if !text.contains("{{resolve:") {
        return Value::String(text.to_string());
    }
    Value::Unknown(Box::new(Unknown {
        reason: Arc::from("a dynamic reference (`{{resolve:…}}`) is resolved at deployment"),
        reference: None,
        encodes: None,
        partial: Some(Arc::from(mask_dynamic_references(text))),
    }))
}

/// The text with each `{{resolve:…}}` written `${?}`.
fn mask_dynamic_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{resolve:") {
        out.push_str(&rest[..at]);
        match rest[at..].find("}}") {
            Some(end) => {
                out.push_str("${?}");
                rest = &rest[at + end + 2..];
            }
            None => {
                out.push_str("${?}");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A piece of a `Fn::Sub` string.
#[derive(Debug, PartialEq)]
enum Part<'s> {
    Text(String),
    Var(&'s str),
}

/// Splits a `Fn::Sub` string into text and `${Var}`s; `${!Literal}` is the text `${Literal}`.
fn sub_parts(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        if let Some(literal) = after.strip_prefix('!') {
            text.push_str("${");
            rest = literal;
            continue;
        }
        match after.find('}') {
            Some(end) => {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Var(after[..end].trim()));
                rest = &after[end + 1..];
            }
            None => {
                text.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    parts
}

impl Context<'_> {
    /// `Fn::Sub`: `String` or `[String, {Var: Value}]`.
    pub(super) fn sub(&mut self, arg: &Node, node: &Node) -> Value {
        let (template, vars_node) = match &arg.kind {
            NodeKind::String(s) => (s.as_str(), None),
            NodeKind::Seq(items) => match items.as_slice() {
                [Node {
                    kind: NodeKind::String(s),
                    ..
                }, vars @ Node {
                    kind: NodeKind::Map(_),
                    ..
                }] => (s.as_str(), Some(vars)),
                _ => return self.bad(node, "`Fn::Sub` takes `[String, {Var: Value}]`"),
            },
            _ => return self.bad(node, "`Fn::Sub` takes a string or `[String, {Var: Value}]`"),
        };
        let mut vars = BTreeMap::new();
        for entry in vars_node.and_then(Node::as_map).unwrap_or_default() {
            let value = self.eval(&entry.value, None).unwrap_or(Value::Null);
            vars.insert(entry.key.as_str(), value);
        }
        let parts = sub_parts(template);
        // A lone `${X}` is X itself (so `!Sub ${Bucket.Arn}` still links to the bucket).
        if let [Part::Var(name)] = parts.as_slice() {
            return match self.sub_var(name, &vars, node) {
                value @ Value::Unknown(_) => value,
                value => match text_of(&value) {
                    Ok(text) => literal_string(&text.unwrap_or_default()),
                    Err(kind) => self.bad(node, format!("`${{{name}}}` in `Fn::Sub` is {kind}")),
                },
            };
        }
        let mut concat = Concat::default();
        for part in parts {
            match part {
                Part::Text(text) => concat.push_str(&text),
                Part::Var(name) => {
                    let value = self.sub_var(name, &vars, node);
                    if let Err(kind) = concat.push(&value) {
                        return self.bad(node, format!("`${{{name}}}` in `Fn::Sub` is {kind}"));
                    }
                }
            }
        }
        concat.finish()
    }

    /// The value of `${name}` in a `Fn::Sub`.
    fn sub_var(&mut self, name: &str, vars: &BTreeMap<&str, Value>, node: &Node) -> Value {
        if let Some(value) = vars.get(name) {
            return value.clone();
        }
        if let Some((resource, attribute)) = name.split_once('.') {
            if self.resources.contains(resource) || self.serverless {
                return resource_reference(resource, &snake_case(attribute), name);
            }
            return self.bad(
                node,
                format!("`${{{name}}}` in `Fn::Sub` names no resource of this template"),
            );
        }
        self.lookup(
            name,
            node,
            &format!("`${{{name}}}` in `Fn::Sub` names `{name}`"),
        )
        .unwrap_or_else(|| Value::String(String::new()))
    }

    /// `Fn::Join`: `[Delimiter, [Values]]`.
    pub(super) fn join(&mut self, arg: &Node, node: &Node) -> Value {
        let Some([delimiter, list]) = arg.as_seq() else {
            return self.bad(node, "`Fn::Join` takes `[Delimiter, [Values]]`");
        };
        let delimiter = match self.value(delimiter) {
            Value::String(s) => s,
            Value::Unknown(unknown) => return part_of(*unknown),
            _ => return self.bad(node, "`Fn::Join` takes a string delimiter"),
        };
        let items = match self.value(list) {
            Value::List(items) => items,
            Value::Unknown(unknown) => return part_of(*unknown),
            _ => return self.bad(node, "`Fn::Join` takes a list of values"),
        };
        let mut concat = Concat::default();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                concat.push_str(&delimiter);
            }
            if let Err(kind) = concat.push(item) {
                return self.bad(node, format!("`Fn::Join` joins strings, not {kind}"));
            }
        }
        concat.finish()
    }

    /// `Fn::Split`: `[Delimiter, String]`.
    pub(super) fn split(&mut self, arg: &Node, node: &Node) -> Value {
        let Some([delimiter, source]) = arg.as_seq() else {
            return self.bad(node, "`Fn::Split` takes `[Delimiter, String]`");
        };
        let delimiter = match self.value(delimiter) {
            Value::String(s) if !s.is_empty() => s,
            Value::Unknown(unknown) => return part_of(*unknown),
            _ => return self.bad(node, "`Fn::Split` takes a non-empty string delimiter"),
        };
        match self.value(source) {
            Value::String(s) => Value::List(s.split(delimiter.as_str()).map(Value::from).collect()),
            Value::Unknown(unknown) => part_of(*unknown),
            _ => self.bad(node, "`Fn::Split` splits a string"),
        }
    }

    /// `Fn::Base64`.
    pub(super) fn base64(&mut self, arg: &Node, node: &Node) -> Value {
        let value = self.value(arg);
        match value {
            Value::Unknown(_) => {
                Value::encoding_of("the base64 encoding of a value known at deployment", value)
            }
            other => match text_of(&other) {
                Ok(Some(text)) => {
                    Value::String(base64::engine::general_purpose::STANDARD.encode(text))
                }
                _ => self.bad(node, "`Fn::Base64` encodes a string"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_strings_split_into_text_and_variables() {
        assert_eq!(
            sub_parts("arn:${AWS::Partition}:s3:::${Bucket}/*"),
            vec![
                Part::Text("arn:".into()),
                Part::Var("AWS::Partition"),
                Part::Text(":s3:::".into()),
                Part::Var("Bucket"),
                Part::Text("/*".into()),
            ]
        );
        assert_eq!(
            sub_parts("echo ${!HOME} ${ X }"),
            vec![Part::Text("echo ${HOME} ".into()), Part::Var("X")]
        );
        assert_eq!(sub_parts("a ${b"), vec![Part::Text("a ${b".into())]);
    }

    #[test]
    fn dynamic_references_are_masked() {
        assert_eq!(
            mask_dynamic_references("u:{{resolve:ssm:/p:1}}@h"),
            "u:${?}@h"
        );
    }
}
