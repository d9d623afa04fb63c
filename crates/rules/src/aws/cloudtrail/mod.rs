mod log_validation_disabled;
mod trail_cloudwatch_logs_missing;
mod trail_logging_disabled;
mod trail_not_kms_encrypted;
mod trail_single_region;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &log_validation_disabled::LogValidationDisabled,
    &trail_cloudwatch_logs_missing::TrailCloudwatchLogsMissing,
    &trail_logging_disabled::TrailLoggingDisabled,
    &trail_not_kms_encrypted::TrailNotKmsEncrypted,
    &trail_single_region::TrailSingleRegion,
];
