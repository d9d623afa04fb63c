//! End-to-end tests of `driftguard scan` on CloudFormation and SAM templates: found by content,
//! checked by the same rules as Terraform, suppressed through `Metadata` or comments.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn scan(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("driftguard")
        .unwrap()
        .current_dir(dir)
        .env("CI", "1")
        .args(["scan", "--format", "json", "--no-progress"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (out.status.code().unwrap(), report, stderr)
}

/// (rule, address, line) of each active finding.
fn active(report: &Value) -> Vec<(String, String, u64)> {
    let mut found: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppression"].is_null())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource_address"].as_str().unwrap().to_string(),
                f["location"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    found
}

fn has(found: &[(String, String, u64)], rule: &str, address: &str) -> bool {
    found.iter().any(|(r, a, _)| r == rule && a == address)
}

/// A stack file with an odd extension, found by its content.
const STACK: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Encrypt:
    Type: String
    Default: "no"
Conditions:
  WantEncryption: !Equals [!Ref Encrypt, "yes"]
Resources:
  # driftguard:ignore aws-s3-bucket-logging-disabled access is logged by CloudTrail data events
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: !If
        - WantEncryption
        - ServerSideEncryptionConfiguration:
            - ServerSideEncryptionByDefault:
                SSEAlgorithm: aws:kms
        - !Ref AWS::NoValue
  Web:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      driftguard:
        ignore:
          - id: aws-ec2-security-group-description-missing
            reason: descriptions live in the wiki
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
"#;

#[test]
fn templates_are_found_by_content_and_checked_by_the_terraform_rules() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::write(dir.join("stack.cfn.yml"), STACK).unwrap();
    // Not templates: skipped without an error.
    fs::write(
        dir.join("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    )
    .unwrap();
    fs::write(
        dir.join("package.json"),
        "{\"name\": \"x\", \"version\": \"1.0.0\"}\n",
    )
    .unwrap();

    let (code, report, stderr) = scan(dir, &["."]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    let found = active(&report);
    // SSH from anywhere, on the line of the rule.
    assert!(
        found.contains(&(
            "aws-ec2-security-group-ssh-open".to_string(),
            "Web".to_string(),
            32
        )),
        "{found:?}"
    );
    // The condition is false by default: the bucket is unencrypted.
    assert!(
        has(&found, "aws-s3-bucket-encryption-not-configured", "Data"),
        "{found:?}"
    );
    // Suppressed by the comment above the logical id and by Metadata.
    assert!(
        !has(&found, "aws-s3-bucket-logging-disabled", "Data"),
        "{found:?}"
    );
    assert!(
        !has(&found, "aws-ec2-security-group-description-missing", "Web"),
        "{found:?}"
    );
    let suppressed: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["suppression"].is_null())
        .map(|f| f["suppression"]["reason"].as_str().unwrap_or(""))
        .collect();
    assert!(
        suppressed.contains(&"access is logged by CloudTrail data events"),
        "{suppressed:?}"
    );
}

#[test]
fn parameter_files_change_what_the_template_declares() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::write(dir.join("stack.yaml"), STACK).unwrap();
    fs::write(
        dir.join("params.json"),
        r#"[{"ParameterKey": "Encrypt", "ParameterValue": "yes"}]"#,
    )
    .unwrap();
    let (_, report, stderr) = scan(dir, &["stack.yaml", "--cfn-params", "params.json"]);
    let found = active(&report);
    assert!(
        !has(&found, "aws-s3-bucket-encryption-not-configured", "Data"),
        "{found:?} {stderr}"
    );

    fs::write(
        dir.join("bad.json"),
        "[{\"ParameterKey\": \"Encrypt\",\n  \"ParameterValue\": }]",
    )
    .unwrap();
    let out = Command::cargo_bin("driftguard")
        .unwrap()
        .current_dir(dir)
        .args([
            "scan",
            "stack.yaml",
            "--cfn-params",
            "bad.json",
            "--no-progress",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.json:2:"), "{stderr}");
}

#[test]
fn sam_templates_are_expanded_like_sam_does() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::write(
        dir.join("template.yaml"),
        r#"Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.7
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      FunctionUrlConfig:
        AuthType: NONE
"#,
    )
    .unwrap();
    let (_, report, stderr) = scan(dir, &["."]);
    let found = active(&report);
    // The function URL SAM creates, and the public permission it adds for it, on the line of
    // `AuthType: NONE`.
    for (rule, address) in [
        ("aws-lambda-function-url-unauthenticated", "HandlerUrl"),
        (
            "aws-lambda-permission-public",
            "HandlerUrlPublicPermissions",
        ),
        ("aws-lambda-function-tracing-disabled", "Handler"),
    ] {
        assert!(
            has(&found, rule, address),
            "{rule} on {address}: {found:?} {stderr}"
        );
    }
    assert!(found
        .iter()
        .any(|(r, _, line)| r == "aws-lambda-function-url-unauthenticated" && *line == 12));
}

#[test]
fn malformed_templates_are_errors_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::write(
        dir.join("broken.yaml"),
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n",
    )
    .unwrap();
    let (code, report, _) = scan(dir, &["."]);
    assert_eq!(code, 2);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let error = diagnostics
        .iter()
        .find(|d| d["level"] == "error")
        .expect("an error diagnostic");
    assert_eq!(error["location"]["file"], "broken.yaml", "{error}");
    assert!(
        error["location"]["start"]["line"].as_u64().unwrap() >= 5,
        "{error}"
    );
}

#[test]
fn json_templates_and_secrets_in_templates() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let key = ["AKIA", "ZQ3DRTG7LS4NXKWB"].concat();
    fs::write(
        dir.join("stack.json"),
        format!(
            "{{\n\t\"Resources\": {{\n\t\t\"Q\": {{\n\t\t\t\"Type\": \"AWS::SQS::Queue\",\n\t\t\t\"Properties\": {{\n\t\t\t\t\"SqsManagedSseEnabled\": false,\n\t\t\t\t\"Tags\": [{{\"Key\": \"k\", \"Value\": \"{key}\"}}]\n\t\t\t}}\n\t\t}}\n\t}}\n}}\n"
        ),
    )
    .unwrap();
    let out = Command::cargo_bin("driftguard")
        .unwrap()
        .current_dir(dir)
        .args(["scan", ".", "--format", "json", "--no-progress"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(&key), "the key leaked");
    let report: Value = serde_json::from_str(&text).unwrap();
    let found = active(&report);
    assert!(has(&found, "aws-sqs-queue-unencrypted", "Q"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(r, _, line)| r.starts_with("secret-") && *line == 7),
        "{found:?}"
    );
}
