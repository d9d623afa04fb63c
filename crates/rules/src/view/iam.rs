//! IAM policy documents, whether written as JSON (`jsonencode(…)`, heredocs, `file(…)`) or
//! built with `data "aws_iam_policy_document"`, and the resources that attach them.

use std::collections::HashSet;

use driftguard_model::{Resource, Tri, Value};
use serde_json::Value as Json;

use super::{list_items, set_value, value_text_is};
use crate::Context;

/// Resource types that hold an identity-based policy document, and the attribute that holds it.
pub const IDENTITY_POLICY_HOLDERS: &[(&str, &str)] = &[
    ("aws_iam_policy", "policy"),
    ("aws_iam_role_policy", "policy"),
    ("aws_iam_user_policy", "policy"),
    ("aws_iam_group_policy", "policy"),
];

const POLICY_DOCUMENT: &str = "aws_iam_policy_document";

/// A string or list-of-strings policy element (`Action`, `Resource`), each item possibly unknown.
#[derive(Debug, Clone, Default)]
pub struct Items {
    pub known: Vec<String>,
    pub unknown: bool,
}

impl Items {
    /// Whether any item satisfies `pred`: true if a known item does, unknown if an item is unknown.
    pub fn any(&self, pred: impl Fn(&str) -> bool) -> Tri {
        if self.known.iter().any(|item| pred(item)) {
            Tri::True
        } else if self.unknown {
            Tri::Unknown
        } else {
            Tri::False
        }
    }

    fn from_json(json: Option<&Json>) -> Items {
        match json {
            None | Some(Json::Null) => Items::default(),
            Some(Json::String(s)) => Items {
                known: vec![s.clone()],
                unknown: false,
            },
            Some(Json::Array(items)) => Items {
                known: items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                unknown: false,
            },
            Some(_) => Items::default(),
        }
    }

    fn from_value(value: Option<&Value>) -> Items {
        let mut items = Items::default();
        if let Some(v) = value {
            if v.is_unknown() {
                items.unknown = true;
                return items;
            }
        }
        for item in list_items(value) {
            match item {
                Value::String(s) => items.known.push(s.clone()),
                _ => items.unknown = true,
            }
        }
        items
    }
}

/// One statement of a policy document, normalised.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sid: Option<String>,
    /// `Effect = "Allow"` (the default of `aws_iam_policy_document`).
    pub allow: Tri,
    pub actions: Items,
    pub not_actions: Items,
    pub resources: Items,
    /// Whether the statement names principals: it belongs to a resource or trust policy.
    pub has_principals: bool,
    /// Index of the `statement` block in an `aws_iam_policy_document`, for locations.
    pub block: Option<usize>,
}

impl Statement {
    /// Whether the statement grants every action on every resource (`"*"` or `"*:*"` on `"*"`).
    pub fn grants_full_admin(&self) -> Tri {
        if self.has_principals {
            return Tri::False;
        }
        let any_action = self.actions.any(|a| a == "*" || a == "*:*");
        let any_resource = self.resources.any(|r| r == "*");
        self.allow.and(any_action).and(any_resource)
    }
}

/// Where an attached identity policy's document comes from.
pub enum PolicySource<'a> {
    /// A JSON document, already parsed.
    Json(Vec<Statement>),
    /// An `aws_iam_policy_document` data source of this module tree (checked on its own).
    Document(&'a Resource),
    /// The document cannot be read statically; the reason says why.
    Unknown(String),
}

/// An identity policy attached somewhere: the holder, the attribute and its document.
pub struct PolicyUse<'a> {
    pub holder: &'a Resource,
    pub path: String,
    pub source: PolicySource<'a>,
}

/// Every identity-based policy of the module tree: the `policy` of `aws_iam_policy` and of the
/// inline role, user and group policies, and `aws_iam_role.inline_policy` blocks.
pub fn identity_policies<'a>(ctx: &Context<'a>) -> Vec<PolicyUse<'a>> {
    let mut uses = Vec::new();
    for (resource_type, attribute) in IDENTITY_POLICY_HOLDERS {
        for holder in ctx.of_type(resource_type) {
            uses.extend(policy_use(ctx, holder, attribute.to_string()));
        }
    }
    for role in ctx.of_type("aws_iam_role") {
        let count = role
            .get("inline_policy")
            .and_then(Value::as_list)
            .map_or(0, <[Value]>::len);
        for index in 0..count {
            uses.extend(policy_use(
                ctx,
                role,
                format!("inline_policy.{index}.policy"),
            ));
        }
    }
    uses
}

