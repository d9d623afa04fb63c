//! Security groups, network ACLs, VPCs, subnets, flow logs, transit gateways and endpoint
//! services from CloudFormation, checked by the EC2 network rules.

mod harness;

use driftguard_cloudformation::CfnResource;
use driftguard_model::Value;
use harness::{cfn, finding, fires_at, fires_on_resource, inconclusive, quiet, scan};
use serde_json::{json, Value as Json};

const GROUP: &str = "AWS::EC2::SecurityGroup";

fn vpc() -> CfnResource {
    cfn("Vpc", "AWS::EC2::VPC", json!({"CidrBlock": "10.0.0.0/16"}))
}

/// A group in `Vpc` with one ingress rule.
fn group_with(id: &str, rule: Json) -> CfnResource {
    cfn(
        id,
        GROUP,
        json!({
            "GroupDescription": "web tier",
            "VpcId": {"Ref": "Vpc"},
            "SecurityGroupIngress": [rule],
            "SecurityGroupEgress": [{
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "CidrIp": "10.0.0.0/8", "Description": "to the proxies"
            }]
        }),
    )
}

const RULE_CIDR: &str = "SecurityGroupIngress.0.CidrIp";

#[test]
fn ingress_open_to_the_world_fires_the_port_rules_at_the_cidr() {
    let cases = [
        (
            "Ssh",
            json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}),
            "aws-ec2-security-group-ssh-open",
        ),
        // YAML often quotes ports.
        (
            "Rdp",
            json!({"IpProtocol": "tcp", "FromPort": "3389", "ToPort": "3389"}),
            "aws-ec2-security-group-rdp-open",
        ),
        (
            "Mysql",
            json!({"IpProtocol": "6", "FromPort": 3306, "ToPort": 3306}),
            "aws-ec2-security-group-database-port-open",
        ),
        (
            "Vnc",
            json!({"IpProtocol": "tcp", "FromPort": 5900, "ToPort": 5900}),
            "aws-ec2-security-group-admin-port-open",
        ),
        // `IpProtocol: -1` opens every port, whatever the ports say (and YAML reads it as a number).
        (
            "All",
            json!({"IpProtocol": -1}),
            "aws-ec2-security-group-all-ports-open",
        ),
        (
            "Range",
            json!({"IpProtocol": "tcp", "FromPort": "0", "ToPort": "65535"}),
            "aws-ec2-security-group-all-ports-open",
        ),
    ];
    for (id, mut rule, expected) in cases {
        rule["CidrIp"] = json!("0.0.0.0/0");
        rule["Description"] = json!("from anywhere");
        let group = group_with(id, rule);
        let checked = scan(&[vpc(), group.clone()]);
        fires_at(&checked, expected, id, &group, RULE_CIDR);
    }
}

#[test]
fn an_ipv6_world_cidr_is_open_too() {
    let group = group_with(
        "Web",
        json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "::/0", "Description": "ssh"}),
    );
    let checked = scan(&[vpc(), group.clone()]);
    fires_at(
        &checked,
        "aws-ec2-security-group-ssh-open",
        "Web",
        &group,
        "SecurityGroupIngress.0.CidrIpv6",
    );
}

#[test]
fn ingress_from_private_ranges_or_groups_passes() {
    let private = group_with(
        "Private",
        json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "bastion"}),
    );
    let from_group = group_with(
        "FromGroup",
        json!({"IpProtocol": -1, "SourceSecurityGroupId": {"Ref": "Private"}, "Description": "peers"}),
    );
    let https = group_with(
        "Https",
        json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "web"}),
    );
    let checked = scan(&[vpc(), private, from_group, https]);
    for rule in [
        "aws-ec2-security-group-ssh-open",
        "aws-ec2-security-group-rdp-open",
        "aws-ec2-security-group-all-ports-open",
        "aws-ec2-security-group-database-port-open",
        "aws-ec2-security-group-admin-port-open",
        "aws-ec2-security-group-description-missing",
        "aws-ec2-security-group-egress-unrestricted",
        "aws-ec2-default-vpc-in-use",
    ] {
        quiet(&checked, rule);
    }
}

