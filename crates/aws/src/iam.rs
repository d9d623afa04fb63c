//! IAM collectors, normalised to terraform-provider-aws's state schema.
//!
//! Each Terraform type is collected on its own, so that a failure (AccessDenied, throttling
//! beyond retries, 5xx, timeout) marks only the types that needed the failed call as not
//! scanned. Ids are the provider's where the API can reproduce them; where the provider makes
//! one up (memberships, attachments) they are the import ids, see
//! [`driftguard_drift::match_key`].

use aws_sdk_iam::operation::get_group::GetGroupOutput;
use aws_sdk_iam::operation::list_access_keys::ListAccessKeysOutput;
use aws_sdk_iam::operation::list_attached_group_policies::ListAttachedGroupPoliciesOutput;
use aws_sdk_iam::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput;
use aws_sdk_iam::operation::list_attached_user_policies::ListAttachedUserPoliciesOutput;
use aws_sdk_iam::operation::list_group_policies::ListGroupPoliciesOutput;
use aws_sdk_iam::operation::list_groups::ListGroupsOutput;
use aws_sdk_iam::operation::list_groups_for_user::ListGroupsForUserOutput;
use aws_sdk_iam::operation::list_instance_profiles::ListInstanceProfilesOutput;
use aws_sdk_iam::operation::list_policies::ListPoliciesOutput;
use aws_sdk_iam::operation::list_role_policies::ListRolePoliciesOutput;
use aws_sdk_iam::operation::list_roles::ListRolesOutput;
use aws_sdk_iam::operation::list_user_policies::ListUserPoliciesOutput;
use aws_sdk_iam::operation::list_users::ListUsersOutput;
use aws_sdk_iam::types::{AttachedPolicy, Group, InstanceProfile, Policy, PolicyScopeType, Tag};
use aws_sdk_iam::Client;
use serde_json::{json, Value as Json};

use crate::call::{iam_next, Caller};
use crate::error::ApiError;
use crate::shape::{item, opt, tag_map, time, Item};
use crate::TypeResult;

const IAM: &str = "iam";

/// The error code of a principal or configuration that does not exist.
const NO_SUCH_ENTITY: &[&str] = &["NoSuchEntity"];

/// The id terraform-provider-aws gives the account password policy.
const PASSWORD_POLICY_ID: &str = "iam-account-password-policy";

/// Every IAM type collected, in collection order.
pub const TYPES: &[&str] = &[
    "aws_iam_user",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_user_group_membership",
    "aws_iam_access_key",
    "aws_iam_user_login_profile",
    "aws_iam_group",
    "aws_iam_group_policy",
    "aws_iam_group_policy_attachment",
    "aws_iam_group_membership",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy",
    "aws_iam_instance_profile",
    "aws_iam_account_password_policy",
];

/// IAM returns policy documents URL-encoded (RFC 3986); the state holds the JSON text.
/// A document that is already JSON (some emulators) is kept as it is.
pub(crate) fn decode_policy(document: &str) -> String {
    if document.trim_start().starts_with('{') {
        return document.to_string();
    }
    percent_encoding::percent_decode_str(document)
        .decode_utf8_lossy()
        .into_owned()
}

fn tags(tags: &[Tag]) -> Json {
    tag_map(tags.iter().map(|t| (t.key(), t.value())))
}

/// ListGroups gives every attribute of `aws_iam_group`: no call per group.
fn group(g: &Group) -> Item {
    item(
        g.group_name(),
        json!({
            "name": g.group_name(),
            "path": g.path(),
            "arn": g.arn(),
            "unique_id": g.group_id(),
        }),
    )
}

pub(crate) struct IamCollector<'a> {
    pub client: Client,
    pub caller: &'a Caller,
}

type Listed<T> = Result<Vec<T>, ApiError>;

