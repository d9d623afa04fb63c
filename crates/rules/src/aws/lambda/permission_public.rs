use driftguard_model::{Severity, Tri};

use crate::view::lambda::{permission_conditioned, permission_to_anyone};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct PermissionPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-lambda-permission-public",
    title: "Lambda permission lets anyone invoke or manage the function",
    severity: Severity::Critical,
    rationale: "An `aws_lambda_permission` with `principal = \"*\"` adds `Principal: \"*\"` to \
        the function's resource policy: every AWS account (and, for \
        `lambda:InvokeFunctionUrl` with `NONE` auth, everyone on the internet) can perform the \
        action, typically invoking the function with arbitrary input and running up its bill, \
        or reading its code and configuration. `source_arn`, `source_account`, \
        `principal_org_id` or `event_source_token` add a condition and are taken as \
        restricting it. AWS Security Hub Lambda.1 flags such policies.",
    remediation: "Name the principal (an account, a role ARN or a service such as \
        `apigateway.amazonaws.com`) and add `source_arn` / `source_account`, or \
        `principal_org_id` to allow your AWS Organization only.",
    resource_types: &["aws_lambda_permission"],
    checkov: &["CKV_AWS_301"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_lambda_permission" "invoke" {
  statement_id  = "AllowInvoke"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "*"
}
"#,
    example_good: r#"resource "aws_lambda_permission" "invoke" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/POST/thumbnails"
}
"#,
};

impl Rule for PermissionPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for permission in ctx.of_type("aws_lambda_permission") {
            let verdict = permission_to_anyone(permission)
                .and(Tri::from_bool(!permission_conditioned(permission)));
            report.verdict(permission, Some("principal"), verdict, || {
                let action = permission
                    .get("action")
                    .and_then(|v| v.as_str())
                    .unwrap_or("the action");
                format!(
                    "`{}` grants `{action}` to everyone (principal = \"*\") without source_arn, source_account or principal_org_id",
                    permission.address
                )
            });
        }
    }
}
