mod policy_admin_access;
mod user_policy_attached;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &policy_admin_access::PolicyAdminAccess,
    &user_policy_attached::UserPolicyAttached,
];
