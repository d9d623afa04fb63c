//! API Gateway: REST APIs (`AWS::ApiGateway::*` onto `aws_api_gateway_*`) and HTTP /
//! WebSocket APIs (`AWS::ApiGatewayV2::*` onto `aws_apigatewayv2_*`).

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::convert::{block, push_part, reference, tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::ApiGateway::RestApi", rest_api),
    ("AWS::ApiGateway::Method", method),
    ("AWS::ApiGateway::Stage", stage),
    ("AWS::ApiGateway::Deployment", deployment),
    ("AWS::ApiGateway::DomainName", domain_name),
    ("AWS::ApiGatewayV2::Api", api_v2),
    ("AWS::ApiGatewayV2::Route", route_v2),
    ("AWS::ApiGatewayV2::Stage", stage_v2),
    ("AWS::ApiGatewayV2::DomainName", domain_name_v2),
];

const REST_API: &[Field] = &[
    Field::Copy("name", "Name"),
    Field::Copy("description", "Description"),
    Field::Copy("disable_execute_api_endpoint", "DisableExecuteApiEndpoint"),
    Field::Block(
        "endpoint_configuration",
        "EndpointConfiguration",
        &[
            Field::Copy("types", "Types"),
            Field::Copy("vpc_endpoint_ids", "VpcEndpointIds"),
        ],
    ),
    Field::Json("policy", "Policy"),
];

fn rest_api(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(REST_API);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_api_gateway_rest_api",
        &from.logical_id,
        attributes,
        spans,
    );
}

const METHOD: &[Field] = &[
    Field::Copy("rest_api_id", "RestApiId"),
    Field::Copy("resource_id", "ResourceId"),
    Field::Copy("http_method", "HttpMethod"),
    Field::Copy("authorization", "AuthorizationType"),
    Field::Copy("authorizer_id", "AuthorizerId"),
    Field::Copy("authorization_scopes", "AuthorizationScopes"),
    Field::Copy("api_key_required", "ApiKeyRequired"),
    Field::Copy("operation_name", "OperationName"),
];

