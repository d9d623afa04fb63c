//! IAM roles, users, groups and policies from CloudFormation, checked by the IAM rules.

mod harness;

use driftguard_cloudformation::CfnResource;
use harness::{cfn, fires_at, inconclusive, quiet, scan};
use serde_json::{json, Value as Json};

const ROLE: &str = "AWS::IAM::Role";

fn document(statement: Json) -> Json {
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

fn ec2_trust() -> Json {
    document(
        json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}),
    )
}

fn role_with_inline(id: &str, statement: Json) -> CfnResource {
    cfn(
        id,
        ROLE,
        json!({
            "AssumeRolePolicyDocument": ec2_trust(),
            "Policies": [{"PolicyName": "inline", "PolicyDocument": document(statement)}]
        }),
    )
}

#[test]
fn identity_policy_statements_are_judged_where_the_document_is_written() {
    let cases = [
        (
            json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            "aws-iam-policy-admin-access",
        ),
        (
            json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
            "aws-iam-policy-allow-not-action",
        ),
        (
            json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}),
            "aws-iam-policy-pass-role-wildcard",
        ),
        (
            json!({"Effect": "Allow", "Action": ["iam:CreatePolicyVersion"], "Resource": "*"}),
            "aws-iam-policy-privilege-escalation",
        ),
        (
            json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
            "aws-iam-policy-service-wildcard",
        ),
    ];
    for (statement, rule) in cases {
        let role = role_with_inline("App", statement.clone());
        let checked = scan(std::slice::from_ref(&role));
        fires_at(&checked, rule, "App", &role, "Policies.0.PolicyDocument");

        for policy_type in ["AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"] {
            let policy = cfn(
                "Standalone",
                policy_type,
                json!({"PolicyName": "p", "PolicyDocument": document(statement.clone()), "Roles": [{"Ref": "App"}]}),
            );
            let checked = scan(&[
                role_with_inline(
                    "App",
                    json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}),
                ),
                policy.clone(),
            ]);
            fires_at(&checked, rule, "Standalone", &policy, "PolicyDocument");
        }
    }
}

#[test]
fn scoped_statements_pass() {
    let role = role_with_inline(
        "App",
        json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
               "Resource": {"Fn::Sub": "${Data.Arn}/*"}}),
    );
    let pass_role = role_with_inline(
        "Deployer",
        json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": {"Fn::GetAtt": ["App", "Arn"]}}),
    );
    let checked = scan(&[role, pass_role]);
    harness::family_quiet(&checked, "aws-iam-", &[]);
}

#[test]
fn a_permissions_boundary_grants_nothing() {
    let boundary = cfn(
        "Boundary",
        "AWS::IAM::ManagedPolicy",
        json!({"PolicyDocument": document(json!({"Effect": "Allow", "Action": "*", "Resource": "*"}))}),
    );
    let role = cfn(
        "App",
        ROLE,
        json!({"AssumeRolePolicyDocument": ec2_trust(), "PermissionsBoundary": {"Ref": "Boundary"}}),
    );
    let checked = scan(&[boundary, role]);
    quiet(&checked, "aws-iam-policy-admin-access");
}

