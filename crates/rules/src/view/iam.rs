//! IAM policy documents, whether written as JSON (`jsonencode(…)`, heredocs, `file(…)`) or
//! built with `data "aws_iam_policy_document"`, and the resources that attach them.

use std::borrow::Cow;
use std::collections::HashSet;

use driftguard_model::{Reference, Resource, Tri, Value};
use serde_json::Value as Json;

use super::placeholder;
use super::{list_items, set_value, value_text_is};
use crate::context::points_at;
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
///
/// An item built from values known only after apply is written with placeholders: a resource's
/// attribute as `${address.attribute}` (a specific value, never a wildcard), any other unknown
/// part as `${?}` (anything, wildcards included).
#[derive(Debug, Clone, Default)]
pub struct Items {
    pub known: Vec<String>,
    pub unknown: bool,
}

/// How far an item with placeholders can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Items matched as patterns or compared whole (`Action`, condition values): an item with an
    /// arbitrary unknown part (`${?}`) may be anything (`s3:${?}` may be `s3:*`).
    Strict,
    /// Items only compared with `"*"` (`Resource`): an item with a literal character other than
    /// `*` (`arn:aws:s3:::${?}/*`) cannot be `"*"`.
    NotWildcard,
}

/// Whether an item may be read as the text it is, placeholders included, or must count as
/// unknown.
fn readable(text: &str, reading: Reading) -> bool {
    if text == UNKNOWN_ITEM {
        return false;
    }
    if !placeholder::contains_any(text) || placeholder::reference(text).is_some() {
        return true;
    }
    if reading == Reading::Strict && text.contains(placeholder::ANYTHING) {
        return false;
    }
    // A partly unknown item is read only when its literal text keeps it from being `"*"`.
    placeholder::literal_text(text).chars().any(|c| c != '*')
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

    fn push(&mut self, text: Option<String>, reading: Reading) {
        match text {
            Some(text) if readable(&text, reading) => self.known.push(text),
            _ => self.unknown = true,
        }
    }

    /// A JSON element read strictly ([`Reading::Strict`]): `Action`, `NotAction`.
    fn from_json(json: Option<&Json>) -> Items {
        Items::from_json_as(json, Reading::Strict)
    }

    fn from_json_as(json: Option<&Json>, reading: Reading) -> Items {
        let mut items = Items::default();
        match json {
            None | Some(Json::Null) => {}
            Some(Json::String(s)) => items.push(Some(s.clone()), reading),
            Some(Json::Array(list)) => {
                // A non-string item is no valid action, resource or principal: skipped.
                for item in list.iter().filter_map(Json::as_str) {
                    items.push(Some(item.to_string()), reading);
                }
            }
            Some(_) => {}
        }
        items
    }

    /// Condition values: strings, or numbers and booleans written as JSON scalars.
    fn from_json_scalars(json: &Json) -> Items {
        let scalar = |v: &Json| match v {
            Json::String(s) if readable(s, Reading::Strict) => Some(s.clone()),
            Json::String(_) => None,
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

    /// A policy document attribute read strictly ([`Reading::Strict`]): `actions`, condition
    /// `values`.
    fn from_value(value: Option<&Value>) -> Items {
        Items::from_value_as(value, Reading::Strict)
    }

    fn from_value_as(value: Option<&Value>, reading: Reading) -> Items {
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
                other => items.push(placeholder_text(other), reading),
            }
        }
        items
    }
}

/// The identifier of a principal built from `data.aws_caller_identity`'s `account_id` (the
/// account itself, or a user or role in it): the account that applies the configuration.
pub const CURRENT_ACCOUNT: &str = "(current account)";

/// Whether `address`/`attribute` is `data.aws_caller_identity.<name>.account_id` (in any module).
fn is_caller_account(address: &str, attribute: &str) -> bool {
    attribute == "account_id"
        && address
            .rsplit("data.")
            .next()
            .is_some_and(|tail| tail.starts_with("aws_caller_identity."))
}

/// Whether a value *is* `data.aws_caller_identity.*.account_id` (a whole reference, not a string
/// built from it).
fn refers_to_current_account(value: &Value) -> bool {
    value
        .as_unknown()
        .and_then(|u| u.reference.as_ref())
        .is_some_and(|r| r.whole && is_caller_account(&r.address, &r.attribute))
}

