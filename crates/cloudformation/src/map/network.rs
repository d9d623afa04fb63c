//! EC2 networking: security groups and their rules, network ACLs and their entries, VPCs,
//! flow logs, subnets, transit gateways and endpoint services, onto the Terraform types the
//! network and VPC views read.
//!
//! A security group's inline rules become `ingress`/`egress` blocks of `aws_security_group`;
//! the standalone `AWS::EC2::SecurityGroupIngress`/`Egress` resources, which like
//! `aws_vpc_security_group_ingress_rule` hold one source each, become those resources.

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::convert::{reference, tags, unknown, Builder, Field, Shape};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::EC2::SecurityGroup", security_group),
    ("AWS::EC2::SecurityGroupIngress", security_group_ingress),
    ("AWS::EC2::SecurityGroupEgress", security_group_egress),
    ("AWS::EC2::NetworkAcl", network_acl),
    ("AWS::EC2::NetworkAclEntry", network_acl_entry),
    ("AWS::EC2::VPC", vpc),
    ("AWS::EC2::FlowLog", flow_log),
    ("AWS::EC2::Subnet", subnet),
    ("AWS::EC2::TransitGateway", transit_gateway),
    ("AWS::EC2::VPCEndpointService", endpoint_service),
    (
        "AWS::EC2::VPCEndpointServicePermissions",
        endpoint_service_permissions,
    ),
];

const INGRESS: &[Field] = &[
    Field::Copy("protocol", "IpProtocol"),
    Field::Copy("from_port", "FromPort"),
    Field::Copy("to_port", "ToPort"),
    Field::Copy("cidr_blocks", "CidrIp"),
    Field::Copy("ipv6_cidr_blocks", "CidrIpv6"),
    Field::Copy("prefix_list_ids", "SourcePrefixListId"),
    Field::Copy("security_groups", "SourceSecurityGroupId"),
    Field::Copy("description", "Description"),
];

const EGRESS: &[Field] = &[
    Field::Copy("protocol", "IpProtocol"),
    Field::Copy("from_port", "FromPort"),
    Field::Copy("to_port", "ToPort"),
    Field::Copy("cidr_blocks", "CidrIp"),
    Field::Copy("ipv6_cidr_blocks", "CidrIpv6"),
    Field::Copy("prefix_list_ids", "DestinationPrefixListId"),
    Field::Copy("security_groups", "DestinationSecurityGroupId"),
    Field::Copy("description", "Description"),
];

const GROUP: &[Field] = &[
    Field::Copy("name", "GroupName"),
    Field::Copy("description", "GroupDescription"),
    Field::Copy("vpc_id", "VpcId"),
    Field::Blocks("ingress", "SecurityGroupIngress", INGRESS),
    Field::Blocks("egress", "SecurityGroupEgress", EGRESS),
];

/// Inline rules hold one CIDR, source group or prefix list each where Terraform holds lists.
const GROUP_SHAPES: &[(&str, Shape)] = &[
    ("ingress.*.protocol", Shape::Text),
    ("ingress.*.from_port", Shape::Number),
    ("ingress.*.to_port", Shape::Number),
    ("ingress.*.cidr_blocks", Shape::List),
    ("ingress.*.ipv6_cidr_blocks", Shape::List),
    ("ingress.*.prefix_list_ids", Shape::List),
    ("ingress.*.security_groups", Shape::List),
    ("egress.*.protocol", Shape::Text),
    ("egress.*.from_port", Shape::Number),
    ("egress.*.to_port", Shape::Number),
    ("egress.*.cidr_blocks", Shape::List),
    ("egress.*.ipv6_cidr_blocks", Shape::List),
    ("egress.*.prefix_list_ids", Shape::List),
    ("egress.*.security_groups", Shape::List),
];

