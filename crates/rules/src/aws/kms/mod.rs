mod key_policy_public;
mod key_rotation_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &key_policy_public::KeyPolicyPublic,
    &key_rotation_disabled::KeyRotationDisabled,
];
