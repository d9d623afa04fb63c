use driftguard_model::{Severity, Value};

use crate::secrets::{find_secrets, listed};
use crate::view::set_value;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct FunctionEnvironmentSecret;

static META: RuleMeta = RuleMeta {
    id: "aws-lambda-function-environment-secret",
    title: "Lambda function environment variable holds a hardcoded secret",
    severity: Severity::Critical,
    rationale: "Environment variables are configuration, not secret storage: their values are \
        returned in clear by `lambda:GetFunctionConfiguration` to anyone with read access \
        (the AWS managed ReadOnlyAccess policy included), shown in the console, stored in the \
        Terraform state and committed with the code. A hardcoded access key, token or password \
        there is readable by far more people and systems than should use it, and cannot be \
        rotated without a deployment. Values are searched with driftguard's secret detectors as \
        `NAME=value`, so that the name tells what a value is; findings show the secret masked, never its value.",
    remediation: "Store the secret in AWS Secrets Manager or SSM Parameter Store \
        (SecureString), pass its name in the environment, and read it at start-up (the \
        Parameters and Secrets Lambda extension caches it). Rotate the exposed secret: it is \
        in the repository history and the state.",
    resource_types: &["aws_lambda_function"],
    checkov: &["CKV_AWS_45"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"resource "aws_lambda_function" "sync" {
  function_name = "sync"
  role          = "arn:aws:iam::123456789012:role/sync"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "sync.zip"

  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = "AKIAQ3EGRNXVPKT5JW2D"
      AWS_SECRET_ACCESS_KEY = "Zx8vT2qLm9RkW4nB7cYp1sHd6Fj3GtUe0aQoXiVb"
    }
  }
}
"#,
    example_good: r#"resource "aws_lambda_function" "sync" {
  function_name = "sync"
  role          = "arn:aws:iam::123456789012:role/sync"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "sync.zip"

  environment {
    variables = {
      CREDENTIALS_SECRET_ID = "prod/sync/credentials"
    }
  }
}
"#,
};

impl Rule for FunctionEnvironmentSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for function in ctx.of_type("aws_lambda_function") {
            // Values known only after apply are not hardcoded: nothing to search.
            let Some(variables) =
                set_value(function, "environment.0.variables").and_then(Value::as_object)
            else {
                continue;
            };
            for (name, value) in variables {
                let Some(text) = value.as_str() else {
                    continue;
                };
                // As the process sees it (`NAME=value`): the name tells what a generic value
                // is (`DB_PASSWORD=…`). Only secrets within the value count.
                let line = format!("{name}={text}");
                let secrets: Vec<_> = find_secrets(&line)
                    .into_iter()
                    .filter(|s| s.range.start > name.len())
                    .collect();
                if secrets.is_empty() {
                    continue;
                }
                let path = format!("environment.0.variables.{name}");
                let found = listed(&secrets);
                report.fail(
                    function,
                    Some(&path),
                    format!(
                        "environment variable `{name}` of `{}` holds a hardcoded secret: {found}",
                        function.address
                    ),
                );
            }
        }
    }
}
