mod cache_unencrypted;
mod domain_outdated_tls_policy;
mod method_no_authorization;
mod route_no_authorization;
mod stage_access_logging_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cache_unencrypted::CacheUnencrypted,
    &domain_outdated_tls_policy::DomainOutdatedTlsPolicy,
    &method_no_authorization::MethodNoAuthorization,
    &route_no_authorization::RouteNoAuthorization,
    &stage_access_logging_disabled::StageAccessLoggingDisabled,
];
