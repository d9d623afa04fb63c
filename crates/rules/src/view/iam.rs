//! IAM policy documents, whether written as JSON (`jsonencode(…)`, heredocs, `file(…)`) or
//! built with `data "aws_iam_policy_document"`, and the resources that attach them.

use std::collections::HashSet;

use driftguard_model::{Reference, Resource, Tri, Value};
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
            Some(Json::String(s)) if s == UNKNOWN_ITEM => Items {
                known: vec![],
                unknown: true,
            },
            Some(Json::String(s)) => Items {
                known: vec![s.clone()],
                unknown: false,
            },
            Some(Json::Array(items)) => Items {
                known: items
                    .iter()
                    .filter_map(Json::as_str)
                    .filter(|i| *i != UNKNOWN_ITEM)
                    .map(str::to_string)
                    .collect(),
                unknown: items.iter().any(|i| i.as_str() == Some(UNKNOWN_ITEM)),
            },
            Some(_) => Items::default(),
        }
    }

    /// Condition values: strings, or numbers and booleans written as JSON scalars.
    fn from_json_scalars(json: &Json) -> Items {
        let scalar = |v: &Json| match v {
            Json::String(s) if s == UNKNOWN_ITEM => None,
            Json::String(s) => Some(s.clone()),
            Json::Bool(b) => Some(b.to_string()),
            Json::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match json {
            Json::Array(items) => Items {
                known: items.iter().filter_map(scalar).collect(),
                unknown: items.iter().any(|i| scalar(i).is_none()),
            },
            other => Items {
                known: scalar(other).into_iter().collect(),
                unknown: scalar(other).is_none(),
            },
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

/// The identifier of a principal built from `data.aws_caller_identity`'s `account_id` (the
/// account itself, or a user or role in it): the account that applies the configuration.
pub const CURRENT_ACCOUNT: &str = "(current account)";

/// Whether an unknown value comes from `data.aws_caller_identity.*.account_id`.
fn refers_to_current_account(value: &Value) -> bool {
    value
        .as_unknown()
        .and_then(|u| u.reference.as_ref())
        .is_some_and(|r| {
            r.attribute == "account_id"
                && r.address
                    .rsplit("data.")
                    .next()
                    .is_some_and(|tail| tail.starts_with("aws_caller_identity."))
        })
}

/// A principal of a statement: its type (`AWS`, `Service`, `Federated`, `CanonicalUser`, or
/// `*` for a bare `Principal: "*"`) and its identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub kind: String,
    /// The identifier; for a reference to another resource, `${address.attribute}`.
    pub id: String,
    /// The resource attribute the identifier is read from, when it is a reference known only
    /// after apply (`aws_iam_openid_connect_provider.github.arn`, `aws_iam_role.ci.arn`).
    pub reference: Option<Reference>,
}

impl Principal {
    /// Whether this principal is everyone: `"*"` or `{"AWS": "*"}`.
    pub fn is_anyone(&self) -> bool {
        self.id == "*" && (self.kind == "*" || self.kind == "AWS")
    }

    /// The AWS account an `AWS` principal belongs to: a bare 12-digit account id or the account
    /// part of an `arn:aws:iam::<account>:…` / `arn:aws:sts::<account>:…` ARN.
    pub fn aws_account(&self) -> Option<&str> {
        if self.kind != "AWS" {
            return None;
        }
        let account = if self.id.starts_with("arn:") {
            self.id.split(':').nth(4)?
        } else {
            self.id.as_str()
        };
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
    }
}

/// The principals of a statement, each typed; `unknown` when some cannot be read statically.
#[derive(Debug, Clone, Default)]
pub struct Principals {
    pub known: Vec<Principal>,
    pub unknown: bool,
}

impl Principals {
    /// Whether any principal satisfies `pred`: true if a known one does, unknown if one is unknown.
    pub fn any(&self, pred: impl Fn(&Principal) -> bool) -> Tri {
        if self.known.iter().any(pred) {
            Tri::True
        } else if self.unknown {
            Tri::Unknown
        } else {
            Tri::False
        }
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty() && !self.unknown
    }

    /// Every identifier, whatever its type, as [`Items`].
    pub fn identifiers(&self) -> Items {
        Items {
            known: self.known.iter().map(|p| p.id.clone()).collect(),
            unknown: self.unknown,
        }
    }

    /// `Principal` / `NotPrincipal` of a JSON statement.
    fn from_json(json: Option<&Json>) -> Principals {
        let mut principals = Principals::default();
        match json {
            None | Some(Json::Null) => {}
            Some(Json::String(s)) if s == UNKNOWN_ITEM => principals.unknown = true,
            Some(Json::String(s)) => principals.known.push(Principal {
                kind: if s == "*" { "*".into() } else { "AWS".into() },
                id: s.clone(),
                reference: None,
            }),
            Some(Json::Object(map)) => {
                for (kind, ids) in map {
                    let ids = Items::from_json(Some(ids));
                    principals.unknown |= ids.unknown;
                    for id in ids.known {
                        principals.known.push(Principal {
                            kind: kind.clone(),
                            id,
                            reference: None,
                        });
                    }
                }
            }
            Some(_) => principals.unknown = true,
        }
        principals
    }

    /// `principals` / `not_principals` blocks of an `aws_iam_policy_document` statement.
    fn from_blocks(blocks: Option<&Value>) -> Principals {
        let mut principals = Principals::default();
        if blocks.is_some_and(Value::is_unknown) {
            principals.unknown = true;
            return principals;
        }
        for block in list_items(blocks) {
            let kind = match block.get_path("type") {
                Some(Value::String(kind)) => kind.clone(),
                _ => {
                    principals.unknown = true;
                    continue;
                }
            };
            let ids = block.get_path("identifiers").filter(|v| !v.is_null());
            if ids.is_some_and(Value::is_unknown) {
                principals.unknown = true;
                continue;
            }
            for id in list_items(ids) {
                let reference = id.as_unknown().and_then(|u| u.reference.clone());
                match (id, reference) {
                    (Value::String(id), _) => principals.known.push(Principal {
                        kind: kind.clone(),
                        id: id.clone(),
                        reference: None,
                    }),
                    (other, _) if kind == "AWS" && refers_to_current_account(other) => {
                        principals.known.push(Principal {
                            kind: kind.clone(),
                            id: CURRENT_ACCOUNT.to_string(),
                            reference: None,
                        })
                    }
                    // A resource's attribute (an ARN) is a specific principal, never `*`.
                    (_, Some(reference)) => principals.known.push(Principal {
                        kind: kind.clone(),
                        id: format!("${{{}.{}}}", reference.address, reference.attribute),
                        reference: Some(reference),
                    }),
                    _ => principals.unknown = true,
                }
            }
        }
        principals
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
    pub not_resources: Items,
    /// Whether the statement names principals: it belongs to a resource or trust policy.
    pub has_principals: bool,
    /// `Principal`, typed. `"*"` and `{"AWS": "*"}` are both [`Principal::is_anyone`].
    pub typed_principals: Principals,
    /// `NotPrincipal`, typed.
    pub not_principals: Principals,
    /// Every `Principal` identifier, whatever its type (`"*"` for both `"*"` and `{"AWS": "*"}`).
    pub principals: Items,
    /// Whether the statement has at least one condition (unknown when a `condition` block of a
    /// policy document cannot be read statically).
    pub conditions: Tri,
    /// The condition keys (`aws:SourceArn`, `sts:ExternalId`, …) the statement tests, as written
    /// (IAM compares them case-insensitively).
    pub condition_keys: Items,
    /// Every condition test: operator, key and values.
    pub condition_tests: Vec<ConditionTest>,
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

    /// Whether the statement opens a resource (or trust) policy to anyone: it allows, its
    /// principal is `"*"` / `{"AWS": "*"}` (or it allows with `NotPrincipal`, which means
    /// everyone else, anonymous users included), and no condition narrows it. A condition such
    /// as `aws:SourceArn`, `aws:PrincipalOrgID` or `aws:SourceVpce` is taken as restricting it.
    pub fn is_public(&self) -> Tri {
        let anyone = self
            .typed_principals
            .any(Principal::is_anyone)
            .or(Tri::from_bool(!self.not_principals.known.is_empty()))
            .or(if self.not_principals.unknown {
                Tri::Unknown
            } else {
                Tri::False
            });
        self.allow.and(anyone).and(self.conditions.negate())
    }

    /// Whether the statement tests the condition key `key` (case-insensitive).
    pub fn has_condition_key(&self, key: &str) -> Tri {
        if self.conditions == Tri::False {
            return Tri::False;
        }
        self.condition_keys.any(|k| k.eq_ignore_ascii_case(key))
    }
}

/// Whether an IAM action pattern (`iam:Put*`, `s3:Get?bject`, `*`) matches `action`: IAM
/// compares actions case-insensitively, `*` matches any run of characters and `?` one.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    // IAM actions are ASCII: compare bytes, case-insensitively, without allocating (this runs for
    // every action pattern of every statement against every listed action).
    let (pattern, action) = (pattern.as_bytes(), action.as_bytes());
    let (mut p, mut a) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while a < action.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p].eq_ignore_ascii_case(&action[a]))
        {
            p += 1;
            a += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            backtrack = Some((p, a));
            p += 1;
        } else if let Some((star, matched)) = backtrack {
            p = star + 1;
            a = matched + 1;
            backtrack = Some((star, matched + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == b'*')
}

/// Whether an action pattern grants a whole service or everything: `*`, `*:*` or `s3:*`.
pub fn is_service_wildcard(pattern: &str) -> bool {
    pattern == "*"
        || pattern
            .split_once(':')
            .is_some_and(|(_, action)| action == "*")
}

impl Statement {
    /// Whether the statement's `Action` allows `action` (its `NotAction` is not considered).
    pub fn allows_action(&self, action: &str) -> Tri {
        self.allow
            .and(self.actions.any(|pattern| action_matches(pattern, action)))
    }

    /// Whether the statement applies to every resource (`Resource: "*"`).
    pub fn on_every_resource(&self) -> Tri {
        self.resources.any(|r| r == "*")
    }
}

/// Where a policy document comes from.
pub enum PolicySource<'a> {
    /// A JSON document, already parsed.
    Json(Vec<Statement>),
    /// An `aws_iam_policy_document` data source of this module tree (checked on its own).
    Document(&'a Resource),
    /// The document cannot be read statically; the reason says why.
    Unknown(String),
}

/// A policy attached somewhere: the holder, the attribute and its document.
pub struct PolicyUse<'a> {
    pub holder: &'a Resource,
    pub path: String,
    pub source: PolicySource<'a>,
}

/// Every identity-based policy of the module tree: the `policy` of `aws_iam_policy` and of the
/// inline role, user and group policies, and `aws_iam_role.inline_policy` blocks.
pub fn identity_policies<'c, 'a>(ctx: &'c Context<'a>) -> &'c [PolicyUse<'a>] {
    &ctx.memo.identity_policies
}

