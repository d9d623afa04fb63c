mod log_validation_disabled;
mod trail_not_kms_encrypted;
mod trail_single_region;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &log_validation_disabled::LogValidationDisabled,
    &trail_not_kms_encrypted::TrailNotKmsEncrypted,
    &trail_single_region::TrailSingleRegion,
];
