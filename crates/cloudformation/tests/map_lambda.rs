//! Lambda functions, permissions and function URLs from CloudFormation, checked by the Lambda
//! rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

#[test]
fn functions_with_secrets_and_without_tracing_fail() {
    let bad = cfn(
        "Fn",
        "AWS::Lambda::Function",
        json!({
            "Runtime": "python3.12",
            "Handler": "app.handler",
            "Role": {"Fn::GetAtt": ["FnRole", "Arn"]},
            "Environment": {"Variables": {
                "AWS_ACCESS_KEY_ID": "AKIAQ3EGRNXVPKT5JW2D",
                "TABLE": {"Ref": "Table"}
            }},
            "TracingConfig": {"Mode": "PassThrough"}
        }),
    );
    let untraced = cfn(
        "Plain",
        "AWS::Lambda::Function",
        json!({"Runtime": "nodejs20.x"}),
    );
    let checked = scan(&[bad.clone(), untraced.clone()]);
    fires_at(
        &checked,
        "aws-lambda-function-environment-secret",
        "Fn",
        &bad,
        "Environment.Variables.AWS_ACCESS_KEY_ID",
    );
    fires_at(
        &checked,
        "aws-lambda-function-tracing-disabled",
        "Fn",
        &bad,
        "TracingConfig.Mode",
    );
    fires_on_resource(
        &checked,
        "aws-lambda-function-tracing-disabled",
        "Plain",
        &untraced,
    );
}

#[test]
fn traced_functions_without_secrets_pass() {
    let good = cfn(
        "Fn",
        "AWS::Lambda::Function",
        json!({
            "Environment": {"Variables": {"STAGE": "prod", "SECRET_ARN": {"Ref": "Secret"}}},
            "TracingConfig": {"Mode": "Active"}
        }),
    );
    let checked = scan(&[good]);
    clean(&checked, "aws-lambda-function-environment-secret", "Fn");
    clean(&checked, "aws-lambda-function-tracing-disabled", "Fn");
}

#[test]
fn permissions_to_everyone_or_to_a_service_without_a_source_fail() {
    let public = cfn(
        "Public",
        "AWS::Lambda::Permission",
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"}, "Principal": "*"}),
    );
    let service = cfn(
        "FromS3",
        "AWS::Lambda::Permission",
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"}, "Principal": "s3.amazonaws.com"}),
    );
    let narrowed = cfn(
        "FromBucket",
        "AWS::Lambda::Permission",
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Ref": "Fn"},
            "Principal": "s3.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": ["Bucket", "Arn"]},
            "SourceAccount": {"Ref": "AWS::AccountId"}
        }),
    );
    let org = cfn(
        "Org",
        "AWS::Lambda::Permission",
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"}, "Principal": "*", "PrincipalOrgID": "o-abc123"}),
    );
    let checked = scan(&[public.clone(), service.clone(), narrowed, org]);
    fires_at(
        &checked,
        "aws-lambda-permission-public",
        "Public",
        &public,
        "Principal",
    );
    fires_at(
        &checked,
        "aws-lambda-permission-service-unrestricted",
        "FromS3",
        &service,
        "Principal",
    );
    clean(
        &checked,
        "aws-lambda-permission-service-unrestricted",
        "FromBucket",
    );
    clean(&checked, "aws-lambda-permission-public", "Org");
}

#[test]
fn function_urls_without_authentication_fail() {
    let open = cfn(
        "OpenUrl",
        "AWS::Lambda::Url",
        json!({"TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]}, "AuthType": "NONE"}),
    );
    let iam = cfn(
        "IamUrl",
        "AWS::Lambda::Url",
        json!({"TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]}, "AuthType": "AWS_IAM"}),
    );
    let checked = scan(&[open.clone(), iam]);
    fires_at(
        &checked,
        "aws-lambda-function-url-unauthenticated",
        "OpenUrl",
        &open,
        "AuthType",
    );
    clean(
        &checked,
        "aws-lambda-function-url-unauthenticated",
        "IamUrl",
    );
}
