//! Intrinsic functions: template nodes into values, as far as the template alone decides them.
//!
//! Supported, in both the long (`Fn::Join:`) and the short (`!Join`) form:
//!
//! | function | evaluates to |
//! | --- | --- |
//! | `Ref` | a parameter's value (given in `--cfn-params`, else its `Default`, else unknown; a `NoEcho` parameter is always unknown, its value never read); a pseudo parameter; a resource's `id`, as an unknown that refers to it |
//! | `Fn::GetAtt` | `[Res, Attr]` or `Res.Attr`: an unknown referring to `Res`, attribute `snake_case(Attr)` (`Endpoint.Address` → `endpoint_address`) |
//! | `Fn::Sub` | `"text ${Param} ${Res} ${Res.Attr} ${!Literal}"` and `[text, {Var: value}]`; unknown parts make it unknown with `partial` text (`arn:${Bucket.arn}/*`); a lone `${X}` is X itself |
//! | `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::Length` | computed when their arguments are known; `Fn::Join` with unknown parts is unknown with `partial` text |
//! | `Fn::If` | the chosen branch when the condition is known; unknown when it is not |
//! | `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition` | conditions, three-valued: a condition that depends on an unknown is unknown |
//! | `Fn::FindInMap` | the mapping's value, or the `DefaultValue` of the four-argument form |
//! | `Fn::Base64` | the base64 text; of an unknown, an unknown that encodes it |
//! | `Fn::Cidr` | the subnet blocks (IPv4 and IPv6), computed as CloudFormation does |
//! | `Fn::ToJsonString` | the JSON text; with unknown parts, an unknown that encodes the value |
//! | `Fn::GetAZs`, `Fn::ImportValue`, `Fn::Transform` | unknown (known at deployment) |
//!
//! Pseudo parameters: `AWS::Partition` is `aws` and `AWS::URLSuffix` `amazonaws.com` (the
//! commercial partition is assumed); `AWS::AccountId`, `AWS::Region`, `AWS::StackName`,
//! `AWS::StackId` and `AWS::NotificationARNs` are unknown; `AWS::NoValue` removes the property
//! or list item it is the value of.
//!
//! Strings holding dynamic references (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm:…}}`) are
//! unknown: CloudFormation replaces them at deployment, so their text is not the value.
//!
//! Anything unresolvable is unknown with a reason, and a function used wrongly (a wrong
//! argument shape, a missing mapping key, a reference to nothing) is also reported as a
//! `cfn-unresolved-intrinsic` warning. Nothing here panics on a template's content.

mod cidr;
mod conditions;
mod strings;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use driftguard_model::{Diagnostic, Reference, SourceFile, Span, Tri, Unknown, Value};

use crate::map::convert::snake_case;
use crate::syntax::{intrinsic_name, Node, NodeKind};

use strings::literal_string;

/// The diagnostic code of a function that could not be evaluated.
pub(crate) const UNRESOLVED: &str = "cfn-unresolved-intrinsic";

/// What evaluation needs to know about the template.
pub(crate) struct Context<'t> {
    source: &'t SourceFile,
    /// The value each parameter's `Ref` yields.
    parameters: BTreeMap<String, Value>,
    mappings: Option<&'t Node>,
    conditions: BTreeMap<&'t str, &'t Node>,
    condition_values: BTreeMap<String, ConditionState>,
    resources: BTreeSet<String>,
    /// A SAM template: `Ref`s to resources the transform creates (`MyFunctionRole`) are fine.
    serverless: bool,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy)]
enum ConditionState {
    Evaluating,
    Done(Tri),
}

/// Records the span of each property by its dotted path while a value is evaluated: for a
/// mapping entry its key and value, for a list item the item.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub spans: BTreeMap<String, Span>,
    path: String,
}

impl Recorder {
    fn record(&mut self, span: Span) {
        if !self.path.is_empty() {
            self.spans.insert(self.path.clone(), span);
        }
    }

