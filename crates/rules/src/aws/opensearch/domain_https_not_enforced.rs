use driftguard_model::Severity;

use crate::view::opensearch::Domain;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DomainHttpsNotEnforced;

static META: RuleMeta = RuleMeta {
    id: "aws-opensearch-domain-https-not-enforced",
    title: "OpenSearch domain accepts plain HTTP",
    severity: Severity::Medium,
    rationale: "A domain that does not enforce HTTPS answers on plain HTTP too: queries, \
        documents and the basic-auth credentials of fine-grained access control cross the \
        network readable and alterable by anyone on the path. `enforce_https` defaults to true \
        inside a `domain_endpoint_options` block, but without the block the provider sends no \
        endpoint options and the domain accepts HTTP.",
    remediation: "Add `domain_endpoint_options { enforce_https = true, tls_security_policy = \
        \"Policy-Min-TLS-1-2-PFS-2023-10\" }`.",
    resource_types: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    checkov: &["CKV_AWS_83"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0046",
            long: "aws-elasticsearch-enforce-https",
        },
        TrivyId {
            avd: "AVD-AWS-0046",
            long: "aws-elastic-search-enforce-https",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https = false
  }
}
"#,
    example_good: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
"#,
};

impl Rule for DomainHttpsNotEnforced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for domain in Domain::all(ctx) {
            let resource = domain.resource;
            let path = path_if_set(resource, "domain_endpoint_options.0.enforce_https")
                .or_else(|| path_if_set(resource, "domain_endpoint_options"));
            report.verdict(resource, path, domain.enforces_https().negate(), || {
                format!("domain `{}` accepts plain HTTP", resource.address)
            });
        }
    }
}
