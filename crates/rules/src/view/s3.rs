//! S3 buckets with the separate resources that configure them (AWS provider v4+ style) folded in.

use std::borrow::Cow;

use driftguard_model::{Resource, Tri, Value};

use super::iam::{PolicySource, Principal, Statement};
use super::{flag, set_value, text_is, value_text_is, Setting};
use crate::Context;

/// An `aws_s3_bucket` and what configures it.
pub struct Bucket<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

/// Attributes of an `aws_s3_bucket` that identify it when another resource names it literally.
const BUCKET_IDENTITY: &[&str] = &["bucket", "id"];

/// Canned ACLs that grant READ to everyone or to every AWS account.
pub const PUBLIC_READ_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
/// Canned ACLs that grant WRITE to everyone.
pub const PUBLIC_WRITE_ACLS: &[&str] = &["public-read-write"];

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// The four S3 Block Public Access settings.
pub const BLOCK_PUBLIC_ACCESS_SETTINGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// One way an ACL can open a bucket: a canned ACL or an explicit grant.
pub struct AclGrant<'a> {
    /// Where the grant is declared (the `acl` attribute, or a `grant` block).
    pub resource: &'a Resource,
    pub path: String,
    /// What is granted, for messages: `"public-read"`, `"READ to AllUsers"`.
    pub description: String,
    /// Whether it grants read (list) access to everyone or every AWS account.
    pub public_read: Tri,
    /// Whether it grants write (or ACL write) access to everyone or every AWS account.
    pub public_write: Tri,
}

/// An effective Block Public Access setting: the bucket's own OR the account's.
pub struct BlockSetting<'a> {
    pub name: &'static str,
    pub enabled: Tri,
    /// The bucket-level resource and path that declares it, when the bucket has one.
    pub declared_at: Option<(&'a Resource, Option<String>)>,
}

