//! EC2: instances, volumes, snapshots and images (`compute`); security groups, NACLs, VPCs and
//! subnets (`network`).

pub(super) mod compute;
pub(super) mod network;
