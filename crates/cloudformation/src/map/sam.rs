//! SAM (`Transform: AWS::Serverless-2016-10-31`): each serverless resource is mapped to what
//! the transform creates from it, under the logical ids SAM gives them: a function and its
//! execution role `<Id>Role`, its URL `<Id>Url`; an API and its stage `<Id><StageName>Stage`;
//! a simple table.

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::apigateway::{push_stage, StageSource};
use super::convert::{block, policy_json, push_part, reference, tags, unknown, Builder, Field};
use super::data::TABLE_SSE;
use super::lambda::{URL_CORS, VPC_CONFIG};
use super::sam_policies::expand_template;
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::Serverless::Function", function),
    ("AWS::Serverless::Api", api),
    ("AWS::Serverless::HttpApi", http_api),
    ("AWS::Serverless::SimpleTable", simple_table),
];

/// The trust policy SAM gives the execution roles it creates.
const LAMBDA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]}}]}"#;

/// An AWS managed policy, by the name SAM's `Policies` takes.
fn managed_policy_arn(name: &str) -> String {
    format!("arn:aws:iam::aws:policy/{name}")
}

const FUNCTION: &[Field] = &[
    Field::Copy("function_name", "FunctionName"),
    Field::Copy("runtime", "Runtime"),
    Field::Copy("handler", "Handler"),
    Field::Copy("memory_size", "MemorySize"),
    Field::Copy("timeout", "Timeout"),
    Field::Copy("architectures", "Architectures"),
    Field::Copy("package_type", "PackageType"),
    Field::Copy("kms_key_arn", "KmsKeyArn"),
    Field::Copy("layers", "Layers"),
    Field::Copy(
        "reserved_concurrent_executions",
        "ReservedConcurrentExecutions",
    ),
    Field::Block(
        "environment",
        "Environment",
        &[Field::Copy("variables", "Variables")],
    ),
    Field::Block("vpc_config", "VpcConfig", VPC_CONFIG),
    Field::Block(
        "dead_letter_config",
        "DeadLetterQueue",
        &[Field::Copy("target_arn", "TargetArn")],
    ),
];

/// SAM tags what it creates with `lambda:createdBy: SAM`, next to the template's `Tags` map.
fn sam_tags(b: &Builder<'_>) -> Value {
    let mut map = match tags(b.prop("Tags")) {
        Value::Object(map) => map,
        Value::Null => BTreeMap::new(),
        other => return other,
    };
    map.insert("lambda:createdBy".into(), Value::String("SAM".into()));
    Value::Object(map)
}

fn set(b: &Builder<'_>, path: &str) -> Option<Value> {
    b.prop(path).filter(|v| !v.is_null()).cloned()
}

fn function(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    b.fields(FUNCTION);
    if let Some(mode) = set(&b, "Tracing") {
        b.set("tracing_config", block([("mode", mode)]), "Tracing");
    }
    let role = set(&b, "Role");
    match &role {
        Some(role) => b.set("role", role.clone(), "Role"),
        None => b.set("role", reference(&format!("{id}Role"), "arn"), "Role"),
    }
    b.set("tags", sam_tags(&b), "Tags");
    let url = set(&b, "FunctionUrlConfig");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_lambda_function", id, attributes, spans);

    if role.is_none() {
        execution_role(from, out);
    }
    if url.is_some() {
        function_url(from, out);
    }
}

/// The execution role SAM creates when `Role` is not given: the Lambda trust policy (or
/// `AssumeRolePolicyDocument`), the managed policies SAM attaches for logs, tracing and VPC
/// access, and `Policies`: managed policy names and ARNs, policy documents and SAM policy
/// templates (inline policies `<Id>RolePolicy<index>`, as SAM names them).
fn execution_role(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    let trust = match set(&b, "AssumeRolePolicyDocument") {
        Some(document) => policy_json(&document),
        None => Value::String(LAMBDA_TRUST.into()),
    };
    b.set("assume_role_policy", trust, "AssumeRolePolicyDocument");
    b.fields(&[
        Field::Copy("permissions_boundary", "PermissionsBoundary"),
        Field::Copy("path", "RolePath"),
    ]);

    let mut managed = vec![(
        Value::String(managed_policy_arn(
            "service-role/AWSLambdaBasicExecutionRole",
        )),
        "Policies".to_string(),
    )];
    if b.prop("Tracing").is_some() {
        managed.push((
            Value::String(managed_policy_arn("AWSXrayWriteOnlyAccess")),
            "Tracing".into(),
        ));
    }
    if b.prop("VpcConfig").is_some() {
        managed.push((
            Value::String(managed_policy_arn(
                "service-role/AWSLambdaVPCAccessExecutionRole",
            )),
            "VpcConfig".into(),
        ));
    }
    let mut inline = Vec::new();
    let entries: Vec<(Value, String)> = match b.prop("Policies") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.clone(), format!("Policies.{index}")))
            .collect(),
        Some(single) => vec![(single.clone(), "Policies".to_string())],
    };
    for (index, (entry, at)) in entries.into_iter().enumerate() {
        let name = Value::String(format!("{id}RolePolicy{index}"));
        match policy_entry(&entry) {
            PolicyEntry::Managed(arn) => managed.push((arn, at)),
            PolicyEntry::Inline(policy) => inline.push((name, policy, at)),
            PolicyEntry::Unknown(value) => {
                // An unresolved `Policies` entry may be a managed policy or a document.
                managed.push((value.clone(), at.clone()));
                inline.push((name, value, at));
            }
        }
    }
    for (index, (_, at)) in managed.iter().enumerate() {
        b.point(&format!("managed_policy_arns.{index}"), at);
    }
    let arns = managed.into_iter().map(|(arn, _)| arn).collect();
    b.set("managed_policy_arns", Value::List(arns), "Policies");
    if !inline.is_empty() {
        let mut blocks = Vec::new();
        for (index, (name, policy, at)) in inline.into_iter().enumerate() {
            b.point(&format!("inline_policy.{index}"), &at);
            blocks.push(Value::Object(BTreeMap::from([
                ("name".to_string(), name),
                ("policy".to_string(), policy),
            ])));
        }
        b.set("inline_policy", Value::List(blocks), "Policies");
    }
    b.set("tags", sam_tags(&b), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_iam_role", format!("{id}Role"), attributes, spans);
}

