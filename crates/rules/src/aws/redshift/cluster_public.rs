use driftguard_model::{Severity, Tri};

use crate::view::path_if_set;
use crate::view::redshift::{Cluster, PUBLIC_DEFAULT_CHANGED};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ClusterPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-redshift-cluster-public",
    title: "Redshift cluster is publicly accessible",
    severity: Severity::Critical,
    rationale: "A publicly accessible cluster gets a public IP address and a DNS name that \
        resolves to it from anywhere: one security group rule then separates the data \
        warehouse, usually the company's most complete copy of its data, from password guessing \
        and engine vulnerabilities. `publicly_accessible` defaulted to true until AWS provider \
        v6 and to false since: an absent setting is reported when `required_providers` pins the \
        aws provider below v6, and left undecided when the version is not constrained.",
    remediation: "Set `publicly_accessible = false` and reach the cluster from inside the VPC \
        (applications, a bastion, Session Manager port forwarding) or through the Redshift Data \
        API.",
    resource_types: &["aws_redshift_cluster"],
    checkov: &["CKV_AWS_87"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure, Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = true
}
"#,
    example_good: r#"resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = false
}
"#,
};

impl Rule for ClusterPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_redshift_cluster") {
            let cluster = Cluster::new(resource);
            let path = path_if_set(resource, "publicly_accessible");
            let verdict = cluster.publicly_accessible(ctx);
            if path.is_none() && verdict == Tri::Unknown {
                report.inconclusive(resource, None, PUBLIC_DEFAULT_CHANGED);
                continue;
            }
            report.verdict(resource, path, verdict, || {
                format!(
                    "Redshift cluster `{}` is publicly accessible",
                    resource.address
                )
            });
        }
    }
}