/// The text standing for an unknown leaf: [`CURRENT_ACCOUNT`] for the caller's account id,
/// `${address.attribute}` for a whole reference to another resource's attribute, the template
/// text with placeholders for a string built from unknown parts; `None` when nothing of it is
/// known.
fn placeholder_text(value: &Value) -> Option<String> {
    let unknown = value.as_unknown()?;
    if refers_to_current_account(value) {
        return Some(CURRENT_ACCOUNT.into());
    }
    match (&unknown.reference, &unknown.partial) {
        (Some(r), _) if r.whole => Some(placeholder::of_reference(r)),
        (_, Some(partial)) => Some(partial.to_string()),
        _ => None,
    }
}

/// A principal of a statement: its type (`AWS`, `Service`, `Federated`, `CanonicalUser`, or
/// `*` for a bare `Principal: "*"`) and its identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub kind: String,
    /// The identifier; for a reference to another resource, `${address.attribute}`; for a
    /// string built from unknown parts, its text with placeholders
    /// (`arn:aws:iam::${aws_organizations_account.dev.id}:root`).
    pub id: String,
    /// The resource attribute the identifier is read from, when it is a reference known only
    /// after apply (`aws_iam_openid_connect_provider.github.arn`, `aws_iam_role.ci.arn`).
    pub reference: Option<Reference>,
}

impl Principal {
    fn new(kind: &str, id: String) -> Principal {
        Principal {
            kind: kind.to_string(),
            reference: placeholder::reference(&id),
            id,
        }
    }

    /// Whether this principal is everyone: `"*"` or `{"AWS": "*"}`.
    pub fn is_anyone(&self) -> bool {
        self.id == "*" && (self.kind == "*" || self.kind == "AWS")
    }

    /// The account part of an `AWS` principal as written: the identifier itself, or the account
    /// part of an `arn:aws:iam::<account>:…` / `arn:aws:sts::<account>:…` ARN.
    fn account_part(&self) -> Option<&str> {
        if self.kind != "AWS" || self.reference.is_some() {
            return None;
        }
        if self.id.starts_with("arn:") {
            // A reference's address has no `:` (see `placeholder`): splitting is safe.
            self.id.split(':').nth(4)
        } else {
            Some(self.id.as_str())
        }
    }

    /// The AWS account an `AWS` principal belongs to: a bare 12-digit account id or the account
    /// part of an `arn:aws:iam::<account>:…` / `arn:aws:sts::<account>:…` ARN, or
    /// [`CURRENT_ACCOUNT`] when that is the account id of `data.aws_caller_identity`
    /// (`arn:aws:iam::${data.aws_caller_identity.current.account_id}:root`).
    pub fn aws_account(&self) -> Option<&str> {
        if self.kind == "AWS" && self.id == CURRENT_ACCOUNT {
            return Some(CURRENT_ACCOUNT);
        }
        let account = self.account_part()?;
        if let Some(reference) = placeholder::reference(account) {
            return is_caller_account(&reference.address, &reference.attribute)
                .then_some(CURRENT_ACCOUNT);
        }
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
    }

    /// The resource attribute the account part of an `AWS` principal is read from
    /// (`arn:aws:iam::${aws_organizations_account.dev.id}:root`), other than the caller's.
    pub fn account_reference(&self) -> Option<Reference> {
        if let Some(reference) = &self.reference {
            return (self.kind == "AWS").then(|| reference.clone());
        }
        placeholder::reference(self.account_part()?)
            .filter(|r| !is_caller_account(&r.address, &r.attribute))
    }

    /// Whether the account part of an `AWS` principal is known only after apply and is not a
    /// resource attribute (`arn:aws:iam::${?}:root`, from a variable).
    pub fn account_unknown(&self) -> bool {
        self.account_part().is_some_and(|account| {
            placeholder::contains_any(account) && placeholder::reference(account).is_none()
        })
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
        self.any_tri(|principal| Tri::from_bool(pred(principal)))
    }

