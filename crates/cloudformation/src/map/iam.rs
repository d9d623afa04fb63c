//! IAM: users, groups, roles, policies and what attaches them, onto the Terraform types the IAM
//! view reads. Policy documents, objects in CloudFormation, become the JSON text Terraform holds
//! (an unknown encoding of it when parts are known only after deployment).
//!
//! Terraform attaches policies with separate resources where CloudFormation lists them on the
//! identity, so a user's or group's `Policies` and `ManagedPolicyArns` become
//! `aws_iam_user_policy` / `aws_iam_user_policy_attachment` (and the group ones) named
//! `<LogicalId>Policy<n>` and `<LogicalId>ManagedPolicy<n>`; a role keeps them inline
//! (`inline_policy`, `managed_policy_arns`), as `aws_iam_role` does. The account password
//! policy has no CloudFormation type.

use driftguard_model::Value;

use super::convert::{policy_json, push_part, reference, tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::IAM::Role", role),
    ("AWS::IAM::User", user),
    ("AWS::IAM::Group", group),
    ("AWS::IAM::Policy", policy),
    ("AWS::IAM::ManagedPolicy", policy),
    ("AWS::IAM::RolePolicy", role_policy),
    ("AWS::IAM::UserPolicy", user_policy),
    ("AWS::IAM::GroupPolicy", group_policy),
    ("AWS::IAM::AccessKey", access_key),
    ("AWS::IAM::UserToGroupAddition", user_to_group_addition),
    ("AWS::IAM::InstanceProfile", instance_profile),
    ("AWS::IAM::OIDCProvider", oidc_provider),
];

const ROLE: &[Field] = &[
    Field::Copy("name", "RoleName"),
    Field::Copy("path", "Path"),
    Field::Copy("description", "Description"),
    Field::Json("assume_role_policy", "AssumeRolePolicyDocument"),
    Field::Copy("managed_policy_arns", "ManagedPolicyArns"),
    Field::Copy("permissions_boundary", "PermissionsBoundary"),
    Field::Copy("max_session_duration", "MaxSessionDuration"),
    Field::Blocks(
        "inline_policy",
        "Policies",
        &[
            Field::Copy("name", "PolicyName"),
            Field::Json("policy", "PolicyDocument"),
        ],
    ),
];

fn role(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(ROLE);
    b.point_items("managed_policy_arns", "ManagedPolicyArns");
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_iam_role", &from.logical_id, attributes, spans);
}

/// The Terraform types an identity's separate policy resources take: inline policy, one
/// managed policy attachment, the exclusive list of attachments, and the attribute naming the
/// identity in each.
struct Identity {
    inline: &'static str,
    attachment: &'static str,
    exclusive: &'static str,
    attribute: &'static str,
    exclusive_attribute: &'static str,
}

const USER_IDENTITY: Identity = Identity {
    inline: "aws_iam_user_policy",
    attachment: "aws_iam_user_policy_attachment",
    exclusive: "aws_iam_user_policy_attachments_exclusive",
    attribute: "user",
    exclusive_attribute: "user_name",
};

const GROUP_IDENTITY: Identity = Identity {
    inline: "aws_iam_group_policy",
    attachment: "aws_iam_group_policy_attachment",
    exclusive: "aws_iam_group_policy_attachments_exclusive",
    attribute: "group",
    exclusive_attribute: "group_name",
};

fn user(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "UserName"),
        Field::Copy("path", "Path"),
        Field::Copy("permissions_boundary", "PermissionsBoundary"),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_iam_user", &from.logical_id, attributes, spans);
    identity_policies(from, out, &USER_IDENTITY);

    let mut b = Builder::new(from);
    if b.has("Groups") {
        b.set("user", reference(&from.logical_id, "name"), "Groups");
        b.copy("groups", "Groups");
        let address = format!("{}Groups", from.logical_id);
        push_part(out, b, "aws_iam_user_group_membership", &address, "Groups");
    }
}

fn group(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "GroupName"),
        Field::Copy("path", "Path"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(from, "aws_iam_group", &from.logical_id, attributes, spans);
    identity_policies(from, out, &GROUP_IDENTITY);
}