    fn forget(&mut self) {
        self.spans.remove(&self.path);
    }

    /// Descends into `segment`; returns the length to [`Self::leave`] back to.
    fn enter(&mut self, segment: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(segment);
        len
    }

    fn leave(&mut self, len: usize) {
        self.path.truncate(len);
    }
}

impl<'t> Context<'t> {
    pub fn new(
        source: &'t SourceFile,
        parameters: BTreeMap<String, Value>,
        mappings: Option<&'t Node>,
        conditions: Option<&'t Node>,
        resources: BTreeSet<String>,
        serverless: bool,
    ) -> Self {
        let conditions = conditions
            .and_then(Node::as_map)
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| (entry.key.as_str(), &entry.value))
                    .collect()
            })
            .unwrap_or_default();
        Context {
            source,
            parameters,
            mappings,
            conditions,
            condition_values: BTreeMap::new(),
            resources,
            serverless,
            diagnostics: Vec::new(),
        }
    }

    /// Evaluates a node; `None` when it is `AWS::NoValue` (or a branch that is), i.e. the
    /// property or list item is removed. With a recorder, property spans are recorded.
    pub fn eval(&mut self, node: &Node, mut rec: Option<&mut Recorder>) -> Option<Value> {
        if let Some(rec) = rec.as_deref_mut() {
            rec.record(self.span(node));
        }
        if let Some(tag) = &node.tag {
            if intrinsic_name(tag).is_none() {
                return Some(self.bad(node, format!("unsupported YAML tag `!{tag}`")));
            }
        }
        if let Some((name, arg)) = call(node) {
            let value = self.call(name, arg, node, rec.as_deref_mut());
            if value.is_none() {
                if let Some(rec) = rec {
                    rec.forget();
                }
            }
            return value;
        }
        Some(match &node.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => Value::Number(*n),
            NodeKind::String(s) => literal_string(s),
            NodeKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let len = rec.as_deref_mut().map(|r| r.enter(&out.len().to_string()));
                    let value = self.eval(item, rec.as_deref_mut());
                    if let (Some(rec), Some(len)) = (rec.as_deref_mut(), len) {
                        rec.leave(len);
                    }
                    out.extend(value);
                }
                Value::List(out)
            }
            NodeKind::Map(entries) => {
                let mut out = BTreeMap::new();
                for entry in entries {
                    let len = rec.as_deref_mut().map(|r| r.enter(&entry.key));
                    let value = self.eval(&entry.value, rec.as_deref_mut());
                    if let (Some(rec), Some(len)) = (rec.as_deref_mut(), len) {
                        // A property's span is its key and value, as a Terraform attribute's.
                        if value.is_some() {
                            let end = entry.value.span.end.max(entry.key_span.end);
                            rec.record(self.source.span(entry.key_span.start..end));
                        }
                        rec.leave(len);
                    }
                    if let Some(value) = value {
                        out.insert(entry.key.clone(), value);
                    }
                }
                Value::Object(out)
            }
        })
    }

    /// Evaluates a node where a value is required (a function argument): `AWS::NoValue` is
    /// null there.
    fn value(&mut self, node: &Node) -> Value {
        self.eval(node, None).unwrap_or(Value::Null)
    }

    fn call(
        &mut self,
        name: &str,
        arg: &Node,
        node: &Node,
        rec: Option<&mut Recorder>,
    ) -> Option<Value> {
        Some(match name {
            "Ref" => return self.reference(arg, node),
            "Fn::GetAtt" => self.get_att(arg, node),
            "Fn::Sub" => self.sub(arg, node),
            "Fn::Join" => self.join(arg, node),
            "Fn::Select" => self.select(arg, node),
            "Fn::Split" => self.split(arg, node),
            "Fn::If" => return self.fn_if(arg, node, rec),
            "Fn::FindInMap" => self.find_in_map(arg, node),
            "Fn::Base64" => self.base64(arg, node),
            "Fn::Cidr" => self.cidr(arg, node),
            "Fn::Length" => self.length(arg, node),
            "Fn::ToJsonString" => self.json_string(arg, node),
            "Fn::GetAZs" => {
                let region = self.value(arg);
                let region = match region.as_str() {
                    Some("") | None => "the stack's region".to_string(),
                    Some(region) => format!("`{region}`"),
                };
                Value::unknown(format!(
                    "the availability zones of {region} are known at deployment"
                ))
            }
            "Fn::ImportValue" => {
                let export = self.value(arg);
                match export.as_str() {
                    Some(export) => Value::unknown(format!(
                        "imported from another stack's export `{export}` at deployment"
                    )),
                    None => Value::unknown("imported from another stack's export at deployment"),
                }
            }
            "Fn::Transform" => {
                let macro_name = arg.get("Name").and_then(Node::as_str).unwrap_or("a macro");
                Value::unknown(format!("the output of macro `{macro_name}`"))
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                match self.condition_call(name, arg, node) {
                    Tri::True => Value::Bool(true),
                    Tri::False => Value::Bool(false),
                    Tri::Unknown => Value::unknown("a condition not known before deployment"),
                }
            }
            _ => self.bad(node, format!("unsupported intrinsic function `{name}`")),
        })
    }

    /// `Ref`.
    fn reference(&mut self, arg: &Node, node: &Node) -> Option<Value> {
        let Some(name) = arg.as_str() else {
            return Some(self.bad(node, "`Ref` takes the name of a parameter or resource"));
        };
        self.lookup(name, node, &format!("`Ref` to `{name}`"))
    }

    /// What `Ref: name` (or `${name}` in `Fn::Sub`) yields; `written` says how, for messages.
    fn lookup(&mut self, name: &str, node: &Node, written: &str) -> Option<Value> {
        if let Some(value) = pseudo_parameter(name) {
            return value;
        }
        if let Some(value) = self.parameters.get(name) {
            return Some(value.clone());
        }
        if self.resources.contains(name) || self.serverless {
            return Some(resource_reference(name, "id", name));
        }
        Some(self.bad(
            node,
            format!("{written}, which is neither a parameter nor a resource"),
        ))
    }

    /// `Fn::GetAtt`: `[Resource, Attribute]` or `Resource.Attribute`.
    fn get_att(&mut self, arg: &Node, node: &Node) -> Value {
        let (resource, attribute) = match &arg.kind {
            NodeKind::String(s) => match s.split_once('.') {
                Some((resource, attribute)) => (resource.to_string(), attribute.to_string()),
                None => {
                    return self.bad(node, "`Fn::GetAtt` takes `Resource.Attribute`");
                }
            },
            NodeKind::Seq(items) if items.len() == 2 => {
                let Some(resource) = items[0].as_str() else {
                    return self.bad(node, "`Fn::GetAtt` takes a resource's logical id first");
                };
                match self.value(&items[1]) {
                    Value::String(attribute) => (resource.to_string(), attribute),
                    Value::Unknown(_) => {
                        return Value::unknown(format!(
                            "an attribute of `{resource}` chosen at deployment"
                        ))
                    }
                    _ => return self.bad(node, "`Fn::GetAtt` takes an attribute name"),
                }
            }
            _ => return self.bad(node, "`Fn::GetAtt` takes `[Resource, Attribute]`"),
        };
        if !self.resources.contains(&resource) && !self.serverless {
            return self.bad(
                node,
                format!("`Fn::GetAtt` to `{resource}`, which is not a resource of this template"),
            );
        }
        resource_reference(
            &resource,
            &snake_case(&attribute),
            &format!("{resource}.{attribute}"),
        )
    }

    /// `Fn::If`: `[Condition, ValueIfTrue, ValueIfFalse]`.
    fn fn_if(&mut self, arg: &Node, node: &Node, rec: Option<&mut Recorder>) -> Option<Value> {
        let Some([condition, then, otherwise]) = arg.as_seq() else {
            return Some(self.bad(
                node,
                "`Fn::If` takes `[Condition, ValueIfTrue, ValueIfFalse]`",
            ));
        };
        let Some(condition) = condition.as_str() else {
            return Some(self.bad(node, "`Fn::If` takes a condition's name first"));
        };
        match self.condition(condition, node) {
            Tri::True => self.eval(then, rec),
            Tri::False => self.eval(otherwise, rec),
            Tri::Unknown => Some(Value::unknown(format!(
                "condition `{condition}` is not known before deployment"
            ))),
        }
    }

    /// `Fn::Select`: `[Index, List]`.
    fn select(&mut self, arg: &Node, node: &Node) -> Value {
        let Some([index, list]) = arg.as_seq() else {
            return self.bad(node, "`Fn::Select` takes `[Index, List]`");
        };
        let index = match self.value(index) {
            Value::Unknown(unknown) => return Value::Unknown(unknown),
            index => match index.as_f64() {
                Some(i) if i >= 0.0 && i.fract() == 0.0 => i as usize,
                _ => return self.bad(node, "`Fn::Select` takes a whole-number index"),
            },
        };
        match self.value(list) {
            Value::List(items) => match items.into_iter().nth(index) {
                Some(item) => item,
                None => self.bad(node, format!("`Fn::Select` index {index} is out of range")),
            },
            Value::Unknown(unknown) => part_of(*unknown),
            _ => self.bad(node, "`Fn::Select` takes a list"),
        }
    }

    /// `Fn::FindInMap`: `[MapName, TopLevelKey, SecondLevelKey]`, optionally followed by
    /// `{DefaultValue: value}` (`AWS::LanguageExtensions`).
    fn find_in_map(&mut self, arg: &Node, node: &Node) -> Value {
        let (keys, default) = match arg.as_seq() {
            Some([map, top, second]) => ([map, top, second], None),
            Some([map, top, second, options]) => match options.get("DefaultValue") {
                Some(default) => ([map, top, second], Some(default)),
                None => {
                    return self.bad(
                        node,
                        "the fourth argument of `Fn::FindInMap` is `{DefaultValue: …}`",
                    )
                }
            },
            _ => {
                return self.bad(
                    node,
                    "`Fn::FindInMap` takes `[MapName, TopLevelKey, SecondLevelKey]`",
                )
            }
        };
        let mut names = Vec::with_capacity(3);
        for key in keys {
            match strings::text_of(&self.value(key)) {
                Ok(Some(text)) => names.push(text),
                Ok(None) => {
                    return Value::unknown("a `Fn::FindInMap` key is known only at deployment")
                }
                Err(kind) => {
                    return self.bad(
                        node,
                        format!("`Fn::FindInMap` keys are strings, not {kind}"),
                    )
                }
            }
        }
        let found = self
            .mappings
            .and_then(|mappings| mappings.get(&names[0]))
            .and_then(|map| map.get(&names[1]))
            .and_then(|top| top.get(&names[2]));
        match (found, default) {
            (Some(found), _) => self.value(found),
            (None, Some(default)) => self.value(default),
            (None, None) => self.bad(
                node,
                format!(
                    "`Fn::FindInMap` finds nothing at `{}`.`{}`.`{}`",
                    names[0], names[1], names[2]
                ),
            ),
        }
    }

    /// `Fn::Length` of a list.
    fn length(&mut self, arg: &Node, node: &Node) -> Value {
        match self.value(arg) {
            Value::List(items) => Value::Number(items.len() as f64),
            Value::Unknown(unknown) => part_of(*unknown),
            _ => self.bad(node, "`Fn::Length` takes a list"),
        }
    }

    /// `Fn::ToJsonString` of an object or list.
    fn json_string(&mut self, arg: &Node, node: &Node) -> Value {
        let value = self.value(arg);
        match value {
            Value::Object(_) | Value::List(_) if value.contains_unknown() => {
                Value::encoding_of("JSON text with parts known at deployment", value)
            }
            Value::Object(_) | Value::List(_) => match serde_json::to_string(&value.to_json()) {
                Ok(text) => Value::String(text),
                Err(err) => self.bad(node, format!("`Fn::ToJsonString` failed: {err}")),
            },
            Value::Unknown(unknown) => part_of(*unknown),
            _ => self.bad(node, "`Fn::ToJsonString` takes an object or a list"),
        }
    }

    /// Reports a function that cannot be evaluated, and yields an unknown saying why.
    fn bad(&mut self, node: &Node, message: impl Into<String>) -> Value {
        let message = message.into();
        self.diagnostics
            .push(Diagnostic::warning(UNRESOLVED, message.clone()).at(self.span(node)));
        Value::unknown(message)
    }

    fn span(&self, node: &Node) -> Span {
        self.source.span(node.span.clone())
    }
}

