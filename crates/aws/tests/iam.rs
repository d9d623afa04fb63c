//! IAM collectors against the moto server: normalised attributes, and exact drift against a
//! Terraform v4 state after out-of-band changes.

mod common;

use common::{attrs, declared, failures, find};

use aws_sdk_iam::types::Tag;
use common::Moto;
use driftguard_aws::LiveConfig;
use driftguard_drift::{DiffOptions, DriftReport};
use serde_json::{json, Value as Json};

const ACCOUNT: &str = "123456789012";

/// Sent to IAM pretty-printed, keys unsorted, one-element arrays…
const READ_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*" } ]
}"#;
/// …and as `jsonencode` writes it into state: compact, keys sorted, scalars.
const READ_POLICY_STATE: &str = r#"{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#;
const DEPLOY_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:UpdateService", "ecs:DescribeServices"], "Resource": "*"}]}"#;
const DEPLOY_POLICY_STATE: &str = r#"{"Statement":[{"Action":["ecs:DescribeServices","ecs:UpdateService"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#;
const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}"#;
const TRUST_POLICY_STATE: &str = r#"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}"#;
const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// What the set-up created and the state needs.
struct Created {
    deploy_arn: String,
    alice_key: String,
}

/// The declared infrastructure, created through the SDK as `terraform apply` would.
async fn create(iam: &aws_sdk_iam::Client) -> Created {
    iam.create_user()
        .user_name("alice")
        .path("/eng/")
        .tags(Tag::builder().key("team").value("a").build().unwrap())
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("bob").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("s3-read")
        .policy_document(READ_POLICY)
        .send()
        .await
        .unwrap();
    let deploy_arn = iam
        .create_policy()
        .policy_name("deploy")
        .description("deploy services")
        .policy_document(DEPLOY_POLICY)
        .send()
        .await
        .unwrap()
        .policy()
        .and_then(|p| p.arn())
        .unwrap()
        .to_string();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(&deploy_arn)
        .send()
        .await
        .unwrap();
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("s3-read")
        .policy_document(READ_POLICY)
        .send()
        .await
        .unwrap();
    iam.create_role()
        .role_name("app")
        .assume_role_policy_document(TRUST_POLICY)
        .description("app servers")
        .max_session_duration(7200)
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("app")
        .policy_name("s3-read")
        .policy_document(READ_POLICY)
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("app")
        .policy_arn(&deploy_arn)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("app")
        .send()
        .await
        .unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("app")
        .role_name("app")
        .send()
        .await
        .unwrap();
    let alice_key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key()
        .unwrap()
        .access_key_id()
        .to_string();
    iam.create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-42")
        .password_reset_required(true)
        .send()
        .await
        .unwrap();
    // moto ignores PasswordResetRequired on create (IAM does not); UpdateLoginProfile sets it.
    iam.update_login_profile()
        .user_name("alice")
        .password("Correct-Horse-42")
        .password_reset_required(true)
        .send()
        .await
        .unwrap();
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .max_password_age(90)
        .password_reuse_prevention(5)
        .send()
        .await
        .unwrap();
    Created {
        deploy_arn,
        alice_key,
    }
}

