mod key_rotation_disabled;

use crate::Rule;

pub(super) const RULES: &[&dyn Rule] = &[&key_rotation_disabled::KeyRotationDisabled];
