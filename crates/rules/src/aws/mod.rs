//! Built-in AWS rules, one file per rule, grouped by service.

mod cloudtrail;
mod ec2;
mod iam;
mod kms;
mod rds;
mod s3;

use crate::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    let mut rules = Vec::new();
    for service in [
        cloudtrail::RULES,
        ec2::RULES,
        iam::RULES,
        kms::RULES,
        rds::RULES,
        s3::RULES,
    ] {
        rules.extend_from_slice(service);
    }
    rules
}
