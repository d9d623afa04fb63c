use driftguard_model::Severity;

use crate::view::dynamodb::Table;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct TableNotCmkEncrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-dynamodb-table-not-cmk-encrypted",
    title: "DynamoDB table is not encrypted with a customer managed KMS key",
    severity: Severity::Low,
    rationale: "DynamoDB always encrypts tables, by default with a key AWS owns and otherwise \
        with the AWS managed `aws/dynamodb` key. Neither has a key policy you control: you \
        cannot restrict or audit who may decrypt, revoke access to the data in one step by \
        disabling the key, or share encrypted backups across accounts. Low severity: the data \
        is encrypted either way; a customer managed key adds control, not confidentiality.",
    remediation: "Set `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.x.arn \
        }` with a customer managed key whose policy limits decryption to the roles that use the \
        table.",
    resource_types: &["aws_dynamodb_table"],
    checkov: &["CKV_AWS_119"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0025",
        long: "aws-dynamodb-table-customer-key",
    }],
    compliance: Mapping {
        topics: &[Topic::KeyManagement],
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
    example_good: r#"resource "aws_kms_key" "orders" {
  description         = "orders table"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }
}
"#,
};

impl Rule for TableNotCmkEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_dynamodb_table") {
            let table = Table::new(resource);
            let path = path_if_set(resource, "server_side_encryption.0.kms_key_arn")
                .or_else(|| path_if_set(resource, "server_side_encryption.0.enabled"))
                .or_else(|| path_if_set(resource, "server_side_encryption"));
            report.verdict(
                resource,
                path,
                table.customer_managed_key(ctx).negate(),
                || {
                    format!(
                        "DynamoDB table `{}` is encrypted with an AWS owned or AWS managed key",
                        resource.address
                    )
                },
            );
        }
    }
}
