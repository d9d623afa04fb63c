//! A template's sections, and its resources with their properties evaluated.
//!
//! Read: `Parameters` (`Type`, `Default`, `AllowedValues`, `NoEcho`), `Mappings`, `Conditions`,
//! `Transform`, SAM's `Globals`, and `Resources` (`Type`, `Properties`, `Metadata`,
//! `Condition`, `DependsOn`, `DeletionPolicy`, `UpdateReplacePolicy`). `Outputs`, `Rules` and
//! the template `Metadata` do not describe resources and are not read.
//!
//! - A resource whose `Condition` is known to be false is not created: it is dropped (listed in
//!   [`Template::dropped`]). One whose condition is unknown is kept and checked.
//! - With the SAM transform (`AWS::Serverless-2016-10-31`), `Globals` are merged into the
//!   `AWS::Serverless::*` resources as SAM merges them: the resource's own scalar values win,
//!   mappings are merged key by key, lists are concatenated (globals first), and an intrinsic
//!   function counts as a scalar.
//! - Other transforms and macros (and `Fn::ForEach`) are not expanded: what they generate is
//!   not checked, and a `cfn-transform` note says so.
//!
//! Diagnostics: `cfn-duplicate-key`, `cfn-unresolved-intrinsic` and `cfn-parameter-value`
//! (warnings); `cfn-invalid-template` (an error when resources are lost: `Resources` not a
//! mapping, a resource without `Type`; else a warning); `cfn-transform` (info). A template that
//! does not parse is a [`LoadError`] (`cfn-parse-error` as a diagnostic).

use std::collections::{BTreeMap, BTreeSet};

use driftguard_model::{Diagnostic, SourceFile, Tri, Value};

use crate::error::LoadError;
use crate::intrinsics::{call, Context, Recorder};
use crate::parameters::{GivenValue, ParameterValues};
use crate::syntax::{self, Entry, Node, NodeKind};
use crate::CfnResource;

/// The SAM transform.
pub const SERVERLESS_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// A loaded template.
#[derive(Debug, Clone)]
pub struct Template {
    pub source: SourceFile,
    /// The resources created, in template order, their properties evaluated.
    pub resources: Vec<CfnResource>,
    /// Resource attributes other than `Type`, `Properties` and `Metadata`, by logical id.
    pub attributes: BTreeMap<String, ResourceAttributes>,
    /// Logical ids of resources not created, their `Condition` being false.
    pub dropped: Vec<String>,
    /// `Transform` names, in order.
    pub transforms: Vec<String>,
    /// Problems with the template that did not stop it being read.
    pub diagnostics: Vec<Diagnostic>,
}

/// A resource's attributes besides its type, properties and metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceAttributes {
    pub condition: Option<String>,
    pub depends_on: Vec<String>,
    pub deletion_policy: Option<String>,
    pub update_replace_policy: Option<String>,
}

impl Template {
    /// Whether the template uses the SAM transform.
    pub fn is_serverless(&self) -> bool {
        self.transforms.iter().any(|t| t == SERVERLESS_TRANSFORM)
    }
}

/// Loads a template from its text; `path_display` names the file in spans and messages.
///
/// `Ok(None)` when the text is not a CloudFormation template (a Kubernetes manifest, a CI
/// workflow, `package.json`), including text that does not parse and does not look like a
/// template (a Helm chart). `Err` when a template cannot be parsed.
pub fn load(
    path_display: &str,
    text: &str,
    params: &ParameterValues,
) -> Result<Option<Template>, LoadError> {
    let source = SourceFile::new(path_display, text);
    let document = match syntax::parse(text) {
        Ok(document) => document,
        Err(err) if syntax::looks_like_template(text) => {
            return Err(LoadError {
                message: err.message,
                span: source.span(err.offset..err.offset),
            })
        }
        Err(_) => return Ok(None),
    };
    let Some(root) = &document.root else {
        return Ok(None);
    };
    if !syntax::is_template(root) {
        return Ok(None);
    }
    let mut diagnostics = Vec::new();
    for duplicate in &document.duplicates {
        let first = source.span(duplicate.first.clone());
        diagnostics.push(
            Diagnostic::warning(
                "cfn-duplicate-key",
                format!(
                    "duplicate key `{}` (first on line {}): the last value is used, as \
                     CloudFormation does",
                    duplicate.key, first.start.line
                ),
            )
            .at(source.span(duplicate.second.clone())),
        );
    }
    if document.more_documents {
        diagnostics.push(
            Diagnostic::warning(
                "cfn-invalid-template",
                "the file holds more than one YAML document: only the first is read",
            )
            .in_file(path_display),
        );
    }

    let transforms = transforms(root.get("Transform"));
    let serverless = transforms.iter().any(|t| t == SERVERLESS_TRANSFORM);
    for transform in &transforms {
        if transform != SERVERLESS_TRANSFORM && transform != "AWS::LanguageExtensions" {
            let at = root.entry("Transform").map_or(0..0, |e| e.key_span.clone());
            diagnostics.push(
                Diagnostic::info(
                    "cfn-transform",
                    format!(
                        "transform `{transform}` is not expanded: what it generates is not checked"
                    ),
                )
                .at(source.span(at)),
            );
        }
    }

    let empty = Vec::new();
    let resources = match root.get("Resources") {
        None => &empty[..],
        Some(node) => match node.as_map() {
            Some(entries) => entries,
            None => {
                diagnostics.push(
                    Diagnostic::error("cfn-invalid-template", "`Resources` must be a mapping")
                        .at(source.span(node.span.clone())),
                );
                &empty[..]
            }
        },
    };
    let logical_ids: BTreeSet<String> = resources.iter().map(|e| e.key.clone()).collect();
    let parameters = resolve_parameters(root.get("Parameters"), params, &source, &mut diagnostics);
    let mut context = Context::new(
        &source,
        parameters,
        root.get("Mappings"),
        root.get("Conditions"),
        logical_ids,
        serverless,
    );
    let globals = if serverless {
        root.get("Globals")
    } else {
        None
    };

    let mut template = Template {
        source: source.clone(),
        resources: Vec::with_capacity(resources.len()),
        attributes: BTreeMap::new(),
        dropped: Vec::new(),
        transforms,
        diagnostics,
    };
    for entry in resources {
        read_resource(entry, globals, &mut context, &mut template);
    }
    template.diagnostics.append(&mut context.diagnostics);
    Ok(Some(template))
}