#[test]
fn an_unknown_cidr_is_inconclusive() {
    let group = group_with(
        "Web",
        json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": {"Ref": "AdminCidr"}, "Description": "ssh"}),
    );
    let checked = scan(&[vpc(), group]);
    quiet(&checked, "aws-ec2-security-group-ssh-open");
    inconclusive(&checked, "aws-ec2-security-group-ssh-open", "Web");
}

#[test]
fn rules_without_descriptions_are_reported_where_they_are_written() {
    let group = group_with(
        "Web",
        json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"}),
    );
    let checked = scan(&[vpc(), group.clone()]);
    fires_at(
        &checked,
        "aws-ec2-security-group-description-missing",
        "Web",
        &group,
        "SecurityGroupIngress.0",
    );
}

#[test]
fn a_group_without_egress_rules_keeps_the_default_allow_all_egress() {
    let group = cfn(
        "Open",
        GROUP,
        json!({"GroupDescription": "no egress declared", "VpcId": {"Ref": "Vpc"}}),
    );
    let checked = scan(&[vpc(), group.clone()]);
    fires_on_resource(
        &checked,
        "aws-ec2-security-group-egress-unrestricted",
        "Open",
        &group,
    );
    // The rule is EC2's, not one the template left undocumented.
    quiet(&checked, "aws-ec2-security-group-description-missing");

    let explicit = cfn(
        "Explicit",
        GROUP,
        json!({
            "GroupDescription": "all out",
            "VpcId": {"Ref": "Vpc"},
            "SecurityGroupEgress": [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0", "Description": "all"}]
        }),
    );
    let checked = scan(&[vpc(), explicit.clone()]);
    fires_at(
        &checked,
        "aws-ec2-security-group-egress-unrestricted",
        "Explicit",
        &explicit,
        "SecurityGroupEgress.0.CidrIp",
    );
}

#[test]
fn a_group_without_a_vpc_lands_in_the_default_vpc() {
    let group = cfn(
        "Classic",
        GROUP,
        json!({"GroupDescription": "default vpc", "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8", "Description": "x"}]}),
    );
    let checked = scan(std::slice::from_ref(&group));
    fires_on_resource(&checked, "aws-ec2-default-vpc-in-use", "Classic", &group);
}

#[test]
fn standalone_rules_are_checked_like_rule_resources() {
    let group = cfn(
        "Web",
        GROUP,
        json!({"GroupDescription": "web", "VpcId": {"Ref": "Vpc"},
               "SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8", "Description": "x"}]}),
    );
    let ssh = cfn(
        "WebSsh",
        "AWS::EC2::SecurityGroupIngress",
        json!({"GroupId": {"Ref": "Web"}, "IpProtocol": "tcp", "FromPort": "22", "ToPort": "22", "CidrIp": "0.0.0.0/0"}),
    );
    let out = cfn(
        "WebOut",
        "AWS::EC2::SecurityGroupEgress",
        json!({"GroupId": {"Ref": "Web"}, "IpProtocol": -1, "CidrIp": "0.0.0.0/0", "Description": "all out"}),
    );
    let checked = scan(&[vpc(), group, ssh.clone(), out.clone()]);
    fires_at(
        &checked,
        "aws-ec2-security-group-ssh-open",
        "WebSsh",
        &ssh,
        "CidrIp",
    );
    fires_on_resource(
        &checked,
        "aws-ec2-security-group-description-missing",
        "WebSsh",
        &ssh,
    );
    fires_at(
        &checked,
        "aws-ec2-security-group-egress-unrestricted",
        "WebOut",
        &out,
        "CidrIp",
    );
    assert!(!checked.findings.iter().any(|f| f.rule_id
        == "aws-ec2-default-security-group-allows-traffic"
        && f.resource_address.starts_with("Web")));
}

