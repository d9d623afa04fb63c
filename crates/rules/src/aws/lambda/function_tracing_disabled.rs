use driftguard_model::Severity;

use crate::view::{path_if_set, text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct FunctionTracingDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-lambda-function-tracing-disabled",
    title: "Lambda function does not send X-Ray traces",
    severity: Severity::Low,
    rationale: "Without active tracing (`tracing_config { mode = \"Active\" }`) a function only \
        passes on trace headers it receives (`PassThrough`, the default): invocations from S3, \
        SQS or EventBridge leave no trace, so investigating an incident or an abuse of the \
        function (who called it, what it called downstream, how long it ran) relies on logs \
        alone. It is an observability control, hence the low severity.",
    remediation: "Add `tracing_config { mode = \"Active\" }` and grant the function role \
        `xray:PutTraceSegments` and `xray:PutTelemetryRecords` (the managed policy \
        `AWSXRayDaemonWriteAccess`).",
    resource_types: &["aws_lambda_function"],
    checkov: &["CKV_AWS_50"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0066",
        long: "aws-lambda-enable-tracing",
    }],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &[],
    },
    example_bad: r#"resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "api.zip"
}
"#,
    example_good: r#"resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "api.zip"

  tracing_config {
    mode = "Active"
  }
}
"#,
};

impl Rule for FunctionTracingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        const MODE: &str = "tracing_config.0.mode";
        for function in ctx.of_type("aws_lambda_function") {
            let off = text_is(function, MODE, Some("PassThrough"), |m| m != "Active");
            let path = path_if_set(function, MODE).or(path_if_set(function, "tracing_config"));
            report.verdict(function, path, off, || {
                format!(
                    "Lambda function `{}` does not use active X-Ray tracing",
                    function.address
                )
            });
        }
    }
}