    /// Whether any principal satisfies a three-valued `pred`: true if a known one does, unknown
    /// if it may for a known one or a principal is unknown.
    pub fn any_tri(&self, pred: impl Fn(&Principal) -> Tri) -> Tri {
        let unknown = if self.unknown {
            Tri::Unknown
        } else {
            Tri::False
        };
        Tri::any(self.known.iter().map(pred)).or(unknown)
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
            Some(Json::String(s)) if s == "*" => {
                principals.known.push(Principal::new("*", s.clone()))
            }
            Some(Json::String(s)) if readable(s, Reading::NotWildcard) => {
                principals.known.push(Principal::new("AWS", s.clone()))
            }
            Some(Json::String(_)) => principals.unknown = true,
            Some(Json::Object(map)) => {
                for (kind, ids) in map {
                    let ids = Items::from_json_as(Some(ids), Reading::NotWildcard);
                    principals.unknown |= ids.unknown;
                    for id in ids.known {
                        principals.known.push(Principal::new(kind, id));
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
            let ids = Items::from_value_as(ids, Reading::NotWildcard);
            principals.unknown |= ids.unknown;
            for id in ids.known {
                principals.known.push(Principal::new(&kind, id));
            }
        }
        principals
    }
}

/// Condition keys that tie a request to named accounts, organizations, networks or callers:
/// a positive test on one of them (with a fixed value) keeps a `"*"` principal from being
/// everyone. The global keys are those of "The meaning of public" in the S3 user guide;
/// `sts:ExternalId` (a trust policy) and `kms:CallerAccount` (a key policy) name a caller too.
pub const RESTRICTING_CONDITION_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:SourceArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceOwner",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "sts:ExternalId",
    "kms:CallerAccount",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
];

/// Condition keys that say how or when a request is made, not who makes it: with only these,
/// a `"*"` principal is still everyone. `aws:MultiFactorAuthPresent`/`Age` only require the
/// caller (of any account) to have used MFA; `aws:username` names a user of *any* account;
/// `aws:Referer` and `aws:UserAgent` are set by the caller.
pub const UNRESTRICTING_CONDITION_KEYS: &[&str] = &[
    "aws:SecureTransport",
    "s3:TlsVersion",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:TokenIssueTime",
    "aws:username",
    "aws:Referer",
    "aws:UserAgent",
    "aws:RequestedRegion",
];

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
    /// everyone else, anonymous users included), and no condition narrows it to named
    /// accounts, organizations, networks or callers ([`Statement::conditions_restrict`]).
    /// Conditions that restrict nothing (`aws:SecureTransport`, `aws:SourceIp` `0.0.0.0/0`)
    /// leave it public; a condition key this view does not classify leaves it undecided.
    pub fn is_public(&self) -> Tri {
        self.names_anyone()
            .and(self.allow)
            .and(self.conditions_restrict(false, Tri::Unknown).negate())
    }

    /// Whether the statement names everyone: `"*"`, `{"AWS": "*"}`, or a `NotPrincipal`
    /// (everyone but the principals it names).
    pub fn names_anyone(&self) -> Tri {
        self.typed_principals
            .any(Principal::is_anyone)
            .or(self.not_principals.any(|_| true))
    }

    /// Whether the statement's conditions tie it to named accounts, organizations, networks or
    /// callers ([`RESTRICTING_CONDITION_KEYS`]; `aws:SourceIp` only with ranges narrower than
    /// the whole internet; a wildcard value `*` restricts nothing).
    ///
    /// For an `Allow` (`negated = false`) one positive test suffices (`StringEquals
    /// aws:SourceVpce`: only from there; conditions are ANDed); a negated test
    /// (`StringNotEquals aws:SourceAccount`) restricts nothing. For a `Deny` (`negated =
    /// true`) every test must be negated and restricting (`StringNotEquals aws:PrincipalOrgID`:
    /// everyone outside the organization): any other test narrows the `Deny` to fewer requests.
    ///
    /// A key in [`UNRESTRICTING_CONDITION_KEYS`] restricts nothing; any other key counts as
    /// `unrecognised` (`Tri::False` where, as for S3's own definition of a public bucket
    /// policy, only the listed keys count; `Tri::Unknown` to leave the verdict undecided).
    /// Unreadable condition blocks and operators are unknown.
    pub fn conditions_restrict(&self, negated: bool, unrecognised: Tri) -> Tri {
        if self.conditions == Tri::False {
            return Tri::False;
        }
        let verdicts = self.condition_tests.iter().map(|test| {
            if test.operator.is_empty() || test.key.is_empty() {
                return Tri::Unknown;
            }
            let is_negated = test.operator.to_ascii_lowercase().contains("not");
            let listed = |keys: &[&str]| keys.iter().any(|k| k.eq_ignore_ascii_case(&test.key));
            if !listed(RESTRICTING_CONDITION_KEYS) {
                return if listed(UNRESTRICTING_CONDITION_KEYS) {
                    Tri::False
                } else {
                    unrecognised
                };
            }
            if is_negated != negated {
                return Tri::False;
            }
            if !negated && test.values.known.iter().any(|v| v.trim() == "*") {
                return Tri::False;
            }
            // `…IfExists` lets a request without the key through (an anonymous request carries
            // no aws:SourceVpce), and `Null` only tests presence: neither narrows an Allow.
            let operator = test.operator.to_ascii_lowercase();
            if !negated && (operator.ends_with("ifexists") || operator == "null") {
                return Tri::False;
            }
            if test.key.eq_ignore_ascii_case("aws:SourceIp") {
                let whole_internet = test
                    .values
                    .any(|cidr| super::network::WORLD_CIDRS.contains(&cidr.trim()));
                return whole_internet.negate();
            }
            Tri::True
        });
        let tests = if negated {
            Tri::all(verdicts)
        } else {
            Tri::any(verdicts)
        };
        if self.condition_keys.unknown || self.conditions == Tri::Unknown {
            if negated {
                tests.and(Tri::Unknown)
            } else {
                tests.or(Tri::Unknown)
            }
        } else {
            tests
        }
    }

