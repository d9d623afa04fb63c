mod account_public_access_block_disabled;
mod bucket_audit_logs_deletable;
mod bucket_encryption_not_cmk;
mod bucket_encryption_not_configured;
mod bucket_logging_disabled;
mod bucket_policy_public;
mod bucket_public_access_block_missing;
mod bucket_public_access_not_blocked;
mod bucket_public_read_acl;
mod bucket_public_write_acl;
mod bucket_tls_not_enforced;
mod bucket_versioning;
mod object_public_acl;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &account_public_access_block_disabled::AccountPublicAccessBlockDisabled,
    &bucket_audit_logs_deletable::BucketAuditLogsDeletable,
    &bucket_encryption_not_cmk::BucketEncryptionNotCmk,
    &bucket_encryption_not_configured::BucketEncryptionNotConfigured,
    &bucket_logging_disabled::BucketLoggingDisabled,
    &bucket_policy_public::BucketPolicyPublic,
    &bucket_public_access_block_missing::BucketPublicAccessBlockMissing,
    &bucket_public_access_not_blocked::BucketPublicAccessNotBlocked,
    &bucket_public_read_acl::BucketPublicReadAcl,
    &bucket_public_write_acl::BucketPublicWriteAcl,
    &bucket_tls_not_enforced::BucketTlsNotEnforced,
    &bucket_versioning::BucketVersioning,
    &object_public_acl::ObjectPublicAcl,
];
