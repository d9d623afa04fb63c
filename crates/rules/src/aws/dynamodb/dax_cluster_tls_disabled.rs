use driftguard_model::Severity;

use crate::view::dynamodb::DaxCluster;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct DaxClusterTlsDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-dynamodb-dax-cluster-tls-disabled",
    title: "DAX cluster endpoint does not use TLS",
    severity: Severity::Medium,
    rationale: "With `cluster_endpoint_encryption_type = \"NONE\"` (the default) applications \
        exchange table items with the cluster in plaintext: anyone who can capture traffic in \
        the VPC (a compromised instance, a mirrored ENI) reads the data that the table and its \
        API calls otherwise keep encrypted in transit. The setting can only be chosen when the \
        cluster is created.",
    remediation: "Set `cluster_endpoint_encryption_type = \"TLS\"` and connect with a DAX client \
        that supports TLS (the `daxs://` endpoint); for an existing cluster this means a new \
        cluster.",
    resource_types: &["aws_dax_cluster"],
    checkov: &["CKV_AWS_239"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_dax_cluster" "cache" {
  cluster_name       = "cache"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 3

  server_side_encryption {
    enabled = true
  }
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

impl Rule for DaxClusterTlsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_dax_cluster") {
            let cluster = DaxCluster::new(resource);
            let path = path_if_set(resource, "cluster_endpoint_encryption_type");
            report.verdict(resource, path, cluster.endpoint_tls().negate(), || {
                format!(
                    "DAX cluster `{}` serves its endpoint without TLS",
                    resource.address
                )
            });
        }
    }
}