fn method(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(METHOD);
    // Terraform requires `authorization`; CloudFormation creates a method without
    // `AuthorizationType` (and without an authorizer) open, as `NONE`.
    if b.prop("AuthorizationType").is_none() && b.prop("AuthorizerId").is_none() {
        b.set(
            "authorization",
            Value::String("NONE".into()),
            "AuthorizationType",
        );
    }
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_api_gateway_method",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// `AccessLogSetting` (REST) / `AccessLogSettings` (v2) → `access_log_settings`.
const ACCESS_LOG: &[Field] = &[
    Field::Copy("destination_arn", "DestinationArn"),
    Field::Copy("format", "Format"),
];

/// What a REST API stage is made of, wherever it is declared: `AWS::ApiGateway::Stage`, the
/// `StageDescription` of a deployment, or an `AWS::Serverless::Api`.
pub(super) struct StageSource<'p> {
    /// Where the stage's settings are, a dotted CloudFormation path (`""`, `StageDescription`).
    pub prefix: &'p str,
    /// The stage name, and the property it comes from.
    pub name: (Value, &'p str),
    /// The REST API, and the property it comes from.
    pub rest_api: (Value, &'p str),
}

/// Maps a REST API stage at `address`, with its `MethodSettings` as the separate
/// `aws_api_gateway_method_settings` Terraform declares (`<address>MethodSettings<index>`).
/// A deployment's `StageDescription` also holds settings for every method
/// (`CachingEnabled`, `CacheDataEncrypted`, …), as method settings for `*/*`.
pub(super) fn push_stage(
    from: &CfnResource,
    out: &mut Mapped,
    address: &str,
    source: &StageSource<'_>,
) {
    let at = |name: &str| join(source.prefix, name);
    let mut b = Builder::new(from);
    let (name, name_at) = &source.name;
    let (api, api_at) = &source.rest_api;
    b.set("stage_name", name.clone(), name_at);
    b.set("rest_api_id", api.clone(), api_at);
    for (tf, cfn) in [
        ("cache_cluster_enabled", "CacheClusterEnabled"),
        ("cache_cluster_size", "CacheClusterSize"),
        ("xray_tracing_enabled", "TracingEnabled"),
        ("client_certificate_id", "ClientCertificateId"),
        ("deployment_id", "DeploymentId"),
        ("variables", "Variables"),
    ] {
        b.copy(tf, &at(cfn));
    }
    let log_at = at("AccessLogSetting");
    if let Some(settings) = b.prop(&log_at).filter(|v| !v.is_null()).cloned() {
        b.set(
            "access_log_settings",
            copied_block(&settings, ACCESS_LOG),
            &log_at,
        );
        for (tf, cfn) in [("destination_arn", "DestinationArn"), ("format", "Format")] {
            b.point(
                &format!("access_log_settings.0.{tf}"),
                &format!("{log_at}.{cfn}"),
            );
        }
    }
    b.set("tags", tags(b.prop(&at("Tags"))), &at("Tags"));
    let (attributes, spans) = b.finish();
    out.push(from, "aws_api_gateway_stage", address, attributes, spans);

    let stage = reference(address, "stage_name");
    let mut settings = Vec::new();
    if let Some(all) = stage_wide_settings(from, source.prefix) {
        settings.push((all, source.prefix.to_string()));
    }
    let listed = at("MethodSettings");
    if let Some(Value::List(items)) = from.properties.get_path(&listed) {
        for (position, item) in items.iter().enumerate() {
            settings.push((item.clone(), format!("{listed}.{position}")));
        }
    }
    for (index, (item, cfn_path)) in settings.iter().enumerate() {
        push_method_settings(
            from,
            out,
            &format!("{address}MethodSettings{index}"),
            item,
            cfn_path,
            (&stage, api),
        );
    }
}

/// The method settings a deployment's `StageDescription` gives every method of its stage
/// (`CachingEnabled`, `CacheDataEncrypted`, …), as a `MethodSetting` for `*` on `/*`.
fn stage_wide_settings(from: &CfnResource, prefix: &str) -> Option<Value> {
    if prefix.is_empty() {
        return None;
    }
    let Some(Value::Object(description)) = from.properties.get_path(prefix) else {
        return None;
    };
    let mut settings: BTreeMap<String, Value> = METHOD_SETTINGS
        .iter()
        .filter_map(|(_, cfn)| Some((cfn.to_string(), description.get(*cfn)?.clone())))
        .collect();
    if settings.is_empty() {
        return None;
    }
    settings.insert("HttpMethod".into(), Value::String("*".into()));
    settings.insert("ResourcePath".into(), Value::String("/*".into()));
    Some(Value::Object(settings))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A CloudFormation object reshaped by `fields` into one Terraform block (used where the
/// object is not at a fixed property path).
fn copied_block(value: &Value, fields: &[Field]) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut entries = Vec::new();
    for field in fields {
        if let Field::Copy(tf, cfn) = field {
            if let Some(v) = map.get(*cfn) {
                entries.push((*tf, v.clone()));
            }
        }
    }
    block(entries)
}

/// `MethodSetting` fields, and a deployment's `StageDescription` fields of the same name.
const METHOD_SETTINGS: &[(&str, &str)] = &[
    ("caching_enabled", "CachingEnabled"),
    ("cache_data_encrypted", "CacheDataEncrypted"),
    ("cache_ttl_in_seconds", "CacheTtlInSeconds"),
    ("logging_level", "LoggingLevel"),
    ("metrics_enabled", "MetricsEnabled"),
    ("data_trace_enabled", "DataTraceEnabled"),
    ("throttling_burst_limit", "ThrottlingBurstLimit"),
    ("throttling_rate_limit", "ThrottlingRateLimit"),
];

/// One `MethodSetting` at `cfn_path` → an `aws_api_gateway_method_settings` for its stage
/// (`stage`, a reference to the stage resource) and REST API.
fn push_method_settings(
    from: &CfnResource,
    out: &mut Mapped,
    address: &str,
    item: &Value,
    cfn_path: &str,
    (stage, api): (&Value, &Value),
) {
    let mut b = Builder::new(from);
    b.set("stage_name", stage.clone(), cfn_path);
    b.set("rest_api_id", api.clone(), cfn_path);
    b.set("method_path", method_path(item), cfn_path);
    let mut settings = Vec::new();
    for (tf, cfn) in METHOD_SETTINGS {
        if let Some(value) = item.get_path(cfn) {
            settings.push((*tf, value.clone()));
            b.point(&format!("settings.0.{tf}"), &format!("{cfn_path}.{cfn}"));
        }
    }
    b.set("settings", block(settings), cfn_path);
    push_part(out, b, "aws_api_gateway_method_settings", address, cfn_path);
}

/// `ResourcePath` (`/~1pets`, `/*`) and `HttpMethod` → Terraform's `method_path` (`pets/GET`,
/// `*/*`).
fn method_path(item: &Value) -> Value {
    let path = item.get_path("ResourcePath").and_then(Value::as_str);
    let verb = item.get_path("HttpMethod").and_then(Value::as_str);
    match (path, verb) {
        (Some(path), Some(verb)) => {
            let path = path.replace("~1", "/");
            Value::String(format!("{}/{verb}", path.trim_start_matches('/')))
        }
        _ => Value::unknown("the method path of these settings is not known statically"),
    }
}

fn stage(from: &CfnResource, out: &mut Mapped) {
    let name = from
        .properties
        .get_path("StageName")
        .cloned()
        .unwrap_or(Value::Null);
    let api = from
        .properties
        .get_path("RestApiId")
        .cloned()
        .unwrap_or(Value::Null);
    push_stage(
        from,
        out,
        &from.logical_id,
        &StageSource {
            prefix: "",
            name: (name, "StageName"),
            rest_api: (api, "RestApiId"),
        },
    );
}

/// A deployment; with a `StageName` it also creates that stage, configured by its
/// `StageDescription`, mapped as `<LogicalId>Stage`.
fn deployment(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("rest_api_id", "RestApiId"),
        Field::Copy("stage_name", "StageName"),
        Field::Copy("description", "Description"),
    ]);
    let name = b.prop("StageName").filter(|v| !v.is_null()).cloned();
    let api = b.prop("RestApiId").cloned().unwrap_or(Value::Null);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_api_gateway_deployment",
        &from.logical_id,
        attributes,
        spans,
    );
    if let Some(name) = name {
        push_stage(
            from,
            out,
            &format!("{}Stage", from.logical_id),
            &StageSource {
                prefix: "StageDescription",
                name: (name, "StageName"),
                rest_api: (api, "RestApiId"),
            },
        );
    }
}