pub(crate) fn collect_identity_policies<'a>(ctx: &Context<'a>) -> Vec<PolicyUse<'a>> {
    let mut uses = Vec::new();
    for (resource_type, attribute) in IDENTITY_POLICY_HOLDERS {
        for holder in ctx.of_type(resource_type) {
            uses.extend(policy_at(ctx, holder, attribute));
        }
    }
    for role in ctx.of_type("aws_iam_role") {
        let count = role
            .get("inline_policy")
            .and_then(Value::as_list)
            .map_or(0, <[Value]>::len);
        for index in 0..count {
            uses.extend(policy_at(
                ctx,
                role,
                &format!("inline_policy.{index}.policy"),
            ));
        }
    }
    uses
}

/// The policy document at `path` of `holder` (any policy attribute: an identity policy, a
/// bucket, queue, topic, key or repository policy, a role's trust policy), whether it is a JSON
/// string, a rendered `data "aws_iam_policy_document"` or a reference to one; `None` when the
/// attribute is absent or null.
pub fn policy_at<'a>(ctx: &Context<'a>, holder: &'a Resource, path: &str) -> Option<PolicyUse<'a>> {
    let value = set_value(holder, path)?;
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
        Value::Unknown(unknown) => match (ctx.referenced(value), &unknown.encodes) {
            (Some((doc, "json" | "minified_json")), _) if doc.resource_type == POLICY_DOCUMENT => {
                PolicySource::Document(doc)
            }
            // `jsonencode({…})` of a partly unknown document: check what is known.
            (_, Some(document)) => match parse_json(&with_placeholders(document).to_string()) {
                Ok(statements) => PolicySource::Json(statements),
                Err(reason) => PolicySource::Unknown(reason),
            },
            _ => PolicySource::Unknown(unknown.reason.to_string()),
        },
        other => PolicySource::Unknown(format!(
            "policy is a {}, not a JSON string",
            other.type_name()
        )),
    };
    Some(PolicyUse {
        holder,
        path: path.to_string(),
        source,
    })
}

