//! CloudTrail trails, with the provider's defaults.

use driftguard_model::{Resource, Tri};

use super::logging::destination_configured;
use super::{flag, is_set, set_value};

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

    /// `enable_logging`, true by default: false stops the trail recording events.
    pub fn logging_enabled(&self) -> Tri {
        flag(self.resource, "enable_logging", true)
    }

    /// Whether the trail also delivers events to a CloudWatch Logs log group
    /// (`cloud_watch_logs_group_arn`, which needs `cloud_watch_logs_role_arn` too).
    pub fn sends_to_cloudwatch_logs(&self) -> Tri {
        destination_configured(set_value(self.resource, "cloud_watch_logs_group_arn"))
    }
}
