mod logging_disabled;
mod origin_http_only;
mod viewer_http_allowed;
mod viewer_outdated_tls_policy;
mod waf_missing;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &logging_disabled::LoggingDisabled,
    &origin_http_only::OriginHttpOnly,
    &viewer_http_allowed::ViewerHttpAllowed,
    &viewer_outdated_tls_policy::ViewerOutdatedTlsPolicy,
    &waf_missing::WafMissing,
];