impl<'a> Bucket<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = Bucket<'a>> + 'a {
        ctx.of_type("aws_s3_bucket")
            .map(move |resource| Bucket { resource, ctx })
    }

    /// Separate resources of `resource_type` that configure this bucket (via their `bucket`).
    pub fn related(&self, resource_type: &str) -> Vec<&'a Resource> {
        self.ctx
            .referring_to(self.resource, resource_type, "bucket", BUCKET_IDENTITY)
    }

    /// Versioning status: `Enabled`, `Suspended` or `Disabled`, inline (`versioning.0.enabled`)
    /// or from `aws_s3_bucket_versioning`. `None` when versioning is configured nowhere.
    pub fn versioning(&self) -> Option<Setting<'a>> {
        self.related("aws_s3_bucket_versioning")
            .into_iter()
            .find_map(|r| Setting::at(r, "versioning_configuration.0.status"))
            .or_else(|| Setting::at(self.resource, "versioning.0.enabled"))
    }

    /// Whether versioning is enabled, as a three-valued verdict.
    pub fn versioning_enabled(&self) -> Tri {
        match self.versioning() {
            None => Tri::False,
            Some(setting) => match setting.value {
                Value::String(status) => Tri::from_bool(status == "Enabled"),
                other => other.truth(),
            },
        }
    }

    /// Every ACL declaration of the bucket: inline `acl`, `aws_s3_bucket_acl.acl` and the grants
    /// of `aws_s3_bucket_acl.access_control_policy`.
    pub fn acl_grants(&self) -> Vec<AclGrant<'a>> {
        let mut grants = Vec::new();
        let canned = |resource: &'a Resource, path: &str| {
            let value = set_value(resource, path)?;
            Some(AclGrant {
                resource,
                path: path.to_string(),
                description: match value {
                    Value::String(s) => format!("canned ACL `{s}`"),
                    other => format!("ACL {other}"),
                },
                public_read: value_text_is(Some(value), None, |acl| {
                    PUBLIC_READ_ACLS.contains(&acl)
                }),
                public_write: value_text_is(Some(value), None, |acl| {
                    PUBLIC_WRITE_ACLS.contains(&acl)
                }),
            })
        };
        grants.extend(canned(self.resource, "acl"));
        for acl in self.related("aws_s3_bucket_acl") {
            grants.extend(canned(acl, "acl"));
            let grant_list = acl.get("access_control_policy.0.grant");
            match grant_list {
                Some(Value::List(items)) => {
                    for index in 0..items.len() {
                        grants.push(grant(
                            acl,
                            &format!("access_control_policy.0.grant.{index}"),
                        ));
                    }
                }
                Some(Value::Unknown(_)) => grants.push(AclGrant {
                    resource: acl,
                    path: "access_control_policy.0.grant".into(),
                    description: "grants known only after apply".into(),
                    public_read: Tri::Unknown,
                    public_write: Tri::Unknown,
                }),
                _ => {}
            }
        }
        grants
    }

    /// The effective Block Public Access setting `name`: on when the bucket's
    /// `aws_s3_bucket_public_access_block` or the account's `aws_s3_account_public_access_block`
    /// turns it on (both default to off when the resource exists without the attribute).
    pub fn block_setting(&self, name: &'static str) -> BlockSetting<'a> {
        let bucket_level = self.public_access_blocks();
        let bucket_tri = Tri::any(bucket_level.iter().map(|pab| flag(pab, name, false)));
        let account_tri = account_block_setting(self.ctx, name);
        BlockSetting {
            name,
            enabled: bucket_tri.or(account_tri),
            declared_at: bucket_level
                .first()
                .map(|pab| (*pab, super::path_if_set(pab, name).map(str::to_string))),
        }
    }

    /// The bucket's own `aws_s3_bucket_public_access_block` resources.
    pub fn public_access_blocks(&self) -> Vec<&'a Resource> {
        self.related("aws_s3_bucket_public_access_block")
    }

    /// The default encryption: `sse_algorithm` inline
    /// (`server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0`)
    /// or from `aws_s3_bucket_server_side_encryption_configuration`. `None` when declared nowhere.
    pub fn encryption(&self) -> Option<Setting<'a>> {
        const SEPARATE: &str = "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm";
        const INLINE: &str =
            "server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm";
        // A block that is itself unknown (a `dynamic` block over an unknown collection) may or
        // may not hold the setting: return it so the caller sees the unknown.
        let unknown_block = |r: &'a Resource, block: &str| {
            Setting::at(r, block).filter(|setting| setting.value.is_unknown())
        };
        self.related("aws_s3_bucket_server_side_encryption_configuration")
            .into_iter()
            .find_map(|r| Setting::at(r, SEPARATE).or_else(|| unknown_block(r, "rule")))
            .or_else(|| Setting::at(self.resource, INLINE))
            .or_else(|| unknown_block(self.resource, "server_side_encryption_configuration"))
    }

    /// Whether server access logging is on: an `aws_s3_bucket_logging` for the bucket, or a
    /// non-empty inline `logging` block (unknown when that block is a `dynamic` block over an
    /// unknown collection).
    pub fn logging_enabled(&self) -> Tri {
        if !self.related("aws_s3_bucket_logging").is_empty() {
            return Tri::True;
        }
        super::logging::block_present(self.resource, "logging")
    }

    /// Whether this bucket receives other buckets' access logs (a log target needs no access
    /// logging of its own: logging it into itself would loop, into another only moves the
    /// question).
    pub fn is_log_target(&self) -> Tri {
        let canned = Tri::any(
            std::iter::once(self.resource)
                .chain(self.related("aws_s3_bucket_acl"))
                .map(|r| text_is(r, "acl", None, |acl| acl == "log-delivery-write")),
        );
        let targeted = self
            .ctx
            .of_type("aws_s3_bucket_logging")
            .filter_map(|r| r.get("target_bucket"))
            .chain(
                self.ctx
                    .of_type("aws_s3_bucket")
                    .filter_map(|r| r.get("logging.0.target_bucket")),
            )
            .any(|value| crate::context::points_at(value, self.resource, BUCKET_IDENTITY));
        canned.or(Tri::from_bool(targeted))
    }
}