/// A function call: a mapping with the single key `Ref` or `Fn::…` (short forms were turned
/// into this by the parser).
pub(crate) fn call(node: &Node) -> Option<(&str, &Node)> {
    match node.as_map()? {
        [entry] if entry.key == "Ref" || entry.key.starts_with("Fn::") => {
            Some((&entry.key, &entry.value))
        }
        _ => None,
    }
}

/// The address `AWS::AccountId` refers to, as a Terraform configuration names the caller's account.
const CALLER_IDENTITY: &str = "data.aws_caller_identity.current";

/// `Some(None)` for `AWS::NoValue`, `Some(Some(value))` for another pseudo parameter.
fn pseudo_parameter(name: &str) -> Option<Option<Value>> {
    let known_at_deployment = |what: &str| {
        Some(Some(Value::unknown(format!(
            "`{name}` ({what}) is known at deployment"
        ))))
    };
    match name {
        "AWS::NoValue" => Some(None),
        "AWS::Partition" => Some(Some(Value::from("aws"))),
        "AWS::URLSuffix" => Some(Some(Value::from("amazonaws.com"))),
        // The account the stack is deployed to: what Terraform's `data.aws_caller_identity`
        // stands for, so the IAM views read `arn:aws:iam::${AWS::AccountId}:root` as the
        // deploying account, as they do for Terraform.
        "AWS::AccountId" => Some(Some(Value::Unknown(Box::new(Unknown {
            reason: Arc::from("`AWS::AccountId` (the account) is known at deployment"),
            reference: Some(Reference {
                address: CALLER_IDENTITY.to_string(),
                attribute: "account_id".to_string(),
                whole: true,
            }),
            encodes: None,
            partial: None,
        })))),
        "AWS::Region" => known_at_deployment("the region"),
        "AWS::StackName" => known_at_deployment("the stack name"),
        "AWS::StackId" => known_at_deployment("the stack id"),
        "AWS::NotificationARNs" => known_at_deployment("the stack's notification topics"),
        _ => None,
    }
}

/// An attribute of a resource of the template: unknown, referring to it.
fn resource_reference(address: &str, attribute: &str, display: &str) -> Value {
    Value::Unknown(Box::new(Unknown {
        reason: Arc::from(format!("`{display}` is known after deployment")),
        reference: Some(Reference {
            address: address.to_string(),
            attribute: attribute.to_string(),
            whole: true,
        }),
        encodes: None,
        partial: None,
    }))
}

/// A value computed from an unknown (an element of it, its length): still unknown, and no
/// longer the referenced attribute itself.
fn part_of(mut unknown: Unknown) -> Value {
    if let Some(reference) = &mut unknown.reference {
        reference.whole = false;
    }
    unknown.encodes = None;
    unknown.partial = None;
    Value::Unknown(Box::new(unknown))
}
