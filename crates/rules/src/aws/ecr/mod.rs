mod repository_policy_public;
mod repository_scan_on_push_disabled;
mod repository_tags_mutable;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &repository_policy_public::RepositoryPolicyPublic,
    &repository_scan_on_push_disabled::RepositoryScanOnPushDisabled,
    &repository_tags_mutable::RepositoryTagsMutable,
];
