use driftguard_model::Severity;

use crate::view::opensearch::Domain;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DomainNodeToNodeUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-opensearch-domain-node-to-node-unencrypted",
    title: "OpenSearch domain nodes talk to each other unencrypted",
    severity: Severity::Medium,
    rationale: "Without node-to-node encryption, documents, search results and internal user \
        credentials travel between the domain's nodes in plaintext inside the service VPC. It \
        is required for fine-grained access control and by most in-transit encryption \
        controls. Without a `node_to_node_encryption` block it is off.",
    remediation: "Add `node_to_node_encryption { enabled = true }`. Domains on OpenSearch or \
        Elasticsearch 6.7 and later can enable it in place; older ones need a new domain.",
    resource_types: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    checkov: &["CKV_AWS_6"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0043",
            long: "aws-elasticsearch-enable-in-transit-encryption",
        },
        TrivyId {
            avd: "AVD-AWS-0043",
            long: "aws-elastic-search-enable-in-transit-encryption",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }
}
"#,
    example_good: r#"resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }
}
"#,
};

impl Rule for DomainNodeToNodeUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for domain in Domain::all(ctx) {
            let resource = domain.resource;
            let path = path_if_set(resource, "node_to_node_encryption.0.enabled")
                .or_else(|| path_if_set(resource, "node_to_node_encryption"));
            report.verdict(
                resource,
                path,
                domain.node_to_node_encryption().negate(),
                || {
                    format!(
                        "domain `{}` does not encrypt traffic between its nodes",
                        resource.address
                    )
                },
            );
        }
    }
}
