use driftguard_model::Severity;

use crate::view::text_is;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct FunctionUrlUnauthenticated;

static META: RuleMeta = RuleMeta {
    id: "aws-lambda-function-url-unauthenticated",
    title: "Lambda function URL does not require authentication",
    severity: Severity::High,
    rationale: "A function URL with `authorization_type = \"NONE\"` is an HTTPS endpoint on the \
        internet that runs the function for any request: no IAM signature, no API Gateway \
        authorizer, no throttling per client, no WAF. Unless the function authenticates every \
        request itself, anyone who finds the URL can call it, read what it returns and run up \
        its bill.",
    remediation: "Use `authorization_type = \"AWS_IAM\"` and sign requests (SigV4), or put \
        CloudFront with origin access control or API Gateway with an authorizer in front of \
        the function. If the endpoint must be public (a webhook), verify the caller's \
        signature in the function and suppress the finding with that reason.",
    resource_types: &["aws_lambda_function_url"],
    checkov: &["CKV_AWS_258"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "NONE"
}
"#,
    example_good: r#"resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
}
"#,
};

impl Rule for FunctionUrlUnauthenticated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for url in ctx.of_type("aws_lambda_function_url") {
            // `authorization_type` is required; a configuration without it does not apply.
            let open = text_is(url, "authorization_type", None, |t| t == "NONE");
            report.verdict(url, Some("authorization_type"), open, || {
                format!(
                    "function URL `{}` accepts unauthenticated requests (authorization_type = \"NONE\")",
                    url.address
                )
            });
        }
    }
}
