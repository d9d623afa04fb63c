//! Built-in AWS rules, one file per rule, grouped by service.

mod apigateway;
mod cloudfront;
mod cloudtrail;
mod config;
mod dynamodb;
mod ec2;
mod ecr;
mod efs;
mod elasticache;
mod elb;
mod guardduty;
mod iam;
mod kinesis;
mod kms;
mod lambda;
mod opensearch;
mod rds;
mod redshift;
mod s3;
mod secretsmanager;
mod sns;
mod sqs;

use crate::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    let mut rules = Vec::new();
    for service in [
        apigateway::RULES,
        cloudfront::RULES,
        cloudtrail::RULES,
        config::RULES,
        dynamodb::RULES,
        ec2::compute::RULES,
        ec2::network::RULES,
        ecr::RULES,
        efs::RULES,
        elasticache::RULES,
        elb::RULES,
        guardduty::RULES,
        iam::RULES,
        kinesis::RULES,
        kms::RULES,
        lambda::RULES,
        opensearch::RULES,
        rds::RULES,
        redshift::RULES,
        s3::RULES,
        secretsmanager::RULES,
        sns::RULES,
        sqs::RULES,
    ] {
        rules.extend_from_slice(service);
    }
    rules
}
