//! CloudTrail trails, with the provider's defaults.

use driftguard_model::{Resource, Tri};

use super::{flag, is_set};

/// An `aws_cloudtrail`.
pub struct Trail<'a> {
    pub resource: &'a Resource,
}

impl<'a> Trail<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Trail { resource }
    }

    /// `is_multi_region_trail`, false by default in Terraform (unlike the console).
    pub fn multi_region(&self) -> Tri {
        flag(self.resource, "is_multi_region_trail", false)
    }

    /// `enable_log_file_validation`, false by default.
    pub fn log_file_validation(&self) -> Tri {
        flag(self.resource, "enable_log_file_validation", false)
    }

    /// Whether log files are encrypted with a KMS key (`kms_key_id`); without one CloudTrail
    /// uses SSE-S3 only.
    pub fn kms_encrypted(&self) -> Tri {
        Tri::from_bool(is_set(self.resource, "kms_key_id"))
    }
}