fn grant<'a>(acl: &'a Resource, path: &str) -> AclGrant<'a> {
    let uri = set_value(acl, &format!("{path}.grantee.0.uri"));
    let permission = set_value(acl, &format!("{path}.permission"));
    let public = value_text_is(uri, None, |u| u == ALL_USERS || u == AUTHENTICATED_USERS);
    let read = value_text_is(permission, None, |p| p == "READ" || p == "FULL_CONTROL");
    let write = value_text_is(permission, None, |p| {
        p == "WRITE" || p == "WRITE_ACP" || p == "FULL_CONTROL"
    });
    let who = match uri.and_then(Value::as_str) {
        Some(u) if u == ALL_USERS => "AllUsers",
        Some(u) if u == AUTHENTICATED_USERS => "AuthenticatedUsers",
        _ => "a grantee",
    };
    let what = permission.and_then(Value::as_str).unwrap_or("a permission");
    AclGrant {
        resource: acl,
        path: format!("{path}.grantee.0.uri"),
        description: format!("grant of {what} to {who}"),
        public_read: public.and(read),
        public_write: public.and(write),
    }
}

/// A bucket policy: where it is written and its statements (or why they cannot be read).
pub struct BucketPolicy<'a> {
    /// The `aws_s3_bucket` (inline `policy`) or `aws_s3_bucket_policy` that holds it.
    pub holder: &'a Resource,
    pub path: String,
    pub statements: Result<Vec<Statement>, String>,
}

/// Whether a statement's conditions tie it to named accounts, networks or callers
/// ([`Statement::conditions_restrict`]). S3 calls a bucket policy public unless a listed key
/// restricts it ("The meaning of public"), so a key it does not list restricts nothing.
fn restricted(statement: &Statement, negated: bool) -> Tri {
    statement.conditions_restrict(negated, Tri::False)
}

/// Whether an `Allow` statement grants access to everyone, anonymous users included: it names
/// everyone and no condition restricts it to named accounts, networks or callers.
/// Conditions such as `aws:SecureTransport` or `aws:Referer` restrict nothing.
pub fn grants_public_access(statement: &Statement) -> Tri {
    statement
        .allow
        .and(statement.names_anyone())
        .and(restricted(statement, false).negate())
}

/// Whether a `Deny` statement takes the bucket away from the public whatever the `Allow`
/// statements say: it denies `s3:*` (or `*`) to everyone unconditionally, or to everyone
/// outside named accounts, networks or callers (`StringNotEquals aws:SourceVpce`), or to
/// everyone but named principals (`NotPrincipal`).
pub fn denies_public_access(statement: &Statement) -> Tri {
    let all_actions = statement
        .actions
        .any(|a| a == "*" || a.eq_ignore_ascii_case("s3:*"));
    let unconditional_or_restricted = if statement.conditions == Tri::False {
        Tri::True
    } else {
        restricted(statement, true)
    };
    let excepted = statement.not_principals.any(|_| true);
    statement
        .allow
        .negate()
        .and(all_actions)
        .and(statement.names_anyone())
        .and(unconditional_or_restricted.or(excepted))
}

/// Whether a `Deny` statement refuses requests that do not use TLS: a condition
/// `Bool`/`BoolIfExists` `aws:SecureTransport = false`, or `NumericLessThan s3:TlsVersion`,
/// for everyone and every S3 action (`s3:*` or `*`).
pub fn denies_insecure_transport(statement: &Statement) -> Tri {
    let all_actions = statement
        .actions
        .any(|a| a == "*" || a.eq_ignore_ascii_case("s3:*"));
    let tls_test = Tri::any(statement.condition_tests.iter().map(|test| {
        let operator = test.operator.to_ascii_lowercase();
        let operator = operator
            .trim_start_matches("forallvalues:")
            .trim_start_matches("foranyvalue:");
        if test.key.eq_ignore_ascii_case("aws:SecureTransport") {
            Tri::from_bool(operator == "bool" || operator == "boolifexists")
                .and(test.values.any(|v| v.eq_ignore_ascii_case("false")))
        } else if test.key.eq_ignore_ascii_case("s3:TlsVersion") {
            Tri::from_bool(operator.starts_with("numericlessthan"))
        } else {
            Tri::False
        }
    }));
    let tls_test = if statement.condition_keys.unknown {
        tls_test.or(Tri::Unknown)
    } else {
        tls_test
    };
    statement
        .allow
        .negate()
        .and(all_actions)
        .and(statement.typed_principals.any(Principal::is_anyone))
        .and(tls_test)
}

