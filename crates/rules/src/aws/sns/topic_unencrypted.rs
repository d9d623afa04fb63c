use driftguard_model::Severity;

use crate::view::messaging::Topic;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, TrivyId};

pub struct TopicUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-sns-topic-unencrypted",
    title: "SNS topic is not encrypted with KMS",
    severity: Severity::Low,
    rationale: "Without `kms_master_key_id`, SNS does not apply server-side encryption with KMS \
        to the messages it stores until delivery (and, for FIFO topics with an archive policy, \
        for up to a year): the messages are outside any key policy, so access to them cannot be \
        restricted or audited through KMS, and controls that require KMS encryption of message \
        data fail. Low severity: messages are held only until delivered unless archived, and \
        the topic policy still governs who can read them. An empty `kms_master_key_id` counts as \
        no key.",
    remediation: "Set `kms_master_key_id` to a customer managed key (or `alias/aws/sns`) and \
        allow the publishing services (CloudWatch, EventBridge, S3) to use the key in its key \
        policy.",
    resource_types: &["aws_sns_topic"],
    checkov: &["CKV_AWS_26"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0095",
        long: "aws-sns-enable-topic-encryption",
    }],
    compliance: Mapping {
        topics: &[crate::Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
"#,
    example_good: r#"resource "aws_kms_key" "alerts" {
  description         = "SNS alerts"
  enable_key_rotation = true
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.alerts.id
}
"#,
};

impl Rule for TopicUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_sns_topic") {
            let topic = Topic::new(resource);
            let path = path_if_set(resource, "kms_master_key_id");
            report.verdict(resource, path, topic.kms_encrypted(ctx).negate(), || {
                format!("SNS topic `{}` is not encrypted with KMS", resource.address)
            });
        }
    }
}
