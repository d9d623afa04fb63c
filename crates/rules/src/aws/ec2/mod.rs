mod ebs_volume_unencrypted;
mod instance_block_device_unencrypted;
mod instance_imdsv1_allowed;
mod security_group_all_ports_open;
mod security_group_description_missing;
mod security_group_rdp_open;
mod security_group_ssh_open;

use crate::Rule;

pub(super) const RULES: &[&dyn Rule] = &[
    &ebs_volume_unencrypted::EbsVolumeUnencrypted,
    &instance_block_device_unencrypted::InstanceBlockDeviceUnencrypted,
    &instance_imdsv1_allowed::InstanceImdsv1Allowed,
    &security_group_all_ports_open::SecurityGroupAllPortsOpen,
    &security_group_description_missing::SecurityGroupDescriptionMissing,
    &security_group_rdp_open::SecurityGroupRdpOpen,
    &security_group_ssh_open::SecurityGroupSshOpen,
];
