use driftguard_model::Severity;

use crate::view::cloudfront::Distribution;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct WafMissing;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudfront-waf-missing",
    title: "CloudFront distribution has no WAF web ACL",
    severity: Severity::Low,
    rationale: "A distribution is the public entry point of the application behind it. Without a \
        web ACL (`web_acl_id`) nothing at the edge blocks the known-bad inputs of the AWS \
        managed rule groups (SQL injection, Log4Shell-style payloads, known bad bots and IP \
        addresses) or rate-limits credential stuffing and scraping: every request reaches the \
        origin. It is a layer of defence, not a fix for vulnerable code, hence low; static \
        sites with nothing to attack can suppress the finding.",
    remediation: "Create an `aws_wafv2_web_acl` with `scope = \"CLOUDFRONT\"` (in us-east-1), \
        with at least the AWS managed common rule set and a rate-based rule, and set \
        `web_acl_id = aws_wafv2_web_acl.edge.arn`.",
    resource_types: &["aws_cloudfront_distribution"],
    checkov: &["CKV_AWS_68"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0011",
        long: "aws-cloudfront-enable-waf",
    }],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &["pci-dss:6.4"],
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
    example_good: r#"resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge.arn

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
};

impl Rule for WafMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for distribution in Distribution::all(ctx) {
            let resource = distribution.resource;
            let path = path_if_set(resource, "web_acl_id");
            report.verdict(resource, path, distribution.web_acl().negate(), || {
                format!(
                    "distribution `{}` has no WAF web ACL in front of its origins",
                    resource.address
                )
            });
        }
    }
}
