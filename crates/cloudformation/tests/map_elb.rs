//! Load balancers, listeners and listener rules from CloudFormation, checked by the ELB rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, inconclusive, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

fn forward() -> serde_json::Value {
    json!([{"Type": "forward", "TargetGroupArn": {"Ref": "Targets"}}])
}

#[test]
fn an_application_load_balancer_with_defaults_fails() {
    let lb = cfn(
        "Alb",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({"Subnets": [{"Ref": "A"}, {"Ref": "B"}], "Scheme": "internet-facing"}),
    );
    let http = cfn(
        "Http",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({"LoadBalancerArn": {"Ref": "Alb"}, "Port": 80, "Protocol": "HTTP", "DefaultActions": forward()}),
    );
    let old_tls = cfn(
        "OldTls",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": {"Ref": "Alb"},
            "Port": 443,
            "Protocol": "HTTPS",
            "SslPolicy": "ELBSecurityPolicy-TLS-1-1-2017-01",
            "Certificates": [{"CertificateArn": {"Ref": "Cert"}}],
            "DefaultActions": forward()
        }),
    );
    let default_tls = cfn(
        "DefaultTls",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({"LoadBalancerArn": {"Ref": "Alb"}, "Port": 8443, "Protocol": "HTTPS", "DefaultActions": forward()}),
    );
    let checked = scan(&[
        lb.clone(),
        http.clone(),
        old_tls.clone(),
        default_tls.clone(),
    ]);
    fires_on_resource(&checked, "aws-elb-access-logs-disabled", "Alb", &lb);
    fires_on_resource(&checked, "aws-elb-deletion-protection-disabled", "Alb", &lb);
    fires_on_resource(
        &checked,
        "aws-elb-alb-invalid-headers-not-dropped",
        "Alb",
        &lb,
    );
    fires_at(
        &checked,
        "aws-elb-listener-http-not-redirected",
        "Http",
        &http,
        "Protocol",
    );
    fires_at(
        &checked,
        "aws-elb-listener-outdated-tls-policy",
        "OldTls",
        &old_tls,
        "SslPolicy",
    );
    fires_on_resource(
        &checked,
        "aws-elb-listener-outdated-tls-policy",
        "DefaultTls",
        &default_tls,
    );
}

#[test]
fn a_hardened_application_load_balancer_passes() {
    let lb = cfn(
        "Alb",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({
            "Type": "application",
            "LoadBalancerAttributes": [
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": {"Ref": "Logs"}},
                {"Key": "deletion_protection.enabled", "Value": "true"},
                {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}
            ]
        }),
    );
    let http = cfn(
        "Http",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": {"Ref": "Alb"},
            "Port": 80,
            "Protocol": "HTTP",
            "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]
        }),
    );
    let https = cfn(
        "Https",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": {"Ref": "Alb"},
            "Port": 443,
            "Protocol": "HTTPS",
            "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "DefaultActions": forward()
        }),
    );
    let checked = scan(&[lb, http, https]);
    for rule in [
        "aws-elb-access-logs-disabled",
        "aws-elb-deletion-protection-disabled",
        "aws-elb-alb-invalid-headers-not-dropped",
    ] {
        clean(&checked, rule, "Alb");
    }
    clean(&checked, "aws-elb-listener-http-not-redirected", "Http");
    clean(&checked, "aws-elb-listener-outdated-tls-policy", "Https");
}

#[test]
fn a_listener_rule_that_forwards_plain_http_fails_its_listener() {
    let http = cfn(
        "Http",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": {"Ref": "Alb"},
            "Protocol": "HTTP",
            "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
        }),
    );
    let rule = cfn(
        "Api",
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        json!({
            "ListenerArn": {"Ref": "Http"},
            "Priority": 10,
            "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
            "Actions": forward()
        }),
    );
    let checked = scan(&[http.clone(), rule]);
    let found = harness::finding(&checked, "aws-elb-listener-http-not-redirected", "Http");
    assert!(found.message.contains("`Api`"), "{}", found.message);
}

#[test]
fn unknown_attributes_and_network_load_balancers() {
    let undecided = cfn(
        "Undecided",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({"LoadBalancerAttributes": [{"Unknown": "Fn::If on a condition"}]}),
    );
    let nlb = cfn(
        "Nlb",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({"Type": "network", "Scheme": "internal"}),
    );
    let tcp = cfn(
        "Tcp",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({"LoadBalancerArn": {"Ref": "Nlb"}, "Protocol": "TCP", "Port": 5432, "DefaultActions": forward()}),
    );
    let checked = scan(&[undecided, nlb, tcp]);
    inconclusive(&checked, "aws-elb-access-logs-disabled", "Undecided");
    clean(&checked, "aws-elb-access-logs-disabled", "Undecided");
    // A network load balancer without TLS listeners has nothing to log; it parses no headers.
    clean(&checked, "aws-elb-access-logs-disabled", "Nlb");
    clean(&checked, "aws-elb-alb-invalid-headers-not-dropped", "Nlb");
}

#[test]
fn classic_load_balancers() {
    let bad = cfn(
        "Classic",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        json!({"Listeners": [{"LoadBalancerPort": "80", "InstancePort": "80", "Protocol": "HTTP"}]}),
    );
    let off = cfn(
        "Off",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        json!({"AccessLoggingPolicy": {"Enabled": false, "S3BucketName": "logs"}}),
    );
    let good = cfn(
        "Logged",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        json!({"AccessLoggingPolicy": {"Enabled": true, "S3BucketName": {"Ref": "Logs"}, "EmitInterval": 5}}),
    );
    let checked = scan(&[bad.clone(), off.clone(), good]);
    fires_on_resource(&checked, "aws-elb-access-logs-disabled", "Classic", &bad);
    fires_at(
        &checked,
        "aws-elb-access-logs-disabled",
        "Off",
        &off,
        "AccessLoggingPolicy.Enabled",
    );
    clean(&checked, "aws-elb-access-logs-disabled", "Logged");
}
