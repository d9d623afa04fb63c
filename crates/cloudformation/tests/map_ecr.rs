//! ECR repositories, their inline policies and registry scanning from CloudFormation, checked
//! by the ECR rules.

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
fn a_mutable_unscanned_public_repository_fails() {
    let bad = cfn(
        "Repo",
        "AWS::ECR::Repository",
        json!({
            "RepositoryName": "api",
            "ImageScanningConfiguration": {"ScanOnPush": false},
            "RepositoryPolicyText": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "PullFromAnywhere",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
                }]
            }
        }),
    );
    let checked = scan(std::slice::from_ref(&bad));
    fires_at(
        &checked,
        "aws-ecr-repository-scan-on-push-disabled",
        "Repo",
        &bad,
        "ImageScanningConfiguration.ScanOnPush",
    );
    fires_on_resource(&checked, "aws-ecr-repository-tags-mutable", "Repo", &bad);
    fires_at(
        &checked,
        "aws-ecr-repository-policy-public",
        "RepoPolicy",
        &bad,
        "RepositoryPolicyText",
    );
}

#[test]
fn an_immutable_scanned_private_repository_passes() {
    let good = cfn(
        "Repo",
        "AWS::ECR::Repository",
        json!({
            "ImageTagMutability": "IMMUTABLE",
            "ImageScanningConfiguration": {"ScanOnPush": true},
            "RepositoryPolicyText": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "ecr:BatchGetImage"
                }]
            }
        }),
    );
    let checked = scan(&[good]);
    clean(&checked, "aws-ecr-repository-scan-on-push-disabled", "Repo");
    clean(&checked, "aws-ecr-repository-tags-mutable", "Repo");
    clean(&checked, "aws-ecr-repository-policy-public", "RepoPolicy");
}

#[test]
fn registry_scanning_rules_cover_repositories() {
    let repo = cfn(
        "Repo",
        "AWS::ECR::Repository",
        json!({"RepositoryName": "prod-api", "ImageTagMutability": "MUTABLE_WITH_EXCLUSION"}),
    );
    let registry = cfn(
        "Scanning",
        "AWS::ECR::RegistryScanningConfiguration",
        json!({
            "ScanType": "ENHANCED",
            "Rules": [{
                "ScanFrequency": "CONTINUOUS_SCAN",
                "RepositoryFilters": [{"Filter": "prod-*", "FilterType": "WILDCARD"}]
            }]
        }),
    );
    let checked = scan(&[repo.clone(), registry]);
    clean(&checked, "aws-ecr-repository-scan-on-push-disabled", "Repo");
    fires_at(
        &checked,
        "aws-ecr-repository-tags-mutable",
        "Repo",
        &repo,
        "ImageTagMutability",
    );
}
