//! S3 buckets with the separate resources that configure them (AWS provider v4+ style) folded in.

use driftguard_model::{Resource, Tri, Value};

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
        let bucket_level = self.related("aws_s3_bucket_public_access_block");
        let bucket_tri = Tri::any(bucket_level.iter().map(|pab| flag(pab, name, false)));
        let account_tri = self.account_block_setting(name);
        BlockSetting {
            name,
            enabled: bucket_tri.or(account_tri),
            declared_at: bucket_level
                .first()
                .map(|pab| (*pab, super::path_if_set(pab, name).map(str::to_string))),
        }
    }

    /// Whether the account-level block turns `name` on (false when there is none).
    pub fn account_block_setting(&self, name: &str) -> Tri {
        Tri::any(
            self.ctx
                .of_type("aws_s3_account_public_access_block")
                .map(|pab| flag(pab, name, false)),
        )
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
        match self.resource.get("logging") {
            None | Some(Value::Null) => Tri::False,
            Some(Value::List(items)) => Tri::from_bool(!items.is_empty()),
            Some(Value::Unknown(_)) => Tri::Unknown,
            Some(_) => Tri::True,
        }
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
