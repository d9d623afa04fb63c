use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DeletionProtectionDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-deletion-protection-disabled",
    title: "RDS database deletion protection is disabled",
    severity: Severity::Low,
    rationale: "Without deletion protection, one mistaken `terraform destroy`, a refactoring that \
        renames the resource, or a compromised credential deletes the database in one call; \
        with it, deletion needs a separate, reviewable change first. Automated backups are \
        deleted with the instance unless retained, so this is the cheapest guard against the \
        most expensive mistake. Low severity: it protects availability against accidents more \
        than it stops attackers. Read replicas are not reported.",
    remediation: "Set `deletion_protection = true` on production databases and clusters.",
    resource_types: &["aws_db_instance", "aws_rds_cluster"],
    checkov: &["CKV_AWS_293", "CKV_AWS_139"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0177",
            long: "aws-rds-enable-deletion-protection",
        },
        TrivyId {
            avd: "AVD-AWS-0343",
            long: "aws-rds-enable-cluster-deletion-protection",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::Resilience],
        controls: &[],
    },
    example_bad: r#"resource "aws_rds_cluster" "main" {
  cluster_identifier = "main"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}
"#,
    example_good: r#"resource "aws_rds_cluster" "main" {
  cluster_identifier  = "main"
  engine              = "aurora-postgresql"
  storage_encrypted   = true
  deletion_protection = true
}
"#,
};

impl Rule for DeletionProtectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
            for resource in ctx.of_type(resource_type) {
                let db = Database::new(resource);
                if db.is_replica() {
                    continue;
                }
                let path = path_if_set(resource, "deletion_protection");
                report.verdict(resource, path, db.deletion_protection().negate(), || {
                    format!("database `{}` has no deletion protection", resource.address)
                });
            }
        }
    }
}
