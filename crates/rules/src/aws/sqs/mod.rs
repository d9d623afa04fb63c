mod queue_policy_public;
mod queue_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &queue_policy_public::QueuePolicyPublic,
    &queue_unencrypted::QueueUnencrypted,
];
