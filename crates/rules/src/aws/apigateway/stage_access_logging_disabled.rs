use driftguard_model::Severity;

use crate::view::logging::destination_configured;
use crate::view::{path_if_set, set_value};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct StageAccessLoggingDisabled;

const DESTINATION: &str = "access_log_settings.0.destination_arn";

static META: RuleMeta = RuleMeta {
    id: "aws-apigateway-stage-access-logging-disabled",
    title: "API Gateway stage writes no access logs",
    severity: Severity::Low,
    rationale: "Access logs record every call to a stage: caller address, identity, request \
        path, status, latency, and the authorizer's decision. They are how abuse of a public \
        endpoint, credential stuffing against an authorizer, or a data exfiltration through \
        the API is noticed and investigated; API Gateway keeps no request history otherwise \
        (execution logs are sampled debugging output, not an audit trail). Both REST API \
        stages and HTTP / WebSocket API stages are checked.",
    remediation: "Add `access_log_settings { destination_arn = aws_cloudwatch_log_group.api.arn \
        format = jsonencode({ … }) }` to the stage (REST APIs also need the account's \
        CloudWatch role, `aws_api_gateway_account`).",
    resource_types: &["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
    checkov: &["CKV_AWS_76"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0001",
            long: "aws-apigateway-enable-access-logging",
        },
        TrivyId {
            avd: "AVD-AWS-0001",
            long: "aws-api-gateway-enable-access-logging",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &[],
    },
    example_bad: r#"resource "aws_apigatewayv2_stage" "prod" {
  api_id      = "a1b2c3d4e5"
  name        = "prod"
  auto_deploy = true
}
"#,
    example_good: r#"resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/orders"
  retention_in_days = 365
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id      = "a1b2c3d4e5"
  name        = "prod"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      route     = "$context.routeKey"
      status    = "$context.status"
    })
  }
}
"#,
};

impl Rule for StageAccessLoggingDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for stage_type in ["aws_api_gateway_stage", "aws_apigatewayv2_stage"] {
            for stage in ctx.of_type(stage_type) {
                let logged = destination_configured(set_value(stage, DESTINATION));
                let path = path_if_set(stage, DESTINATION)
                    .or_else(|| path_if_set(stage, "access_log_settings.0"));
                report.verdict(stage, path, logged.negate(), || {
                    format!("stage `{}` does not write access logs", stage.address)
                });
            }
        }
    }
}