#[test]
fn administrator_access_is_reported_on_the_arn_that_attaches_it() {
    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    let role = cfn(
        "Ops",
        ROLE,
        json!({"AssumeRolePolicyDocument": ec2_trust(),
               "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}]}),
    );
    let user = cfn(
        "Alice",
        "AWS::IAM::User",
        json!({"ManagedPolicyArns": [admin]}),
    );
    let group = cfn(
        "Admins",
        "AWS::IAM::Group",
        json!({"ManagedPolicyArns": [admin]}),
    );
    let checked = scan(&[role.clone(), user.clone(), group.clone()]);
    fires_at(
        &checked,
        "aws-iam-administrator-access-attached",
        "Ops",
        &role,
        "ManagedPolicyArns.1",
    );
    fires_at(
        &checked,
        "aws-iam-administrator-access-attached",
        "AliceManagedPolicy0",
        &user,
        "ManagedPolicyArns.0",
    );
    fires_at(
        &checked,
        "aws-iam-administrator-access-attached",
        "AdminsManagedPolicy0",
        &group,
        "ManagedPolicyArns.0",
    );
    assert_eq!(
        harness::findings(&checked, "aws-iam-administrator-access-attached").len(),
        3
    );
}

#[test]
fn policies_given_directly_to_users_fire() {
    let read = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"});
    let user = cfn(
        "Alice",
        "AWS::IAM::User",
        json!({"Policies": [{"PolicyName": "read", "PolicyDocument": document(read.clone())}],
               "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
               "Groups": [{"Ref": "Readers"}]}),
    );
    let shared = cfn(
        "Shared",
        "AWS::IAM::Policy",
        json!({"PolicyName": "shared", "PolicyDocument": document(read.clone()),
               "Users": [{"Ref": "Alice"}], "Groups": [{"Ref": "Readers"}]}),
    );
    let inline = cfn(
        "AliceExtra",
        "AWS::IAM::UserPolicy",
        json!({"UserName": {"Ref": "Alice"}, "PolicyName": "extra", "PolicyDocument": document(read.clone())}),
    );
    let checked = scan(&[user.clone(), shared.clone(), inline.clone()]);
    let rule = "aws-iam-user-policy-attached";
    fires_at(&checked, rule, "AlicePolicy0", &user, "Policies.0");
    fires_at(
        &checked,
        rule,
        "AliceManagedPolicy0",
        &user,
        "ManagedPolicyArns.0",
    );
    fires_at(&checked, rule, "SharedAttachment", &shared, "Users");
    fires_at(&checked, rule, "AliceExtra", &inline, "UserName");
    assert_eq!(harness::findings(&checked, rule).len(), 4);

    // Through a group: fine.
    let group = cfn(
        "Readers",
        "AWS::IAM::Group",
        json!({"Policies": [{"PolicyName": "read", "PolicyDocument": document(read.clone())}],
               "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}),
    );
    let member = cfn(
        "Bob",
        "AWS::IAM::User",
        json!({"Groups": [{"Ref": "Readers"}]}),
    );
    let addition = cfn(
        "Addition",
        "AWS::IAM::UserToGroupAddition",
        json!({"GroupName": {"Ref": "Readers"}, "Users": [{"Ref": "Bob"}]}),
    );
    let key = cfn(
        "BobKey",
        "AWS::IAM::AccessKey",
        json!({"UserName": {"Ref": "Bob"}}),
    );
    let checked = scan(&[group, member, addition, key]);
    harness::family_quiet(&checked, "aws-iam-", &[]);
}

#[test]
fn unknown_policy_lists_are_inconclusive_not_findings() {
    let user = cfn(
        "Alice",
        "AWS::IAM::User",
        json!({"Policies": {"Unknown": "Fn::If on a parameter"}, "ManagedPolicyArns": {"Unknown": "Fn::If on a parameter"}}),
    );
    let shared = cfn(
        "Shared",
        "AWS::IAM::ManagedPolicy",
        json!({"PolicyDocument": {"Unknown": "a parameter"}, "Users": {"Unknown": "a parameter"}}),
    );
    let checked = scan(&[user, shared]);
    quiet(&checked, "aws-iam-user-policy-attached");
    quiet(&checked, "aws-iam-administrator-access-attached");
    quiet(&checked, "aws-iam-policy-admin-access");
    inconclusive(&checked, "aws-iam-user-policy-attached", "SharedAttachment");
    inconclusive(&checked, "aws-iam-policy-admin-access", "AlicePolicies");
    inconclusive(&checked, "aws-iam-policy-admin-access", "Shared");
    inconclusive(
        &checked,
        "aws-iam-administrator-access-attached",
        "AliceManagedPolicies",
    );
}

fn trusting(id: &str, statement: Json) -> CfnResource {
    cfn(
        id,
        ROLE,
        json!({"AssumeRolePolicyDocument": document(statement)}),
    )
}

#[test]
fn trust_policies_open_to_anyone_or_whole_accounts_fire() {
    let public = trusting(
        "Public",
        json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}),
    );
    let account = trusting(
        "Vendor",
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}),
    );
    let checked = scan(&[public.clone(), account.clone()]);
    fires_at(
        &checked,
        "aws-iam-role-trust-public",
        "Public",
        &public,
        "AssumeRolePolicyDocument",
    );
    fires_at(
        &checked,
        "aws-iam-role-trust-account-no-condition",
        "Vendor",
        &account,
        "AssumeRolePolicyDocument",
    );

    let external_id = trusting(
        "Vendor",
        json!({"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole",
               "Condition": {"StringEquals": {"sts:ExternalId": "acme-7f3a"}}}),
    );
    let service = cfn(
        "Service",
        ROLE,
        json!({"AssumeRolePolicyDocument": ec2_trust()}),
    );
    let checked = scan(&[external_id, service]);
    quiet(&checked, "aws-iam-role-trust-public");
    quiet(&checked, "aws-iam-role-trust-account-no-condition");
}

