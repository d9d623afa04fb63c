mod backup_disabled;
mod deletion_protection_disabled;
mod iam_auth_disabled;
mod instance_public;
mod log_exports_disabled;
mod storage_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &backup_disabled::BackupDisabled,
    &deletion_protection_disabled::DeletionProtectionDisabled,
    &iam_auth_disabled::IamAuthDisabled,
    &instance_public::InstancePublic,
    &log_exports_disabled::LogExportsDisabled,
    &storage_unencrypted::StorageUnencrypted,
];
