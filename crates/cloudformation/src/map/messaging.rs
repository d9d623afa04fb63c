//! Messaging: SNS topics and SQS queues with their policies, onto `aws_sns_topic`,
//! `aws_sns_topic_policy`, `aws_sqs_queue` and `aws_sqs_queue_policy`.

use driftguard_model::Value;

use super::convert::{tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::SNS::Topic", topic),
    ("AWS::SNS::TopicPolicy", topic_policy),
    ("AWS::SNS::TopicInlinePolicy", topic_inline_policy),
    ("AWS::SQS::Queue", queue),
    ("AWS::SQS::QueuePolicy", queue_policy),
    ("AWS::SQS::QueueInlinePolicy", queue_inline_policy),
];

const TOPIC: &[Field] = &[
    Field::Copy("name", "TopicName"),
    Field::Copy("display_name", "DisplayName"),
    Field::Copy("kms_master_key_id", "KmsMasterKeyId"),
    Field::Copy("fifo_topic", "FifoTopic"),
    Field::Copy("content_based_deduplication", "ContentBasedDeduplication"),
];

fn topic(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(TOPIC);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_sns_topic", &from.logical_id, attributes, spans);
}

/// A policy resource that applies one document to several topics or queues (`Topics`,
/// `Queues`) is mapped as one policy resource naming the first of them: the rules judge the
/// document, which is the same for all.
fn policy_for_many(
    from: &CfnResource,
    out: &mut Mapped,
    terraform_type: &str,
    target: (&str, &str),
) {
    let mut b = Builder::new(from);
    b.fields(&[Field::Json("policy", "PolicyDocument")]);
    let (attribute, property) = target;
    match b.prop(property) {
        Some(Value::List(items)) => {
            if let Some(first) = items.first() {
                b.set(attribute, first.clone(), &format!("{property}.0"));
            }
        }
        Some(other) => {
            let other = other.clone();
            b.set(attribute, other, property);
        }
        None => {}
    }
    let (attributes, spans) = b.finish();
    out.push(from, terraform_type, &from.logical_id, attributes, spans);
}

fn topic_policy(from: &CfnResource, out: &mut Mapped) {
    policy_for_many(from, out, "aws_sns_topic_policy", ("arn", "Topics"));
}

fn topic_inline_policy(from: &CfnResource, out: &mut Mapped) {
    policy_for_many(from, out, "aws_sns_topic_policy", ("arn", "TopicArn"));
}

const QUEUE: &[Field] = &[
    Field::Copy("name", "QueueName"),
    Field::Copy("fifo_queue", "FifoQueue"),
    Field::Copy("kms_master_key_id", "KmsMasterKeyId"),
    Field::Copy(
        "kms_data_key_reuse_period_seconds",
        "KmsDataKeyReusePeriodSeconds",
    ),
    Field::Copy("sqs_managed_sse_enabled", "SqsManagedSseEnabled"),
    Field::Copy("message_retention_seconds", "MessageRetentionPeriod"),
    Field::Copy("visibility_timeout_seconds", "VisibilityTimeout"),
    Field::Copy("delay_seconds", "DelaySeconds"),
    Field::Copy("max_message_size", "MaximumMessageSize"),
    Field::Copy("receive_wait_time_seconds", "ReceiveMessageWaitTimeSeconds"),
    Field::Json("redrive_policy", "RedrivePolicy"),
];

fn queue(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(QUEUE);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_sqs_queue", &from.logical_id, attributes, spans);
}

fn queue_policy(from: &CfnResource, out: &mut Mapped) {
    policy_for_many(from, out, "aws_sqs_queue_policy", ("queue_url", "Queues"));
}

fn queue_inline_policy(from: &CfnResource, out: &mut Mapped) {
    policy_for_many(from, out, "aws_sqs_queue_policy", ("queue_url", "Queue"));
}
