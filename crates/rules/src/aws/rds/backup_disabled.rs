use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct BackupDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-backup-disabled",
    title: "RDS database automated backups are disabled",
    severity: Severity::Medium,
    rationale: "`backup_retention_period = 0` turns off automated backups and point-in-time \
        recovery: a bad migration, an application bug, a compromised credential running \
        `DROP TABLE` or ransomware leaves nothing to restore, and business continuity controls \
        (ISO 27001 A.8.13, SOC 2 A1.2) fail. Left unset, AWS keeps one day of backups, so only \
        an explicit 0 is reported. Read replicas, which rely on their source's backups, are not \
        reported.",
    remediation: "Set `backup_retention_period` to the number of days your recovery objectives \
        need (7 to 35), and consider AWS Backup for copies in another account.",
    resource_types: &["aws_db_instance"],
    checkov: &["CKV_AWS_133"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0077",
        long: "aws-rds-specify-backup-retention",
    }],
    compliance: Mapping {
        topics: &[Topic::Backup],
        controls: &[],
    },
    example_bad: r#"resource "aws_db_instance" "main" {
  identifier              = "main"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  allocated_storage       = 20
  storage_encrypted       = true
  backup_retention_period = 0
}
"#,
    example_good: r#"resource "aws_db_instance" "main" {
  identifier              = "main"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  allocated_storage       = 20
  storage_encrypted       = true
  backup_retention_period = 14
}
"#,
};

impl Rule for BackupDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_db_instance") {
            let db = Database::new(resource);
            if db.is_replica() {
                continue;
            }
            let path = path_if_set(resource, "backup_retention_period");
            report.verdict(resource, path, db.backups_disabled(), || {
                format!("database `{}` keeps no automated backups", resource.address)
            });
        }
    }
}