fn policy_use<'a>(ctx: &Context<'a>, holder: &'a Resource, path: String) -> Option<PolicyUse<'a>> {
    let value = set_value(holder, &path)?;
    let source = match value {
        Value::String(text) => {
            // A rendered `data.aws_iam_policy_document.x.json`: checked at the data source.
            match ctx
                .data_of_type(POLICY_DOCUMENT)
                .find(|doc| doc.get("json").and_then(Value::as_str) == Some(text.as_str()))
            {
                Some(doc) => PolicySource::Document(doc),
                None => match parse_json(text) {
                    Ok(statements) => PolicySource::Json(statements),
                    Err(reason) => PolicySource::Unknown(reason),
                },
            }
        }
        Value::Unknown(unknown) => match ctx.referenced(value) {
            Some((doc, "json" | "minified_json")) if doc.resource_type == POLICY_DOCUMENT => {
                PolicySource::Document(doc)
            }
            _ => PolicySource::Unknown(unknown.reason.to_string()),
        },
        other => PolicySource::Unknown(format!(
            "policy is a {}, not a JSON string",
            other.type_name()
        )),
    };
    Some(PolicyUse {
        holder,
        path,
        source,
    })
}

/// The statements of a JSON policy document.
pub fn parse_json(text: &str) -> Result<Vec<Statement>, String> {
    let json: Json =
        serde_json::from_str(text).map_err(|e| format!("policy is not valid JSON: {e}"))?;
    let statements = match json.get("Statement") {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(items)) => items.iter().collect::<Vec<_>>(),
        Some(single) => vec![single],
    };
    Ok(statements
        .into_iter()
        .filter_map(Json::as_object)
        .map(|s| Statement {
            sid: s.get("Sid").and_then(Json::as_str).map(str::to_string),
            allow: Tri::from_bool(s.get("Effect").and_then(Json::as_str) == Some("Allow")),
            actions: Items::from_json(s.get("Action")),
            not_actions: Items::from_json(s.get("NotAction")),
            resources: Items::from_json(s.get("Resource")),
            has_principals: s.contains_key("Principal") || s.contains_key("NotPrincipal"),
            block: None,
        })
        .collect())
}

/// The statements an `aws_iam_policy_document` declares in its own `statement` blocks, less
/// those an `override_policy_documents` statement with the same `sid` replaces. Statements that
/// come from `source_policy_documents` are checked where they are declared.
pub fn document_statements(ctx: &Context<'_>, doc: &Resource) -> Vec<Statement> {
    let overrides = override_sids(ctx, doc, 0);
    let count = doc
        .get("statement")
        .and_then(Value::as_list)
        .map_or(0, <[Value]>::len);
    let mut statements = Vec::new();
    for index in 0..count {
        let at = |attribute: &str| set_value(doc, &format!("statement.{index}.{attribute}"));
        let sid = at("sid").and_then(Value::as_str).map(str::to_string);
        let mut allow = value_text_is(at("effect"), Some("Allow"), |e| e == "Allow");
        if let Some(sid) = &sid {
            match &overrides {
                Some(sids) if sids.contains(sid) => continue,
                Some(_) => {}
                // An override document we cannot read may replace this statement.
                None => allow = allow.and(Tri::Unknown),
            }
        }
        let has_principals = ["principals", "not_principals"]
            .iter()
            .any(|block| !list_items(at(block)).is_empty());
        statements.push(Statement {
            sid,
            allow,
            actions: Items::from_value(at("actions")),
            not_actions: Items::from_value(at("not_actions")),
            resources: Items::from_value(at("resources")),
            has_principals,
            block: Some(index),
        });
    }
    statements
}

/// The `Sid`s of the statements in a document's `override_policy_documents`; `None` when one
/// of them cannot be read.
fn override_sids(ctx: &Context<'_>, doc: &Resource, depth: usize) -> Option<HashSet<String>> {
    let mut sids = HashSet::new();
    let overrides = set_value(doc, "override_policy_documents");
    if overrides.is_some_and(Value::is_unknown) {
        return None;
    }
    for item in list_items(overrides) {
        match item {
            Value::String(text) => {
                let statements = parse_json(text).ok()?;
                sids.extend(statements.into_iter().filter_map(|s| s.sid));
            }
            other => {
                let (source, attribute) = ctx.referenced(other)?;
                if source.resource_type != POLICY_DOCUMENT || attribute != "json" || depth > 8 {
                    return None;
                }
                let nested = document_statements(ctx, source);
                sids.extend(nested.into_iter().filter_map(|s| s.sid));
                sids.extend(override_sids(ctx, source, depth + 1)?);
            }
        }
    }
    Some(sids)
}
