//! SNS topics and SQS queues with their policies from CloudFormation, checked by their rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, mapped, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

fn document(
    action: &str,
    resource: serde_json::Value,
    condition: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut statement = json!({
        "Sid": "Everyone",
        "Effect": "Allow",
        "Principal": "*",
        "Action": action,
        "Resource": resource
    });
    if let Some(condition) = condition {
        statement["Condition"] = condition;
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

#[test]
fn topics_and_their_policies() {
    let plain = cfn("Plain", "AWS::SNS::Topic", json!({"TopicName": "events"}));
    let encrypted = cfn(
        "Encrypted",
        "AWS::SNS::Topic",
        json!({"KmsMasterKeyId": "alias/aws/sns"}),
    );
    let open = cfn(
        "OpenPolicy",
        "AWS::SNS::TopicPolicy",
        json!({
            "Topics": [{"Ref": "Plain"}],
            "PolicyDocument": document("sns:Publish", json!({"Ref": "Plain"}), None)
        }),
    );
    let scoped = cfn(
        "ScopedPolicy",
        "AWS::SNS::TopicPolicy",
        json!({
            "Topics": [{"Ref": "Encrypted"}],
            "PolicyDocument": document(
                "sns:Publish",
                json!({"Ref": "Encrypted"}),
                Some(json!({"StringEquals": {"aws:SourceAccount": "123456789012"}}))
            )
        }),
    );
    let inline = cfn(
        "Inline",
        "AWS::SNS::TopicInlinePolicy",
        json!({"TopicArn": {"Ref": "Plain"}, "PolicyDocument": document("sns:*", json!("*"), None)}),
    );
    let resources = mapped(std::slice::from_ref(&open));
    assert!(resources[0].get("policy").is_some_and(|p| p.is_unknown()));
    let checked = scan(&[
        plain.clone(),
        encrypted,
        open.clone(),
        scoped,
        inline.clone(),
    ]);
    fires_on_resource(&checked, "aws-sns-topic-unencrypted", "Plain", &plain);
    clean(&checked, "aws-sns-topic-unencrypted", "Encrypted");
    // The document refers to the topic: its known statements are still judged.
    fires_at(
        &checked,
        "aws-sns-topic-policy-public",
        "OpenPolicy",
        &open,
        "PolicyDocument",
    );
    fires_at(
        &checked,
        "aws-sns-topic-policy-public",
        "Inline",
        &inline,
        "PolicyDocument",
    );
    clean(&checked, "aws-sns-topic-policy-public", "ScopedPolicy");
}

#[test]
fn queues_and_their_policies() {
    let unencrypted = cfn(
        "Unencrypted",
        "AWS::SQS::Queue",
        json!({"SqsManagedSseEnabled": false}),
    );
    let default = cfn(
        "Default",
        "AWS::SQS::Queue",
        json!({"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 5}}),
    );
    let kms = cfn(
        "Kms",
        "AWS::SQS::Queue",
        json!({"SqsManagedSseEnabled": false, "KmsMasterKeyId": {"Ref": "Key"}}),
    );
    let open = cfn(
        "OpenPolicy",
        "AWS::SQS::QueuePolicy",
        json!({
            "Queues": [{"Ref": "Default"}, {"Ref": "Kms"}],
            "PolicyDocument": document("sqs:SendMessage", json!({"Fn::GetAtt": ["Default", "Arn"]}), None)
        }),
    );
    let scoped = cfn(
        "ScopedPolicy",
        "AWS::SQS::QueuePolicy",
        json!({
            "Queues": [{"Ref": "Default"}],
            "PolicyDocument": document(
                "sqs:SendMessage",
                json!({"Fn::GetAtt": ["Default", "Arn"]}),
                Some(json!({"ArnEquals": {"aws:SourceArn": {"Ref": "Topic"}}}))
            )
        }),
    );
    let checked = scan(&[unencrypted.clone(), default, kms, open.clone(), scoped]);
    fires_at(
        &checked,
        "aws-sqs-queue-unencrypted",
        "Unencrypted",
        &unencrypted,
        "SqsManagedSseEnabled",
    );
    clean(&checked, "aws-sqs-queue-unencrypted", "Default");
    clean(&checked, "aws-sqs-queue-unencrypted", "Kms");
    fires_at(
        &checked,
        "aws-sqs-queue-policy-public",
        "OpenPolicy",
        &open,
        "PolicyDocument",
    );
    clean(&checked, "aws-sqs-queue-policy-public", "ScopedPolicy");
}

#[test]
fn inline_queue_policies_are_resource_policies_too() {
    let open = cfn(
        "Inline",
        "AWS::SQS::QueueInlinePolicy",
        json!({
            "Queue": {"Ref": "Default"},
            "PolicyDocument": document("sqs:SendMessage", json!({"Fn::GetAtt": ["Default", "Arn"]}), None)
        }),
    );
    let checked = scan(std::slice::from_ref(&open));
    fires_at(
        &checked,
        "aws-sqs-queue-policy-public",
        "Inline",
        &open,
        "PolicyDocument",
    );
}
