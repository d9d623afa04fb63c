//! KMS keys.

use driftguard_model::{Resource, ResourceMode, Tri, Value};

use super::{flag, is_set, text_is};
use crate::Context;

/// An `aws_kms_key`.
pub struct Key<'a> {
    pub resource: &'a Resource,
}

impl<'a> Key<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Key { resource }
    }

    /// Whether KMS can rotate the key automatically: only symmetric encryption keys
    /// (`customer_master_key_spec = "SYMMETRIC_DEFAULT"`, the default) whose key material KMS
    /// generated in its own key store. Asymmetric and HMAC keys, keys in a custom key store
    /// (CloudHSM, external) cannot be rotated automatically.
    pub fn supports_automatic_rotation(&self) -> Tri {
        let symmetric = text_is(
            self.resource,
            "customer_master_key_spec",
            Some("SYMMETRIC_DEFAULT"),
            |spec| spec == "SYMMETRIC_DEFAULT",
        );
        let custom_store = is_set(self.resource, "custom_key_store_id");
        symmetric.and(Tri::from_bool(!custom_store))
    }

    /// `enable_key_rotation`, false by default.
    pub fn rotation_enabled(&self) -> Tri {
        flag(self.resource, "enable_key_rotation", false)
    }
}

/// Whether a key setting (`kms_key_id`, `kms_key_arn`, `kms_master_key_id`) names a customer
/// managed key rather than the AWS managed key of a service (`alias/aws/<service>`): a reference
/// to an `aws_kms_key` or `aws_kms_alias` resource, or a literal ARN, id or alias outside
/// `alias/aws/`. An empty string names no key.
pub fn is_customer_managed_key(ctx: &Context<'_>, value: Option<&Value>) -> Tri {
    match value {
        None | Some(Value::Null) => Tri::False,
        Some(Value::String(key)) => Tri::from_bool(is_customer_key_literal(key)),
        Some(value @ Value::Unknown(_)) => match ctx.referenced(value) {
            Some((key, _)) => match key.mode {
                ResourceMode::Managed | ResourceMode::Config => {
                    Tri::from_bool(CUSTOMER_KEY_RESOURCES.contains(&key.resource_type.as_str()))
                }
                // `data "aws_kms_key"` / `data "aws_kms_alias"`: the key it looks up.
                ResourceMode::Data => {
                    let looked_up = ["key_id", "name"]
                        .iter()
                        .find_map(|attribute| super::set_value(key, attribute));
                    match looked_up {
                        Some(Value::String(name)) => Tri::from_bool(is_customer_key_literal(name)),
                        _ => Tri::Unknown,
                    }
                }
            },
            None => Tri::Unknown,
        },
        Some(_) => Tri::Unknown,
    }
}

/// Managed resources whose attributes name a customer managed key.
const CUSTOMER_KEY_RESOURCES: &[&str] = &[
    "aws_kms_key",
    "aws_kms_alias",
    "aws_kms_replica_key",
    "aws_kms_external_key",
    "aws_kms_replica_external_key",
];

fn is_customer_key_literal(key: &str) -> bool {
    let key = key.trim();
    // `alias/aws/rds`, `arn:aws:kms:…:alias/aws/rds`: AWS managed keys.
    !key.is_empty() && !key.starts_with("alias/aws/") && !key.contains(":alias/aws/")
}
