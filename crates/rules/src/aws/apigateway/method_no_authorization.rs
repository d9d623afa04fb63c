use driftguard_model::{Severity, Tri};

use crate::view::apigateway::{method_unauthenticated, RestApi};
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct MethodNoAuthorization;

static META: RuleMeta = RuleMeta {
    id: "aws-apigateway-method-no-authorization",
    title: "API Gateway REST method can be called by anyone",
    severity: Severity::Medium,
    rationale: "A method with `authorization = \"NONE\"` and no API key requirement runs its \
        integration (a Lambda function, a backend, an AWS service call) for any caller on the \
        internet: data it returns is public, actions it performs can be abused, and every call \
        is billed to you. Public endpoints are sometimes intended (webhooks, public reads), \
        hence medium, but should be a decision. Not reported: `OPTIONS` methods (CORS \
        preflight), methods of private APIs (reachable only through VPC endpoints), and \
        methods of APIs whose resource policy limits callers (denies some, or allows only \
        with a condition or to specific principals); a resource policy that cannot be read is \
        inconclusive.",
    remediation: "Set `authorization` to `AWS_IAM`, `COGNITO_USER_POOLS` or `CUSTOM` with an \
        `authorizer_id`, or require an API key (`api_key_required = true`, with a usage plan), \
        or restrict callers with a resource policy.",
    resource_types: &[
        "aws_api_gateway_method",
        "aws_api_gateway_rest_api",
        "aws_api_gateway_rest_api_policy",
    ],
    checkov: &["CKV_AWS_59", "CKV2_AWS_70"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0004",
            long: "aws-apigateway-no-public-access",
        },
        TrivyId {
            avd: "AVD-AWS-0004",
            long: "aws-api-gateway-no-public-access",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}
"#,
    example_good: r#"resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}
"#,
};

impl Rule for MethodNoAuthorization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for method in ctx.of_type("aws_api_gateway_method") {
            let open = method_unauthenticated(method);
            if open == Tri::False {
                continue;
            }
            let path = path_if_set(method, "authorization");
            let Some(api) = RestApi::of(ctx, method) else {
                report.inconclusive(
                    method,
                    path,
                    "the REST API is not declared in this configuration: it may be private or \
                     restricted by a resource policy",
                );
                continue;
            };
            let private = api.is_private();
            let public = private
                .negate()
                .and(api.policy_restricts_callers().negate());
            let verdict = open.and(public);
            if verdict == Tri::Unknown && open == Tri::True {
                report.inconclusive(
                    method,
                    path,
                    if private == Tri::Unknown {
                        "whether the REST API is private is not known statically"
                    } else {
                        "the REST API's resource policy cannot be read statically: it may \
                            restrict callers"
                    },
                );
                continue;
            }
            report.verdict(method, path, verdict, || {
                format!(
                    "method `{}` of API `{}` runs for any caller: no authorization, no API key",
                    method.address, api.resource.address
                )
            });
        }
    }
}
