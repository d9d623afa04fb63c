use driftguard_model::Severity;

use crate::view::dynamodb::Table;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct TablePitrDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-dynamodb-table-pitr-disabled",
    title: "DynamoDB table point-in-time recovery is disabled",
    severity: Severity::Medium,
    rationale: "Point-in-time recovery keeps continuous backups of the last 35 days and restores \
        the table to any second of them. Without it, an application bug that overwrites items, a \
        mistaken bulk delete or a compromised credential wiping the table can only be undone from \
        on-demand backups, if anyone took one. `point_in_time_recovery` is off by default.",
    remediation: "Add `point_in_time_recovery { enabled = true }` (and \
        `recovery_period_in_days` if 35 days is more than you need).",
    resource_types: &["aws_dynamodb_table"],
    checkov: &["CKV_AWS_28"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0024",
        long: "aws-dynamodb-enable-recovery",
    }],
    compliance: Mapping {
        topics: &[Topic::Backup],
        controls: &[],
    },
    example_bad: r#"resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
"#,
    example_good: r#"resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}
"#,
};

impl Rule for TablePitrDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_dynamodb_table") {
            let table = Table::new(resource);
            let path = path_if_set(resource, "point_in_time_recovery.0.enabled")
                .or_else(|| path_if_set(resource, "point_in_time_recovery"));
            report.verdict(
                resource,
                path,
                table.point_in_time_recovery().negate(),
                || {
                    format!(
                        "DynamoDB table `{}` has no point-in-time recovery",
                        resource.address
                    )
                },
            );
        }
    }
}
