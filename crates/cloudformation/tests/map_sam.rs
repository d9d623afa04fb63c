//! SAM serverless resources, mapped to what the transform creates, checked by the rules.

mod harness;

use driftguard_model::Value;
use harness::{cfn, family_quiet, fires_at, fires_on_resource, mapped, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

fn addresses(resources: &[driftguard_model::Resource]) -> Vec<(&str, &str)> {
    resources
        .iter()
        .map(|r| (r.resource_type.as_str(), r.address.as_str()))
        .collect()
}

#[test]
fn a_function_is_a_lambda_function_and_its_execution_role() {
    let function = cfn(
        "Fn",
        "AWS::Serverless::Function",
        json!({
            "Runtime": "python3.12",
            "Handler": "app.handler",
            "CodeUri": "src/",
            "Tracing": "Active",
            "VpcConfig": {"SubnetIds": [{"Ref": "A"}], "SecurityGroupIds": [{"Ref": "Sg"}]},
            "Policies": [
                "AmazonS3ReadOnlyAccess",
                {"SQSPollerPolicy": {"QueueName": {"Fn::GetAtt": ["Queue", "QueueName"]}}},
                {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Bucket.Arn}/*"}}]}
            ],
            "Tags": {"team": "payments"}
        }),
    );
    let resources = mapped(std::slice::from_ref(&function));
    assert_eq!(
        addresses(&resources),
        vec![("aws_lambda_function", "Fn"), ("aws_iam_role", "FnRole")]
    );
    let (lambda, role) = (&resources[0], &resources[1]);
    assert_eq!(
        lambda.get("tracing_config.0.mode"),
        Some(&Value::String("Active".into()))
    );
    assert_eq!(
        lambda
            .get("role")
            .and_then(|r| r.as_unknown())
            .and_then(|u| u.reference.clone())
            .map(|r| r.address),
        Some("FnRole".to_string())
    );
    let arns: Vec<&str> = role
        .get("managed_policy_arns")
        .and_then(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        arns,
        vec![
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        ]
    );
    assert_eq!(
        role.get("inline_policy.0.name"),
        Some(&Value::String("FnRolePolicy1".into()))
    );
    assert_eq!(
        role.get("inline_policy.1.name"),
        Some(&Value::String("FnRolePolicy2".into()))
    );
    assert_eq!(
        role.get("tags.team"),
        Some(&Value::String("payments".into()))
    );
    let checked = scan(&[function]);
    clean(&checked, "aws-lambda-function-tracing-disabled", "Fn");
    family_quiet(&checked, "aws-iam", &[]);
}

#[test]
fn administrator_access_and_wildcard_policies_fail_on_the_role() {
    let admin = cfn(
        "Admin",
        "AWS::Serverless::Function",
        json!({"Runtime": "nodejs20.x", "Policies": "AdministratorAccess"}),
    );
    let wildcard = cfn(
        "Wild",
        "AWS::Serverless::Function",
        json!({
            "Runtime": "nodejs20.x",
            "Policies": [{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "TextractPolicy"]
        }),
    );
    let template = cfn(
        "Textract",
        "AWS::Serverless::Function",
        json!({"Runtime": "nodejs20.x", "Policies": [{"TextractPolicy": {}}]}),
    );
    let checked = scan(&[admin.clone(), wildcard.clone(), template.clone()]);
    fires_at(
        &checked,
        "aws-iam-administrator-access-attached",
        "AdminRole",
        &admin,
        "Policies",
    );
    fires_at(
        &checked,
        "aws-iam-policy-admin-access",
        "WildRole",
        &wildcard,
        "Policies.0",
    );
    fires_at(
        &checked,
        "aws-iam-policy-service-wildcard",
        "TextractRole",
        &template,
        "Policies.0",
    );
    // Without Tracing, SAM functions are not traced.
    fires_on_resource(
        &checked,
        "aws-lambda-function-tracing-disabled",
        "Admin",
        &admin,
    );
}

#[test]
fn unknown_policy_templates_leave_the_role_undecided() {
    let function = cfn(
        "Fn",
        "AWS::Serverless::Function",
        json!({"Runtime": "go1.x", "Policies": [{"SomeFuturePolicy": {"Name": "x"}}]}),
    );
    let role = &mapped(std::slice::from_ref(&function))[1];
    assert!(role
        .get("inline_policy.0.policy")
        .is_some_and(Value::is_unknown));
}

#[test]
fn a_given_role_is_not_created() {
    let function = cfn(
        "Fn",
        "AWS::Serverless::Function",
        json!({"Runtime": "java21", "Role": {"Fn::GetAtt": ["Shared", "Arn"]}, "Policies": ["AdministratorAccess"]}),
    );
    let resources = mapped(&[function]);
    assert_eq!(addresses(&resources), vec![("aws_lambda_function", "Fn")]);
}

#[test]
fn a_public_function_url_and_its_permission() {
    let function = cfn(
        "Fn",
        "AWS::Serverless::Function",
        json!({"Runtime": "nodejs20.x", "Tracing": "Active", "FunctionUrlConfig": {"AuthType": "NONE"}}),
    );
    let private = cfn(
        "Private",
        "AWS::Serverless::Function",
        json!({"Runtime": "nodejs20.x", "Tracing": "Active", "FunctionUrlConfig": {"AuthType": "AWS_IAM"}}),
    );
    let resources = mapped(&[function.clone(), private.clone()]);
    assert_eq!(
        addresses(&resources),
        vec![
            ("aws_lambda_function", "Fn"),
            ("aws_iam_role", "FnRole"),
            ("aws_lambda_function_url", "FnUrl"),
            ("aws_lambda_permission", "FnUrlPublicPermissions"),
            ("aws_lambda_function", "Private"),
            ("aws_iam_role", "PrivateRole"),
            ("aws_lambda_function_url", "PrivateUrl"),
        ]
    );
    let checked = scan(&[function.clone(), private]);
    fires_at(
        &checked,
        "aws-lambda-function-url-unauthenticated",
        "FnUrl",
        &function,
        "FunctionUrlConfig.AuthType",
    );
    fires_at(
        &checked,
        "aws-lambda-permission-public",
        "FnUrlPublicPermissions",
        &function,
        "FunctionUrlConfig.AuthType",
    );
    clean(
        &checked,
        "aws-lambda-function-url-unauthenticated",
        "PrivateUrl",
    );
}

#[test]
fn an_api_is_a_rest_api_and_its_stage() {
    let api = cfn(
        "Api",
        "AWS::Serverless::Api",
        json!({
            "StageName": "prod",
            "CacheClusterEnabled": true,
            "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "CachingEnabled": true}],
            "Domain": {"DomainName": "api.example.com", "CertificateArn": {"Ref": "Cert"}, "SecurityPolicy": "TLS_1_0"}
        }),
    );
    let logged = cfn(
        "Logged",
        "AWS::Serverless::Api",
        json!({
            "StageName": {"Ref": "Stage"},
            "EndpointConfiguration": "REGIONAL",
            "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]}, "Format": "$context.requestId"},
            "Auth": {"ResourcePolicy": {"CustomStatements": [{
                "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"
            }]}}
        }),
    );
    let resources = mapped(&[api.clone(), logged.clone()]);
    assert_eq!(
        addresses(&resources),
        vec![
            ("aws_api_gateway_rest_api", "Api"),
            ("aws_api_gateway_stage", "ApiprodStage"),
            (
                "aws_api_gateway_method_settings",
                "ApiprodStageMethodSettings0"
            ),
            ("aws_api_gateway_domain_name", "ApiDomainName"),
            ("aws_api_gateway_rest_api", "Logged"),
            ("aws_api_gateway_stage", "LoggedStage"),
        ]
    );
    assert!(resources[4]
        .get("policy")
        .is_some_and(|p| p.as_str().is_some()));
    let checked = scan(&[api.clone(), logged]);
    fires_on_resource(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "ApiprodStage",
        &api,
    );
    clean(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "LoggedStage",
    );
    fires_at(
        &checked,
        "aws-apigateway-cache-unencrypted",
        "ApiprodStageMethodSettings0",
        &api,
        "MethodSettings.0.CachingEnabled",
    );
    fires_at(
        &checked,
        "aws-apigateway-domain-outdated-tls-policy",
        "ApiDomainName",
        &api,
        "Domain.SecurityPolicy",
    );
}

#[test]
fn an_http_api_is_an_api_and_its_default_stage() {
    let api = cfn("HttpApi", "AWS::Serverless::HttpApi", json!({}));
    let logged = cfn(
        "Logged",
        "AWS::Serverless::HttpApi",
        json!({"StageName": "v1", "AccessLogSettings": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]}, "Format": "$context.requestId"}}),
    );
    let resources = mapped(&[api.clone(), logged.clone()]);
    assert_eq!(
        addresses(&resources),
        vec![
            ("aws_apigatewayv2_api", "HttpApi"),
            ("aws_apigatewayv2_stage", "HttpApiApiGatewayDefaultStage"),
            ("aws_apigatewayv2_api", "Logged"),
            ("aws_apigatewayv2_stage", "Loggedv1Stage"),
        ]
    );
    let checked = scan(&[api.clone(), logged]);
    fires_on_resource(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "HttpApiApiGatewayDefaultStage",
        &api,
    );
    clean(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "Loggedv1Stage",
    );
}

#[test]
fn a_simple_table_is_a_dynamodb_table() {
    let table = cfn("Table", "AWS::Serverless::SimpleTable", json!({}));
    let keyed = cfn(
        "Keyed",
        "AWS::Serverless::SimpleTable",
        json!({
            "PrimaryKey": {"Name": "pk", "Type": "Number"},
            "SSESpecification": {"SSEEnabled": true, "KMSMasterKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1"}
        }),
    );
    let resources = mapped(&[table.clone(), keyed.clone()]);
    assert_eq!(resources[0].resource_type, "aws_dynamodb_table");
    assert_eq!(
        resources[0].get("hash_key"),
        Some(&Value::String("id".into()))
    );
    assert_eq!(
        resources[1].get("attribute.0.type"),
        Some(&Value::String("N".into()))
    );
    let checked = scan(&[table.clone(), keyed]);
    fires_on_resource(
        &checked,
        "aws-dynamodb-table-pitr-disabled",
        "Table",
        &table,
    );
    fires_on_resource(
        &checked,
        "aws-dynamodb-table-not-cmk-encrypted",
        "Table",
        &table,
    );
    clean(&checked, "aws-dynamodb-table-not-cmk-encrypted", "Keyed");
}
