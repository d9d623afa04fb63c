//! Network exposure: security groups, network ACLs, VPCs, subnets.

mod default_security_group_allows_traffic;
mod default_vpc_in_use;
mod network_acl_all_ports_open;
mod network_acl_rdp_open;
mod network_acl_ssh_open;
mod security_group_admin_port_open;
mod security_group_all_ports_open;
mod security_group_database_port_open;
mod security_group_description_missing;
mod security_group_egress_unrestricted;
mod security_group_rdp_open;
mod security_group_ssh_open;
mod subnet_public_ip_on_launch;
mod transit_gateway_auto_accept_attachments;
mod vpc_endpoint_service_open_to_all_accounts;
mod vpc_flow_logs_disabled;

use crate::view::network::{Service, SgRule};
use crate::{Context, Reporter, Rule};

pub(crate) const RULES: &[&dyn Rule] = &[
    &default_security_group_allows_traffic::DefaultSecurityGroupAllowsTraffic,
    &default_vpc_in_use::DefaultVpcInUse,
    &network_acl_all_ports_open::NetworkAclAllPortsOpen,
    &network_acl_rdp_open::NetworkAclRdpOpen,
    &network_acl_ssh_open::NetworkAclSshOpen,
    &security_group_admin_port_open::SecurityGroupAdminPortOpen,
    &security_group_all_ports_open::SecurityGroupAllPortsOpen,
    &security_group_database_port_open::SecurityGroupDatabasePortOpen,
    &security_group_description_missing::SecurityGroupDescriptionMissing,
    &security_group_egress_unrestricted::SecurityGroupEgressUnrestricted,
    &security_group_rdp_open::SecurityGroupRdpOpen,
    &security_group_ssh_open::SecurityGroupSshOpen,
    &subnet_public_ip_on_launch::SubnetPublicIpOnLaunch,
    &transit_gateway_auto_accept_attachments::TransitGatewayAutoAcceptAttachments,
    &vpc_endpoint_service_open_to_all_accounts::VpcEndpointServiceOpenToAllAccounts,
    &vpc_flow_logs_disabled::VpcFlowLogsDisabled,
];

/// Reports every ingress rule that opens one of `services` to the whole internet
/// ([`SgRule::world_exposes`]), naming the services it certainly opens.
fn report_world_exposed(ctx: &Context<'_>, report: &mut Reporter<'_>, services: &[Service]) {
    for rule in SgRule::ingress(ctx) {
        let (verdict, exposed, path) = rule.world_exposes(services);
        report.verdict(rule.resource, path.as_deref(), verdict, || {
            let services: Vec<String> = exposed
                .iter()
                .map(|s| format!("{} ({})", s.name, s.ports_label()))
                .collect();
            format!(
                "`{}` allows {} from anywhere",
                rule.resource.address,
                services.join(", ")
            )
        });
    }
}
