mod replication_group_at_rest_unencrypted;
mod replication_group_auth_disabled;
mod replication_group_transit_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &replication_group_at_rest_unencrypted::ReplicationGroupAtRestUnencrypted,
    &replication_group_auth_disabled::ReplicationGroupAuthDisabled,
    &replication_group_transit_unencrypted::ReplicationGroupTransitUnencrypted,
];
