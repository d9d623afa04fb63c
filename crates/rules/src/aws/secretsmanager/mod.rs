mod secret_not_cmk_encrypted;
mod secret_rotation_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &secret_not_cmk_encrypted::SecretNotCmkEncrypted,
    &secret_rotation_disabled::SecretRotationDisabled,
];
