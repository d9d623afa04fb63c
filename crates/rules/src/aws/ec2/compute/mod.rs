//! Instances, launch templates, volumes, snapshots and images.

mod ebs_volume_unencrypted;
mod instance_block_device_unencrypted;
mod instance_imdsv1_allowed;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ebs_volume_unencrypted::EbsVolumeUnencrypted,
    &instance_block_device_unencrypted::InstanceBlockDeviceUnencrypted,
    &instance_imdsv1_allowed::InstanceImdsv1Allowed,
];
