mod topic_policy_public;
mod topic_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &topic_policy_public::TopicPolicyPublic,
    &topic_unencrypted::TopicUnencrypted,
];
