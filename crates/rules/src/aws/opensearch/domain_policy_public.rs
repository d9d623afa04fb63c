use driftguard_model::{Severity, Tri};

use crate::context::points_at;
use crate::view::messaging::policy_exposure;
use crate::view::opensearch::{Domain, DOMAIN_TYPES};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct DomainPolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-opensearch-domain-policy-public",
    title: "OpenSearch domain is open to the internet",
    severity: Severity::Critical,
    rationale: "A domain outside a VPC has a public endpoint; when its access policy allows \
        `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or `NotPrincipal`) without a condition on the caller and \
        fine-grained access control does not authenticate requests, anyone on the internet can \
        read, change and delete every index with plain unsigned HTTP requests. Open search \
        clusters are found by scanners within hours and routinely wiped for ransom. Not \
        reported for domains in a VPC (reachable only through their security groups) or with \
        fine-grained access control without anonymous access, which authenticates every \
        request; a condition on the caller such as a narrow `aws:SourceIp` restricts the \
        statement, `aws:SourceIp` `0.0.0.0/0` or `aws:SecureTransport` does not. \
        Both `access_policies` and `aws_opensearch_domain_policy` / \
        `aws_elasticsearch_domain_policy` are checked.",
    remediation: "Put the domain in a VPC (`vpc_options`), or enable fine-grained access \
        control (`advanced_security_options`), or name the IAM principals that may call it in \
        the access policy (or restrict it with an `aws:SourceIp` condition).",
    resource_types: &[
        "aws_opensearch_domain",
        "aws_opensearch_domain_policy",
        "aws_elasticsearch_domain",
        "aws_elasticsearch_domain_policy",
    ],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure, Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain_policy" "logs" {
  domain_name = aws_opensearch_domain.logs.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/logs/*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain_policy" "logs" {
  domain_name = aws_opensearch_domain.logs.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/log-shipper" }
      Action    = "es:ESHttp*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/logs/*"
    }]
  })
}
"#,
};

impl Rule for DomainPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let domains = Domain::all(ctx);
        for domain in &domains {
            // Reachable from the internet without authentication.
            let reachable = domain
                .in_vpc()
                .negate()
                .and(domain.fine_grained_access_control().negate());
            for (holder, path) in domain.access_policy_holders(ctx) {
                if let Some(exposure) = policy_exposure(ctx, holder, path, "es") {
                    exposure.report(report, reachable, |first| {
                        format!(
                            "{first} of the access policy of `{}` opens domain `{}` to the \
                             internet",
                            holder.address, domain.resource.address
                        )
                    });
                }
            }
        }
        // Policies of domains declared elsewhere: whether those are in a VPC is unknown.
        for (_, policy_type) in DOMAIN_TYPES {
            for holder in ctx.of_type(policy_type) {
                let declared = holder.get("domain_name").is_some_and(|name| {
                    domains
                        .iter()
                        .any(|d| points_at(name, d.resource, &["domain_name"]))
                });
                if declared {
                    continue;
                }
                if let Some(exposure) = policy_exposure(ctx, holder, "access_policies", "es") {
                    let public = match &exposure.public {
                        Ok((public, _)) => *public,
                        Err(_) => Tri::Unknown,
                    };
                    if public != Tri::False {
                        report.inconclusive(
                            holder,
                            Some("access_policies"),
                            "the policy may open the domain to everyone, but the domain is not \
                             declared in this configuration: whether it is in a VPC or uses \
                             fine-grained access control is unknown",
                        );
                    }
                }
            }
        }
    }
}
