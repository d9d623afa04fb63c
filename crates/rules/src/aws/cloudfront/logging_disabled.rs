use driftguard_model::Severity;

use crate::view::cloudfront::Distribution;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct LoggingDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudfront-logging-disabled",
    title: "CloudFront distribution writes no access logs",
    severity: Severity::Low,
    rationale: "Standard logs record every viewer request: address, path, status, TLS version, \
        user agent, edge location. They show what was probed, what was downloaded and by whom \
        when content leaks, and CloudFront keeps no request history otherwise. Both ways of \
        delivering them count: legacy logging to S3 (`logging_config`), and standard logging \
        v2 declared with an `aws_cloudwatch_log_delivery_source` for the distribution and an \
        `aws_cloudwatch_log_delivery` from it.",
    remediation: "Add `logging_config { bucket = \"acme-cf-logs.s3.amazonaws.com\" }` (a bucket \
        with ACLs enabled for the log delivery), or configure standard logging v2 with \
        `aws_cloudwatch_log_delivery_source` (`log_type = \"ACCESS_LOGS\"`), \
        `aws_cloudwatch_log_delivery_destination` and `aws_cloudwatch_log_delivery`.",
    resource_types: &[
        "aws_cloudfront_distribution",
        "aws_cloudwatch_log_delivery_source",
        "aws_cloudwatch_log_delivery",
    ],
    checkov: &["CKV_AWS_86"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0010",
        long: "aws-cloudfront-enable-logging",
    }],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &[],
    },
    example_bad: r#"resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "acme-site.s3.eu-west-1.amazonaws.com"
    origin_id   = "site"
  }

  default_cache_behavior {
    target_origin_id       = "site"
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
    example_good: r#"resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "acme-site.s3.eu-west-1.amazonaws.com"
    origin_id   = "site"
  }

  default_cache_behavior {
    target_origin_id       = "site"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  logging_config {
    bucket = "acme-cf-logs.s3.amazonaws.com"
    prefix = "site/"
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

impl Rule for LoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for distribution in Distribution::all(ctx) {
            let resource = distribution.resource;
            let path = path_if_set(resource, "logging_config.0.bucket")
                .or_else(|| path_if_set(resource, "logging_config.0"));
            report.verdict(
                resource,
                path,
                distribution.access_logging().negate(),
                || {
                    format!(
                        "distribution `{}` does not deliver access logs",
                        resource.address
                    )
                },
            );
        }
    }
}
