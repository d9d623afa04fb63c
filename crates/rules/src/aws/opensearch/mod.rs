mod domain_at_rest_unencrypted;
mod domain_https_not_enforced;
mod domain_node_to_node_unencrypted;
mod domain_policy_public;
mod domain_tls_outdated;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &domain_at_rest_unencrypted::DomainAtRestUnencrypted,
    &domain_https_not_enforced::DomainHttpsNotEnforced,
    &domain_node_to_node_unencrypted::DomainNodeToNodeUnencrypted,
    &domain_policy_public::DomainPolicyPublic,
    &domain_tls_outdated::DomainTlsOutdated,
];
