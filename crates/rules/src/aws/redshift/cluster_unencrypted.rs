use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::redshift::Cluster;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ClusterUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-redshift-cluster-unencrypted",
    title: "Redshift cluster is not encrypted at rest",
    severity: Severity::High,
    rationale: "`encrypted = false` leaves the data warehouse, its automated and manual \
        snapshots and its cross-region copies unencrypted: a snapshot shared by mistake or \
        copied by a compromised credential is readable as is, and most data protection audits \
        (PCI DSS 3.5, HIPAA) fail. Only an explicit `encrypted = false` is reported: provider \
        v6 defaults it to true, and earlier providers leave it to Redshift, which encrypts new \
        clusters by default. A cluster restored from a snapshot inherits the snapshot's \
        encryption and is left undecided.",
    remediation: "Set `encrypted = true` (with `kms_key_id` for a customer managed key). An \
        existing unencrypted cluster can be encrypted in place with a resize-like migration \
        (`aws redshift modify-cluster --encrypted`).",
    resource_types: &["aws_redshift_cluster"],
    checkov: &["CKV_AWS_64"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0084",
        long: "aws-redshift-encryption-customer-key",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = false
}
"#,
    example_good: r#"resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
}
"#,
};

impl Rule for ClusterUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_redshift_cluster") {
            let cluster = Cluster::new(resource);
            let path = path_if_set(resource, "encrypted");
            report.verdict(resource, path, cluster.encrypted().negate(), || {
                format!(
                    "Redshift cluster `{}` is not encrypted at rest",
                    resource.address
                )
            });
        }
    }
}