#[tokio::test]
async fn collectors_normalise_to_the_state_schema() {
    let moto = Moto::start();
    let created = create(&moto.iam()).await;
    let scan = common::scan(&moto.live_config()).await;

    assert_eq!(failures(&scan, |_| true), Vec::new());
    let global: Vec<&str> = scan
        .coverage
        .scanned
        .iter()
        .filter(|s| s.region == "global")
        .map(|s| s.resource_type.as_str())
        .collect();
    assert_eq!(global, driftguard_aws::iam::TYPES);
    let live = &scan.resources;

    let alice = attrs(find(live, "aws_iam_user", "alice"));
    assert_eq!(alice["name"], "alice");
    assert_eq!(alice["path"], "/eng/");
    assert_eq!(
        alice["arn"],
        format!("arn:aws:iam::{ACCOUNT}:user/eng/alice")
    );
    assert_eq!(alice["tags"], json!({"team": "a"}));
    assert_eq!(alice["tags_all"], json!({"team": "a"}));

    assert_eq!(attrs(find(live, "aws_iam_group", "devs"))["path"], "/");
    let membership = attrs(find(live, "aws_iam_user_group_membership", "alice"));
    assert_eq!(
        membership,
        json!({"id": "alice", "user": "alice", "groups": ["devs"]})
    );
    let members = attrs(find(live, "aws_iam_group_membership", "devs"));
    assert_eq!(members["users"], json!(["alice"]));
    assert_eq!(members["group"], "devs");

    // Inline policies: id `principal:name`, document URL-decoded.
    for (t, id) in [
        ("aws_iam_user_policy", "alice:s3-read"),
        ("aws_iam_group_policy", "devs:s3-read"),
        ("aws_iam_role_policy", "app:s3-read"),
    ] {
        let policy = attrs(find(live, t, id));
        let text = policy["policy"].as_str().unwrap();
        assert!(!text.contains('%'), "{t} {id}: still encoded: {text}");
        assert_eq!(
            driftguard_drift::canonical_policy(text),
            driftguard_drift::canonical_policy(READ_POLICY)
        );
        assert_eq!(policy["name"], "s3-read");
    }

    let deploy = attrs(find(live, "aws_iam_policy", &created.deploy_arn));
    assert_eq!(deploy["name"], "deploy");
    assert_eq!(deploy["description"], "deploy services");
    assert_eq!(
        driftguard_drift::canonical_policy(deploy["policy"].as_str().unwrap()),
        driftguard_drift::canonical_policy(DEPLOY_POLICY_STATE)
    );
    let attachment = attrs(find(
        live,
        "aws_iam_group_policy_attachment",
        &format!("devs/{}", created.deploy_arn),
    ));
    assert_eq!(attachment["group"], "devs");
    assert_eq!(attachment["policy_arn"], created.deploy_arn.as_str());
    find(
        live,
        "aws_iam_role_policy_attachment",
        &format!("app/{}", created.deploy_arn),
    );

    let role = attrs(find(live, "aws_iam_role", "app"));
    assert_eq!(role["description"], "app servers");
    assert_eq!(role["max_session_duration"], 7200.0);
    assert_eq!(
        driftguard_drift::canonical_policy(role["assume_role_policy"].as_str().unwrap()),
        driftguard_drift::canonical_policy(TRUST_POLICY_STATE)
    );
    assert_eq!(
        attrs(find(live, "aws_iam_instance_profile", "app"))["role"],
        "app"
    );

    let key = attrs(find(live, "aws_iam_access_key", &created.alice_key));
    assert_eq!(key["user"], "alice");
    assert_eq!(key["status"], "Active");
    assert!(key["create_date"]
        .as_str()
        .is_some_and(|d| d.ends_with('Z')));
    assert!(key.get("secret").is_none() && key.get("ses_smtp_password_v4").is_none());

    let login = attrs(find(live, "aws_iam_user_login_profile", "alice"));
    assert_eq!(
        login,
        json!({"id": "alice", "user": "alice", "password_reset_required": true})
    );
    let pp = attrs(find(
        live,
        "aws_iam_account_password_policy",
        "iam-account-password-policy",
    ));
    assert_eq!(pp["minimum_password_length"], 14.0);
    assert_eq!(pp["require_symbols"], true);
    assert_eq!(pp["password_reuse_prevention"], 5.0);

    // aws_iam_group is built from ListGroups: GetGroup is only called for the members.
    assert_eq!(scan.stats.by_operation()[&("iam", "GetGroup")], 1);
    // Every call counted, per service.
    assert!(scan.stats.by_service()["iam"] >= 16);
    assert!(scan.stats.render().contains("ListUsers: 1"));
}