    /// How a message names the statement: by `Sid`, else by its position (its `statement` block
    /// of an `aws_iam_policy_document`, else `index` in its document).
    pub fn label(&self, index: usize) -> String {
        match (&self.sid, self.block) {
            (Some(sid), _) => format!("statement `{sid}`"),
            (None, Some(block)) => format!("statement {}", block + 1),
            (None, None) => format!("statement {}", index + 1),
        }
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

/// What the identity-policy rules judge: the identity policies that grant permissions, and the
/// `data "aws_iam_policy_document"`s with their statements. Guardrails that grant nothing are
/// left out: permissions boundaries and their documents, and the documents of AWS Organizations
/// policies.
#[derive(Default)]
pub struct IdentityGrants<'a> {
    pub policies: Vec<PolicyUse<'a>>,
    pub documents: Vec<(&'a Resource, Vec<Statement>)>,
}

/// The [`IdentityGrants`] of the module tree; built once per module tree.
pub fn identity_grants<'c, 'a>(ctx: &'c Context<'a>) -> &'c IdentityGrants<'a> {
    &ctx.memo.identity_grants
}

pub(crate) fn collect_identity_grants<'a>(ctx: &Context<'a>) -> IdentityGrants<'a> {
    let boundaries = permissions_boundaries(ctx);
    let (boundary_policies, policies): (Vec<PolicyUse>, Vec<PolicyUse>) = identity_policies(ctx)
        .into_iter()
        .partition(|policy| is_permissions_boundary(&boundaries, policy.holder));
    let boundary_document = |doc: &Resource| {
        boundary_policies.iter().any(
            |policy| matches!(policy.source, PolicySource::Document(d) if d.address == doc.address),
        )
    };
    let documents = ctx
        .data_of_type(POLICY_DOCUMENT)
        .filter(|doc| !is_organizations_policy(ctx, doc) && !boundary_document(doc))
        .map(|doc| (doc, document_statements(ctx, doc)))
        .collect();
    IdentityGrants {
        policies,
        documents,
    }
}

/// Whether `value` is the JSON of the policy document `doc`: a reference to it, or its
/// rendered text.
fn is_document(value: &Value, doc: &Resource) -> bool {
    match value {
        Value::Unknown(u) => u
            .reference
            .as_ref()
            .is_some_and(|r| r.address == doc.address),
        Value::String(text) => doc.get("json").and_then(Value::as_str) == Some(text.as_str()),
        _ => false,
    }
}

/// Whether a policy document is written for an AWS Organizations policy (an SCP or RCP
/// `content`): its `Allow` statements limit what accounts may do and grant nothing.
fn is_organizations_policy(ctx: &Context<'_>, doc: &Resource) -> bool {
    ctx.of_type("aws_organizations_policy").any(|p| {
        p.get("content")
            .is_some_and(|content| is_document(content, doc))
    })
}