/// Stands for an unknown leaf of a partly unknown document: an item that may be anything.
const UNKNOWN_ITEM: &str = "\u{0}unknown";

/// A partly unknown document as JSON: a leaf that refers to another resource's attribute (an
/// ARN) becomes `${address.attribute}`, a specific value that is never `*`; the caller's
/// account id becomes [`CURRENT_ACCOUNT`]; any other unknown leaf becomes [`UNKNOWN_ITEM`].
fn with_placeholders(value: &Value) -> Json {
    match value {
        Value::Unknown(_) if refers_to_current_account(value) => {
            Json::String(CURRENT_ACCOUNT.into())
        }
        Value::Unknown(unknown) => match &unknown.reference {
            Some(r) => Json::String(format!("${{{}.{}}}", r.address, r.attribute)),
            None => Json::String(UNKNOWN_ITEM.into()),
        },
        Value::List(items) => Json::Array(items.iter().map(with_placeholders).collect()),
        Value::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), with_placeholders(v)))
                .collect(),
        ),
        known => known.to_json(),
    }
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
        .map(|s| {
            let typed_principals = Principals::from_json(s.get("Principal"));
            let (conditions, condition_keys, condition_tests) = json_conditions(s.get("Condition"));
            Statement {
                sid: s.get("Sid").and_then(Json::as_str).map(str::to_string),
                allow: match s.get("Effect").and_then(Json::as_str) {
                    Some(UNKNOWN_ITEM) => Tri::Unknown,
                    effect => Tri::from_bool(effect == Some("Allow")),
                },
                actions: Items::from_json(s.get("Action")),
                not_actions: Items::from_json(s.get("NotAction")),
                resources: Items::from_json(s.get("Resource")),
                not_resources: Items::from_json(s.get("NotResource")),
                has_principals: s.contains_key("Principal") || s.contains_key("NotPrincipal"),
                principals: typed_principals.identifiers(),
                typed_principals,
                not_principals: Principals::from_json(s.get("NotPrincipal")),
                conditions,
                condition_keys,
                condition_tests,
                block: None,
            }
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
        let typed_principals = Principals::from_blocks(at("principals"));
        let (conditions, condition_keys, condition_tests) = document_conditions(at("condition"));
        statements.push(Statement {
            sid,
            allow,
            actions: Items::from_value(at("actions")),
            not_actions: Items::from_value(at("not_actions")),
            resources: Items::from_value(at("resources")),
            not_resources: Items::from_value(at("not_resources")),
            has_principals,
            principals: typed_principals.identifiers(),
            typed_principals,
            not_principals: Principals::from_blocks(at("not_principals")),
            conditions,
            condition_keys,
            condition_tests,
            block: Some(index),
        });
    }
    statements
}

