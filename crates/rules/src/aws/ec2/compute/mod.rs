//! Instances, launch templates, volumes, snapshots and images.

mod ami_public;
mod ebs_snapshot_unencrypted;
mod ebs_volume_unencrypted;
mod instance_block_device_unencrypted;
mod instance_imdsv1_allowed;
mod instance_public_ip;
mod instance_user_data_secret;
mod launch_template_block_device_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ami_public::AmiPublic,
    &ebs_snapshot_unencrypted::EbsSnapshotUnencrypted,
    &ebs_volume_unencrypted::EbsVolumeUnencrypted,
    &instance_block_device_unencrypted::InstanceBlockDeviceUnencrypted,
    &instance_imdsv1_allowed::InstanceImdsv1Allowed,
    &instance_public_ip::InstancePublicIp,
    &instance_user_data_secret::InstanceUserDataSecret,
    &launch_template_block_device_unencrypted::LaunchTemplateBlockDeviceUnencrypted,
];
