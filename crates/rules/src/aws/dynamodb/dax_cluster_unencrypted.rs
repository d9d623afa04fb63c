use driftguard_model::Severity;

use crate::view::dynamodb::DaxCluster;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DaxClusterUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-dynamodb-dax-cluster-unencrypted",
    title: "DAX cluster does not encrypt its cache at rest",
    severity: Severity::Medium,
    rationale: "A DAX cluster keeps copies of the table items it serves, and their change logs, \
        on its nodes' disks. Without server-side encryption that copy of encrypted DynamoDB data \
        sits unencrypted, which defeats the table's encryption for audits (PCI DSS 3.5, HIPAA). \
        `server_side_encryption` is off by default and can only be chosen when the cluster is \
        created.",
    remediation: "Add `server_side_encryption { enabled = true }`; for an existing cluster this \
        means a new cluster.",
    resource_types: &["aws_dax_cluster"],
    checkov: &["CKV_AWS_47"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0023",
        long: "aws-dynamodb-enable-at-rest-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_dax_cluster" "cache" {
  cluster_name                     = "cache"
  iam_role_arn                     = "arn:aws:iam::123456789012:role/dax"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"
}
"#,
    example_good: r#"resource "aws_dax_cluster" "cache" {
  cluster_name                     = "cache"
  iam_role_arn                     = "arn:aws:iam::123456789012:role/dax"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"

  server_side_encryption {
    enabled = true
  }
}
"#,
};

impl Rule for DaxClusterUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_dax_cluster") {
            let cluster = DaxCluster::new(resource);
            let path = path_if_set(resource, "server_side_encryption.0.enabled")
                .or_else(|| path_if_set(resource, "server_side_encryption"));
            report.verdict(resource, path, cluster.encrypted_at_rest().negate(), || {
                format!(
                    "DAX cluster `{}` does not encrypt its cache at rest",
                    resource.address
                )
            });
        }
    }
}
