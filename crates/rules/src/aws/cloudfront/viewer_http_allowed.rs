use driftguard_model::Severity;

use crate::view::cloudfront::Distribution;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ViewerHttpAllowed;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudfront-viewer-http-allowed",
    title: "CloudFront cache behaviour serves viewers over plain HTTP",
    severity: Severity::High,
    rationale: "`viewer_protocol_policy = \"allow-all\"` serves the behaviour's content over \
        plain HTTP to anyone who asks for it, with cookies, tokens and form data in clear text \
        on the viewer's network, where they can be read and the response altered (script \
        injection into an otherwise HTTPS site). Every cache behaviour is checked, the default \
        one and each ordered one: an HTTP path next to HTTPS ones still leaks the cookies sent \
        to it.",
    remediation: "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for \
        APIs) in `default_cache_behavior` and every `ordered_cache_behavior`, and consider an \
        HSTS header through a response headers policy.",
    resource_types: &["aws_cloudfront_distribution"],
    checkov: &["CKV_AWS_34"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0012",
        long: "aws-cloudfront-enforce-https",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
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
    viewer_protocol_policy = "allow-all"
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

impl Rule for ViewerHttpAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for distribution in Distribution::all(ctx) {
            let resource = distribution.resource;
            for behavior in distribution.cache_behaviors() {
                let path = format!("{behavior}.viewer_protocol_policy");
                report.verdict(
                    resource,
                    Some(&path),
                    distribution.allows_http(&behavior),
                    || {
                        let which = match resource.get(&format!("{behavior}.path_pattern")) {
                            Some(pattern) => match pattern.as_str() {
                                Some(p) => format!("the `{p}` cache behaviour"),
                                None => "an ordered cache behaviour".to_string(),
                            },
                            None => "the default cache behaviour".to_string(),
                        };
                        format!(
                            "distribution `{}` serves {which} over plain HTTP \
                            (viewer_protocol_policy = \"allow-all\")",
                            resource.address
                        )
                    },
                );
            }
        }
    }
}
