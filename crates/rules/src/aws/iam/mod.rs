mod administrator_access_attached;
mod password_policy_no_expiry;
mod password_policy_reuse_allowed;
mod password_policy_short_minimum_length;
mod password_policy_weak_complexity;
mod policy_admin_access;
mod policy_allow_not_action;
mod policy_pass_role_wildcard;
mod policy_privilege_escalation;
mod policy_service_wildcard;
mod role_trust_account_no_condition;
mod role_trust_github_oidc_unrestricted;
mod role_trust_public;
mod statements;
mod trust;
mod user_policy_attached;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &administrator_access_attached::AdministratorAccessAttached,
    &password_policy_no_expiry::PasswordPolicyNoExpiry,
    &password_policy_reuse_allowed::PasswordPolicyReuseAllowed,
    &password_policy_short_minimum_length::PasswordPolicyShortMinimumLength,
    &password_policy_weak_complexity::PasswordPolicyWeakComplexity,
    &policy_admin_access::PolicyAdminAccess,
    &policy_allow_not_action::PolicyAllowNotAction,
    &policy_pass_role_wildcard::PolicyPassRoleWildcard,
    &policy_privilege_escalation::PolicyPrivilegeEscalation,
    &policy_service_wildcard::PolicyServiceWildcard,
    &role_trust_account_no_condition::RoleTrustAccountNoCondition,
    &role_trust_github_oidc_unrestricted::RoleTrustGithubOidcUnrestricted,
    &role_trust_public::RoleTrustPublic,
    &user_policy_attached::UserPolicyAttached,
];
