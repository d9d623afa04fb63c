use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct StorageUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-storage-unencrypted",
    title: "RDS database storage is not encrypted",
    severity: Severity::High,
    rationale: "Unencrypted database storage means unencrypted automated backups, snapshots and \
        read replicas; an unencrypted snapshot can be shared with any AWS account or made public \
        with one call, and cannot be encrypted in place later (only copied). PCI DSS 3.5, HIPAA \
        and most data protection audits require encryption at rest for databases. \
        `storage_encrypted` defaults to false (Aurora Serverless v1 is always encrypted); \
        replicas and restores inherit their source's encryption, which is inconclusive here \
        unless set.",
    remediation: "Set `storage_encrypted = true` (with `kms_key_id` for a customer managed key). \
        For an existing database this means a new instance: restore an encrypted copy of a \
        snapshot and switch over.",
    resource_types: &["aws_db_instance", "aws_rds_cluster"],
    checkov: &["CKV_AWS_16", "CKV_AWS_96"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0080",
            long: "aws-rds-encrypt-instance-storage-data",
        },
        TrivyId {
            avd: "AVD-AWS-0079",
            long: "aws-rds-encrypt-cluster-storage-data",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &["cis-aws:2.3.1"],
    },
    example_bad: r#"resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
"#,
    example_good: r#"resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_encrypted = true
}
"#,
};

impl Rule for StorageUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
            for resource in ctx.of_type(resource_type) {
                let db = Database::new(resource);
                let path = path_if_set(resource, "storage_encrypted");
                report.verdict(resource, path, db.storage_encrypted().negate(), || {
                    format!(
                        "database `{}` does not encrypt its storage",
                        resource.address
                    )
                });
            }
        }
    }
}
