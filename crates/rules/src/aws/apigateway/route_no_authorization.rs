use driftguard_model::{Severity, Tri};

use crate::view::apigateway::{route_authorizable, route_unauthenticated};
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RouteNoAuthorization;

static META: RuleMeta = RuleMeta {
    id: "aws-apigateway-route-no-authorization",
    title: "API Gateway HTTP or WebSocket route can be called by anyone",
    severity: Severity::Medium,
    rationale: "An `aws_apigatewayv2_route` without `authorization_type` (it defaults to `NONE`) \
        runs its integration for any caller on the internet; HTTP APIs cannot be made private, \
        so nothing else stands in the way. Public endpoints are sometimes intended, hence \
        medium, but should be a decision. Checked: every route of an HTTP API except CORS \
        preflight (`OPTIONS …`), and the `$connect` route of a WebSocket API, the only \
        WebSocket route that accepts an authorizer.",
    remediation: "Set `authorization_type` to `JWT` (with an `authorizer_id` for a JWT \
        authorizer), `CUSTOM` (a Lambda authorizer) or `AWS_IAM`.",
    resource_types: &["aws_apigatewayv2_route", "aws_apigatewayv2_api"],
    checkov: &["CKV_AWS_309"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "list" {
  api_id    = aws_apigatewayv2_api.orders.id
  route_key = "GET /orders"
}
"#,
    example_good: r#"resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.orders.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"

  jwt_configuration {
    audience = ["orders"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
  }
}

resource "aws_apigatewayv2_route" "list" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}
"#,
};

impl Rule for RouteNoAuthorization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for route in ctx.of_type("aws_apigatewayv2_route") {
            let verdict = route_unauthenticated(route).and(route_authorizable(ctx, route));
            let path = path_if_set(route, "authorization_type");
            let key = route.get("route_key").and_then(|k| k.as_str());
            if verdict == Tri::Unknown && key == Some("$default") {
                report.inconclusive(
                    route,
                    path,
                    "`$default` is the catch-all route of an HTTP API or the fallback route of a \
                        WebSocket API, and the API is not in this configuration",
                );
                continue;
            }
            report.verdict(route, path, verdict, || {
                let key = route
                    .get("route_key")
                    .and_then(|k| k.as_str())
                    .unwrap_or("?");
                format!(
                    "route `{}` (`{key}`) runs for any caller: no authorization",
                    route.address
                )
            });
        }
    }
}
