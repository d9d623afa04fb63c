//! API Gateway REST and HTTP APIs from CloudFormation, checked by the API Gateway rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, inconclusive, mapped, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

fn method(id: &str, api: &str, props: serde_json::Value) -> driftguard_cloudformation::CfnResource {
    let mut properties = json!({
        "RestApiId": {"Ref": api},
        "ResourceId": {"Fn::GetAtt": [api, "RootResourceId"]},
        "HttpMethod": "GET"
    });
    for (k, v) in props.as_object().expect("an object") {
        properties[k] = v.clone();
    }
    cfn(id, "AWS::ApiGateway::Method", properties)
}

#[test]
fn methods_without_authorization() {
    let api = cfn("Api", "AWS::ApiGateway::RestApi", json!({"Name": "public"}));
    let open = method("Open", "Api", json!({"AuthorizationType": "NONE"}));
    let implicit = method("Implicit", "Api", json!({}));
    let preflight = method(
        "Preflight",
        "Api",
        json!({"AuthorizationType": "NONE", "HttpMethod": "OPTIONS"}),
    );
    let iam = method("Iam", "Api", json!({"AuthorizationType": "AWS_IAM"}));
    let keyed = method(
        "Keyed",
        "Api",
        json!({"AuthorizationType": "NONE", "ApiKeyRequired": true}),
    );
    let checked = scan(&[api, open.clone(), implicit.clone(), preflight, iam, keyed]);
    fires_at(
        &checked,
        "aws-apigateway-method-no-authorization",
        "Open",
        &open,
        "AuthorizationType",
    );
    // CloudFormation creates a method without AuthorizationType open.
    fires_on_resource(
        &checked,
        "aws-apigateway-method-no-authorization",
        "Implicit",
        &implicit,
    );
    for address in ["Preflight", "Iam", "Keyed"] {
        clean(&checked, "aws-apigateway-method-no-authorization", address);
    }
}

#[test]
fn private_apis_and_restrictive_policies_guard_open_methods() {
    let private = cfn(
        "Private",
        "AWS::ApiGateway::RestApi",
        json!({"EndpointConfiguration": {"Types": ["PRIVATE"]}}),
    );
    let restricted = cfn(
        "Restricted",
        "AWS::ApiGateway::RestApi",
        json!({"Policy": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": "*",
                "Action": "execute-api:Invoke",
                "Resource": "execute-api:/*",
                "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
            }, {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "execute-api:Invoke",
                "Resource": "execute-api:/*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
            }]
        }}),
    );
    let a = method("A", "Private", json!({"AuthorizationType": "NONE"}));
    let b = method("B", "Restricted", json!({"AuthorizationType": "NONE"}));
    let elsewhere = method("Elsewhere", "NotHere", json!({"AuthorizationType": "NONE"}));
    let checked = scan(&[private, restricted, a, b, elsewhere]);
    clean(&checked, "aws-apigateway-method-no-authorization", "A");
    clean(&checked, "aws-apigateway-method-no-authorization", "B");
    inconclusive(
        &checked,
        "aws-apigateway-method-no-authorization",
        "Elsewhere",
    );
}

#[test]
fn stages_logging_and_caching() {
    let bare = cfn(
        "Bare",
        "AWS::ApiGateway::Stage",
        json!({"RestApiId": {"Ref": "Api"}, "StageName": "dev", "DeploymentId": {"Ref": "Deployment"}}),
    );
    let cached = cfn(
        "Cached",
        "AWS::ApiGateway::Stage",
        json!({
            "RestApiId": {"Ref": "Api"},
            "StageName": "prod",
            "CacheClusterEnabled": true,
            "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["AccessLogs", "Arn"]}, "Format": "$context.requestId"},
            "MethodSettings": [
                {"ResourcePath": "/*", "HttpMethod": "*", "CachingEnabled": true},
                {"ResourcePath": "/~1items", "HttpMethod": "GET", "CachingEnabled": true, "CacheDataEncrypted": true}
            ]
        }),
    );
    let resources = mapped(std::slice::from_ref(&cached));
    assert_eq!(
        resources[2].get("method_path").and_then(|v| v.as_str()),
        Some("items/GET")
    );
    let checked = scan(&[bare.clone(), cached.clone()]);
    fires_on_resource(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "Bare",
        &bare,
    );
    clean(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "Cached",
    );
    fires_at(
        &checked,
        "aws-apigateway-cache-unencrypted",
        "CachedMethodSettings0",
        &cached,
        "MethodSettings.0.CachingEnabled",
    );
    clean(
        &checked,
        "aws-apigateway-cache-unencrypted",
        "CachedMethodSettings1",
    );
}