impl<'a> Bucket<'a> {
    /// The bucket's policies: inline `policy` and `aws_s3_bucket_policy` resources.
    pub fn policies(&self) -> Vec<BucketPolicy<'a>> {
        std::iter::once((self.resource, "policy"))
            .chain(
                self.related("aws_s3_bucket_policy")
                    .into_iter()
                    .map(|r| (r, "policy")),
            )
            .filter_map(|(holder, path)| bucket_policy(self.ctx, holder, path))
            .collect()
    }

    /// Whether Block Public Access neutralises a public bucket policy: `restrict_public_buckets`
    /// makes S3 ignore it, `block_public_policy` makes S3 refuse to store it (on the bucket or
    /// the account).
    pub fn public_policy_neutralised(&self) -> Tri {
        self.block_setting("block_public_policy")
            .enabled
            .or(self.block_setting("restrict_public_buckets").enabled)
    }

    /// Whether ACLs are disabled (`aws_s3_bucket_ownership_controls` with
    /// `BucketOwnerEnforced`): S3 then rejects any ACL other than the owner's.
    pub fn acls_disabled(&self) -> Tri {
        Tri::any(
            self.related("aws_s3_bucket_ownership_controls")
                .into_iter()
                .map(|r| {
                    text_is(r, "rule.0.object_ownership", None, |o| {
                        o == "BucketOwnerEnforced"
                    })
                }),
        )
    }

    /// Whether S3 ignores public ACLs on the bucket: Block Public Access `ignore_public_acls` (of
    /// the bucket or the account), or ACLs disabled ([`Bucket::acls_disabled`]).
    pub fn public_acls_ignored(&self) -> Tri {
        self.block_setting("ignore_public_acls")
            .enabled
            .or(self.acls_disabled())
    }

    /// The KMS key of the default encryption (`kms_master_key_id` next to the algorithm).
    pub fn encryption_key(&self) -> Option<Setting<'a>> {
        let algorithm = self.encryption()?;
        let path = algorithm.path.strip_suffix("sse_algorithm")?;
        Setting::at(algorithm.resource, &format!("{path}kms_master_key_id"))
    }

    /// Whether the bucket receives load balancer access logs (`access_logs.bucket` of an
    /// `aws_lb` or `aws_elb`): those destinations support only SSE-S3.
    pub fn is_load_balancer_log_target(&self) -> bool {
        self.ctx
            .of_type("aws_lb")
            .chain(self.ctx.of_type("aws_alb"))
            .chain(self.ctx.of_type("aws_elb"))
            .filter_map(|lb| lb.get("access_logs.0.bucket"))
            .any(|value| crate::context::points_at(value, self.resource, BUCKET_IDENTITY))
    }

    /// Whether the bucket receives audit logs: the trail files of an `aws_cloudtrail`
    /// (`s3_bucket_name`) or the snapshots and history of an `aws_config_delivery_channel`.
    pub fn receives_audit_logs(&self) -> bool {
        self.ctx
            .of_type("aws_cloudtrail")
            .chain(self.ctx.of_type("aws_config_delivery_channel"))
            .filter_map(|r| r.get("s3_bucket_name"))
            .any(|value| crate::context::points_at(value, self.resource, BUCKET_IDENTITY))
    }

    /// Whether deleting object versions requires MFA: `mfa_delete = "Enabled"` in
    /// `aws_s3_bucket_versioning`, or inline `versioning { mfa_delete = true }`.
    pub fn mfa_delete_enabled(&self) -> Tri {
        let separate = self
            .related("aws_s3_bucket_versioning")
            .into_iter()
            .map(|r| {
                text_is(r, "versioning_configuration.0.mfa_delete", None, |m| {
                    m == "Enabled"
                })
            });
        let inline = flag(self.resource, "versioning.0.mfa_delete", false);
        Tri::any(separate).or(inline)
    }

    /// Whether Object Lock keeps every new object for a default retention period: Object Lock
    /// enabled on the bucket and a default retention rule (in
    /// `aws_s3_bucket_object_lock_configuration` or the legacy inline block).
    pub fn object_lock_retains_by_default(&self) -> Tri {
        const INLINE: &str = "object_lock_configuration.0";
        let enabled = flag(self.resource, "object_lock_enabled", false).or(text_is(
            self.resource,
            &format!("{INLINE}.object_lock_enabled"),
            None,
            |s| s == "Enabled",
        ));
        let retention = |r: &Resource, prefix: &str| {
            let days = super::is_set(r, &format!("{prefix}rule.0.default_retention.0.days"));
            let years = super::is_set(r, &format!("{prefix}rule.0.default_retention.0.years"));
            Tri::from_bool(days || years)
        };
        let separate = self
            .related("aws_s3_bucket_object_lock_configuration")
            .into_iter()
            .map(|r| retention(r, ""));
        let rule = Tri::any(separate).or(retention(self.resource, &format!("{INLINE}.")));
        enabled.and(rule)
    }
}

