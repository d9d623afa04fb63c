//! KMS keys.

use driftguard_model::{Resource, Tri};

use super::{flag, is_set, text_is};

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