#[test]
fn vpcs_keep_their_default_group_and_rules_added_to_it_are_reported() {
    let vpc = vpc();
    let added = cfn(
        "DefaultSsh",
        "AWS::EC2::SecurityGroupIngress",
        json!({"GroupId": {"Fn::GetAtt": ["Vpc", "DefaultSecurityGroup"]}, "IpProtocol": "tcp",
               "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8", "Description": "ssh"}),
    );
    let checked = scan(&[vpc.clone(), added.clone()]);
    // CloudFormation cannot take the default group's rules away.
    fires_on_resource(
        &checked,
        "aws-ec2-default-security-group-allows-traffic",
        "Vpc",
        &vpc,
    );
    fires_at(
        &checked,
        "aws-ec2-default-security-group-allows-traffic",
        "DefaultSsh",
        &added,
        "GroupId",
    );
}

fn acl_entry(id: &str, number: u32, action: &str, extra: Json) -> CfnResource {
    let mut properties = json!({
        "NetworkAclId": {"Ref": "Acl"},
        "RuleNumber": number,
        "RuleAction": action,
        "CidrBlock": "0.0.0.0/0"
    });
    for (key, value) in extra.as_object().unwrap() {
        properties[key] = value.clone();
    }
    cfn(id, "AWS::EC2::NetworkAclEntry", properties)
}

fn acl() -> CfnResource {
    cfn(
        "Acl",
        "AWS::EC2::NetworkAcl",
        json!({"VpcId": {"Ref": "Vpc"}}),
    )
}

#[test]
fn network_acl_entries_open_to_the_world_fire() {
    let ssh = acl_entry(
        "Ssh",
        100,
        "allow",
        json!({"Protocol": 6, "PortRange": {"From": 22, "To": 22}}),
    );
    let rdp = acl_entry(
        "Rdp",
        110,
        "allow",
        json!({"Protocol": "6", "PortRange": {"From": "3389", "To": "3389"}}),
    );
    let all = acl_entry("All", 120, "allow", json!({"Protocol": -1}));
    let checked = scan(&[acl(), ssh.clone(), rdp.clone(), all.clone()]);
    fires_at(
        &checked,
        "aws-ec2-network-acl-ssh-open",
        "Ssh",
        &ssh,
        "CidrBlock",
    );
    fires_at(
        &checked,
        "aws-ec2-network-acl-rdp-open",
        "Rdp",
        &rdp,
        "CidrBlock",
    );
    fires_at(
        &checked,
        "aws-ec2-network-acl-all-ports-open",
        "All",
        &all,
        "CidrBlock",
    );
}

#[test]
fn a_lower_numbered_deny_or_an_egress_entry_opens_nothing() {
    let deny = acl_entry(
        "DenySsh",
        90,
        "deny",
        json!({"Protocol": 6, "PortRange": {"From": 22, "To": 22}}),
    );
    let ssh = acl_entry(
        "Ssh",
        100,
        "allow",
        json!({"Protocol": 6, "PortRange": {"From": 22, "To": 22}}),
    );
    let out = acl_entry(
        "Out",
        100,
        "allow",
        json!({"Protocol": -1, "Egress": "true"}),
    );
    let checked = scan(&[acl(), deny, ssh, out]);
    quiet(&checked, "aws-ec2-network-acl-ssh-open");
    quiet(&checked, "aws-ec2-network-acl-all-ports-open");
}

