//! Secrets Manager secrets and rotation schedules from CloudFormation, checked by their rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, inconclusive, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

#[test]
fn secrets_without_a_customer_key_or_rotation_fail() {
    let bad = cfn(
        "Bad",
        "AWS::SecretsManager::Secret",
        json!({"GenerateSecretString": {"PasswordLength": 32}}),
    );
    let aws_key = cfn(
        "AwsKey",
        "AWS::SecretsManager::Secret",
        json!({"KmsKeyId": "alias/aws/secretsmanager"}),
    );
    let checked = scan(&[bad.clone(), aws_key.clone()]);
    fires_on_resource(
        &checked,
        "aws-secretsmanager-secret-not-cmk-encrypted",
        "Bad",
        &bad,
    );
    fires_on_resource(
        &checked,
        "aws-secretsmanager-secret-rotation-disabled",
        "Bad",
        &bad,
    );
    fires_at(
        &checked,
        "aws-secretsmanager-secret-not-cmk-encrypted",
        "AwsKey",
        &aws_key,
        "KmsKeyId",
    );
}

#[test]
fn rotation_schedules_name_their_secret() {
    let rotated = cfn(
        "Rotated",
        "AWS::SecretsManager::Secret",
        json!({"KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:alias/app"}),
    );
    let schedule = cfn(
        "Rotation",
        "AWS::SecretsManager::RotationSchedule",
        json!({
            "SecretId": {"Ref": "Rotated"},
            "RotationLambdaARN": {"Fn::GetAtt": ["Rotator", "Arn"]},
            "RotationRules": {"AutomaticallyAfterDays": 30}
        }),
    );
    let hosted = cfn(
        "Hosted",
        "AWS::SecretsManager::Secret",
        json!({"KmsKeyId": {"Ref": "KeyParameter"}}),
    );
    let hosted_schedule = cfn(
        "HostedRotation",
        "AWS::SecretsManager::RotationSchedule",
        json!({
            "SecretId": {"Ref": "Hosted"},
            "HostedRotationLambda": {"RotationType": "PostgreSQLSingleUser"},
            "RotationRules": {"ScheduleExpression": "rate(30 days)"}
        }),
    );
    let checked = scan(&[rotated, schedule, hosted, hosted_schedule]);
    for address in ["Rotated", "Hosted"] {
        clean(
            &checked,
            "aws-secretsmanager-secret-rotation-disabled",
            address,
        );
    }
    clean(
        &checked,
        "aws-secretsmanager-secret-not-cmk-encrypted",
        "Rotated",
    );
    // A key given by a parameter without a default is not known statically.
    inconclusive(
        &checked,
        "aws-secretsmanager-secret-not-cmk-encrypted",
        "Hosted",
    );
}
