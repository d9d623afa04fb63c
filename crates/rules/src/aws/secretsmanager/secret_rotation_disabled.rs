use driftguard_model::Severity;

use crate::view::secretsmanager::Secret;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct SecretRotationDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-secretsmanager-secret-rotation-disabled",
    title: "Secrets Manager secret has no automatic rotation",
    severity: Severity::Low,
    rationale: "A secret that never rotates stays valid for as long as it exists: a copy leaked \
        in a log, a laptop or a former employee's notes keeps working, and nobody knows how \
        long it has been out. The finding is raised when no `aws_secretsmanager_secret_rotation` \
        of the scanned configuration names the secret (by reference, ARN or name, or through a \
        `data \"aws_secretsmanager_secret\"`). Low severity, and worth a suppression with a \
        reason where it does not apply: rotation may be set up outside this configuration, and \
        some secrets (third-party API keys) cannot be rotated by a Lambda function.",
    remediation: "Add an `aws_secretsmanager_secret_rotation` with a rotation Lambda (AWS \
        provides templates for RDS, Redshift and DocumentDB credentials) and a \
        `rotation_rules` schedule; for database master passwords, `manage_master_user_password \
        = true` on the database rotates them without a secret of your own.",
    resource_types: &[
        "aws_secretsmanager_secret",
        "aws_secretsmanager_secret_rotation",
    ],
    checkov: &["CKV2_AWS_57"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_secretsmanager_secret" "db" {
  name = "prod/db/app"
}
"#,
    example_good: r#"resource "aws_secretsmanager_secret" "db" {
  name = "prod/db/app"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}
"#,
};

impl Rule for SecretRotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_secretsmanager_secret") {
            let secret = Secret::new(resource);
            report.verdict(
                resource,
                None,
                secret.rotation_configured(ctx).negate(),
                || {
                    format!(
                        "secret `{}` is not rotated automatically by this configuration",
                        resource.address
                    )
                },
            );
        }
    }
}
