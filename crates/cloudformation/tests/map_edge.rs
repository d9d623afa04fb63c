//! CloudFront distributions (and their standard logging v2 deliveries) from CloudFormation,
//! checked by the CloudFront rules.

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
fn a_distribution_open_to_plain_http_fails_every_rule() {
    let bad = cfn(
        "Cdn",
        "AWS::CloudFront::Distribution",
        json!({"DistributionConfig": {
            "Enabled": true,
            "Aliases": ["www.example.com"],
            "ViewerCertificate": {
                "AcmCertificateArn": {"Ref": "Cert"},
                "SslSupportMethod": "sni-only",
                "MinimumProtocolVersion": "TLSv1"
            },
            "DefaultCacheBehavior": {"TargetOriginId": "app", "ViewerProtocolPolicy": "allow-all"},
            "CacheBehaviors": [
                {"PathPattern": "/static/*", "TargetOriginId": "app", "ViewerProtocolPolicy": "redirect-to-https"},
                {"PathPattern": "/api/*", "TargetOriginId": "app", "ViewerProtocolPolicy": "allow-all"}
            ],
            "Origins": [{
                "Id": "app",
                "DomainName": "app.example.com",
                "CustomOriginConfig": {"OriginProtocolPolicy": "http-only"}
            }]
        }}),
    );
    let checked = scan(std::slice::from_ref(&bad));
    let at = |path: &str| format!("DistributionConfig.{path}");
    fires_at(
        &checked,
        "aws-cloudfront-viewer-http-allowed",
        "Cdn",
        &bad,
        &at("DefaultCacheBehavior.ViewerProtocolPolicy"),
    );
    let http = harness::findings(&checked, "aws-cloudfront-viewer-http-allowed");
    assert_eq!(http.len(), 2, "{http:#?}");
    assert!(http.iter().any(|f| f.message.contains("/api/*")));
    fires_at(
        &checked,
        "aws-cloudfront-origin-http-only",
        "Cdn",
        &bad,
        &at("Origins.0.CustomOriginConfig.OriginProtocolPolicy"),
    );
    fires_at(
        &checked,
        "aws-cloudfront-viewer-outdated-tls-policy",
        "Cdn",
        &bad,
        &at("ViewerCertificate.MinimumProtocolVersion"),
    );
    fires_on_resource(&checked, "aws-cloudfront-logging-disabled", "Cdn", &bad);
    fires_on_resource(&checked, "aws-cloudfront-waf-missing", "Cdn", &bad);
}

#[test]
fn a_hardened_distribution_passes() {
    let good = cfn(
        "Cdn",
        "AWS::CloudFront::Distribution",
        json!({"DistributionConfig": {
            "Enabled": true,
            "WebACLId": {"Fn::GetAtt": ["WebAcl", "Arn"]},
            "Logging": {"Bucket": {"Fn::GetAtt": ["Logs", "DomainName"]}, "Prefix": "cdn/"},
            "ViewerCertificate": {"AcmCertificateArn": {"Ref": "Cert"}, "MinimumProtocolVersion": "TLSv1.2_2021"},
            "DefaultCacheBehavior": {"TargetOriginId": "app", "ViewerProtocolPolicy": "redirect-to-https"},
            "Origins": [
                {"Id": "app", "DomainName": "app.example.com", "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}},
                {"Id": "assets", "DomainName": {"Fn::GetAtt": ["Assets", "RegionalDomainName"]}, "S3OriginConfig": {}}
            ]
        }}),
    );
    // The default certificate's policy is CloudFront's: not reported.
    let default_certificate = cfn(
        "Default",
        "AWS::CloudFront::Distribution",
        json!({"DistributionConfig": {
            "ViewerCertificate": {"CloudFrontDefaultCertificate": true},
            "DefaultCacheBehavior": {"ViewerProtocolPolicy": "https-only"}
        }}),
    );
    let checked = scan(&[good, default_certificate]);
    for rule in [
        "aws-cloudfront-viewer-http-allowed",
        "aws-cloudfront-origin-http-only",
        "aws-cloudfront-viewer-outdated-tls-policy",
        "aws-cloudfront-logging-disabled",
        "aws-cloudfront-waf-missing",
    ] {
        clean(&checked, rule, "Cdn");
    }
    clean(
        &checked,
        "aws-cloudfront-viewer-outdated-tls-policy",
        "Default",
    );
}

#[test]
fn standard_logging_v2_through_vended_log_delivery_counts() {
    let distribution = cfn(
        "Cdn",
        "AWS::CloudFront::Distribution",
        json!({"DistributionConfig": {
            "DefaultCacheBehavior": {"ViewerProtocolPolicy": "https-only"}
        }}),
    );
    let source = cfn(
        "CdnLogs",
        "AWS::Logs::DeliverySource",
        json!({
            "Name": "cdn-logs",
            "LogType": "ACCESS_LOGS",
            "ResourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Cdn}"}
        }),
    );
    let delivery = cfn(
        "CdnDelivery",
        "AWS::Logs::Delivery",
        json!({"DeliverySourceName": {"Ref": "CdnLogs"}, "DeliveryDestinationArn": {"Fn::GetAtt": ["Dest", "Arn"]}}),
    );
    let checked = scan(&[distribution.clone(), source.clone()]);
    fires_on_resource(
        &checked,
        "aws-cloudfront-logging-disabled",
        "Cdn",
        &distribution,
    );
    let checked = scan(&[distribution, source, delivery]);
    clean(&checked, "aws-cloudfront-logging-disabled", "Cdn");
}
