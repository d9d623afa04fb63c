mod cluster_public;
mod cluster_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cluster_public::ClusterPublic,
    &cluster_unencrypted::ClusterUnencrypted,
];