fn security_group(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(GROUP);
    b.reshape_all(GROUP_SHAPES);
    let declares_egress = match b.prop("SecurityGroupEgress") {
        None | Some(Value::Null) => false,
        Some(Value::List(rules)) => !rules.is_empty(),
        Some(_) => true,
    };
    if !declares_egress {
        // EC2 gives a group created without egress rules one that allows all outbound traffic
        // (IPv4; IPv6 too in a VPC with IPv6), which Terraform removes and CloudFormation keeps:
        // the group allows it by omission. Its description says whose rule it is, so that it
        // is reported as open egress, not as a rule the template left undocumented.
        let all_out = BTreeMap::from([
            (
                "description".to_string(),
                Value::string("EC2's default rule for a group declared without egress rules"),
            ),
            ("protocol".to_string(), Value::string("-1")),
            ("from_port".to_string(), Value::Number(0.0)),
            ("to_port".to_string(), Value::Number(0.0)),
            (
                "cidr_blocks".to_string(),
                Value::List(vec![Value::string("0.0.0.0/0")]),
            ),
        ]);
        b.set("egress", Value::List(vec![Value::Object(all_out)]), "");
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_security_group",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// `GroupId` of a standalone rule, with `Fn::GetAtt [Vpc, DefaultSecurityGroup]` named as
/// Terraform names that attribute (`default_security_group_id`), so that rules added to a
/// VPC's default group are recognised.
fn group_id(b: &mut Builder<'_>) {
    let Some(group) = b.prop("GroupId") else {
        return;
    };
    let group = match group.as_unknown().and_then(|u| u.reference.as_ref()) {
        Some(r) if r.whole && r.attribute == "default_security_group" => {
            reference(&r.address, "default_security_group_id")
        }
        _ => group.clone(),
    };
    b.set("security_group_id", group, "GroupId");
}

const RULE_SHAPES: &[(&str, Shape)] = &[
    ("ip_protocol", Shape::Text),
    ("from_port", Shape::Number),
    ("to_port", Shape::Number),
];

fn security_group_ingress(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    group_id(&mut b);
    b.fields(&[
        Field::Copy("ip_protocol", "IpProtocol"),
        Field::Copy("from_port", "FromPort"),
        Field::Copy("to_port", "ToPort"),
        Field::Copy("cidr_ipv4", "CidrIp"),
        Field::Copy("cidr_ipv6", "CidrIpv6"),
        Field::Copy("prefix_list_id", "SourcePrefixListId"),
        Field::Copy("referenced_security_group_id", "SourceSecurityGroupId"),
        Field::Copy("description", "Description"),
    ]);
    b.reshape_all(RULE_SHAPES);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_vpc_security_group_ingress_rule",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn security_group_egress(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    group_id(&mut b);
    b.fields(&[
        Field::Copy("ip_protocol", "IpProtocol"),
        Field::Copy("from_port", "FromPort"),
        Field::Copy("to_port", "ToPort"),
        Field::Copy("cidr_ipv4", "CidrIp"),
        Field::Copy("cidr_ipv6", "CidrIpv6"),
        Field::Copy("prefix_list_id", "DestinationPrefixListId"),
        Field::Copy("referenced_security_group_id", "DestinationSecurityGroupId"),
        Field::Copy("description", "Description"),
    ]);
    b.reshape_all(RULE_SHAPES);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_vpc_security_group_egress_rule",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn network_acl(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.copy("vpc_id", "VpcId");
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_network_acl", &from.logical_id, attributes, spans);
}

fn network_acl_entry(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("network_acl_id", "NetworkAclId"),
        Field::Copy("rule_number", "RuleNumber"),
        Field::Copy("egress", "Egress"),
        Field::Copy("protocol", "Protocol"),
        Field::Copy("rule_action", "RuleAction"),
        Field::Copy("cidr_block", "CidrBlock"),
        Field::Copy("ipv6_cidr_block", "Ipv6CidrBlock"),
        Field::Copy("from_port", "PortRange.From"),
        Field::Copy("to_port", "PortRange.To"),
        Field::Copy("icmp_type", "Icmp.Type"),
        Field::Copy("icmp_code", "Icmp.Code"),
    ]);
    b.reshape_all(&[
        ("rule_number", Shape::Number),
        ("egress", Shape::Bool),
        ("protocol", Shape::Text),
        ("from_port", Shape::Number),
        ("to_port", Shape::Number),
        ("icmp_type", Shape::Number),
        ("icmp_code", Shape::Number),
    ]);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_network_acl_rule",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn vpc(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("cidr_block", "CidrBlock"),
        Field::Copy("ipv4_ipam_pool_id", "Ipv4IpamPoolId"),
        Field::Copy("enable_dns_support", "EnableDnsSupport"),
        Field::Copy("enable_dns_hostnames", "EnableDnsHostnames"),
        Field::Copy("instance_tenancy", "InstanceTenancy"),
    ]);
    b.reshape_all(&[
        ("enable_dns_support", Shape::Bool),
        ("enable_dns_hostnames", Shape::Bool),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_vpc", &from.logical_id, attributes, spans);
}

/// What a flow log's `ResourceType` names its `ResourceId` as, in Terraform.
const FLOW_LOG_TARGETS: &[(&str, &str)] = &[
    ("VPC", "vpc_id"),
    ("Subnet", "subnet_id"),
    ("NetworkInterface", "eni_id"),
    ("TransitGateway", "transit_gateway_id"),
    ("TransitGatewayAttachment", "transit_gateway_attachment_id"),
];

fn flow_log(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("traffic_type", "TrafficType"),
        Field::Copy("log_destination", "LogDestination"),
        Field::Copy("log_destination_type", "LogDestinationType"),
        Field::Copy("log_group_name", "LogGroupName"),
        Field::Copy("iam_role_arn", "DeliverLogsPermissionArn"),
        Field::Copy("log_format", "LogFormat"),
    ]);
    if let Some(target) = b.prop("ResourceId") {
        match b.prop("ResourceType") {
            Some(Value::String(kind)) => {
                if let Some((_, attribute)) = FLOW_LOG_TARGETS.iter().find(|(k, _)| k == kind) {
                    b.set(attribute, target.clone(), "ResourceId");
                }
            }
            // Which kind of resource it captures is unknown: it may be any VPC.
            Some(_) => b.set(
                "vpc_id",
                unknown("the flow log's ResourceType is known only after deployment"),
                "ResourceType",
            ),
            None => {}
        }
    }
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_flow_log", &from.logical_id, attributes, spans);
}