impl IamCollector<'_> {
    /// Collects every IAM type; each entry is `(type, resources or the failure)`.
    pub async fn collect(&self) -> Vec<(&'static str, TypeResult)> {
        let c = &self.client;
        let (users, groups, roles, policies, profiles) = tokio::join!(
            self.caller.items(
                IAM,
                "ListUsers",
                |m| c.list_users().set_marker(m).send(),
                iam_next!(ListUsersOutput),
                |p| p.users.into_iter().map(|u| u.user_name),
            ),
            self.caller.items(
                IAM,
                "ListGroups",
                |m| c.list_groups().set_marker(m).send(),
                iam_next!(ListGroupsOutput),
                |p| p.groups,
            ),
            self.caller.items(
                IAM,
                "ListRoles",
                |m| c.list_roles().set_marker(m).send(),
                iam_next!(ListRolesOutput),
                |p| p.roles.into_iter().map(|r| r.role_name),
            ),
            // Customer managed policies only.
            self.caller.items(
                IAM,
                "ListPolicies",
                |m| {
                    c.list_policies()
                        .scope(PolicyScopeType::Local)
                        .set_marker(m)
                        .send()
                },
                iam_next!(ListPoliciesOutput),
                |p| p.policies.unwrap_or_default(),
            ),
            self.caller.items(
                IAM,
                "ListInstanceProfiles",
                |m| c.list_instance_profiles().set_marker(m).send(),
                iam_next!(ListInstanceProfilesOutput),
                |p| p.instance_profiles,
            ),
        );
        let (u, up, ua, ugm, ak, lp) = tokio::join!(
            self.for_each(&users, |n| self.user(n)),
            self.for_each(&users, |n| self.inline_policies(Principal::User, n)),
            self.for_each(&users, |n| self.attachments(Principal::User, n)),
            self.for_each(&users, |n| self.user_group_membership(n)),
            self.for_each(&users, |n| self.access_keys(n)),
            self.for_each(&users, |n| self.login_profile(n)),
        );
        let (g, gp, ga, gm) = tokio::join!(
            self.for_each(&groups, |g| async move { Ok(vec![group(g)]) }),
            self.for_each(&groups, |g| self
                .inline_policies(Principal::Group, g.group_name())),
            self.for_each(&groups, |g| self
                .attachments(Principal::Group, g.group_name())),
            self.for_each(&groups, |g| self.group_membership(g.group_name())),
        );
        let (r, rp, ra, p, ip, pp) = tokio::join!(
            self.for_each(&roles, |n| self.role(n)),
            self.for_each(&roles, |n| self.inline_policies(Principal::Role, n)),
            self.for_each(&roles, |n| self.attachments(Principal::Role, n)),
            self.for_each(&policies, |p| self.policy(p)),
            self.for_each(&profiles, |p| self.instance_profile(p)),
            self.password_policy(),
        );
        vec![
            ("aws_iam_user", u),
            ("aws_iam_user_policy", up),
            ("aws_iam_user_policy_attachment", ua),
            ("aws_iam_user_group_membership", ugm),
            ("aws_iam_access_key", ak),
            ("aws_iam_user_login_profile", lp),
            ("aws_iam_group", g),
            ("aws_iam_group_policy", gp),
            ("aws_iam_group_policy_attachment", ga),
            ("aws_iam_group_membership", gm),
            ("aws_iam_role", r),
            ("aws_iam_role_policy", rp),
            ("aws_iam_role_policy_attachment", ra),
            ("aws_iam_policy", p),
            ("aws_iam_instance_profile", ip),
            ("aws_iam_account_password_policy", pp),
        ]
    }

    /// Runs `per_item` for every listed item, concurrently (the [`Caller`] bounds the calls in
    /// flight), and concatenates the results in list order; the first failure (or the failure
    /// to list) fails the whole type.
    async fn for_each<'n, T, F, Fut>(&self, listed: &'n Listed<T>, per_item: F) -> TypeResult
    where
        F: Fn(&'n T) -> Fut,
        Fut: std::future::Future<Output = TypeResult>,
    {
        let listed = listed.as_ref().map_err(Clone::clone)?;
        let per_item = futures_util::future::try_join_all(listed.iter().map(per_item));
        Ok(per_item.await?.into_iter().flatten().collect())
    }

    /// GetUser, for the tags and permissions boundary that ListUsers leaves out.
    async fn user(&self, name: &str) -> TypeResult {
        let out = self
            .caller
            .call(
                IAM,
                "GetUser",
                self.client.get_user().user_name(name).send(),
            )
            .await?;
        let u = out
            .user()
            .ok_or_else(|| ApiError::malformed(IAM, "GetUser", "no User"))?;
        let tags = tags(u.tags());
        Ok(vec![item(
            u.user_name(),
            json!({
                "name": u.user_name(),
                "path": u.path(),
                "arn": u.arn(),
                "unique_id": u.user_id(),
                "permissions_boundary": opt(u.permissions_boundary().and_then(|b| b.permissions_boundary_arn())),
                "tags": tags,
                "tags_all": tags,
            }),
        )])
    }

    async fn role(&self, name: &str) -> TypeResult {
        let out = self
            .caller
            .call(
                IAM,
                "GetRole",
                self.client.get_role().role_name(name).send(),
            )
            .await?;
        let r = out
            .role()
            .ok_or_else(|| ApiError::malformed(IAM, "GetRole", "no Role"))?;
        let tags = tags(r.tags());
        Ok(vec![item(
            r.role_name(),
            json!({
                "name": r.role_name(),
                "path": r.path(),
                "arn": r.arn(),
                "unique_id": r.role_id(),
                "create_date": time(r.create_date()),
                "description": r.description().unwrap_or(""),
                "max_session_duration": r.max_session_duration().unwrap_or(3600),
                "assume_role_policy": r.assume_role_policy_document().map(decode_policy),
                "permissions_boundary": opt(r.permissions_boundary().and_then(|b| b.permissions_boundary_arn())),
                "tags": tags,
                "tags_all": tags,
            }),
        )])
    }

    /// aws_iam_{user,group,role}_policy: id `principal:name`, as the provider sets it.
    async fn inline_policies(&self, principal: Principal, name: &str) -> TypeResult {
        let (c, caller) = (&self.client, self.caller);
        let policies: Vec<String> = match principal {
            Principal::User => {
                caller
                    .items(
                        IAM,
                        "ListUserPolicies",
                        |m| c.list_user_policies().user_name(name).set_marker(m).send(),
                        iam_next!(ListUserPoliciesOutput),
                        |p| p.policy_names,
                    )
                    .await?
            }
            Principal::Group => {
                caller
                    .items(
                        IAM,
                        "ListGroupPolicies",
                        |m| {
                            c.list_group_policies()
                                .group_name(name)
                                .set_marker(m)
                                .send()
                        },
                        iam_next!(ListGroupPoliciesOutput),
                        |p| p.policy_names,
                    )
                    .await?
            }
            Principal::Role => {
                caller
                    .items(
                        IAM,
                        "ListRolePolicies",
                        |m| c.list_role_policies().role_name(name).set_marker(m).send(),
                        iam_next!(ListRolePoliciesOutput),
                        |p| p.policy_names,
                    )
                    .await?
            }
        };
        let mut items = Vec::with_capacity(policies.len());
        for policy in policies {
            let document = match principal {
                Principal::User => {
                    let request = c.get_user_policy().user_name(name).policy_name(&policy);
                    let out = caller.call(IAM, "GetUserPolicy", request.send()).await?;
                    out.policy_document
                }
                Principal::Group => {
                    let request = c.get_group_policy().group_name(name).policy_name(&policy);
                    let out = caller.call(IAM, "GetGroupPolicy", request.send()).await?;
                    out.policy_document
                }
                Principal::Role => {
                    let request = c.get_role_policy().role_name(name).policy_name(&policy);
                    let out = caller.call(IAM, "GetRolePolicy", request.send()).await?;
                    out.policy_document
                }
            };
            items.push(item(
                format!("{name}:{policy}"),
                json!({
                    principal.attribute(): name,
                    "name": policy,
                    "policy": decode_policy(&document),
                }),
            ));
        }
        Ok(items)
    }

    /// aws_iam_{user,group,role}_policy_attachment: id `principal/policy_arn` (the import id;
    /// the provider's own id is random).
    async fn attachments(&self, principal: Principal, name: &str) -> TypeResult {
        let (c, caller) = (&self.client, self.caller);
        let attached: Vec<AttachedPolicy> = match principal {
            Principal::User => {
                caller
                    .items(
                        IAM,
                        "ListAttachedUserPolicies",
                        |m| {
                            c.list_attached_user_policies()
                                .user_name(name)
                                .set_marker(m)
                                .send()
                        },
                        iam_next!(ListAttachedUserPoliciesOutput),
                        |p| p.attached_policies.unwrap_or_default(),
                    )
                    .await?
            }
            Principal::Group => {
                caller
                    .items(
                        IAM,
                        "ListAttachedGroupPolicies",
                        |m| {
                            c.list_attached_group_policies()
                                .group_name(name)
                                .set_marker(m)
                                .send()
                        },
                        iam_next!(ListAttachedGroupPoliciesOutput),
                        |p| p.attached_policies.unwrap_or_default(),
                    )
                    .await?
            }
            Principal::Role => {
                caller
                    .items(
                        IAM,
                        "ListAttachedRolePolicies",
                        |m| {
                            c.list_attached_role_policies()
                                .role_name(name)
                                .set_marker(m)
                                .send()
                        },
                        iam_next!(ListAttachedRolePoliciesOutput),
                        |p| p.attached_policies.unwrap_or_default(),
                    )
                    .await?
            }
        };
        Ok(attached
            .iter()
            .filter_map(|a| a.policy_arn())
            .map(|arn| {
                item(
                    format!("{name}/{arn}"),
                    json!({ principal.attribute(): name, "policy_arn": arn }),
                )
            })
            .collect())
    }

    /// One aws_iam_user_group_membership per user in a group, id the user name (the
    /// provider's id is random).
    async fn user_group_membership(&self, user: &str) -> TypeResult {
        let groups: Vec<String> = self
            .caller
            .items(
                IAM,
                "ListGroupsForUser",
                |m| {
                    self.client
                        .list_groups_for_user()
                        .user_name(user)
                        .set_marker(m)
                        .send()
                },
                iam_next!(ListGroupsForUserOutput),
                |p| p.groups.into_iter().map(|g| g.group_name),
            )
            .await?;
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![item(user, json!({ "user": user, "groups": groups }))])
    }

    /// One aws_iam_group_membership per non-empty group, id (and `name`) the group name (the
    /// provider's id is the free-form `name`).
    async fn group_membership(&self, group: &str) -> TypeResult {
        let users: Vec<String> = self
            .caller
            .items(
                IAM,
                "GetGroup",
                |m| {
                    self.client
                        .get_group()
                        .group_name(group)
                        .set_marker(m)
                        .send()
                },
                iam_next!(GetGroupOutput),
                |p| p.users.into_iter().map(|u| u.user_name),
            )
            .await?;
        if users.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![item(
            group,
            json!({ "name": group, "group": group, "users": users }),
        )])
    }

    /// Metadata only: the secret is never returned by ListAccessKeys, nor read otherwise.
    async fn access_keys(&self, user: &str) -> TypeResult {
        let keys = self
            .caller
            .items(
                IAM,
                "ListAccessKeys",
                |m| {
                    self.client
                        .list_access_keys()
                        .user_name(user)
                        .set_marker(m)
                        .send()
                },
                iam_next!(ListAccessKeysOutput),
                |p| p.access_key_metadata,
            )
            .await?;
        Ok(keys
            .iter()
            .filter_map(|k| {
                let id = k.access_key_id()?;
                Some(item(
                    id,
                    json!({
                        "user": k.user_name().unwrap_or(user),
                        "status": k.status().map(|s| s.as_str()),
                        "create_date": k.create_date().map_or(Json::Null, time),
                    }),
                ))
            })
            .collect())
    }

    async fn login_profile(&self, user: &str) -> TypeResult {
        let request = self.client.get_login_profile().user_name(user).send();
        let out = self
            .caller
            .call_unless(IAM, "GetLoginProfile", NO_SUCH_ENTITY, request)
            .await?;
        let Some(profile) = out.as_ref().and_then(|out| out.login_profile()) else {
            return Ok(Vec::new());
        };
        Ok(vec![item(
            user,
            json!({
                "user": profile.user_name(),
                "password_reset_required": profile.password_reset_required(),
            }),
        )])
    }

    /// A customer managed policy with its default version's document.
    async fn policy(&self, listed: &Policy) -> TypeResult {
        let Some(arn) = listed.arn() else {
            return Ok(Vec::new());
        };
        // GetPolicy for the tags and description, which ListPolicies leaves out.
        let out = self
            .caller
            .call(
                IAM,
                "GetPolicy",
                self.client.get_policy().policy_arn(arn).send(),
            )
            .await?;
        let p = out
            .policy()
            .ok_or_else(|| ApiError::malformed(IAM, "GetPolicy", "no Policy"))?;
        let version = p
            .default_version_id()
            .ok_or_else(|| ApiError::malformed(IAM, "GetPolicy", "no DefaultVersionId"))?;
        let out = self
            .caller
            .call(
                IAM,
                "GetPolicyVersion",
                self.client
                    .get_policy_version()
                    .policy_arn(arn)
                    .version_id(version)
                    .send(),
            )
            .await?;
        let document = out
            .policy_version()
            .and_then(|v| v.document())
            .ok_or_else(|| ApiError::malformed(IAM, "GetPolicyVersion", "no Document"))?;
        let tags = tags(p.tags());
        Ok(vec![item(
            arn,
            json!({
                "arn": arn,
                "name": opt(p.policy_name()),
                "path": opt(p.path()),
                "description": p.description().unwrap_or(""),
                "policy": decode_policy(document),
                "policy_id": opt(p.policy_id()),
                "attachment_count": p.attachment_count(),
                "tags": tags,
                "tags_all": tags,
            }),
        )])
    }

    async fn instance_profile(&self, p: &InstanceProfile) -> TypeResult {
        let name = p.instance_profile_name();
        // ListInstanceProfiles leaves tags out; GetInstanceProfile has them (as the provider
        // reads it).
        let out = self
            .caller
            .call(
                IAM,
                "GetInstanceProfile",
                self.client
                    .get_instance_profile()
                    .instance_profile_name(name)
                    .send(),
            )
            .await?;
        let full = out
            .instance_profile()
            .ok_or_else(|| ApiError::malformed(IAM, "GetInstanceProfile", "no InstanceProfile"))?;
        let tags = tags(full.tags());
        Ok(vec![item(
            name,
            json!({
                "name": name,
                "path": p.path(),
                "arn": p.arn(),
                "unique_id": p.instance_profile_id(),
                "create_date": time(p.create_date()),
                "role": p.roles().first().map(|r| r.role_name()),
                "tags": tags,
                "tags_all": tags,
            }),
        )])
    }

    /// No policy set (`NoSuchEntity`): nothing to report, and the type was read.
    async fn password_policy(&self) -> TypeResult {
        let request = self.client.get_account_password_policy().send();
        let out = self
            .caller
            .call_unless(IAM, "GetAccountPasswordPolicy", NO_SUCH_ENTITY, request)
            .await?;
        let Some(p) = out.as_ref().and_then(|out| out.password_policy()) else {
            return Ok(Vec::new());
        };
        Ok(vec![item(
            PASSWORD_POLICY_ID,
            json!({
                "allow_users_to_change_password": p.allow_users_to_change_password(),
                "expire_passwords": p.expire_passwords(),
                "hard_expiry": p.hard_expiry().unwrap_or(false),
                "max_password_age": p.max_password_age().unwrap_or(0),
                "minimum_password_length": p.minimum_password_length().unwrap_or(6),
                "password_reuse_prevention": p.password_reuse_prevention().unwrap_or(0),
                "require_lowercase_characters": p.require_lowercase_characters(),
                "require_numbers": p.require_numbers(),
                "require_symbols": p.require_symbols(),
                "require_uppercase_characters": p.require_uppercase_characters(),
            }),
        )])
    }
}

#[derive(Debug, Clone, Copy)]
enum Principal {
    User,
    Group,
    Role,
}

impl Principal {
    fn attribute(self) -> &'static str {
        match self {
            Principal::User => "user",
            Principal::Group => "group",
            Principal::Role => "role",
        }
    }
}
