use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::rds::Database;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct LogExportsDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-rds-log-exports-disabled",
    title: "RDS database exports no logs to CloudWatch Logs",
    severity: Severity::Low,
    rationale: "Without `enabled_cloudwatch_logs_exports`, database logs (errors, slow queries, \
        connections, audit) stay on the instance, rotate away within days and disappear with \
        it: failed logins and suspicious queries cannot be alerted on, retained or searched \
        after an incident, as PCI DSS 10 and SOC 2 CC7.2 expect. Low severity: it limits \
        detection and investigation, it does not expose the data. Aurora Serverless v1, which \
        cannot export logs this way, is not reported.",
    remediation: "List the engine's log types in `enabled_cloudwatch_logs_exports` (for example \
        `[\"postgresql\"]`, `[\"error\", \"slowquery\", \"audit\"]` for MySQL) and set a retention \
        on the `/aws/rds/...` log groups.",
    resource_types: &["aws_db_instance", "aws_rds_cluster"],
    checkov: &["CKV_AWS_129", "CKV_AWS_324"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
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
  identifier                      = "main"
  engine                          = "postgres"
  instance_class                  = "db.t3.micro"
  allocated_storage               = 20
  storage_encrypted               = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}
"#,
};

impl Rule for LogExportsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
            for resource in ctx.of_type(resource_type) {
                let db = Database::new(resource);
                let verdict = db
                    .is_serverless_v1()
                    .negate()
                    .and(db.exports_logs().negate());
                let path = path_if_set(resource, "enabled_cloudwatch_logs_exports");
                report.verdict(resource, path, verdict, || {
                    format!(
                        "database `{}` exports no logs to CloudWatch Logs",
                        resource.address
                    )
                });
            }
        }
    }
}
