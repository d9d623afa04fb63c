use driftguard_model::Severity;

use crate::view::path_if_set;
use crate::view::secretsmanager::Secret;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecretNotCmkEncrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-secretsmanager-secret-not-cmk-encrypted",
    title: "Secrets Manager secret is not encrypted with a customer managed KMS key",
    severity: Severity::Low,
    rationale: "Without `kms_key_id`, a secret is encrypted with the AWS managed \
        `aws/secretsmanager` key, whose policy lets every principal of the account with \
        Secrets Manager permissions decrypt through the service. A customer managed key adds a \
        second, independent policy on who can read the secret, and is required to share a \
        secret with another account. Low severity: the secret is encrypted either way.",
    remediation: "Set `kms_key_id` to a customer managed key whose policy allows `kms:Decrypt` \
        only to the roles that read the secret (with a `kms:ViaService` condition for Secrets \
        Manager).",
    resource_types: &["aws_secretsmanager_secret"],
    checkov: &["CKV_AWS_149"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0098",
        long: "aws-ssm-secret-use-customer-key",
    }],
    compliance: Mapping {
        topics: &[Topic::KeyManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_secretsmanager_secret" "db" {
  name = "prod/db/app"
}
"#,
    example_good: r#"resource "aws_kms_key" "secrets" {
  description         = "Application secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/app"
  kms_key_id = aws_kms_key.secrets.arn
}
"#,
};

impl Rule for SecretNotCmkEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_secretsmanager_secret") {
            let secret = Secret::new(resource);
            let path = path_if_set(resource, "kms_key_id");
            report.verdict(
                resource,
                path,
                secret.customer_managed_key(ctx).negate(),
                || {
                    format!(
                        "secret `{}` is encrypted with the AWS managed key",
                        resource.address
                    )
                },
            );
        }
    }
}
