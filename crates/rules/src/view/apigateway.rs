//! API Gateway: REST APIs (v1: `aws_api_gateway_*`) and HTTP / WebSocket APIs (v2:
//! `aws_apigatewayv2_*`), who may call them, their stages and custom domain names.

use driftguard_model::{Resource, Tri, Value};

use super::iam::{policy_at, statements_of};
use super::{any_item, flag, set_value, text_is, TlsPolicies};
use crate::context::points_at;
use crate::Context;

const REST_API: &str = "aws_api_gateway_rest_api";
const REST_API_POLICY: &str = "aws_api_gateway_rest_api_policy";

/// An `aws_api_gateway_rest_api`.
pub struct RestApi<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

impl<'a> RestApi<'a> {
    /// The REST API a resource of this module tree belongs to (through its `rest_api_id`).
    pub fn of(ctx: &'a Context<'a>, member: &Resource) -> Option<RestApi<'a>> {
        let api_id = set_value(member, "rest_api_id")?;
        ctx.pointed_at(api_id, &[REST_API], &["id"])
            .map(|resource| RestApi { resource, ctx })
    }

    /// Whether the API is private: reachable only through interface VPC endpoints
    /// (`endpoint_configuration.types = ["PRIVATE"]`; `EDGE` by default).
    pub fn is_private(&self) -> Tri {
        any_item(
            set_value(self.resource, "endpoint_configuration.0.types"),
            |t| t == "PRIVATE",
        )
    }

    /// Whether a resource policy (the API's `policy`, or an `aws_api_gateway_rest_api_policy`)
    /// limits who may invoke it. For an unauthenticated method a resource policy is the only
    /// gate: the call is allowed only if a statement explicitly allows it. A policy restricts
    /// callers unless it allows `execute-api:Invoke` to everyone without a condition and
    /// denies nothing.
    pub fn policy_restricts_callers(&self) -> Tri {
        let mut holders: Vec<&'a Resource> = vec![self.resource];
        holders.extend(self.ctx.referring_to(
            self.resource,
            REST_API_POLICY,
            "rest_api_id",
            &["id"],
        ));
        Tri::any(holders.into_iter().map(|holder| self.restricts(holder)))
    }

    fn restricts(&self, holder: &'a Resource) -> Tri {
        match set_value(holder, "policy") {
            None => return Tri::False,
            Some(Value::String(text)) if text.trim().is_empty() => return Tri::False,
            Some(_) => {}
        }
        let Some(policy) = policy_at(self.ctx, holder, "policy") else {
            return Tri::False;
        };
        let Ok(statements) = statements_of(self.ctx, &policy.source) else {
            return Tri::Unknown;
        };
        let denies = Tri::any(statements.iter().map(|s| s.allow.negate()));
        let open = Tri::any(
            statements
                .iter()
                .map(|s| s.is_public().and(s.allows_action("execute-api:Invoke"))),
        );
        denies.or(open.negate())
    }
}

/// Whether an `aws_api_gateway_method` can be called without authorization: `authorization =
/// "NONE"` and no API key required, on a method other than `OPTIONS` (CORS preflight).
pub fn method_unauthenticated(method: &Resource) -> Tri {
    let no_authorization = text_is(method, "authorization", None, |a| {
        a.eq_ignore_ascii_case("NONE")
    });
    let no_api_key = flag(method, "api_key_required", false).negate();
    let not_preflight = text_is(method, "http_method", None, |m| {
        !m.eq_ignore_ascii_case("OPTIONS")
    });
    no_authorization.and(no_api_key).and(not_preflight)
}

/// Whether an `aws_apigatewayv2_route` is one that API Gateway lets you authorize: every route
/// of an HTTP API but CORS preflight (`OPTIONS …`), and the `$connect` route of a WebSocket API
/// (other WebSocket routes cannot have an authorizer: the connection was authorized).
pub fn route_authorizable(ctx: &Context<'_>, route: &Resource) -> Tri {
    let Some(key) = set_value(route, "route_key") else {
        return Tri::False;
    };
    let Some(key) = key.as_str() else {
        return Tri::Unknown;
    };
    if key.starts_with("OPTIONS ") {
        Tri::False
    } else if key.contains(' ') || key == "$connect" {
        Tri::True
    } else if key == "$default" {
        // The catch-all route of an HTTP API, or the fallback message route of a WebSocket API.
        let api = set_value(route, "api_id")
            .and_then(|api_id| ctx.pointed_at(api_id, &["aws_apigatewayv2_api"], &["id"]));
        match api {
            Some(api) => text_is(api, "protocol_type", None, |p| p == "HTTP"),
            None => Tri::Unknown,
        }
    } else {
        Tri::False
    }
}

/// Whether an `aws_apigatewayv2_route` has no authorization (`authorization_type`, `NONE` by
/// default).
pub fn route_unauthenticated(route: &Resource) -> Tri {
    text_is(route, "authorization_type", Some("NONE"), |t| t == "NONE")
}

/// Legacy and enhanced security policies of API Gateway custom domain names. Without a
/// `security_policy`, API Gateway keeps `TLS_1_0` for compatibility.
pub const DOMAIN_SECURITY_POLICIES: TlsPolicies = TlsPolicies {
    outdated: &["TLS_1_0"],
    outdated_families: &[
        "SecurityPolicy_TLS10",
        "SecurityPolicy_TLS11",
        "SecurityPolicy_TLS13_1_0",
        "SecurityPolicy_TLS13_1_1",
    ],
    current: &["TLS_1_2"],
    current_families: &["SecurityPolicy_TLS12", "SecurityPolicy_TLS13"],
    default: "TLS_1_0",
};

/// Whether the method settings at `settings.0` of an `aws_api_gateway_method_settings` turn the
/// response cache on for a stage that has a cache cluster: without `cache_cluster_enabled` on
/// the stage nothing is cached. Unknown when the stage is not in this module tree.
pub fn method_settings_cache_active(ctx: &Context<'_>, settings: &Resource) -> Tri {
    let caching = flag(settings, "settings.0.caching_enabled", false);
    if caching == Tri::False {
        return Tri::False;
    }
    let (Some(stage_name), Some(api)) = (
        set_value(settings, "stage_name"),
        set_value(settings, "rest_api_id"),
    ) else {
        return Tri::False;
    };
    let same_api = |other: &Resource| set_value(other, "rest_api_id").is_some_and(|v| same(v, api));
    if let Some(stage) = ctx
        .of_type("aws_api_gateway_stage")
        .find(|stage| points_at(stage_name, stage, &["stage_name"]) && same_api(stage))
    {
        return caching.and(flag(stage, "cache_cluster_enabled", false));
    }
    // A stage created by a deployment's `stage_name` has no cache cluster.
    if ctx
        .of_type("aws_api_gateway_deployment")
        .any(|d| points_at(stage_name, d, &["stage_name"]) && same_api(d))
    {
        return Tri::False;
    }
    caching.and(Tri::Unknown)
}

/// Whether two values name the same thing: equal literals, or references to one resource.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown(x), Value::Unknown(y)) => match (&x.reference, &y.reference) {
            (Some(x), Some(y)) => x.address == y.address,
            _ => false,
        },
        _ => a == b && !a.is_null(),
    }
}
