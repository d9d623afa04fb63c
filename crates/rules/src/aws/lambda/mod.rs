//! Lambda functions, their permissions and function URLs.

mod function_environment_secret;
mod function_tracing_disabled;
mod function_url_unauthenticated;
mod permission_public;
mod permission_service_unrestricted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &function_environment_secret::FunctionEnvironmentSecret,
    &function_tracing_disabled::FunctionTracingDisabled,
    &function_url_unauthenticated::FunctionUrlUnauthenticated,
    &permission_public::PermissionPublic,
    &permission_service_unrestricted::PermissionServiceUnrestricted,
];
