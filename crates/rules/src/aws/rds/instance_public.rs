use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct InstancePublic;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-instance-public",
    title: "RDS database instance is publicly accessible",
    severity: Severity::Critical,
    rationale:
        "`publicly_accessible = true` gives the database a public IP address and a DNS name \
        that resolves to it from anywhere. One security group rule, today or after the next \
        change, then separates the internet from password guessing and database engine \
        vulnerabilities, and internet-wide scanners index exposed database ports within hours. \
        A database almost never needs to be reached from outside its VPC.",
    remediation: "Set `publicly_accessible = false` (the default) and reach the database from \
        inside the VPC: through the application, a bastion or Session Manager port forwarding, \
        or RDS Proxy.",
    resource_types: &["aws_db_instance", "aws_rds_cluster_instance"],
    checkov: &["CKV_AWS_17"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0082",
            long: "aws-rds-no-public-db-access",
        },
        TrivyId {
            avd: "AVD-AWS-0180",
            long: "aws-rds-enable-public-access",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure, Topic::PublicDataExposure],
        controls: &["cis-aws:2.3.3"],
    },
    example_bad: r#"resource "aws_db_instance" "main" {
  identifier          = "main"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  storage_encrypted   = true
  publicly_accessible = true
}
"#,
    example_good: r#"resource "aws_db_instance" "main" {
  identifier          = "main"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  storage_encrypted   = true
  publicly_accessible = false
}
"#,
};

impl Rule for InstancePublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_db_instance", "aws_rds_cluster_instance"] {
            for resource in ctx.of_type(resource_type) {
                let db = Database::new(resource);
                let path = path_if_set(resource, "publicly_accessible");
                report.verdict(resource, path, db.publicly_accessible(), || {
                    format!("database `{}` is publicly accessible", resource.address)
                });
            }
        }
    }
}
