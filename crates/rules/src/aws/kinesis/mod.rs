mod stream_unencrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&stream_unencrypted::StreamUnencrypted];