/// One condition test of a statement: `"StringEquals": {"aws:SourceAccount": "123456789012"}`.
#[derive(Debug, Clone, Default)]
pub struct ConditionTest {
    /// The condition operator (`StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`, …).
    pub operator: String,
    /// The condition key, as written.
    pub key: String,
    pub values: Items,
}

/// Whether a statement has conditions, their keys and their tests, from a JSON `Condition`.
fn json_conditions(json: Option<&Json>) -> (Tri, Items, Vec<ConditionTest>) {
    let mut keys = Items::default();
    let mut tests = Vec::new();
    match json {
        None | Some(Json::Null) => return (Tri::False, keys, tests),
        Some(Json::Object(operators)) => {
            for (operator, entries) in operators {
                match entries.as_object() {
                    Some(entries) => {
                        for (key, values) in entries {
                            keys.known.push(key.clone());
                            tests.push(ConditionTest {
                                operator: operator.clone(),
                                key: key.clone(),
                                values: Items::from_json_scalars(values),
                            });
                        }
                    }
                    None => keys.unknown = true,
                }
            }
        }
        Some(_) => keys.unknown = true,
    }
    let has = if !keys.known.is_empty() {
        Tri::True
    } else if keys.unknown {
        Tri::Unknown
    } else {
        Tri::False
    };
    (has, keys, tests)
}

