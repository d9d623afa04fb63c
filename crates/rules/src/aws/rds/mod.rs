mod backup_disabled;
mod deletion_protection_disabled;
mod instance_public;
mod storage_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &backup_disabled::BackupDisabled,
    &deletion_protection_disabled::DeletionProtectionDisabled,
    &instance_public::InstancePublic,
    &storage_unencrypted::StorageUnencrypted,
];