/// The state terraform-provider-aws would write for [`create`].
fn state(created: &Created) -> Json {
    let deploy = &created.deploy_arn;
    let arn =
        |kind: &str, path: &str, name: &str| format!("arn:aws:iam::{ACCOUNT}:{kind}{path}{name}");
    json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 12, "lineage": "5d1e",
        "outputs": {},
        "resources": [
            instance("aws_iam_user", "alice", json!({
                "id": "alice", "name": "alice", "path": "/eng/", "arn": arn("user", "/eng/", "alice"),
                "force_destroy": false, "permissions_boundary": "", "tags": {"team": "a"},
                "tags_all": {"team": "a"}, "unique_id": "AIDAEXAMPLE1"})),
            instance("aws_iam_user", "bob", json!({
                "id": "bob", "name": "bob", "path": "/", "arn": arn("user", "/", "bob"),
                "force_destroy": false, "permissions_boundary": "", "tags": null, "tags_all": {},
                "unique_id": "AIDAEXAMPLE2"})),
            instance("aws_iam_group", "devs", json!({
                "id": "devs", "name": "devs", "path": "/", "arn": arn("group", "/", "devs"),
                "unique_id": "AGPAEXAMPLE1"})),
            instance("aws_iam_user_group_membership", "alice", json!({
                "id": "terraform-20261122093000000000000001", "user": "alice", "groups": ["devs"]})),
            instance("aws_iam_group_membership", "devs", json!({
                "id": "devs-members", "name": "devs-members", "group": "devs", "users": ["alice"]})),
            instance("aws_iam_user_policy", "alice_read", json!({
                "id": "alice:s3-read", "name": "s3-read", "name_prefix": "", "user": "alice",
                "policy": READ_POLICY_STATE})),
            instance("aws_iam_group_policy", "devs_read", json!({
                "id": "devs:s3-read", "name": "s3-read", "name_prefix": "", "group": "devs",
                "policy": READ_POLICY_STATE})),
            instance("aws_iam_role_policy", "app_read", json!({
                "id": "app:s3-read", "name": "s3-read", "name_prefix": "", "role": "app",
                "policy": READ_POLICY_STATE})),
            instance("aws_iam_policy", "deploy", json!({
                "id": deploy, "arn": deploy, "name": "deploy", "name_prefix": "", "path": "/",
                "description": "deploy services", "policy": DEPLOY_POLICY_STATE,
                "policy_id": "ANPAEXAMPLE1", "attachment_count": 2, "tags": null, "tags_all": {}})),
            instance("aws_iam_group_policy_attachment", "devs_deploy", json!({
                "id": "devs-20261122093000000000000002", "group": "devs", "policy_arn": deploy})),
            instance("aws_iam_role_policy_attachment", "app_deploy", json!({
                "id": "app-20261122093000000000000003", "role": "app", "policy_arn": deploy})),
            instance("aws_iam_role", "app", json!({
                "id": "app", "name": "app", "name_prefix": "", "path": "/", "arn": arn("role", "/", "app"),
                "assume_role_policy": TRUST_POLICY_STATE, "description": "app servers",
                "max_session_duration": 7200, "force_detach_policies": false,
                "create_date": "2026-11-22T09:30:00Z", "inline_policy": [{"name": "s3-read", "policy": READ_POLICY_STATE}],
                "managed_policy_arns": [deploy], "permissions_boundary": "", "tags": null, "tags_all": {},
                "unique_id": "AROAEXAMPLE1"})),
            instance("aws_iam_instance_profile", "app", json!({
                "id": "app", "name": "app", "name_prefix": "", "path": "/", "role": "app",
                "arn": arn("instance-profile", "/", "app"), "create_date": "2026-11-22T09:30:00Z",
                "tags": null, "tags_all": {}, "unique_id": "AIPAEXAMPLE1"})),
            instance("aws_iam_access_key", "alice", json!({
                "id": created.alice_key, "user": "alice", "status": "Active",
                "create_date": "2026-11-22T09:30:00Z", "encrypted_secret": null,
                "encrypted_ses_smtp_password_v4": null, "key_fingerprint": null, "pgp_key": null,
                "secret": null, "ses_smtp_password_v4": null})),
            instance("aws_iam_user_login_profile", "alice", json!({
                "id": "alice", "user": "alice", "password_reset_required": true, "password_length": 20,
                "encrypted_password": null, "key_fingerprint": null, "password": null, "pgp_key": null})),
            instance("aws_iam_account_password_policy", "strict", json!({
                "id": "iam-account-password-policy", "allow_users_to_change_password": true,
                "expire_passwords": true, "hard_expiry": false, "max_password_age": 90,
                "minimum_password_length": 14, "password_reuse_prevention": 5,
                "require_lowercase_characters": true, "require_numbers": true,
                "require_symbols": true, "require_uppercase_characters": true})),
        ]
    })
}

