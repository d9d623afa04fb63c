mod file_system_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&file_system_unencrypted::FileSystemUnencrypted];
