mod key_rotation_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&key_rotation_disabled::KeyRotationDisabled];