#[test]
fn a_deployment_creates_the_stage_its_description_configures() {
    let deployment = cfn(
        "Deployment",
        "AWS::ApiGateway::Deployment",
        json!({
            "RestApiId": {"Ref": "Api"},
            "StageName": "prod",
            "StageDescription": {"CacheClusterEnabled": true, "CachingEnabled": true}
        }),
    );
    let checked = scan(std::slice::from_ref(&deployment));
    fires_on_resource(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "DeploymentStage",
        &deployment,
    );
    fires_at(
        &checked,
        "aws-apigateway-cache-unencrypted",
        "DeploymentStageMethodSettings0",
        &deployment,
        "StageDescription.CachingEnabled",
    );
}

#[test]
fn custom_domain_tls_policies() {
    let old = cfn(
        "Old",
        "AWS::ApiGateway::DomainName",
        json!({"DomainName": "api.example.com", "SecurityPolicy": "TLS_1_0"}),
    );
    let default = cfn(
        "Default",
        "AWS::ApiGateway::DomainName",
        json!({"DomainName": "b.example.com"}),
    );
    let current = cfn(
        "Current",
        "AWS::ApiGateway::DomainName",
        json!({"DomainName": "c.example.com", "SecurityPolicy": "TLS_1_2"}),
    );
    let checked = scan(&[old.clone(), default.clone(), current]);
    fires_at(
        &checked,
        "aws-apigateway-domain-outdated-tls-policy",
        "Old",
        &old,
        "SecurityPolicy",
    );
    fires_on_resource(
        &checked,
        "aws-apigateway-domain-outdated-tls-policy",
        "Default",
        &default,
    );
    clean(
        &checked,
        "aws-apigateway-domain-outdated-tls-policy",
        "Current",
    );
}

#[test]
fn http_api_routes_and_stages() {
    let api = cfn(
        "Http",
        "AWS::ApiGatewayV2::Api",
        json!({"Name": "http", "ProtocolType": "HTTP"}),
    );
    let open = cfn(
        "Open",
        "AWS::ApiGatewayV2::Route",
        json!({"ApiId": {"Ref": "Http"}, "RouteKey": "GET /items", "AuthorizationType": "NONE"}),
    );
    let catch_all = cfn(
        "CatchAll",
        "AWS::ApiGatewayV2::Route",
        json!({"ApiId": {"Ref": "Http"}, "RouteKey": "$default"}),
    );
    let jwt = cfn(
        "Jwt",
        "AWS::ApiGatewayV2::Route",
        json!({"ApiId": {"Ref": "Http"}, "RouteKey": "POST /items", "AuthorizationType": "JWT", "AuthorizerId": {"Ref": "Auth"}}),
    );
    let unlogged = cfn(
        "Unlogged",
        "AWS::ApiGatewayV2::Stage",
        json!({"ApiId": {"Ref": "Http"}, "StageName": "$default", "AutoDeploy": true}),
    );
    let logged = cfn(
        "Logged",
        "AWS::ApiGatewayV2::Stage",
        json!({"ApiId": {"Ref": "Http"}, "StageName": "prod", "AccessLogSettings": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]}, "Format": "$context.requestId"}}),
    );
    let domain = cfn(
        "Domain",
        "AWS::ApiGatewayV2::DomainName",
        json!({"DomainName": "api.example.com", "DomainNameConfigurations": [{"SecurityPolicy": "TLS_1_2", "EndpointType": "REGIONAL"}]}),
    );
    assert_eq!(
        mapped(std::slice::from_ref(&domain))[0]
            .get("domain_name_configuration.0.security_policy")
            .and_then(|v| v.as_str()),
        Some("TLS_1_2")
    );
    let checked = scan(&[
        api,
        open.clone(),
        catch_all.clone(),
        jwt,
        unlogged.clone(),
        logged,
        domain,
    ]);
    fires_at(
        &checked,
        "aws-apigateway-route-no-authorization",
        "Open",
        &open,
        "AuthorizationType",
    );
    fires_on_resource(
        &checked,
        "aws-apigateway-route-no-authorization",
        "CatchAll",
        &catch_all,
    );
    clean(&checked, "aws-apigateway-route-no-authorization", "Jwt");
    fires_on_resource(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "Unlogged",
        &unlogged,
    );
    clean(
        &checked,
        "aws-apigateway-stage-access-logging-disabled",
        "Logged",
    );
}
