//! CloudFront: `AWS::CloudFront::Distribution` onto `aws_cloudfront_distribution`, and the
//! CloudWatch Logs vended log delivery that carries standard logging v2
//! (`AWS::Logs::DeliverySource`, `AWS::Logs::Delivery`).

use driftguard_model::Value;

use super::convert::{reference, tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::CloudFront::Distribution", distribution),
    ("AWS::Logs::DeliverySource", delivery_source),
    ("AWS::Logs::Delivery", delivery),
];

const BEHAVIOR: &[Field] = &[
    Field::Copy("path_pattern", "PathPattern"),
    Field::Copy("target_origin_id", "TargetOriginId"),
    Field::Copy("viewer_protocol_policy", "ViewerProtocolPolicy"),
    Field::Copy("allowed_methods", "AllowedMethods"),
    Field::Copy("cached_methods", "CachedMethods"),
    Field::Copy("cache_policy_id", "CachePolicyId"),
    Field::Copy("origin_request_policy_id", "OriginRequestPolicyId"),
    Field::Copy("response_headers_policy_id", "ResponseHeadersPolicyId"),
    Field::Copy("compress", "Compress"),
    Field::Copy("field_level_encryption_id", "FieldLevelEncryptionId"),
];

const DISTRIBUTION: &[Field] = &[
    Field::Copy("enabled", "DistributionConfig.Enabled"),
    Field::Copy("aliases", "DistributionConfig.Aliases"),
    Field::Copy("comment", "DistributionConfig.Comment"),
    Field::Copy(
        "default_root_object",
        "DistributionConfig.DefaultRootObject",
    ),
    Field::Copy("http_version", "DistributionConfig.HttpVersion"),
    Field::Copy("is_ipv6_enabled", "DistributionConfig.IPV6Enabled"),
    Field::Copy("price_class", "DistributionConfig.PriceClass"),
    Field::Copy("web_acl_id", "DistributionConfig.WebACLId"),
    Field::Block(
        "viewer_certificate",
        "DistributionConfig.ViewerCertificate",
        &[
            Field::Copy("acm_certificate_arn", "AcmCertificateArn"),
            Field::Copy("iam_certificate_id", "IamCertificateId"),
            Field::Copy(
                "cloudfront_default_certificate",
                "CloudFrontDefaultCertificate",
            ),
            Field::Copy("minimum_protocol_version", "MinimumProtocolVersion"),
            Field::Copy("ssl_support_method", "SslSupportMethod"),
        ],
    ),
    Field::Block(
        "default_cache_behavior",
        "DistributionConfig.DefaultCacheBehavior",
        BEHAVIOR,
    ),
    Field::Blocks(
        "ordered_cache_behavior",
        "DistributionConfig.CacheBehaviors",
        BEHAVIOR,
    ),
    Field::Blocks(
        "origin",
        "DistributionConfig.Origins",
        &[
            Field::Copy("origin_id", "Id"),
            Field::Copy("domain_name", "DomainName"),
            Field::Copy("origin_path", "OriginPath"),
            Field::Copy("origin_access_control_id", "OriginAccessControlId"),
            Field::Block(
                "custom_origin_config",
                "CustomOriginConfig",
                &[
                    Field::Copy("http_port", "HTTPPort"),
                    Field::Copy("https_port", "HTTPSPort"),
                    Field::Copy("origin_protocol_policy", "OriginProtocolPolicy"),
                    Field::Copy("origin_ssl_protocols", "OriginSSLProtocols"),
                    Field::Copy("origin_read_timeout", "OriginReadTimeout"),
                    Field::Copy("origin_keepalive_timeout", "OriginKeepaliveTimeout"),
                ],
            ),
            Field::Block(
                "s3_origin_config",
                "S3OriginConfig",
                &[Field::Copy(
                    "origin_access_identity",
                    "OriginAccessIdentity",
                )],
            ),
        ],
    ),
    Field::Block(
        "logging_config",
        "DistributionConfig.Logging",
        &[
            Field::Copy("bucket", "Bucket"),
            Field::Copy("include_cookies", "IncludeCookies"),
            Field::Copy("prefix", "Prefix"),
        ],
    ),
];

fn distribution(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DISTRIBUTION);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_cloudfront_distribution",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn delivery_source(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("log_type", "LogType"),
        Field::Copy("resource_arn", "ResourceArn"),
    ]);
    if let Some(distribution) = b.prop("ResourceArn").and_then(distribution_in_arn) {
        b.set(
            "resource_arn",
            reference(&distribution, "arn"),
            "ResourceArn",
        );
    }
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_cloudwatch_log_delivery_source",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// A distribution has no `Arn` attribute in CloudFormation: its ARN is written
/// `!Sub arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}`.
/// That text, ending in the distribution's id, names that distribution as surely as a
/// reference: the logical id it ends in.
fn distribution_in_arn(value: &Value) -> Option<String> {
    let partial = value.as_unknown()?.partial.as_deref()?;
    let (_, rest) = partial.split_once(":distribution/${")?;
    let id = rest.strip_suffix(".id}")?;
    let identifier = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric());
    (identifier && partial.contains(":cloudfront::")).then(|| id.to_string())
}

fn delivery(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("delivery_source_name", "DeliverySourceName"),
        Field::Copy("delivery_destination_arn", "DeliveryDestinationArn"),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_cloudwatch_log_delivery",
        &from.logical_id,
        attributes,
        spans,
    );
}