#[test]
fn github_oidc_trust_must_name_repositories() {
    let github = |condition: Json| {
        trusting(
            "Deploy",
            json!({
                "Effect": "Allow",
                "Principal": {"Federated": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": condition
            }),
        )
    };
    let open = github(
        json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}),
    );
    let checked = scan(std::slice::from_ref(&open));
    fires_at(
        &checked,
        "aws-iam-role-trust-github-oidc-unrestricted",
        "Deploy",
        &open,
        "AssumeRolePolicyDocument",
    );
    let scoped = github(json!({
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}
    }));
    quiet(
        &scan(&[scoped]),
        "aws-iam-role-trust-github-oidc-unrestricted",
    );
}

#[test]
fn roles_read_as_terraform_state() {
    let role = role_with_inline(
        "App",
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
    );
    let resources = harness::mapped(&[role]);
    let app = &resources[0];
    assert_eq!(app.resource_type, "aws_iam_role");
    let text = app
        .get("assume_role_policy")
        .and_then(|v| v.as_str())
        .expect("JSON text");
    let parsed: Json = serde_json::from_str(text).unwrap();
    assert_eq!(
        parsed["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );
    assert!(app
        .get("inline_policy.0.policy")
        .and_then(|v| v.as_str())
        .is_some());
    assert_eq!(
        app.get("inline_policy.0.name").and_then(|v| v.as_str()),
        Some("inline")
    );
}

#[test]
fn standalone_inline_policies_of_roles_and_groups_are_judged_like_the_role_s_own() {
    let admin = document(json!({"Effect": "Allow", "Action": "*", "Resource": "*"}));
    let role_policy = cfn(
        "RoleAdmin",
        "AWS::IAM::RolePolicy",
        json!({"RoleName": {"Ref": "App"}, "PolicyName": "admin", "PolicyDocument": admin}),
    );
    let group_policy = cfn(
        "GroupAdmin",
        "AWS::IAM::GroupPolicy",
        json!({"GroupName": {"Ref": "Ops"}, "PolicyName": "admin", "PolicyDocument": admin}),
    );
    let scoped = cfn(
        "GroupRead",
        "AWS::IAM::GroupPolicy",
        json!({"GroupName": {"Ref": "Ops"}, "PolicyName": "read",
               "PolicyDocument": document(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))}),
    );
    let checked = scan(&[role_policy.clone(), group_policy.clone(), scoped]);
    for (address, resource) in [("RoleAdmin", &role_policy), ("GroupAdmin", &group_policy)] {
        fires_at(
            &checked,
            "aws-iam-policy-admin-access",
            address,
            resource,
            "PolicyDocument",
        );
    }
    assert!(
        !checked
            .findings
            .iter()
            .any(|f| f.resource_address == "GroupRead"),
        "{:?}",
        checked.findings
    );
}

#[test]
fn an_instance_profile_names_its_role() {
    let profile = cfn(
        "Profile",
        "AWS::IAM::InstanceProfile",
        json!({"Roles": [{"Ref": "App"}], "Path": "/"}),
    );
    let mapped = harness::mapped(std::slice::from_ref(&profile));
    assert_eq!(mapped.len(), 1);
    assert_eq!(mapped[0].resource_type, "aws_iam_instance_profile");
    let role = mapped[0]
        .get("role")
        .and_then(|v| v.as_unknown())
        .expect("a reference");
    let reference = role.reference.as_ref().expect("a reference to the role");
    assert_eq!(
        (reference.address.as_str(), reference.attribute.as_str()),
        ("App", "id")
    );
}
