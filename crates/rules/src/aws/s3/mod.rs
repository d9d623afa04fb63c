mod bucket_encryption_not_configured;
mod bucket_logging_disabled;
mod bucket_public_access_block_missing;
mod bucket_public_access_not_blocked;
mod bucket_public_read_acl;
mod bucket_public_write_acl;
mod bucket_versioning;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &bucket_encryption_not_configured::BucketEncryptionNotConfigured,
    &bucket_logging_disabled::BucketLoggingDisabled,
    &bucket_public_access_block_missing::BucketPublicAccessBlockMissing,
    &bucket_public_access_not_blocked::BucketPublicAccessNotBlocked,
    &bucket_public_read_acl::BucketPublicReadAcl,
    &bucket_public_write_acl::BucketPublicWriteAcl,
    &bucket_versioning::BucketVersioning,
];
