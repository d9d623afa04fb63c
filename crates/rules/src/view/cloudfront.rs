//! CloudFront distributions: cache behaviours, viewer certificate, origins, WAF and logging.

use driftguard_model::{Resource, Tri};

use super::logging::destination_configured;
use super::{block_paths, is_set, set_value, text_is, TlsPolicies};
use crate::context::points_at;
use crate::Context;

/// An `aws_cloudfront_distribution`.
pub struct Distribution<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

/// Viewer security policies (`minimum_protocol_version`); with a custom certificate and no
/// `minimum_protocol_version`, CloudFront applies `TLSv1`.
pub const VIEWER_POLICIES: TlsPolicies = TlsPolicies {
    outdated: &["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"],
    outdated_families: &[],
    current: &[],
    current_families: &["TLSv1.2_", "TLSv1.3_"],
    default: "TLSv1",
};

/// Where the viewer security policy is set.
pub const VIEWER_POLICY: &str = "viewer_certificate.0.minimum_protocol_version";

impl<'a> Distribution<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = Distribution<'a>> + 'a {
        ctx.of_type("aws_cloudfront_distribution")
            .map(move |resource| Distribution { resource, ctx })
    }

    /// Dotted paths of the cache behaviours: the default one, then the ordered ones (the
    /// block itself when it is a `dynamic` block over an unknown collection).
    pub fn cache_behaviors(&self) -> Vec<String> {
        let mut paths = vec!["default_cache_behavior.0".to_string()];
        paths.extend(block_paths(self.resource, "ordered_cache_behavior"));
        paths
    }

    /// Dotted paths of the origins.
    pub fn origins(&self) -> Vec<String> {
        block_paths(self.resource, "origin")
    }

    /// Whether the behaviour at `path` lets viewers use plain HTTP
    /// (`viewer_protocol_policy = "allow-all"`).
    pub fn allows_http(&self, path: &str) -> Tri {
        text_is(
            self.resource,
            &format!("{path}.viewer_protocol_policy"),
            None,
            |policy| policy == "allow-all",
        )
    }

    /// Whether viewers reach the distribution under a custom domain with its own certificate
    /// (`acm_certificate_arn` or `iam_certificate_id`). The `*.cloudfront.net` certificate's
    /// security policy is fixed by CloudFront (TLSv1) and cannot be raised.
    pub fn custom_certificate(&self) -> bool {
        ["acm_certificate_arn", "iam_certificate_id"]
            .iter()
            .any(|attr| is_set(self.resource, &format!("viewer_certificate.0.{attr}")))
    }

    /// The viewer security policy ([`VIEWER_POLICY`], `TLSv1` when absent) and whether it accepts
    /// protocols older than TLS 1.2 ([`TlsPolicies::at`]).
    pub fn viewer_policy(&self) -> (&'a str, Option<Tri>) {
        VIEWER_POLICIES.at(self.resource, VIEWER_POLICY)
    }

    /// Whether a WAF web ACL is associated (`web_acl_id`: a WAFv2 ACL ARN or a WAF Classic id).
    pub fn web_acl(&self) -> Tri {
        destination_configured(set_value(self.resource, "web_acl_id"))
    }

    /// Whether standard access logs are delivered: legacy logging to S3 (`logging_config` with a
    /// bucket), or standard logging v2 through CloudWatch Logs vended log delivery (an
    /// `aws_cloudwatch_log_delivery_source` for the distribution with an
    /// `aws_cloudwatch_log_delivery` from it).
    pub fn access_logging(&self) -> Tri {
        let legacy = destination_configured(set_value(self.resource, "logging_config.0.bucket"));
        let v2 = self
            .ctx
            .of_type("aws_cloudwatch_log_delivery_source")
            .filter(|source| {
                source
                    .get("resource_arn")
                    .is_some_and(|arn| points_at(arn, self.resource, &["arn"]))
            })
            .any(|source| {
                !self
                    .ctx
                    .referring_to(
                        source,
                        "aws_cloudwatch_log_delivery",
                        "delivery_source_name",
                        &["name"],
                    )
                    .is_empty()
            });
        legacy.or(Tri::from_bool(v2))
    }

    /// Whether the origin at `path` is a custom origin that CloudFront reaches over plain HTTP
    /// only (`custom_origin_config.origin_protocol_policy = "http-only"`). S3 origins (with
    /// `s3_origin_config` or none) are reached over HTTPS.
    pub fn origin_http_only(&self, path: &str) -> Tri {
        text_is(
            self.resource,
            &format!("{path}.custom_origin_config.0.origin_protocol_policy"),
            None,
            |policy| policy == "http-only",
        )
    }
}
