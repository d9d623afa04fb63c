//! KMS keys and aliases, onto `aws_kms_key` and `aws_kms_alias`. A key whose material is
//! imported (`Origin: EXTERNAL`) is Terraform's `aws_kms_external_key`: KMS cannot rotate it.

use driftguard_model::Value;

use super::convert::{tags, Builder, Field, Shape};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[("AWS::KMS::Key", key), ("AWS::KMS::Alias", alias)];

const KEY: &[Field] = &[
    Field::Copy("description", "Description"),
    Field::Json("policy", "KeyPolicy"),
    Field::Copy("enable_key_rotation", "EnableKeyRotation"),
    Field::Copy("rotation_period_in_days", "RotationPeriodInDays"),
    Field::Copy("customer_master_key_spec", "KeySpec"),
    Field::Copy("key_usage", "KeyUsage"),
    Field::Copy("is_enabled", "Enabled"),
    Field::Copy("multi_region", "MultiRegion"),
    Field::Copy("deletion_window_in_days", "PendingWindowInDays"),
    Field::Copy(
        "bypass_policy_lockout_safety_check",
        "BypassPolicyLockoutSafetyCheck",
    ),
];

const KEY_SHAPES: &[(&str, Shape)] = &[
    ("enable_key_rotation", Shape::Bool),
    ("rotation_period_in_days", Shape::Number),
    ("is_enabled", Shape::Bool),
    ("multi_region", Shape::Bool),
    ("deletion_window_in_days", Shape::Number),
    ("bypass_policy_lockout_safety_check", Shape::Bool),
];

fn key(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(KEY);
    b.reshape_all(KEY_SHAPES);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let imported = matches!(b.prop("Origin"), Some(Value::String(origin)) if origin == "EXTERNAL");
    let terraform_type = if imported {
        "aws_kms_external_key"
    } else {
        "aws_kms_key"
    };
    let (attributes, spans) = b.finish();
    out.push(from, terraform_type, &from.logical_id, attributes, spans);
}

fn alias(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "AliasName"),
        Field::Copy("target_key_id", "TargetKeyId"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(from, "aws_kms_alias", &from.logical_id, attributes, spans);
}