/// One entry of a function's `Policies`.
enum PolicyEntry {
    /// A managed policy ARN.
    Managed(Value),
    /// An inline policy document, as JSON text.
    Inline(Value),
    /// An entry not known statically.
    Unknown(Value),
}

fn policy_entry(entry: &Value) -> PolicyEntry {
    match entry {
        Value::String(name) if name.starts_with("arn:") => PolicyEntry::Managed(entry.clone()),
        Value::String(name) => PolicyEntry::Managed(Value::String(managed_policy_arn(name))),
        // `!Ref`, `!GetAtt`, `!Sub` of an ARN: SAM attaches it as a managed policy.
        Value::Unknown(u) if u.reference.is_some() || u.partial.is_some() => {
            PolicyEntry::Managed(entry.clone())
        }
        Value::Object(map) if map.contains_key("Statement") => {
            PolicyEntry::Inline(policy_json(entry))
        }
        Value::Object(map) if map.len() == 1 => {
            let (name, parameters) = map.iter().next().expect("one entry");
            PolicyEntry::Inline(expand_template(name, parameters))
        }
        other => PolicyEntry::Unknown(match other {
            Value::Unknown(_) => other.clone(),
            _ => unknown("this Policies entry is not a policy name, ARN, document or template"),
        }),
    }
}

/// `FunctionUrlConfig` → the URL (`<Id>Url`) and, for `AuthType: NONE`, the public
/// permission SAM adds for it (`<Id>UrlPublicPermissions`).
fn function_url(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    b.set("function_name", reference(id, "id"), "FunctionUrlConfig");
    b.fields(&[
        Field::Copy("authorization_type", "FunctionUrlConfig.AuthType"),
        Field::Copy("invoke_mode", "FunctionUrlConfig.InvokeMode"),
        Field::Block("cors", "FunctionUrlConfig.Cors", URL_CORS),
    ]);
    let public =
        matches!(b.prop("FunctionUrlConfig.AuthType"), Some(Value::String(t)) if t == "NONE");
    push_part(
        out,
        b,
        "aws_lambda_function_url",
        &format!("{id}Url"),
        "FunctionUrlConfig",
    );
    if public {
        let mut p = Builder::new(from);
        let at = "FunctionUrlConfig.AuthType";
        p.set(
            "action",
            Value::String("lambda:InvokeFunctionUrl".into()),
            at,
        );
        p.set("function_name", reference(id, "id"), at);
        p.set("principal", Value::String("*".into()), at);
        p.set("function_url_auth_type", Value::String("NONE".into()), at);
        push_part(
            out,
            p,
            "aws_lambda_permission",
            &format!("{id}UrlPublicPermissions"),
            at,
        );
    }
}

/// The logical id SAM gives an API's stage: the API's id, the stage name when it is
/// alphanumeric, and `Stage` (SAM hashes other names; those are approximated without it).
fn stage_address(id: &str, stage_name: Option<&Value>) -> String {
    match stage_name.and_then(Value::as_str) {
        Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!("{id}{name}Stage")
        }
        _ => format!("{id}Stage"),
    }
}

/// `EndpointConfiguration`: a string (`REGIONAL`) or `{Type, VPCEndpointIds}`.
fn endpoint_configuration(b: &mut Builder<'_>) {
    let value = match set(b, "EndpointConfiguration") {
        None => return,
        Some(Value::Object(map)) => {
            let mut entries = vec![(
                "types",
                Value::List(vec![map.get("Type").cloned().unwrap_or(Value::Null)]),
            )];
            if let Some(ids) = map.get("VPCEndpointIds") {
                entries.push(("vpc_endpoint_ids", ids.clone()));
            }
            block(entries)
        }
        Some(other @ Value::String(_)) => block([("types", Value::List(vec![other]))]),
        Some(other) => other,
    };
    b.set("endpoint_configuration", value, "EndpointConfiguration");
}