/// The `permissions_boundary` values of the roles and users of the module tree.
fn permissions_boundaries<'a>(ctx: &Context<'a>) -> Vec<&'a Value> {
    ["aws_iam_role", "aws_iam_user"]
        .iter()
        .flat_map(|holder| ctx.of_type(holder))
        .filter_map(|holder| holder.get("permissions_boundary"))
        .collect()
}

/// Whether an `aws_iam_policy` serves as a permissions boundary (one of `boundaries`, from
/// [`permissions_boundaries`], names it): it caps what its users and roles may do and grants
/// nothing.
fn is_permissions_boundary(boundaries: &[&Value], policy: &Resource) -> bool {
    policy.resource_type == "aws_iam_policy"
        && boundaries
            .iter()
            .any(|boundary| points_at(boundary, policy, &["arn"]))
}

/// Every role's trust policy (`assume_role_policy`); built once per module tree.
pub fn trust_policies<'c, 'a>(ctx: &'c Context<'a>) -> &'c [PolicyUse<'a>] {
    &ctx.memo.trust_policies
}

pub(crate) fn collect_trust_policies<'a>(ctx: &Context<'a>) -> Vec<PolicyUse<'a>> {
    ctx.of_type("aws_iam_role")
        .filter_map(|role| policy_at(ctx, role, "assume_role_policy"))
        .collect()
}

/// Every identity-based policy of the module tree: the `policy` of `aws_iam_policy` and of the
/// inline role, user and group policies, and `aws_iam_role.inline_policy` blocks.
fn identity_policies<'a>(ctx: &Context<'a>) -> Vec<PolicyUse<'a>> {
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
            // A heredoc or template with unknown parts: its text, placeholders inside strings,
            // is still the document when it parses (a placeholder standing for JSON structure
            // does not, and the policy stays unknown).
            _ => match unknown.partial.as_deref().map(parse_json) {
                Some(Ok(statements)) => PolicySource::Json(statements),
                _ => PolicySource::Unknown(unknown.reason.to_string()),
            },
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