/// Reads one entry of `Resources` into the template.
fn read_resource(
    entry: &Entry,
    globals: Option<&Node>,
    context: &mut Context<'_>,
    template: &mut Template,
) {
    let source = &template.source;
    let span = source.span(entry.key_span.start..entry.value.span.end.max(entry.key_span.end));
    if entry.key.starts_with("Fn::ForEach::") {
        template.diagnostics.push(
            Diagnostic::info(
                "cfn-transform",
                format!(
                    "`{}` is not expanded: the resources it generates are not checked",
                    entry.key
                ),
            )
            .at(span),
        );
        return;
    }
    let body = &entry.value;
    let Some(resource_type) = body.get("Type").and_then(Node::as_str) else {
        template.diagnostics.push(
            Diagnostic::error(
                "cfn-invalid-template",
                format!("resource `{}` has no `Type`", entry.key),
            )
            .at(span),
        );
        return;
    };
    let attributes = attributes(body, context, &template.source, &mut template.diagnostics);
    if let Some(condition) = &attributes.condition {
        if context.condition(condition, body) == Tri::False {
            template.dropped.push(entry.key.clone());
            return;
        }
    }

    let merged;
    let mut properties_node = body.get("Properties");
    if let Some(global) = resource_type
        .strip_prefix("AWS::Serverless::")
        .and_then(|kind| globals?.get(kind))
    {
        merged = match properties_node {
            Some(local) => merge_globals(global, local),
            None => global.clone(),
        };
        properties_node = Some(&merged);
    }
    let mut recorder = Recorder::default();
    let properties = properties_node
        .and_then(|node| context.eval(node, Some(&mut recorder)))
        .unwrap_or(Value::Null);
    let metadata = body
        .get("Metadata")
        .and_then(|node| context.eval(node, None))
        .unwrap_or(Value::Null);
    template.attributes.insert(entry.key.clone(), attributes);
    template.resources.push(CfnResource {
        logical_id: entry.key.clone(),
        resource_type: resource_type.to_string(),
        properties,
        property_spans: recorder.spans,
        span,
        metadata,
    });
}

/// `Condition`, `DependsOn`, `DeletionPolicy`, `UpdateReplacePolicy`.
fn attributes(
    body: &Node,
    context: &mut Context<'_>,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> ResourceAttributes {
    let mut invalid = |node: &Node, message: &str| {
        diagnostics.push(
            Diagnostic::warning("cfn-invalid-template", message).at(source.span(node.span.clone())),
        );
    };
    let condition = body.get("Condition").and_then(|node| match node.as_str() {
        Some(name) => Some(name.to_string()),
        None => {
            invalid(node, "a resource's `Condition` is the name of a condition");
            None
        }
    });
    let depends_on = match body.get("DependsOn") {
        None => Vec::new(),
        Some(node) => match &node.kind {
            NodeKind::String(s) => vec![s.clone()],
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
            _ => {
                invalid(node, "`DependsOn` is a logical id or a list of them");
                Vec::new()
            }
        },
    };
    let mut policy = |key: &str| {
        let node = body.get(key)?;
        context
            .eval(node, None)
            .and_then(|value| value.as_str().map(str::to_string))
    };
    ResourceAttributes {
        condition,
        depends_on,
        deletion_policy: policy("DeletionPolicy"),
        update_replace_policy: policy("UpdateReplacePolicy"),
    }
}