/// `Auth.ResourcePolicy`: its `CustomStatements` are the policy's statements; the other keys
/// (IP ranges, VPCs, accounts) are expanded by SAM into statements driftguard does not build.
fn resource_policy(b: &mut Builder<'_>) {
    let Some(policy) = set(b, "Auth.ResourcePolicy") else {
        return;
    };
    let value = match &policy {
        Value::Object(map) if map.keys().all(|k| k == "CustomStatements") => {
            let statements = match map.get("CustomStatements") {
                Some(Value::List(items)) => Value::List(items.clone()),
                Some(other) => Value::List(vec![other.clone()]),
                None => Value::List(Vec::new()),
            };
            policy_json(&Value::Object(BTreeMap::from([
                ("Version".to_string(), Value::String("2012-10-17".into())),
                ("Statement".to_string(), statements),
            ])))
        }
        _ => unknown("SAM builds this resource policy from Auth.ResourcePolicy at deployment"),
    };
    b.set("policy", value, "Auth.ResourcePolicy");
}

fn api(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("description", "Description"),
        Field::Copy("disable_execute_api_endpoint", "DisableExecuteApiEndpoint"),
    ]);
    endpoint_configuration(&mut b);
    resource_policy(&mut b);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let name = set(&b, "StageName");
    let domain = set(&b, "Domain");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_api_gateway_rest_api", id, attributes, spans);

    let address = stage_address(id, name.as_ref());
    push_stage(
        from,
        out,
        &address,
        &StageSource {
            prefix: "",
            name: (name.unwrap_or(Value::Null), "StageName"),
            rest_api: (reference(id, "id"), "StageName"),
        },
    );
    if domain.is_some() {
        api_domain(from, out);
    }
}

/// `Domain` of an API: SAM's `AWS::ApiGateway::DomainName` (whose logical id SAM derives from
/// a hash of the domain name; mapped as `<Id>DomainName`).
fn api_domain(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("domain_name", "Domain.DomainName"),
        Field::Copy("security_policy", "Domain.SecurityPolicy"),
    ]);
    let regional = !matches!(
        b.prop("Domain.EndpointConfiguration"),
        Some(Value::String(e)) if e == "EDGE"
    );
    let certificate = if regional {
        "regional_certificate_arn"
    } else {
        "certificate_arn"
    };
    b.copy(certificate, "Domain.CertificateArn");
    push_part(
        out,
        b,
        "aws_api_gateway_domain_name",
        &format!("{}DomainName", from.logical_id),
        "Domain",
    );
}

fn http_api(from: &CfnResource, out: &mut Mapped) {
    let id = &from.logical_id;
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("description", "Description"),
        Field::Copy("disable_execute_api_endpoint", "DisableExecuteApiEndpoint"),
    ]);
    b.set("protocol_type", Value::String("HTTP".into()), "Name");
    b.set("tags", sam_tags(&b), "Tags");
    let name = set(&b, "StageName");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_apigatewayv2_api", id, attributes, spans);

    let mut s = Builder::new(from);
    s.set("api_id", reference(id, "id"), "StageName");
    s.set(
        "name",
        name.clone()
            .unwrap_or_else(|| Value::String("$default".into())),
        "StageName",
    );
    s.set("auto_deploy", Value::Bool(true), "StageName");
    s.fields(&[
        Field::Copy("stage_variables", "StageVariables"),
        Field::Block(
            "access_log_settings",
            "AccessLogSettings",
            &[
                Field::Copy("destination_arn", "DestinationArn"),
                Field::Copy("format", "Format"),
            ],
        ),
    ]);
    let address = match name {
        None => format!("{id}ApiGatewayDefaultStage"),
        Some(Value::String(n)) if n == "$default" => format!("{id}ApiGatewayDefaultStage"),
        other => stage_address(id, other.as_ref()),
    };
    let (attributes, spans) = s.finish();
    out.push(from, "aws_apigatewayv2_stage", address, attributes, spans);
}

/// DynamoDB's attribute types by SAM's names.
fn attribute_type(value: &Value) -> Value {
    match value.as_str() {
        Some("String") => Value::String("S".into()),
        Some("Number") => Value::String("N".into()),
        Some("Binary") => Value::String("B".into()),
        _ => value.clone(),
    }
}

fn simple_table(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[Field::Copy("name", "TableName"), TABLE_SSE]);
    let key_name = set(&b, "PrimaryKey.Name").unwrap_or(Value::String("id".into()));
    let key_type = set(&b, "PrimaryKey.Type")
        .map(|t| attribute_type(&t))
        .unwrap_or(Value::String("S".into()));
    b.set("hash_key", key_name.clone(), "PrimaryKey.Name");
    b.set(
        "attribute",
        block([("name", key_name), ("type", key_type)]),
        "PrimaryKey",
    );
    let mode = if b.prop("ProvisionedThroughput").is_some() {
        "PROVISIONED"
    } else {
        "PAY_PER_REQUEST"
    };
    b.set(
        "billing_mode",
        Value::String(mode.into()),
        "ProvisionedThroughput",
    );
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_dynamodb_table",
        &from.logical_id,
        attributes,
        spans,
    );
}