fn subnet(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("vpc_id", "VpcId"),
        Field::Copy("cidr_block", "CidrBlock"),
        Field::Copy("ipv6_cidr_block", "Ipv6CidrBlock"),
        Field::Copy("availability_zone", "AvailabilityZone"),
        Field::Copy("availability_zone_id", "AvailabilityZoneId"),
        Field::Copy("map_public_ip_on_launch", "MapPublicIpOnLaunch"),
        Field::Copy(
            "assign_ipv6_address_on_creation",
            "AssignIpv6AddressOnCreation",
        ),
    ]);
    b.reshape_all(&[
        ("map_public_ip_on_launch", Shape::Bool),
        ("assign_ipv6_address_on_creation", Shape::Bool),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_subnet", &from.logical_id, attributes, spans);
}

fn transit_gateway(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy(
            "auto_accept_shared_attachments",
            "AutoAcceptSharedAttachments",
        ),
        Field::Copy(
            "default_route_table_association",
            "DefaultRouteTableAssociation",
        ),
        Field::Copy(
            "default_route_table_propagation",
            "DefaultRouteTablePropagation",
        ),
        Field::Copy("description", "Description"),
        Field::Copy("amazon_side_asn", "AmazonSideAsn"),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_ec2_transit_gateway",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn endpoint_service(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("acceptance_required", "AcceptanceRequired"),
        Field::Copy("network_load_balancer_arns", "NetworkLoadBalancerArns"),
        Field::Copy("gateway_load_balancer_arns", "GatewayLoadBalancerArns"),
    ]);
    b.reshape("acceptance_required", Shape::Bool);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_vpc_endpoint_service",
        &from.logical_id,
        attributes,
        spans,
    );
}

/// `AllowedPrincipals` as one `aws_vpc_endpoint_service_allowed_principal` per principal
/// (`<LogicalId>Principal<n>`), as Terraform declares them; an unknown list as one principal
/// that may be anyone.
fn endpoint_service_permissions(from: &CfnResource, out: &mut Mapped) {
    let principals: Vec<(String, Value)> = match Builder::new(from).prop("AllowedPrincipals") {
        Some(Value::List(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (format!("AllowedPrincipals.{index}"), item.clone()))
            .collect(),
        Some(other) if !other.is_null() => vec![("AllowedPrincipals".to_string(), other.clone())],
        _ => Vec::new(),
    };
    for (index, (path, principal)) in principals.into_iter().enumerate() {
        let mut b = Builder::new(from);
        b.copy("vpc_endpoint_service_id", "ServiceId");
        b.set("principal_arn", principal, &path);
        let (attributes, spans) = b.finish();
        out.push(
            from,
            "aws_vpc_endpoint_service_allowed_principal",
            format!("{}Principal{index}", from.logical_id),
            attributes,
            spans,
        );
    }
}
