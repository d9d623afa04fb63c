//! SAM policy templates (`Policies: [SQSPollerPolicy: {QueueName: …}]`) expanded into the
//! policy documents SAM writes for them, for the common templates. The identity-policy rules
//! judge actions and whether resources are `*`: actions are copied exactly from SAM's
//! `policy_templates.json`; a resource ARN keeps its literal parts and the template's
//! parameters, the region and account it is built from are placeholders.

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::convert::{policy_json, unknown};

/// One statement of a template: its actions and resource patterns. In a pattern `{Name}` is
/// the template parameter `Name`, `${?}` the region or account of the deployment.
struct Statement {
    actions: &'static [&'static str],
    resources: &'static [&'static str],
}

const fn statement(
    actions: &'static [&'static str],
    resources: &'static [&'static str],
) -> Statement {
    Statement { actions, resources }
}

const DYNAMODB_TABLE: &[&str] = &[
    "arn:aws:dynamodb:${?}:${?}:table/{TableName}",
    "arn:aws:dynamodb:${?}:${?}:table/{TableName}/index/*",
];
const S3_BUCKET: &[&str] = &["arn:aws:s3:::{BucketName}", "arn:aws:s3:::{BucketName}/*"];
const SQS_QUEUE: &[&str] = &["arn:aws:sqs:${?}:${?}:{QueueName}"];
const ANY: &[&str] = &["*"];

