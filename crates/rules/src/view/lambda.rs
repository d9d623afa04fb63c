//! Lambda functions, their resource-based permissions (`aws_lambda_permission`) and function
//! URLs.

use driftguard_model::{Resource, Tri};

use super::{is_set, text_is};

/// Attributes of an `aws_lambda_permission` that turn into a condition of the function's
/// resource policy and narrow who may use it.
pub const PERMISSION_CONDITIONS: &[&str] = &[
    "source_arn",
    "source_account",
    "principal_org_id",
    "event_source_token",
];

/// Whether an `aws_lambda_permission` grants to everyone (`principal = "*"`).
pub fn permission_to_anyone(permission: &Resource) -> Tri {
    text_is(permission, "principal", None, |p| p == "*")
}

/// Whether an `aws_lambda_permission` grants to an AWS service (`s3.amazonaws.com`).
pub fn permission_to_service(permission: &Resource) -> Tri {
    text_is(permission, "principal", None, |p| {
        p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn")
    })
}

/// Whether an `aws_lambda_permission` is narrowed by a condition attribute (set to anything,
/// an unknown value included: it becomes a condition either way).
pub fn permission_conditioned(permission: &Resource) -> bool {
    PERMISSION_CONDITIONS
        .iter()
        .any(|attribute| is_set(permission, attribute))
}