const DOMAIN_NAME: &[Field] = &[
    Field::Copy("domain_name", "DomainName"),
    Field::Copy("security_policy", "SecurityPolicy"),
    Field::Copy("certificate_arn", "CertificateArn"),
    Field::Copy("regional_certificate_arn", "RegionalCertificateArn"),
    Field::Block(
        "endpoint_configuration",
        "EndpointConfiguration",
        &[Field::Copy("types", "Types")],
    ),
];

fn domain_name(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DOMAIN_NAME);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_api_gateway_domain_name",
        &from.logical_id,
        attributes,
        spans,
    );
}

const API_V2: &[Field] = &[
    Field::Copy("name", "Name"),
    Field::Copy("protocol_type", "ProtocolType"),
    Field::Copy("description", "Description"),
    Field::Copy("disable_execute_api_endpoint", "DisableExecuteApiEndpoint"),
    Field::Copy("route_selection_expression", "RouteSelectionExpression"),
];

fn api_v2(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(API_V2);
    b.set(
        "tags",
        b.prop("Tags").cloned().unwrap_or(Value::Null),
        "Tags",
    );
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_apigatewayv2_api",
        &from.logical_id,
        attributes,
        spans,
    );
}

const ROUTE_V2: &[Field] = &[
    Field::Copy("api_id", "ApiId"),
    Field::Copy("route_key", "RouteKey"),
    Field::Copy("authorization_type", "AuthorizationType"),
    Field::Copy("authorizer_id", "AuthorizerId"),
    Field::Copy("authorization_scopes", "AuthorizationScopes"),
    Field::Copy("api_key_required", "ApiKeyRequired"),
    Field::Copy("target", "Target"),
    Field::Copy("operation_name", "OperationName"),
];

fn route_v2(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(ROUTE_V2);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_apigatewayv2_route",
        &from.logical_id,
        attributes,
        spans,
    );
}

pub(super) const STAGE_V2: &[Field] = &[
    Field::Copy("api_id", "ApiId"),
    Field::Copy("name", "StageName"),
    Field::Copy("auto_deploy", "AutoDeploy"),
    Field::Copy("deployment_id", "DeploymentId"),
    Field::Copy("description", "Description"),
    Field::Copy("stage_variables", "StageVariables"),
    Field::Block("access_log_settings", "AccessLogSettings", ACCESS_LOG),
];

fn stage_v2(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(STAGE_V2);
    b.set(
        "tags",
        b.prop("Tags").cloned().unwrap_or(Value::Null),
        "Tags",
    );
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_apigatewayv2_stage",
        &from.logical_id,
        attributes,
        spans,
    );
}

const DOMAIN_NAME_V2: &[Field] = &[
    Field::Copy("domain_name", "DomainName"),
    Field::Blocks(
        "domain_name_configuration",
        "DomainNameConfigurations",
        &[
            Field::Copy("certificate_arn", "CertificateArn"),
            Field::Copy("endpoint_type", "EndpointType"),
            Field::Copy("security_policy", "SecurityPolicy"),
        ],
    ),
];

fn domain_name_v2(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(DOMAIN_NAME_V2);
    b.set(
        "tags",
        b.prop("Tags").cloned().unwrap_or(Value::Null),
        "Tags",
    );
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_apigatewayv2_domain_name",
        &from.logical_id,
        attributes,
        spans,
    );
}
