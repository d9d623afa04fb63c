//! Lambda: `AWS::Lambda::Function`, `AWS::Lambda::Permission` and `AWS::Lambda::Url` onto
//! `aws_lambda_function`, `aws_lambda_permission` and `aws_lambda_function_url`.

use super::convert::{tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::Lambda::Function", function),
    ("AWS::Lambda::Permission", permission),
    ("AWS::Lambda::Url", url),
];

/// `VpcConfig` → `vpc_config`, shared with SAM functions.
pub(super) const VPC_CONFIG: &[Field] = &[
    Field::Copy("subnet_ids", "SubnetIds"),
    Field::Copy("security_group_ids", "SecurityGroupIds"),
];

/// `Cors` of a function URL, shared with SAM's `FunctionUrlConfig`.
pub(super) const URL_CORS: &[Field] = &[
    Field::Copy("allow_credentials", "AllowCredentials"),
    Field::Copy("allow_headers", "AllowHeaders"),
    Field::Copy("allow_methods", "AllowMethods"),
    Field::Copy("allow_origins", "AllowOrigins"),
    Field::Copy("expose_headers", "ExposeHeaders"),
    Field::Copy("max_age", "MaxAge"),
];

const FUNCTION: &[Field] = &[
    Field::Copy("function_name", "FunctionName"),
    Field::Copy("runtime", "Runtime"),
    Field::Copy("handler", "Handler"),
    Field::Copy("role", "Role"),
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
    Field::Block(
        "tracing_config",
        "TracingConfig",
        &[Field::Copy("mode", "Mode")],
    ),
    Field::Block("vpc_config", "VpcConfig", VPC_CONFIG),
    Field::Block(
        "dead_letter_config",
        "DeadLetterConfig",
        &[Field::Copy("target_arn", "TargetArn")],
    ),
];

fn function(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(FUNCTION);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_lambda_function",
        &from.logical_id,
        attributes,
        spans,
    );
}

const PERMISSION: &[Field] = &[
    Field::Copy("action", "Action"),
    Field::Copy("function_name", "FunctionName"),
    Field::Copy("principal", "Principal"),
    Field::Copy("source_arn", "SourceArn"),
    Field::Copy("source_account", "SourceAccount"),
    Field::Copy("principal_org_id", "PrincipalOrgID"),
    Field::Copy("event_source_token", "EventSourceToken"),
    Field::Copy("function_url_auth_type", "FunctionUrlAuthType"),
];

fn permission(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(PERMISSION);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_lambda_permission",
        &from.logical_id,
        attributes,
        spans,
    );
}

const URL: &[Field] = &[
    Field::Copy("function_name", "TargetFunctionArn"),
    Field::Copy("qualifier", "Qualifier"),
    Field::Copy("authorization_type", "AuthType"),
    Field::Copy("invoke_mode", "InvokeMode"),
    Field::Block("cors", "Cors", URL_CORS),
];

fn url(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(URL);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_lambda_function_url",
        &from.logical_id,
        attributes,
        spans,
    );
}