/// The templates driftguard expands, by name.
const TEMPLATES: &[(&str, &[Statement])] = &[
    (
        "SQSPollerPolicy",
        &[statement(
            &[
                "sqs:ChangeMessageVisibility",
                "sqs:ChangeMessageVisibilityBatch",
                "sqs:DeleteMessage",
                "sqs:DeleteMessageBatch",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ],
            SQS_QUEUE,
        )],
    ),
    (
        "SQSSendMessagePolicy",
        &[statement(&["sqs:SendMessage*"], SQS_QUEUE)],
    ),
    (
        "SNSPublishMessagePolicy",
        &[statement(
            &["sns:Publish"],
            &["arn:aws:sns:${?}:${?}:{TopicName}"],
        )],
    ),
    (
        "SNSCrudPolicy",
        &[statement(
            &[
                "sns:ListSubscriptionsByTopic",
                "sns:CreateTopic",
                "sns:SetTopicAttributes",
                "sns:Subscribe",
                "sns:Publish",
            ],
            &["arn:aws:sns:${?}:${?}:{TopicName}*"],
        )],
    ),
    (
        "LambdaInvokePolicy",
        &[statement(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:${?}:${?}:function:{FunctionName}*"],
        )],
    ),
    (
        "DynamoDBCrudPolicy",
        &[statement(
            &[
                "dynamodb:GetItem",
                "dynamodb:DeleteItem",
                "dynamodb:PutItem",
                "dynamodb:Scan",
                "dynamodb:Query",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:BatchGetItem",
                "dynamodb:DescribeTable",
                "dynamodb:ConditionCheckItem",
            ],
            DYNAMODB_TABLE,
        )],
    ),
    (
        "DynamoDBReadPolicy",
        &[statement(
            &[
                "dynamodb:GetItem",
                "dynamodb:Scan",
                "dynamodb:Query",
                "dynamodb:BatchGetItem",
                "dynamodb:DescribeTable",
            ],
            DYNAMODB_TABLE,
        )],
    ),
    (
        "DynamoDBWritePolicy",
        &[statement(
            &[
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem",
            ],
            DYNAMODB_TABLE,
        )],
    ),
    (
        "DynamoDBStreamReadPolicy",
        &[
            statement(
                &[
                    "dynamodb:DescribeStream",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                ],
                &["arn:aws:dynamodb:${?}:${?}:table/{TableName}/stream/{StreamName}"],
            ),
            statement(
                &["dynamodb:ListStreams"],
                &["arn:aws:dynamodb:${?}:${?}:table/{TableName}/stream/*"],
            ),
        ],
    ),
    (
        "S3ReadPolicy",
        &[statement(
            &[
                "s3:GetObject",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetObjectVersion",
                "s3:GetLifecycleConfiguration",
            ],
            S3_BUCKET,
        )],
    ),
    (
        "S3CrudPolicy",
        &[statement(
            &[
                "s3:GetObject",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetObjectVersion",
                "s3:PutObject",
                "s3:PutObjectAcl",
                "s3:GetLifecycleConfiguration",
                "s3:PutLifecycleConfiguration",
                "s3:DeleteObject",
            ],
            S3_BUCKET,
        )],
    ),
    (
        "S3WritePolicy",
        &[statement(
            &[
                "s3:PutObject",
                "s3:PutObjectAcl",
                "s3:PutLifecycleConfiguration",
            ],
            S3_BUCKET,
        )],
    ),
    (
        "S3FullAccessPolicy",
        &[
            statement(
                &[
                    "s3:GetObject",
                    "s3:GetObjectAcl",
                    "s3:GetObjectVersion",
                    "s3:PutObject",
                    "s3:PutObjectAcl",
                    "s3:DeleteObject",
                    "s3:DeleteObjectTagging",
                    "s3:DeleteObjectVersionTagging",
                    "s3:GetObjectTagging",
                    "s3:GetObjectVersionTagging",
                    "s3:PutObjectTagging",
                    "s3:PutObjectVersionTagging",
                ],
                &["arn:aws:s3:::{BucketName}/*"],
            ),
            statement(
                &[
                    "s3:ListBucket",
                    "s3:GetBucketLocation",
                    "s3:GetLifecycleConfiguration",
                    "s3:PutLifecycleConfiguration",
                ],
                &["arn:aws:s3:::{BucketName}"],
            ),
        ],
    ),
    (
        "KinesisStreamReadPolicy",
        &[
            statement(
                &["kinesis:ListStreams", "kinesis:DescribeLimits"],
                &["arn:aws:kinesis:${?}:${?}:stream/*"],
            ),
            statement(
                &[
                    "kinesis:DescribeStream",
                    "kinesis:DescribeStreamSummary",
                    "kinesis:GetRecords",
                    "kinesis:GetShardIterator",
                ],
                &["arn:aws:kinesis:${?}:${?}:stream/{StreamName}"],
            ),
        ],
    ),
    (
        "KinesisCrudPolicy",
        &[statement(
            &[
                "kinesis:AddTagsToStream",
                "kinesis:CreateStream",
                "kinesis:DecreaseStreamRetentionPeriod",
                "kinesis:DeleteStream",
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetShardIterator",
                "kinesis:IncreaseStreamRetentionPeriod",
                "kinesis:ListTagsForStream",
                "kinesis:MergeShards",
                "kinesis:PutRecord",
                "kinesis:PutRecords",
                "kinesis:SplitShard",
                "kinesis:RemoveTagsFromStream",
            ],
            &["arn:aws:kinesis:${?}:${?}:stream/{StreamName}"],
        )],
    ),
    (
        "KMSDecryptPolicy",
        &[statement(
            &["kms:Decrypt"],
            &["arn:aws:kms:${?}:${?}:key/{KeyId}"],
        )],
    ),
    (
        "KMSEncryptPolicy",
        &[statement(
            &["kms:Encrypt"],
            &["arn:aws:kms:${?}:${?}:key/{KeyId}"],
        )],
    ),
    (
        "SSMParameterReadPolicy",
        &[
            statement(&["ssm:DescribeParameters"], ANY),
            statement(
                &[
                    "ssm:GetParameters",
                    "ssm:GetParameter",
                    "ssm:GetParametersByPath",
                ],
                &["arn:aws:ssm:${?}:${?}:parameter/{ParameterName}"],
            ),
        ],
    ),
    (
        "AWSSecretsManagerGetSecretValuePolicy",
        &[statement(
            &["secretsmanager:GetSecretValue"],
            &["{SecretArn}"],
        )],
    ),
    (
        "StepFunctionsExecutionPolicy",
        &[statement(
            &["states:StartExecution"],
            &["arn:aws:states:${?}:${?}:stateMachine:{StateMachineName}"],
        )],
    ),
    (
        "EventBridgePutEventsPolicy",
        &[statement(
            &["events:PutEvents"],
            &["arn:aws:events:${?}:${?}:event-bus/{EventBusName}"],
        )],
    ),
    (
        "SESCrudPolicy",
        &[statement(
            &[
                "ses:GetIdentityVerificationAttributes",
                "ses:SendEmail",
                "ses:SendRawEmail",
                "ses:VerifyEmailIdentity",
            ],
            &["arn:aws:ses:${?}:${?}:identity/{IdentityName}"],
        )],
    ),
    (
        "FirehoseWritePolicy",
        &[statement(
            &["firehose:PutRecord", "firehose:PutRecordBatch"],
            &["arn:aws:firehose:${?}:${?}:deliverystream/{DeliveryStreamName}"],
        )],
    ),
    (
        "CloudWatchPutMetricPolicy",
        &[statement(&["cloudwatch:PutMetricData"], ANY)],
    ),
    (
        "CloudWatchDescribeAlarmHistoryPolicy",
        &[statement(&["cloudwatch:DescribeAlarmHistory"], ANY)],
    ),
    (
        "EC2DescribePolicy",
        &[statement(
            &["ec2:DescribeRegions", "ec2:DescribeInstances"],
            ANY,
        )],
    ),
    (
        "VPCAccessPolicy",
        &[statement(
            &[
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DetachNetworkInterface",
            ],
            ANY,
        )],
    ),
    ("TextractPolicy", &[statement(&["textract:*"], ANY)]),
];