/// A user's or group's `Policies` and `ManagedPolicyArns` as the separate resources Terraform
/// declares them with. A `Policies` list known only after deployment becomes one unattached
/// `aws_iam_policy` with an unknown document (its statements cannot be judged, and it is not
/// known to grant anything to the identity); an unknown `ManagedPolicyArns` list becomes the
/// exclusive attachment list, unknown.
fn identity_policies(from: &CfnResource, out: &mut Mapped, identity: &Identity) {
    let id = &from.logical_id;
    let names_identity = || reference(id, "name");
    match Builder::new(from).prop("Policies") {
        Some(Value::List(items)) => {
            for index in 0..items.len() {
                let path = format!("Policies.{index}");
                let mut b = Builder::new(from);
                b.set(identity.attribute, names_identity(), &path);
                b.copy("name", &format!("{path}.PolicyName"));
                let document = format!("{path}.PolicyDocument");
                if let Some(document_value) = b.prop(&document) {
                    b.set("policy", policy_json(document_value), &document);
                }
                let address = format!("{id}Policy{index}");
                push_part(out, b, identity.inline, &address, &path);
            }
        }
        Some(unknown @ Value::Unknown(_)) => {
            let mut b = Builder::new(from);
            b.set("policy", unknown.clone(), "Policies");
            let address = format!("{id}Policies");
            push_part(out, b, "aws_iam_policy", &address, "Policies");
        }
        _ => {}
    }
    match Builder::new(from).prop("ManagedPolicyArns") {
        Some(Value::List(items)) => {
            for (index, arn) in items.iter().enumerate() {
                let path = format!("ManagedPolicyArns.{index}");
                let mut b = Builder::new(from);
                b.set(identity.attribute, names_identity(), &path);
                b.set("policy_arn", arn.clone(), &path);
                let address = format!("{id}ManagedPolicy{index}");
                push_part(out, b, identity.attachment, &address, &path);
            }
        }
        Some(unknown @ Value::Unknown(_)) => {
            let mut b = Builder::new(from);
            b.set(
                identity.exclusive_attribute,
                names_identity(),
                "ManagedPolicyArns",
            );
            b.set("policy_arns", unknown.clone(), "ManagedPolicyArns");
            let address = format!("{id}ManagedPolicies");
            push_part(out, b, identity.exclusive, &address, "ManagedPolicyArns");
        }
        _ => {}
    }
}

/// `AWS::IAM::Policy` (a policy written into the identities it names) and
/// `AWS::IAM::ManagedPolicy`: the document as an `aws_iam_policy`, judged once however many
/// identities it is given to, and the identities as one `aws_iam_policy_attachment`
/// (`<LogicalId>Attachment`).
fn policy(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "PolicyName"),
        Field::Copy("name", "ManagedPolicyName"),
        Field::Copy("path", "Path"),
        Field::Copy("description", "Description"),
        Field::Json("policy", "PolicyDocument"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(from, "aws_iam_policy", &from.logical_id, attributes, spans);

    let mut b = Builder::new(from);
    let holders = [("users", "Users"), ("roles", "Roles"), ("groups", "Groups")];
    if !holders.iter().any(|(_, property)| b.has(property)) {
        return;
    }
    b.set("name", Value::string(from.logical_id.as_str()), "");
    b.set("policy_arn", reference(&from.logical_id, "arn"), "");
    for (attribute, property) in holders {
        b.copy(attribute, property);
        b.point_items(attribute, property);
    }
    let address = format!("{}Attachment", from.logical_id);
    push_part(out, b, "aws_iam_policy_attachment", &address, "");
}

/// `AWS::IAM::RolePolicy`, `UserPolicy`, `GroupPolicy`: one inline policy of one identity.
fn inline_policy(from: &CfnResource, out: &mut Mapped, terraform_type: &str, identity: Field) {
    let mut b = Builder::new(from);
    b.fields(&[
        identity,
        Field::Copy("name", "PolicyName"),
        Field::Json("policy", "PolicyDocument"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(from, terraform_type, &from.logical_id, attributes, spans);
}

fn role_policy(from: &CfnResource, out: &mut Mapped) {
    inline_policy(
        from,
        out,
        "aws_iam_role_policy",
        Field::Copy("role", "RoleName"),
    );
}

fn user_policy(from: &CfnResource, out: &mut Mapped) {
    inline_policy(
        from,
        out,
        "aws_iam_user_policy",
        Field::Copy("user", "UserName"),
    );
}

fn group_policy(from: &CfnResource, out: &mut Mapped) {
    inline_policy(
        from,
        out,
        "aws_iam_group_policy",
        Field::Copy("group", "GroupName"),
    );
}

fn access_key(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("user", "UserName"),
        Field::Copy("status", "Status"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_iam_access_key",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn user_to_group_addition(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.set("name", Value::string(from.logical_id.as_str()), "");
    b.fields(&[
        Field::Copy("group", "GroupName"),
        Field::Copy("users", "Users"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_iam_group_membership",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn instance_profile(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "InstanceProfileName"),
        Field::Copy("path", "Path"),
        // An instance profile holds one role.
        Field::Copy("role", "Roles.0"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_iam_instance_profile",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn oidc_provider(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("url", "Url"),
        Field::Copy("client_id_list", "ClientIdList"),
        Field::Copy("thumbprint_list", "ThumbprintList"),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_iam_openid_connect_provider",
        &from.logical_id,
        attributes,
        spans,
    );
}