#[test]
fn subnets_that_assign_public_ips_fire() {
    let public = cfn(
        "Public",
        "AWS::EC2::Subnet",
        json!({"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "MapPublicIpOnLaunch": "true"}),
    );
    let private = cfn(
        "Private",
        "AWS::EC2::Subnet",
        json!({"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.2.0/24"}),
    );
    let checked = scan(&[vpc(), public.clone(), private]);
    fires_at(
        &checked,
        "aws-ec2-subnet-public-ip-on-launch",
        "Public",
        &public,
        "MapPublicIpOnLaunch",
    );
    assert_eq!(
        harness::findings(&checked, "aws-ec2-subnet-public-ip-on-launch").len(),
        1
    );
}

#[test]
fn a_vpc_needs_a_flow_log() {
    let vpc = vpc();
    let checked = scan(std::slice::from_ref(&vpc));
    fires_on_resource(&checked, "aws-ec2-vpc-flow-logs-disabled", "Vpc", &vpc);

    let log = cfn(
        "VpcFlowLog",
        "AWS::EC2::FlowLog",
        json!({"ResourceType": "VPC", "ResourceId": {"Ref": "Vpc"}, "TrafficType": "ALL",
               "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::acme-flow-logs"}),
    );
    let checked = scan(&[vpc.clone(), log]);
    quiet(&checked, "aws-ec2-vpc-flow-logs-disabled");

    // A flow log of a subnet does not capture the whole VPC.
    let subnet_log = cfn(
        "SubnetFlowLog",
        "AWS::EC2::FlowLog",
        json!({"ResourceType": "Subnet", "ResourceId": {"Ref": "Subnet"}, "TrafficType": "ALL"}),
    );
    let checked = scan(&[vpc.clone(), subnet_log]);
    finding(&checked, "aws-ec2-vpc-flow-logs-disabled", "Vpc");

    // One whose kind of resource is unknown may capture it.
    let unknown = cfn(
        "SomeFlowLog",
        "AWS::EC2::FlowLog",
        json!({"ResourceType": {"Ref": "Kind"}, "ResourceId": {"Ref": "Vpc"}, "TrafficType": "ALL"}),
    );
    let checked = scan(&[vpc, unknown]);
    quiet(&checked, "aws-ec2-vpc-flow-logs-disabled");
    inconclusive(&checked, "aws-ec2-vpc-flow-logs-disabled", "Vpc");
}

#[test]
fn transit_gateways_that_auto_accept_attachments_fire() {
    let open = cfn(
        "Tgw",
        "AWS::EC2::TransitGateway",
        json!({"AutoAcceptSharedAttachments": "enable"}),
    );
    let checked = scan(std::slice::from_ref(&open));
    fires_at(
        &checked,
        "aws-ec2-transit-gateway-auto-accept-attachments",
        "Tgw",
        &open,
        "AutoAcceptSharedAttachments",
    );
    let closed = cfn("Tgw", "AWS::EC2::TransitGateway", json!({}));
    quiet(
        &scan(&[closed]),
        "aws-ec2-transit-gateway-auto-accept-attachments",
    );
}

#[test]
fn endpoint_services_open_to_every_account_without_acceptance_fire() {
    let service = |acceptance: bool| {
        cfn(
            "Service",
            "AWS::EC2::VPCEndpointService",
            json!({"AcceptanceRequired": acceptance, "NetworkLoadBalancerArns": [{"Ref": "Nlb"}]}),
        )
    };
    let permissions = cfn(
        "ServicePermissions",
        "AWS::EC2::VPCEndpointServicePermissions",
        json!({"ServiceId": {"Ref": "Service"}, "AllowedPrincipals": ["arn:aws:iam::123456789012:root", "*"]}),
    );
    let checked = scan(&[service(false), permissions.clone()]);
    fires_at(
        &checked,
        "aws-ec2-vpc-endpoint-service-open-to-all-accounts",
        "ServicePermissionsPrincipal1",
        &permissions,
        "AllowedPrincipals.1",
    );
    assert_eq!(
        harness::findings(
            &checked,
            "aws-ec2-vpc-endpoint-service-open-to-all-accounts"
        )
        .len(),
        1
    );
    let checked = scan(&[service(true), permissions]);
    quiet(
        &checked,
        "aws-ec2-vpc-endpoint-service-open-to-all-accounts",
    );
}

#[test]
fn inline_rules_read_as_terraform_state() {
    let group = group_with(
        "Web",
        json!({"IpProtocol": -1, "CidrIp": "0.0.0.0/0", "FromPort": "-1", "ToPort": "-1"}),
    );
    let resources = harness::mapped(&[group]);
    let web = &resources[0];
    assert_eq!(web.get("ingress.0.protocol"), Some(&Value::string("-1")));
    assert_eq!(
        web.get("ingress.0.cidr_blocks"),
        Some(&Value::List(vec![Value::string("0.0.0.0/0")]))
    );
    assert_eq!(web.get("ingress.0.from_port"), Some(&Value::Number(-1.0)));
    assert_eq!(web.get("description"), Some(&Value::string("web tier")));
}