fn bucket_policy<'a>(
    ctx: &'a Context<'a>,
    holder: &'a Resource,
    path: &str,
) -> Option<BucketPolicy<'a>> {
    let policy = super::iam::policy_at(ctx, holder, path)?;
    let statements = match &policy.source {
        PolicySource::Document(doc) => effective_statements(ctx, doc, 0),
        source => super::iam::statements_of(ctx, source).map(Cow::into_owned),
    };
    Some(BucketPolicy {
        holder,
        path: policy.path.clone(),
        statements,
    })
}

/// The statements an `aws_iam_policy_document` renders: those of its
/// `source_policy_documents`, then its own (replacing source statements with the same `sid`),
/// then those of its `override_policy_documents` (replacing any with the same `sid`). The
/// reason when one of those documents cannot be read statically.
fn effective_statements(
    ctx: &Context<'_>,
    doc: &Resource,
    depth: usize,
) -> Result<Vec<Statement>, String> {
    if depth > 8 {
        return Err("policy documents nest too deeply".into());
    }
    let mut merged: Vec<Statement> = Vec::new();
    let merge = |merged: &mut Vec<Statement>, statements: Vec<Statement>| {
        for statement in statements {
            let same_sid = statement.sid.as_ref().and_then(|sid| {
                merged
                    .iter()
                    .position(|s| s.sid.as_deref() == Some(sid.as_str()))
            });
            match same_sid {
                Some(index) => merged[index] = statement,
                None => merged.push(statement),
            }
        }
    };
    let included = |attribute: &str| -> Result<Vec<Vec<Statement>>, String> {
        let value = set_value(doc, attribute);
        if let Some(unknown) = value.and_then(Value::as_unknown) {
            return Err(unknown.reason.to_string());
        }
        super::list_items(value)
            .into_iter()
            .map(|item| match item {
                Value::String(text) => super::iam::parse_json(text),
                other => match ctx.referenced(other) {
                    Some((source, "json" | "minified_json"))
                        if source.resource_type == "aws_iam_policy_document" =>
                    {
                        effective_statements(ctx, source, depth + 1)
                    }
                    _ => Err(format!(
                        "{attribute} of `{}` cannot be read statically",
                        doc.address
                    )),
                },
            })
            .collect()
    };
    for statements in included("source_policy_documents")? {
        merge(&mut merged, statements);
    }
    merge(&mut merged, super::iam::document_statements(ctx, doc));
    for statements in included("override_policy_documents")? {
        merge(&mut merged, statements);
    }
    Ok(merged)
}

/// `aws_s3_bucket_policy` resources whose bucket is not declared in the module tree.
pub fn policies_of_unknown_buckets<'a>(ctx: &'a Context<'a>) -> Vec<BucketPolicy<'a>> {
    ctx.of_type("aws_s3_bucket_policy")
        .filter(|policy| {
            policy.get("bucket").is_none_or(|bucket| {
                ctx.pointed_at(bucket, &["aws_s3_bucket"], BUCKET_IDENTITY)
                    .is_none()
            })
        })
        .filter_map(|holder| bucket_policy(ctx, holder, "policy"))
        .collect()
}

/// The bucket of the module tree that `value` (a `bucket` attribute) names, if any.
pub fn bucket_named<'a>(ctx: &'a Context<'a>, value: &Value) -> Option<Bucket<'a>> {
    ctx.pointed_at(value, &["aws_s3_bucket"], BUCKET_IDENTITY)
        .map(|resource| Bucket { resource, ctx })
}

/// Whether the account-level Block Public Access turns `name` on (false when there is none).
pub fn account_block_setting(ctx: &Context<'_>, name: &str) -> Tri {
    Tri::any(
        ctx.of_type("aws_s3_account_public_access_block")
            .map(|pab| flag(pab, name, false)),
    )
}
