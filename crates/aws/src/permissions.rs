//! The IAM actions the live side needs: the read-only policy documented in
//! `docs/aws-read-only-policy.json`, checked against the calls the tests really make.

/// The IAM action that authorises an API call. Mostly `service:Operation`; S3 names some
/// actions differently from its operations.
pub fn iam_action(service: &str, operation: &str) -> String {
    let renamed = match (service, operation) {
        ("s3", "ListBuckets") => Some("ListAllMyBuckets"),
        ("s3", "ListObjectsV2") => Some("ListBucket"),
        ("s3", "GetBucketEncryption") => Some("GetEncryptionConfiguration"),
        ("s3", "GetPublicAccessBlock") => Some("GetBucketPublicAccessBlock"),
        ("s3", "GetObjectLockConfiguration") => Some("GetBucketObjectLockConfiguration"),
        ("s3", "GetBucketLifecycleConfiguration") => Some("GetLifecycleConfiguration"),
        _ => None,
    };
    format!("{service}:{}", renamed.unwrap_or(operation))
}

/// Calls that need no permission (STS `GetCallerIdentity` works for any principal).
pub fn needs_no_permission(service: &str, operation: &str) -> bool {
    (service, operation) == ("sts", "GetCallerIdentity")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_actions_follow_the_authorization_reference() {
        assert_eq!(iam_action("s3", "ListBuckets"), "s3:ListAllMyBuckets");
        assert_eq!(
            iam_action("s3", "GetBucketEncryption"),
            "s3:GetEncryptionConfiguration"
        );
        assert_eq!(iam_action("iam", "ListUsers"), "iam:ListUsers");
    }
}
