//! Secrets Manager: `AWS::SecretsManager::Secret` and `AWS::SecretsManager::RotationSchedule`
//! onto `aws_secretsmanager_secret` and `aws_secretsmanager_secret_rotation`.

use super::convert::{tags, unknown, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::SecretsManager::Secret", secret),
    ("AWS::SecretsManager::RotationSchedule", rotation_schedule),
];

const SECRET: &[Field] = &[
    Field::Copy("name", "Name"),
    Field::Copy("description", "Description"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Blocks(
        "replica",
        "ReplicaRegions",
        &[
            Field::Copy("region", "Region"),
            Field::Copy("kms_key_id", "KmsKeyId"),
        ],
    ),
];

fn secret(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(SECRET);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_secretsmanager_secret",
        &from.logical_id,
        attributes,
        spans,
    );
}

const ROTATION: &[Field] = &[
    Field::Copy("secret_id", "SecretId"),
    Field::Copy("rotation_lambda_arn", "RotationLambdaARN"),
    Field::Copy("rotate_immediately", "RotateImmediatelyOnUpdate"),
    Field::Block(
        "rotation_rules",
        "RotationRules",
        &[
            Field::Copy("automatically_after_days", "AutomaticallyAfterDays"),
            Field::Copy("duration", "Duration"),
            Field::Copy("schedule_expression", "ScheduleExpression"),
        ],
    ),
];

fn rotation_schedule(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(ROTATION);
    // A hosted rotation function is created by the `AWS::SecretsManager-2020-07-23` transform.
    if b.prop("RotationLambdaARN").is_none() && b.prop("HostedRotationLambda").is_some() {
        b.set(
            "rotation_lambda_arn",
            unknown("the hosted rotation function is created at deployment"),
            "HostedRotationLambda",
        );
    }
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_secretsmanager_secret_rotation",
        &from.logical_id,
        attributes,
        spans,
    );
}