/// Whether a policy document statement's `condition` blocks exist, their keys and tests.
fn document_conditions(blocks: Option<&Value>) -> (Tri, Items, Vec<ConditionTest>) {
    if blocks.is_some_and(Value::is_unknown) {
        let keys = Items {
            known: Vec::new(),
            unknown: true,
        };
        return (Tri::Unknown, keys, Vec::new());
    }
    let blocks = list_items(blocks);
    let mut keys = Items::default();
    let mut tests = Vec::new();
    for block in &blocks {
        let operator = block.get_path("test").and_then(Value::as_str);
        let key = block.get_path("variable").and_then(Value::as_str);
        match key {
            Some(key) => keys.known.push(key.to_string()),
            None => keys.unknown = true,
        }
        let mut values = Items::from_value(block.get_path("values").filter(|v| !v.is_null()));
        if operator.is_none() {
            values.unknown = true;
        }
        tests.push(ConditionTest {
            operator: operator.unwrap_or_default().to_string(),
            key: key.unwrap_or_default().to_string(),
            values,
        });
    }
    (Tri::from_bool(!blocks.is_empty()), keys, tests)
}

/// The statements of a policy whatever its source: parsed JSON, or the statements of an
/// `aws_iam_policy_document` ([`document_statements`]); the reason when it cannot be read.
pub fn statements_of<'a>(
    ctx: &Context<'a>,
    source: &PolicySource<'a>,
) -> Result<Vec<Statement>, String> {
    match source {
        PolicySource::Json(statements) => Ok(statements.clone()),
        PolicySource::Document(doc) => Ok(document_statements(ctx, doc)),
        PolicySource::Unknown(reason) => Err(reason.clone()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_policy_principals_and_conditions() {
        let statements = parse_json(
            r#"{"Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
                {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:GetObject",
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root",
                 "Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},
                 "Action": "s3:GetObject"},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*"}
            ]}"#,
        )
        .unwrap();
        let public: Vec<Tri> = statements.iter().map(Statement::is_public).collect();
        assert_eq!(
            public,
            vec![Tri::True, Tri::False, Tri::False, Tri::True, Tri::False]
        );
        assert_eq!(statements[0].principals.known, vec!["*"]);
        assert_eq!(statements[1].principals.known, vec!["*"]);
        assert_eq!(
            statements[1].has_condition_key("AWS:PrincipalOrgId"),
            Tri::True
        );
        assert_eq!(
            statements[2].typed_principals.known[0].aws_account(),
            Some("123456789012")
        );
        assert_eq!(statements[2].typed_principals.known[1].aws_account(), None);
    }

    #[test]
    fn action_patterns_match_like_iam() {
        assert!(action_matches("iam:Put*", "iam:PutUserPolicy"));
        assert!(action_matches("IAM:passrole", "iam:PassRole"));
        assert!(action_matches("iam:*Policy", "iam:AttachRolePolicy"));
        assert!(action_matches("iam:?ttach*", "iam:AttachRolePolicy"));
        assert!(action_matches("*", "lambda:UpdateFunctionCode"));
        assert!(!action_matches("iam:Get*", "iam:PutUserPolicy"));
        assert!(!action_matches("iam:PassRole", "iam:PassRoles"));
        assert!(is_service_wildcard("s3:*") && is_service_wildcard("*"));
        assert!(!is_service_wildcard("s3:Get*"));
    }

    #[test]
    fn document_principals_and_unknown_conditions() {
        let principals = Value::List(vec![Value::Object(
            [
                ("type".to_string(), Value::string("AWS")),
                (
                    "identifiers".to_string(),
                    Value::List(vec![Value::string("*")]),
                ),
            ]
            .into_iter()
            .collect(),
        )]);
        let parsed = Principals::from_blocks(Some(&principals));
        assert!(parsed.known[0].is_anyone());
        assert_eq!(
            document_conditions(Some(&Value::unknown("dynamic"))).0,
            Tri::Unknown
        );
        assert_eq!(document_conditions(None).0, Tri::False);
    }
}
