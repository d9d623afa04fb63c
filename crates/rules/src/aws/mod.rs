//! Built-in AWS rules, one file per rule, grouped by service.

mod s3;

use crate::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    let mut rules = Vec::new();
    rules.extend_from_slice(s3::RULES);
    rules
}