#[tokio::test]
async fn out_of_band_iam_changes_are_exact_drift() {
    let moto = Moto::start();
    let iam = moto.iam();
    let created = create(&iam).await;
    let declared = declared(&state(&created));

    // Untouched: zero drift, although IAM re-serialised (and URL-encoded) every document.
    let report = common::drift(
        &moto.live_config(),
        &declared,
        |_| true,
        &DiffOptions::default(),
    )
    .await;
    assert_eq!(lines(&report), Vec::<String>::new());
    assert!(report.complete);
    assert_eq!(report.summary.managed, declared.len());

    // Out of band: an admin policy on alice, bob into devs, a shadow user with a key, the
    // deploy policy widened.
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(ADMIN)
        .send()
        .await
        .unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("shadow").send().await.unwrap();
    let shadow_key = iam
        .create_access_key()
        .user_name("shadow")
        .send()
        .await
        .unwrap()
        .access_key()
        .unwrap()
        .access_key_id()
        .to_string();
    iam.create_policy_version()
        .policy_arn(&created.deploy_arn)
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#)
        .set_as_default(true)
        .send()
        .await
        .unwrap();

    let report = common::drift(
        &moto.live_config(),
        &declared,
        |_| true,
        &DiffOptions::default(),
    )
    .await;
    let deploy = &created.deploy_arn;
    assert_eq!(
        lines(&report),
        vec![
            "changed aws_iam_group_membership devs users.1 ADD - -> \"bob\"".to_string(),
            format!(
                "changed aws_iam_policy {deploy} policy.Statement.0.Action NOT_EQUAL \
                 [\"ecs:DescribeServices\",\"ecs:UpdateService\"] -> \"ecs:*\""
            ),
            format!("unmanaged aws_iam_access_key {shadow_key}"),
            "unmanaged aws_iam_user shadow".to_string(),
            "unmanaged aws_iam_user_group_membership bob".to_string(),
            format!("unmanaged aws_iam_user_policy_attachment alice/{ADMIN}"),
        ]
    );
}

#[tokio::test]
async fn failures_are_not_scanned_never_missing() {
    let moto = Moto::start();
    let created = create(&moto.iam()).await;
    let declared = declared(&state(&created));
    let config = moto.faulty_live_config(vec![
        ("Action=ListRoles&", 403, "AccessDenied"),
        ("Action=ListAccessKeys&", 500, "InternalFailure"),
    ]);
    let scan = common::scan(&config).await;

    let failures = failures(&scan, |_| true);
    let failed: Vec<(&str, &str)> = failures
        .iter()
        .map(|(t, _, error)| (t.as_str(), error.as_str()))
        .collect();
    let denied = "iam:ListRoles failed: AccessDenied: injected by the test proxy";
    assert_eq!(
        failed,
        vec![
            (
                "aws_iam_access_key",
                "iam:ListAccessKeys failed: InternalFailure: injected by the test proxy"
            ),
            ("aws_iam_role", denied),
            ("aws_iam_role_policy", denied),
            ("aws_iam_role_policy_attachment", denied),
        ]
    );
    // Each 500 was retried (adaptive retry, 2 attempts) before giving up, and counted as one
    // call: at most one per user (alice and bob; the type stops at its first failure, so the
    // second user's call may not have started).
    let calls = scan.stats.by_operation()[&("iam", "ListAccessKeys")];
    assert!((1..=2).contains(&calls), "{calls} ListAccessKeys calls");

    common::assert_fail_safe(
        &declared,
        &scan,
        |_| true,
        &DiffOptions::default(),
        &[
            "aws_iam_access_key.alice",
            "aws_iam_role.app",
            "aws_iam_role_policy.app_read",
            "aws_iam_role_policy_attachment.app_deploy",
        ],
    );
}

#[tokio::test]
async fn every_list_call_is_paginated() {
    let moto = Moto::start();
    let iam = moto.iam();
    for i in 0..105 {
        iam.create_role()
            .role_name(format!("r{i:03}"))
            .assume_role_policy_document(TRUST_POLICY)
            .send()
            .await
            .unwrap();
    }
    let scan = common::scan(&moto.live_config()).await;
    let roles = scan
        .resources
        .iter()
        .filter(|r| r.resource_type == "aws_iam_role")
        .count();
    assert_eq!(roles, 105);
    // IAM's default page is 100 items: two ListRoles pages.
    assert_eq!(scan.stats.by_operation()[&("iam", "ListRoles")], 2);
}

#[tokio::test]
async fn collects_through_an_assumed_role() {
    let moto = Moto::start();
    let iam = moto.iam();
    let role_arn = iam
        .create_role()
        .role_name("auditor")
        .assume_role_policy_document(TRUST_POLICY)
        .send()
        .await
        .unwrap()
        .role()
        .unwrap()
        .arn()
        .to_string();
    let config = LiveConfig {
        role_arn: Some(role_arn),
        ..moto.live_config()
    };
    let scan = common::scan(&config).await;
    assert_eq!(failures(&scan, |_| true), Vec::new());
    find(&scan.resources, "aws_iam_role", "auditor");
}

fn instance(resource_type: &str, name: &str, attributes: Json) -> Json {
    common::state_instance(resource_type, name, 0, attributes)
}

fn lines(report: &DriftReport) -> Vec<String> {
    common::drift_lines(report, |_| true)
}
