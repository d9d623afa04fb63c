//! OpenSearch and (legacy) Elasticsearch domains, with the provider's and the API's defaults.

use driftguard_model::{Resource, Tri, Value};

use super::{flag, has_items, set_value, text_is};
use crate::Context;

/// The domain resource types, with the separate policy resource of each.
pub const DOMAIN_TYPES: &[(&str, &str)] = &[
    ("aws_opensearch_domain", "aws_opensearch_domain_policy"),
    (
        "aws_elasticsearch_domain",
        "aws_elasticsearch_domain_policy",
    ),
];

/// The TLS security policy that still accepts TLS 1.0 and 1.1.
pub const OUTDATED_TLS_POLICY: &str = "Policy-Min-TLS-1-0-2019-07";

/// An `aws_opensearch_domain` or `aws_elasticsearch_domain`.
pub struct Domain<'a> {
    pub resource: &'a Resource,
    policy_type: &'static str,
}

impl<'a> Domain<'a> {
    /// Every domain of the module tree, of both types.
    pub fn all(ctx: &Context<'a>) -> Vec<Domain<'a>> {
        DOMAIN_TYPES
            .iter()
            .flat_map(|(domain_type, policy_type)| {
                ctx.of_type(domain_type).map(|resource| Domain {
                    resource,
                    policy_type,
                })
            })
            .collect()
    }

    /// `encrypt_at_rest.enabled`; without the block, encryption at rest is off.
    pub fn encrypted_at_rest(&self) -> Tri {
        flag(self.resource, "encrypt_at_rest.0.enabled", false)
    }

    /// `node_to_node_encryption.enabled`; without the block, it is off.
    pub fn node_to_node_encryption(&self) -> Tri {
        flag(self.resource, "node_to_node_encryption.0.enabled", false)
    }

    /// Whether the endpoint requires HTTPS: `domain_endpoint_options.enforce_https`, which the
    /// provider defaults to true inside the block; without the block the provider sends no
    /// endpoint options and the domain accepts plain HTTP.
    pub fn enforces_https(&self) -> Tri {
        match set_value(self.resource, "domain_endpoint_options") {
            None => Tri::False,
            Some(Value::List(blocks)) if blocks.is_empty() => Tri::False,
            Some(_) => flag(
                self.resource,
                "domain_endpoint_options.0.enforce_https",
                true,
            ),
        }
    }

    /// Whether the HTTPS endpoint still accepts TLS 1.0 and 1.1: an explicit
    /// `tls_security_policy = "Policy-Min-TLS-1-0-2019-07"`. An absent policy is not decided
    /// here: the one AWS applies has changed over time.
    pub fn tls_outdated(&self) -> Tri {
        text_is(
            self.resource,
            "domain_endpoint_options.0.tls_security_policy",
            None,
            |p| p == OUTDATED_TLS_POLICY,
        )
    }

    /// Whether the domain lives in a VPC (`vpc_options` with subnets): its endpoint then has
    /// only private addresses.
    pub fn in_vpc(&self) -> Tri {
        match set_value(self.resource, "vpc_options") {
            None => Tri::False,
            Some(Value::List(blocks)) if blocks.is_empty() => Tri::False,
            Some(value) if value.is_unknown() => Tri::Unknown,
            Some(_) => has_items(set_value(self.resource, "vpc_options.0.subnet_ids")),
        }
    }

    /// Whether fine-grained access control authenticates every request: enabled, without
    /// anonymous access.
    pub fn fine_grained_access_control(&self) -> Tri {
        let enabled = flag(self.resource, "advanced_security_options.0.enabled", false);
        let anonymous = flag(
            self.resource,
            "advanced_security_options.0.anonymous_auth_enabled",
            false,
        );
        enabled.and(anonymous.negate())
    }

    /// Where the domain's access policy is declared: the inline `access_policies` and the
    /// separate `aws_opensearch_domain_policy` / `aws_elasticsearch_domain_policy` resources
    /// that name the domain, as (resource, attribute path) pairs.
    pub fn access_policy_holders(&self, ctx: &Context<'a>) -> Vec<(&'a Resource, &'static str)> {
        let mut holders = vec![(self.resource, "access_policies")];
        holders.extend(
            ctx.referring_to(
                self.resource,
                self.policy_type,
                "domain_name",
                &["domain_name"],
            )
            .into_iter()
            .map(|policy| (policy, "access_policies")),
        );
        holders
    }
}
