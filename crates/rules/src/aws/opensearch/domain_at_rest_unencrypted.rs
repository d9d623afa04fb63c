use driftguard_model::Severity;

use crate::view::opensearch::Domain;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DomainAtRestUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-opensearch-domain-at-rest-unencrypted",
    title: "OpenSearch domain does not encrypt data at rest",
    severity: Severity::High,
    rationale: "Without encryption at rest, indices, logs, swap files and automated snapshots \
        of the domain sit unencrypted: search clusters tend to collect application logs, \
        customer records and free text that nobody reviewed for sensitive data. Fine-grained \
        access control cannot be enabled without it, and data protection audits (PCI DSS 3.5, \
        HIPAA) fail. Without an `encrypt_at_rest` block it is off.",
    remediation: "Add `encrypt_at_rest { enabled = true }` (with `kms_key_id` for a customer \
        managed key). Domains on OpenSearch or Elasticsearch 6.7 and later can enable it in \
        place; older ones need a new domain.",
    resource_types: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    checkov: &["CKV_AWS_5"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0048",
            long: "aws-elasticsearch-enable-domain-encryption",
        },
        TrivyId {
            avd: "AVD-AWS-0048",
            long: "aws-elastic-search-enable-domain-encryption",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }
}
"#,
    example_good: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  encrypt_at_rest {
    enabled = true
  }
}
"#,
};

impl Rule for DomainAtRestUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for domain in Domain::all(ctx) {
            let resource = domain.resource;
            let path = path_if_set(resource, "encrypt_at_rest.0.enabled")
                .or_else(|| path_if_set(resource, "encrypt_at_rest"));
            report.verdict(resource, path, domain.encrypted_at_rest().negate(), || {
                format!(
                    "domain `{}` does not encrypt its data at rest",
                    resource.address
                )
            });
        }
    }
}
