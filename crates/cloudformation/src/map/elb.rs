//! Elastic Load Balancing: `AWS::ElasticLoadBalancingV2::LoadBalancer`, `Listener` and
//! `ListenerRule` onto `aws_lb`, `aws_lb_listener` and `aws_lb_listener_rule`, and classic
//! `AWS::ElasticLoadBalancing::LoadBalancer` onto `aws_elb`.

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::convert::{tags, unknown, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", load_balancer),
    ("AWS::ElasticLoadBalancingV2::Listener", listener),
    ("AWS::ElasticLoadBalancingV2::ListenerRule", listener_rule),
    (
        "AWS::ElasticLoadBalancing::LoadBalancer",
        classic_load_balancer,
    ),
];

const LOAD_BALANCER: &[Field] = &[
    Field::Copy("name", "Name"),
    Field::Copy("load_balancer_type", "Type"),
    Field::Copy("subnets", "Subnets"),
    Field::Copy("security_groups", "SecurityGroups"),
    Field::Copy("ip_address_type", "IpAddressType"),
];

/// `LoadBalancerAttributes` keys that Terraform holds as attributes of their own. The
/// `access_logs.s3.*` keys make the `access_logs` block.
const LB_ATTRIBUTES: &[(&str, &str)] = &[
    ("deletion_protection.enabled", "enable_deletion_protection"),
    (
        "routing.http.drop_invalid_header_fields.enabled",
        "drop_invalid_header_fields",
    ),
    ("idle_timeout.timeout_seconds", "idle_timeout"),
    ("routing.http2.enabled", "enable_http2"),
    (
        "load_balancing.cross_zone.enabled",
        "enable_cross_zone_load_balancing",
    ),
    (
        "routing.http.desync_mitigation_mode",
        "desync_mitigation_mode",
    ),
];

const ACCESS_LOGS: &[(&str, &str)] = &[
    ("access_logs.s3.enabled", "enabled"),
    ("access_logs.s3.bucket", "bucket"),
    ("access_logs.s3.prefix", "prefix"),
];

fn load_balancer(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(LOAD_BALANCER);
    scheme(&mut b);
    load_balancer_attributes(&mut b);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_lb", &from.logical_id, attributes, spans);
}

/// `Scheme` (`internet-facing`, the default, or `internal`) → `internal`.
fn scheme(b: &mut Builder<'_>) {
    let value = match b.prop("Scheme") {
        None | Some(Value::Null) => return,
        Some(Value::String(s)) => Value::Bool(s == "internal"),
        Some(other) => other.clone(),
    };
    b.set("internal", value, "Scheme");
}

/// `LoadBalancerAttributes` (`[{Key, Value}]`, values as strings) → the attributes Terraform
/// gives each key. An element whose key is unknown may be any of them: those not set by a
/// known element become unknown.
fn load_balancer_attributes(b: &mut Builder<'_>) {
    let items = match b.prop("LoadBalancerAttributes") {
        None | Some(Value::Null) => return,
        Some(Value::List(items)) => items.clone(),
        Some(other) => {
            let other = other.clone();
            for (_, attribute) in LB_ATTRIBUTES {
                b.set(attribute, other.clone(), "LoadBalancerAttributes");
            }
            b.set("access_logs", other, "LoadBalancerAttributes");
            return;
        }
    };
    let mut logs = BTreeMap::new();
    let mut logs_at = None;
    let mut undecided = false;
    for (index, item) in items.iter().enumerate() {
        let at = format!("LoadBalancerAttributes.{index}");
        let Some(Value::String(key)) = item.get_path("Key") else {
            undecided = true;
            continue;
        };
        let value = item.get_path("Value").cloned().unwrap_or(Value::Null);
        if let Some((_, attribute)) = LB_ATTRIBUTES.iter().find(|(k, _)| k == key) {
            b.set(attribute, value, &format!("{at}.Value"));
        } else if let Some((_, field)) = ACCESS_LOGS.iter().find(|(k, _)| k == key) {
            logs.insert(field.to_string(), value);
            b.point(&format!("access_logs.0.{field}"), &format!("{at}.Value"));
            logs_at.get_or_insert(at);
        }
    }
    if undecided {
        let reason = "an element of LoadBalancerAttributes is not known statically";
        for (_, attribute) in LB_ATTRIBUTES {
            if b.attribute(attribute).is_none() {
                b.set(attribute, unknown(reason), "LoadBalancerAttributes");
            }
        }
        if !logs.contains_key("enabled") {
            logs.insert("enabled".into(), unknown(reason));
            logs_at.get_or_insert_with(|| "LoadBalancerAttributes".into());
        }
    }
    if let Some(at) = logs_at {
        b.set("access_logs", Value::List(vec![Value::Object(logs)]), &at);
    }
}