/// `Transform`: a name, a list of names, or `{Name, Parameters}` entries.
fn transforms(node: Option<&Node>) -> Vec<String> {
    let name = |node: &Node| {
        node.as_str()
            .or_else(|| node.get("Name").and_then(Node::as_str))
            .map(str::to_string)
    };
    match node {
        None => Vec::new(),
        Some(node) => match node.as_seq() {
            Some(items) => items.iter().filter_map(name).collect(),
            None => name(node).into_iter().collect(),
        },
    }
}

/// The value each parameter's `Ref` yields: the given value, else the `Default`, else unknown.
/// A `NoEcho` parameter is always unknown (its value is a secret and is never read into the
/// model); so is an SSM parameter type, whose value is read from SSM at deployment. List types
/// (`CommaDelimitedList`, `List<…>`) are lists of their comma-separated, trimmed items; every
/// other type is a string, as CloudFormation passes `Number` parameters to functions.
fn resolve_parameters(
    section: Option<&Node>,
    given: &ParameterValues,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    for entry in section.and_then(Node::as_map).unwrap_or_default() {
        let name = &entry.key;
        let definition = &entry.value;
        let kind = definition
            .get("Type")
            .and_then(Node::as_str)
            .unwrap_or("String");
        let no_echo = definition
            .get("NoEcho")
            .and_then(Node::scalar_text)
            .is_some_and(|text| text.eq_ignore_ascii_case("true"));
        let default = definition.get("Default").and_then(|node| match &node.kind {
            NodeKind::Seq(items) => Some(
                items
                    .iter()
                    .filter_map(Node::scalar_text)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => node.scalar_text(),
        });
        let text = match given.get(name) {
            Some(GivenValue::Value(value)) => Ok(value.clone()),
            Some(GivenValue::UsePrevious) => Err(format!(
                "parameter `{name}` keeps the deployed stack's value (UsePreviousValue)"
            )),
            None => default.ok_or_else(|| {
                format!("parameter `{name}` has no Default and no value in --cfn-params")
            }),
        };
        let value = if no_echo {
            Value::unknown(format!(
                "parameter `{name}` is NoEcho (a secret): its value is not read"
            ))
        } else if kind.starts_with("AWS::SSM::Parameter::Value<") {
            Value::unknown(match &text {
                Ok(parameter) => format!(
                    "parameter `{name}` is read from SSM parameter `{parameter}` at deployment"
                ),
                Err(_) => format!("parameter `{name}` is read from SSM at deployment"),
            })
        } else {
            match text {
                Err(reason) => Value::unknown(reason),
                Ok(text) => {
                    check_allowed(name, &entry.value, &text, kind, source, diagnostics);
                    if is_list_type(kind) {
                        Value::List(
                            text.split(',')
                                .map(|item| Value::from(item.trim()))
                                .collect(),
                        )
                    } else {
                        Value::String(text)
                    }
                }
            }
        };
        values.insert(name.clone(), value);
    }
    values
}

fn is_list_type(kind: &str) -> bool {
    kind == "CommaDelimitedList" || kind.starts_with("List<")
}

/// Warns when a parameter's value is not one of its `AllowedValues`.
fn check_allowed(
    name: &str,
    definition: &Node,
    text: &str,
    kind: &str,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(allowed) = definition.get("AllowedValues").and_then(Node::as_seq) else {
        return;
    };
    let allowed: Vec<String> = allowed.iter().filter_map(Node::scalar_text).collect();
    let items: Vec<&str> = if is_list_type(kind) {
        text.split(',').map(str::trim).collect()
    } else {
        vec![text]
    };
    for item in items {
        if !allowed.iter().any(|a| a == item) {
            diagnostics.push(
                Diagnostic::warning(
                    "cfn-parameter-value",
                    format!(
                        "parameter `{name}` is `{item}`, which is not one of its AllowedValues"
                    ),
                )
                .at(source.span(definition.span.clone())),
            );
        }
    }
}

/// SAM's merge of a `Globals` section into a resource's properties.
fn merge_globals(global: &Node, local: &Node) -> Node {
    match (&global.kind, &local.kind) {
        (NodeKind::Map(globals), NodeKind::Map(locals))
            if call(global).is_none() && call(local).is_none() =>
        {
            let mut entries = globals.clone();
            for entry in locals {
                match entries.iter_mut().find(|e| e.key == entry.key) {
                    Some(existing) => {
                        existing.value = merge_globals(&existing.value, &entry.value);
                        existing.key_span = entry.key_span.clone();
                    }
                    None => entries.push(entry.clone()),
                }
            }
            Node {
                kind: NodeKind::Map(entries),
                tag: local.tag.clone(),
                span: local.span.clone(),
            }
        }
        (NodeKind::Seq(globals), NodeKind::Seq(locals)) => Node {
            kind: NodeKind::Seq(globals.iter().chain(locals).cloned().collect()),
            tag: local.tag.clone(),
            span: local.span.clone(),
        },
        _ => local.clone(),
    }
}
