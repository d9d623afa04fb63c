use driftguard_model::Severity;

use crate::view::opensearch::{Domain, OUTDATED_TLS_POLICY};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DomainTlsOutdated;

static META: RuleMeta = RuleMeta {
    id: "aws-opensearch-domain-tls-outdated",
    title: "OpenSearch domain accepts TLS 1.0 and 1.1",
    severity: Severity::Low,
    rationale: "`Policy-Min-TLS-1-0-2019-07` keeps TLS 1.0 and 1.1, deprecated by RFC 8996, \
        and their weaker cipher suites: clients can be downgraded to them, and PCI DSS and most \
        TLS baselines forbid them. Low severity: exploiting them needs an attacker on the \
        network path and a client that still offers them. Only an explicit outdated policy is \
        reported; when none is set, set one anyway, since the policy AWS applies has changed \
        over time.",
    remediation: "Set `domain_endpoint_options { tls_security_policy = \
        \"Policy-Min-TLS-1-2-PFS-2023-10\" }` (or `Policy-Min-TLS-1-2-2019-07` for clients \
        without TLS 1.3 or forward-secret suites).",
    resource_types: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    checkov: &["CKV_AWS_228"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0126",
            long: "aws-elasticsearch-use-secure-tls-policy",
        },
        TrivyId {
            avd: "AVD-AWS-0126",
            long: "aws-elastic-search-use-secure-tls-policy",
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
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
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

impl Rule for DomainTlsOutdated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for domain in Domain::all(ctx) {
            let resource = domain.resource;
            let path = "domain_endpoint_options.0.tls_security_policy";
            report.verdict(resource, Some(path), domain.tls_outdated(), || {
                format!(
                    "domain `{}` uses `{OUTDATED_TLS_POLICY}`, which accepts TLS 1.0 and 1.1",
                    resource.address
                )
            });
        }
    }
}