/// The policy document of template `name` with `parameters`, as JSON text (an unknown
/// encoding where resources hold placeholders); unknown for a template driftguard does not
/// expand.
pub fn expand_template(name: &str, parameters: &Value) -> Value {
    let Some((_, statements)) = TEMPLATES.iter().find(|(n, _)| *n == name) else {
        return unknown(format!(
            "SAM policy template `{name}` is expanded at deployment and not by driftguard"
        ));
    };
    let statements = statements
        .iter()
        .map(|s| {
            let actions = s.actions.iter().map(|a| Value::String(a.to_string()));
            let resources = s.resources.iter().map(|r| resource(r, parameters));
            Value::Object(BTreeMap::from([
                ("Effect".to_string(), Value::String("Allow".into())),
                ("Action".to_string(), Value::List(actions.collect())),
                ("Resource".to_string(), Value::List(resources.collect())),
            ]))
        })
        .collect();
    policy_json(&Value::Object(BTreeMap::from([
        ("Version".to_string(), Value::String("2012-10-17".into())),
        ("Statement".to_string(), Value::List(statements)),
    ])))
}

/// A resource pattern with its parameters filled in: a string when all of it is known, else an
/// unknown value whose partial text keeps the literal parts.
fn resource(pattern: &str, parameters: &Value) -> Value {
    let mut text = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let dollar = start > 0 && rest.as_bytes()[start - 1] == b'$';
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + end];
        text.push_str(&rest[..start]);
        if dollar {
            text.push_str(&rest[start..=start + end]);
        } else {
            text.push_str(&parameter_text(parameters.get_path(name)));
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    if text.contains("${") {
        Value::Unknown(Box::new(driftguard_model::Unknown {
            reason: "the resource ARN is known after deployment".into(),
            reference: None,
            encodes: None,
            partial: Some(text.into()),
        }))
    } else {
        Value::String(text)
    }
}

/// A template parameter as text: its value, `${Id.attribute}` for a reference to a resource,
/// the text with placeholders of a string built from unknown parts, `${?}` for anything else.
fn parameter_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Unknown(u)) => match (&u.reference, &u.partial) {
            (Some(r), _) if r.whole => format!("${{{}.{}}}", r.address, r.attribute),
            (_, Some(partial)) => partial.to_string(),
            _ => "${?}".to_string(),
        },
        _ => "${?}".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_keep_literal_parts_and_parameters() {
        let params = Value::Object(BTreeMap::from([(
            "BucketName".to_string(),
            Value::String("logs".into()),
        )]));
        assert_eq!(
            resource("arn:aws:s3:::{BucketName}/*", &params),
            Value::String("arn:aws:s3:::logs/*".into())
        );
        let queue = resource("arn:aws:sqs:${?}:${?}:{QueueName}", &params);
        assert_eq!(
            queue.as_unknown().and_then(|u| u.partial.as_deref()),
            Some("arn:aws:sqs:${?}:${?}:${?}")
        );
    }

    #[test]
    fn unknown_templates_stay_unknown() {
        assert!(expand_template("NoSuchPolicy", &Value::Null).is_unknown());
        assert!(matches!(
            expand_template("CloudWatchPutMetricPolicy", &Value::Object(BTreeMap::new())),
            Value::String(_)
        ));
    }
}
