//! Network exposure: security groups, network ACLs, VPCs, subnets.

mod security_group_all_ports_open;
mod security_group_description_missing;
mod security_group_rdp_open;
mod security_group_ssh_open;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &security_group_all_ports_open::SecurityGroupAllPortsOpen,
    &security_group_description_missing::SecurityGroupDescriptionMissing,
    &security_group_rdp_open::SecurityGroupRdpOpen,
    &security_group_ssh_open::SecurityGroupSshOpen,
];
