mod detector_disabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&detector_disabled::DetectorDisabled];