/// A listener action (`DefaultActions`, `Actions`) → `default_action` / `action`.
const ACTION: &[Field] = &[
    Field::Copy("type", "Type"),
    Field::Copy("order", "Order"),
    Field::Copy("target_group_arn", "TargetGroupArn"),
    Field::Block(
        "redirect",
        "RedirectConfig",
        &[
            Field::Copy("protocol", "Protocol"),
            Field::Copy("port", "Port"),
            Field::Copy("host", "Host"),
            Field::Copy("path", "Path"),
            Field::Copy("query", "Query"),
            Field::Copy("status_code", "StatusCode"),
        ],
    ),
    Field::Block(
        "fixed_response",
        "FixedResponseConfig",
        &[
            Field::Copy("content_type", "ContentType"),
            Field::Copy("message_body", "MessageBody"),
            Field::Copy("status_code", "StatusCode"),
        ],
    ),
    Field::Block(
        "forward",
        "ForwardConfig",
        &[Field::Blocks(
            "target_group",
            "TargetGroups",
            &[
                Field::Copy("arn", "TargetGroupArn"),
                Field::Copy("weight", "Weight"),
            ],
        )],
    ),
];

const LISTENER: &[Field] = &[
    Field::Copy("load_balancer_arn", "LoadBalancerArn"),
    Field::Copy("port", "Port"),
    Field::Copy("protocol", "Protocol"),
    Field::Copy("ssl_policy", "SslPolicy"),
    Field::Copy("certificate_arn", "Certificates.0.CertificateArn"),
    Field::Copy("alpn_policy", "AlpnPolicy.0"),
    Field::Blocks("default_action", "DefaultActions", ACTION),
];

fn listener(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(LISTENER);
    let (attributes, spans) = b.finish();
    out.push(from, "aws_lb_listener", &from.logical_id, attributes, spans);
}

const LISTENER_RULE: &[Field] = &[
    Field::Copy("listener_arn", "ListenerArn"),
    Field::Copy("priority", "Priority"),
    Field::Blocks("action", "Actions", ACTION),
    Field::Blocks(
        "condition",
        "Conditions",
        &[
            Field::Block(
                "path_pattern",
                "PathPatternConfig",
                &[Field::Copy("values", "Values")],
            ),
            Field::Block(
                "host_header",
                "HostHeaderConfig",
                &[Field::Copy("values", "Values")],
            ),
        ],
    ),
];

fn listener_rule(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(LISTENER_RULE);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_lb_listener_rule",
        &from.logical_id,
        attributes,
        spans,
    );
}

const CLASSIC: &[Field] = &[
    Field::Copy("name", "LoadBalancerName"),
    Field::Copy("subnets", "Subnets"),
    Field::Copy("security_groups", "SecurityGroups"),
    Field::Copy("availability_zones", "AvailabilityZones"),
    Field::Copy("cross_zone_load_balancing", "CrossZone"),
    Field::Block(
        "access_logs",
        "AccessLoggingPolicy",
        &[
            Field::Copy("enabled", "Enabled"),
            Field::Copy("bucket", "S3BucketName"),
            Field::Copy("bucket_prefix", "S3BucketPrefix"),
            Field::Copy("interval", "EmitInterval"),
        ],
    ),
    Field::Blocks(
        "listener",
        "Listeners",
        &[
            Field::Copy("instance_port", "InstancePort"),
            Field::Copy("instance_protocol", "InstanceProtocol"),
            Field::Copy("lb_port", "LoadBalancerPort"),
            Field::Copy("lb_protocol", "Protocol"),
            Field::Copy("ssl_certificate_id", "SSLCertificateId"),
        ],
    ),
];

fn classic_load_balancer(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(CLASSIC);
    scheme(&mut b);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_elb", &from.logical_id, attributes, spans);
}
