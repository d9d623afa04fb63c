//! Secrets Manager secrets, with the rotation and key settings that apply to them.

use driftguard_model::{Resource, ResourceMode, Tri, Value};

use super::{is_set, list_items, set_value};
use crate::context::points_at;
use crate::view::kms::is_customer_managed_key;
use crate::Context;

/// Attributes of an `aws_secretsmanager_secret` that identify it where another resource names
/// it literally (`secret_id` takes the ARN or the name).
const SECRET_IDENTITY: &[&str] = &["arn", "id", "name"];

/// An `aws_secretsmanager_secret`.
pub struct Secret<'a> {
    pub resource: &'a Resource,
}

impl<'a> Secret<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Secret { resource }
    }

    /// Whether automatic rotation is configured in this module tree: an
    /// `aws_secretsmanager_secret_rotation` whose `secret_id` names the secret (or, with
    /// provider v4 and earlier, inline `rotation_lambda_arn` / `rotation_rules`). Unknown when a
    /// rotation names a secret that cannot be identified statically.
    pub fn rotation_configured(&self, ctx: &Context<'_>) -> Tri {
        if is_set(self.resource, "rotation_lambda_arn")
            || !list_items(set_value(self.resource, "rotation_rules")).is_empty()
        {
            return Tri::True;
        }
        Tri::any(
            ctx.of_type("aws_secretsmanager_secret_rotation")
                .map(|rotation| self.named_by(ctx, set_value(rotation, "secret_id"))),
        )
    }

    /// Whether a `secret_id` value names this secret: by reference or literal ARN or name, or
    /// through a `data "aws_secretsmanager_secret"` that looks it up.
    fn named_by(&self, ctx: &Context<'_>, value: Option<&Value>) -> Tri {
        let Some(value) = value else {
            return Tri::False;
        };
        if points_at(value, self.resource, SECRET_IDENTITY) {
            return Tri::True;
        }
        match value {
            Value::String(_) => Tri::False,
            Value::Unknown(_) => match ctx.referenced(value) {
                Some((source, _))
                    if source.mode == ResourceMode::Data
                        && source.resource_type == "aws_secretsmanager_secret" =>
                {
                    // The data source looks the secret up by `arn` or `name`.
                    let key = set_value(source, "arn").or_else(|| set_value(source, "name"));
                    match key {
                        Some(key) if key.is_unknown() => Tri::Unknown,
                        Some(key) => Tri::from_bool(points_at(key, self.resource, SECRET_IDENTITY)),
                        None => Tri::Unknown,
                    }
                }
                // Another resource of this tree: not this secret.
                Some(_) => Tri::False,
                // A variable or an expression that cannot be followed.
                None => Tri::Unknown,
            },
            _ => Tri::Unknown,
        }
    }

    /// Whether the secret is encrypted with a customer managed key (`kms_key_id`); without one
    /// Secrets Manager uses the AWS managed `aws/secretsmanager` key.
    pub fn customer_managed_key(&self, ctx: &Context<'_>) -> Tri {
        is_customer_managed_key(ctx, set_value(self.resource, "kms_key_id"))
    }
}