/// A partly unknown document as JSON: a leaf that is another resource's attribute (an ARN)
/// becomes `${address.attribute}`, a specific value that is never `*`; the caller's account id
/// becomes [`CURRENT_ACCOUNT`]; a string built from unknown parts becomes its text with
/// placeholders ([`Items`] decides how far it can be read); any other unknown leaf becomes
/// [`UNKNOWN_ITEM`].
fn with_placeholders(value: &Value) -> Json {
    match value {
        Value::Unknown(_) => {
            Json::String(placeholder_text(value).unwrap_or_else(|| UNKNOWN_ITEM.into()))
        }
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
                    Some(effect) if effect == UNKNOWN_ITEM || placeholder::contains_any(effect) => {
                        Tri::Unknown
                    }
                    effect => Tri::from_bool(effect == Some("Allow")),
                },
                actions: Items::from_json(s.get("Action")),
                not_actions: Items::from_json(s.get("NotAction")),
                resources: Items::from_json_as(s.get("Resource"), Reading::NotWildcard),
                not_resources: Items::from_json_as(s.get("NotResource"), Reading::NotWildcard),
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
            resources: Items::from_value_as(at("resources"), Reading::NotWildcard),
            not_resources: Items::from_value_as(at("not_resources"), Reading::NotWildcard),
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
    (keys.any(|_| true), keys, tests)
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
pub fn statements_of<'s>(
    ctx: &Context<'_>,
    source: &'s PolicySource<'_>,
) -> Result<Cow<'s, [Statement]>, String> {
    match source {
        PolicySource::Json(statements) => Ok(Cow::Borrowed(statements)),
        PolicySource::Document(doc) => Ok(Cow::Owned(document_statements(ctx, doc))),
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

    /// A string template with unknown parts, as the evaluator writes it.
    fn partial(text: &str, address: &str, attribute: &str) -> Value {
        Value::Unknown(Box::new(driftguard_model::Unknown {
            reason: "known after apply".into(),
            reference: Some(Reference {
                address: address.into(),
                attribute: attribute.into(),
                whole: false,
            }),
            encodes: None,
            partial: Some(text.into()),
        }))
    }

    #[test]
    fn placeholders_keep_what_is_known_of_partly_unknown_items() {
        let caller = "arn:aws:iam::${data.aws_caller_identity.current.account_id}";
        let github = partial(
            &format!("{caller}:oidc-provider/token.actions.githubusercontent.com"),
            "data.aws_caller_identity.current",
            "account_id",
        );
        let document = Value::List(vec![
            Value::reference("data.aws_caller_identity.current", "account_id"),
            Value::reference("aws_iam_openid_connect_provider.github", "arn"),
            github,
            partial(
                &format!("{caller}:root"),
                "data.aws_caller_identity.current",
                "account_id",
            ),
            partial("arn:aws:iam::${?}:root", "var.x", "y"),
            partial("*${?}", "var.x", "y"),
        ]);
        let json = with_placeholders(&document);
        let principals = Principals::from_json(Some(&serde_json::json!({ "AWS": json })));
        assert!(principals.unknown, "`*${{?}}` may be `*`");
        let known = &principals.known;
        assert_eq!(known.len(), 5);
        assert_eq!(known[0].id, CURRENT_ACCOUNT);
        assert_eq!(known[0].aws_account(), Some(CURRENT_ACCOUNT));
        let reference = known[1].reference.as_ref().expect("a whole reference");
        assert_eq!(
            (reference.address.as_str(), reference.attribute.as_str()),
            ("aws_iam_openid_connect_provider.github", "arn")
        );
        assert!(known[2]
            .id
            .ends_with(":oidc-provider/token.actions.githubusercontent.com"));
        assert_eq!(known[2].reference, None);
        assert_eq!(known[3].aws_account(), Some(CURRENT_ACCOUNT));
        assert!(known[4].account_unknown() && known[4].aws_account().is_none());

        // Resources may be read as not `*`; actions with an arbitrary unknown part may not.
        let resources = Value::List(vec![
            Value::reference("aws_iam_role.task", "arn"),
            partial("arn:aws:iam::${?}:role/app-*", "var.x", "y"),
        ]);
        let read = Items::from_value_as(Some(&resources), Reading::NotWildcard);
        assert!(!read.unknown && read.known.len() == 2);
        assert_eq!(read.any(|r| r == "*"), Tri::False);
        let actions = Value::List(vec![partial("s3:${?}", "var.x", "y")]);
        assert!(Items::from_value(Some(&actions)).unknown);
        // IAM policy variables are no references.
        assert_eq!(placeholder::reference("${aws:username}"), None);
    }

    #[test]
    fn cloudformation_logical_ids_are_references_like_terraform_addresses() {
        // `!GetAtt App.Arn`, `!Ref GithubProvider`: the address is a logical id, without a dot.
        let document = Value::Object(
            [
                (
                    "Principal".to_string(),
                    Value::Object(
                        [(
                            "Federated".to_string(),
                            Value::reference("GithubProvider", "id"),
                        )]
                        .into_iter()
                        .collect(),
                    ),
                ),
                ("Resource".to_string(), Value::reference("App", "arn")),
                (
                    "Action".to_string(),
                    Value::List(vec![
                        Value::reference("Action", "name"),
                        partial("s3:${aws:username}", "var.x", "y"),
                    ]),
                ),
            ]
            .into_iter()
            .collect(),
        );
        let json = with_placeholders(&document);
        let principals = Principals::from_json(json.get("Principal"));
        assert!(!principals.unknown);
        let reference = principals.known[0].reference.as_ref().expect("a reference");
        assert_eq!(
            (reference.address.as_str(), reference.attribute.as_str()),
            ("GithubProvider", "id")
        );
        let resources = Items::from_json_as(json.get("Resource"), Reading::NotWildcard);
        assert!(!resources.unknown);
        assert_eq!(resources.any(|r| r == "*"), Tri::False);
        // A resource attribute is one specific action; a policy variable is kept as written.
        let actions = Items::from_json(json.get("Action"));
        assert!(!actions.unknown);
        assert_eq!(actions.known, ["${Action.name}", "s3:${aws:username}"]);

        // An arbitrary unknown part stays unknown, whoever wrote it.
        let anything = Items::from_json(Some(&serde_json::json!(["${?}", "iam:${?}"])));
        assert!(anything.unknown && anything.known.is_empty());
        let resources = Items::from_json_as(Some(&serde_json::json!("${?}")), Reading::NotWildcard);
        assert_eq!(resources.any(|r| r == "*"), Tri::Unknown);
    }
}
