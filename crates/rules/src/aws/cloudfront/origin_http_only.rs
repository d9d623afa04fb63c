use driftguard_model::Severity;

use crate::view::cloudfront::Distribution;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct OriginHttpOnly;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudfront-origin-http-only",
    title: "CloudFront reaches a custom origin over plain HTTP",
    severity: Severity::Medium,
    rationale: "With `origin_protocol_policy = \"http-only\"` CloudFront fetches from the origin \
        in clear text: whatever the viewer sent over HTTPS (cookies, authorization headers, \
        form posts) and whatever the origin returns cross the internet between the edge and \
        the origin unencrypted, readable and modifiable by anyone on that path, while the \
        padlock in the browser suggests otherwise. S3 website endpoints only speak HTTP: serve \
        from the bucket's REST endpoint with origin access control instead.",
    remediation: "Set `origin_protocol_policy = \"https-only\"` in `custom_origin_config` (with \
        `origin_ssl_protocols = [\"TLSv1.2\"]` and a certificate on the origin that matches its \
        domain name), or `match-viewer` when every behaviour redirects viewers to HTTPS.",
    resource_types: &["aws_cloudfront_distribution"],
    checkov: &["CKV2_AWS_72"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app.internal.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"#,
    example_good: r#"resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app.internal.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"#,
};

impl Rule for OriginHttpOnly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for distribution in Distribution::all(ctx) {
            let resource = distribution.resource;
            for origin in distribution.origins() {
                let path = format!("{origin}.custom_origin_config.0.origin_protocol_policy");
                report.verdict(
                    resource,
                    Some(&path),
                    distribution.origin_http_only(&origin),
                    || {
                        let id = resource
                            .get(&format!("{origin}.origin_id"))
                            .and_then(|v| v.as_str())
                            .unwrap_or("an origin");
                        format!(
                            "distribution `{}` fetches from origin `{id}` over plain HTTP",
                            resource.address
                        )
                    },
                );
            }
        }
    }
}
