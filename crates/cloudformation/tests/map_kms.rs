//! KMS keys and aliases from CloudFormation, checked by the KMS rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, quiet, scan};
use serde_json::{json, Value as Json};

const KEY: &str = "AWS::KMS::Key";

fn key_policy(principal: Json, condition: Option<Json>) -> Json {
    let mut statement = json!({
        "Sid": "Use", "Effect": "Allow", "Principal": principal,
        "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"
    });
    if let Some(condition) = condition {
        statement["Condition"] = condition;
    }
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Admin", "Effect": "Allow",
         "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
         "Action": "kms:*", "Resource": "*"},
        statement
    ]})
}

#[test]
fn keys_must_rotate_unless_they_cannot() {
    let plain = cfn("Plain", KEY, json!({}));
    let off = cfn("Off", KEY, json!({"EnableKeyRotation": "false"}));
    let on = cfn("On", KEY, json!({"EnableKeyRotation": true}));
    // Asymmetric keys and imported key material cannot rotate automatically.
    let signing = cfn(
        "Signing",
        KEY,
        json!({"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"}),
    );
    let imported = cfn("Imported", KEY, json!({"Origin": "EXTERNAL"}));
    let checked = scan(&[plain.clone(), off.clone(), on, signing, imported]);
    let rule = "aws-kms-key-rotation-disabled";
    fires_on_resource(&checked, rule, "Plain", &plain);
    fires_at(&checked, rule, "Off", &off, "EnableKeyRotation");
    assert_eq!(harness::findings(&checked, rule).len(), 2);
}

#[test]
fn key_policies_open_to_everyone_fire() {
    let public = cfn(
        "Public",
        KEY,
        json!({"EnableKeyRotation": true, "KeyPolicy": key_policy(json!("*"), None)}),
    );
    let checked = scan(std::slice::from_ref(&public));
    fires_at(
        &checked,
        "aws-kms-key-policy-public",
        "Public",
        &public,
        "KeyPolicy",
    );

    let caller_account = cfn(
        "Scoped",
        KEY,
        json!({"EnableKeyRotation": true, "KeyPolicy": key_policy(
            json!({"AWS": "*"}),
            Some(json!({"StringEquals": {"kms:CallerAccount": "123456789012"}}))
        )}),
    );
    let role = cfn(
        "Role",
        KEY,
        json!({"EnableKeyRotation": true, "KeyPolicy": key_policy(json!({"AWS": "arn:aws:iam::123456789012:role/app"}), None)}),
    );
    let alias = cfn(
        "Alias",
        "AWS::KMS::Alias",
        json!({"AliasName": "alias/app", "TargetKeyId": {"Ref": "Role"}}),
    );
    let checked = scan(&[caller_account, role, alias]);
    quiet(&checked, "aws-kms-key-policy-public");
    quiet(&checked, "aws-kms-key-rotation-disabled");
}

#[test]
fn keys_read_as_terraform_state() {
    let key = cfn(
        "Key",
        KEY,
        json!({"EnableKeyRotation": "true", "KeySpec": "SYMMETRIC_DEFAULT", "PendingWindowInDays": "7",
               "KeyPolicy": key_policy(json!({"AWS": "arn:aws:iam::123456789012:role/app"}), None)}),
    );
    let resources = harness::mapped(&[key]);
    let key = &resources[0];
    assert_eq!(key.resource_type, "aws_kms_key");
    assert_eq!(
        key.get("enable_key_rotation"),
        Some(&driftguard_model::Value::Bool(true))
    );
    assert_eq!(
        key.get("deletion_window_in_days"),
        Some(&driftguard_model::Value::Number(7.0))
    );
    assert_eq!(
        key.get("customer_master_key_spec").and_then(|v| v.as_str()),
        Some("SYMMETRIC_DEFAULT")
    );
    // The account id is known only at deployment: the policy is an encoding with unknown parts.
    assert!(key
        .get("policy")
        .unwrap()
        .as_unknown()
        .unwrap()
        .encodes
        .is_some());
}
