mod access_logs_disabled;
mod alb_invalid_headers_not_dropped;
mod deletion_protection_disabled;
mod listener_http_not_redirected;
mod listener_outdated_tls_policy;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &access_logs_disabled::AccessLogsDisabled,
    &alb_invalid_headers_not_dropped::AlbInvalidHeadersNotDropped,
    &deletion_protection_disabled::DeletionProtectionDisabled,
    &listener_http_not_redirected::ListenerHttpNotRedirected,
    &listener_outdated_tls_policy::ListenerOutdatedTlsPolicy,
];
