use driftguard_model::Severity;

use crate::view::cloudfront::{Distribution, VIEWER_POLICY};
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ViewerOutdatedTlsPolicy;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudfront-viewer-outdated-tls-policy",
    title: "CloudFront distribution accepts viewer TLS versions older than 1.2",
    severity: Severity::Medium,
    rationale: "The viewer security policy (`minimum_protocol_version`) sets the oldest protocol \
        CloudFront accepts from browsers. `SSLv3`, `TLSv1`, `TLSv1_2016` and `TLSv1.1_2016` \
        accept protocols deprecated by RFC 8996 and forbidden by PCI DSS, with the CBC and \
        SHA-1 weaknesses that downgrade attacks exploit; modern browsers negotiate TLS 1.2 or \
        1.3 anyway, hence medium. With a custom certificate and no `minimum_protocol_version` \
        CloudFront uses `TLSv1`. Distributions served on the `*.cloudfront.net` certificate are \
        not reported: CloudFront fixes their policy at TLSv1 and only a custom domain can raise \
        it.",
    remediation: "Set `minimum_protocol_version = \"TLSv1.2_2021\"` (or a newer `TLSv1.2_*` / \
        `TLSv1.3_*` policy) in `viewer_certificate`, with `ssl_support_method = \"sni-only\"`.",
    resource_types: &["aws_cloudfront_distribution"],
    checkov: &["CKV_AWS_174"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0013",
        long: "aws-cloudfront-use-secure-tls-policy",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

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
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1_2016"
  }
}
"#,
    example_good: r#"resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

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
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"#,
};

impl Rule for ViewerOutdatedTlsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for distribution in Distribution::all(ctx) {
            if !distribution.custom_certificate() {
                continue;
            }
            let resource = distribution.resource;
            let path = path_if_set(resource, VIEWER_POLICY)
                .or_else(|| path_if_set(resource, "viewer_certificate.0"));
            let (name, outdated) = distribution.viewer_policy();
            match outdated {
                Some(outdated) => report.verdict(resource, path, outdated, || {
                    format!(
                        "distribution `{}` accepts viewers on protocols older than TLS 1.2 \
                            (minimum_protocol_version `{name}`)",
                        resource.address
                    )
                }),
                None => report.inconclusive(
                    resource,
                    path,
                    format!("`{name}` is not a CloudFront viewer security policy this rule knows"),
                ),
            }
        }
    }
}
