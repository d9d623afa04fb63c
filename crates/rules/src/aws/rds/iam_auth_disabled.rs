use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct IamAuthDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-iam-auth-disabled",
    title: "RDS database does not allow IAM database authentication",
    severity: Severity::Medium,
    rationale: "Without IAM database authentication every client logs in with a long-lived \
        database password: it ends up in configuration files, environment variables and CI \
        secrets, is rarely rotated, and keeps working after the person or service that used it \
        has left. With it, applications connect with 15-minute tokens issued to their IAM role, \
        access is granted and revoked in IAM and every token request is in CloudTrail. \
        `iam_database_authentication_enabled` defaults to false. Only engines that support it \
        are reported: MySQL, PostgreSQL, MariaDB 10.11 and later, Aurora MySQL and Aurora \
        PostgreSQL (not Aurora Serverless v1, Oracle, SQL Server or Db2).",
    remediation: "Set `iam_database_authentication_enabled = true`, create database users with \
        the `AWSAuthenticationPlugin` (MySQL, MariaDB) or the `rds_iam` role (PostgreSQL), and \
        grant `rds-db:connect` to the roles that need them. Password logins keep working for \
        the users that still need them.",
    resource_types: &["aws_db_instance", "aws_rds_cluster"],
    checkov: &["CKV_AWS_161", "CKV_AWS_162"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0176",
        long: "aws-rds-enable-iam-auth",
    }],
    compliance: Mapping {
        topics: &[Topic::Authentication, Topic::IdentityManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_encrypted = true
}
"#,
    example_good: r#"resource "aws_db_instance" "main" {
  identifier                          = "main"
  engine                              = "postgres"
  instance_class                      = "db.t3.micro"
  allocated_storage                   = 20
  storage_encrypted                   = true
  iam_database_authentication_enabled = true
}
"#,
};

impl Rule for IamAuthDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
            for resource in ctx.of_type(resource_type) {
                let db = Database::new(resource);
                let verdict = db.supports_iam_auth().and(db.iam_auth_enabled().negate());
                let path = path_if_set(resource, "iam_database_authentication_enabled");
                report.verdict(resource, path, verdict, || {
                    format!(
                        "database `{}` accepts only password logins, not IAM authentication",
                        resource.address
                    )
                });
            }
        }
    }
}
