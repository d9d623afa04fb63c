use driftguard_model::Severity;

use crate::view::messaging::Queue;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct QueueUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-sqs-queue-unencrypted",
    title: "SQS queue has server-side encryption turned off",
    severity: Severity::Medium,
    rationale: "SQS encrypts new queues with SQS-owned keys (SSE-SQS) unless told otherwise; \
        `sqs_managed_sse_enabled = false` without a `kms_master_key_id` turns that off, and \
        messages (orders, events, often personal data) then wait in the queue, for up to 14 \
        days, unencrypted. Queues that set neither attribute get SSE-SQS and are not reported.",
    remediation: "Remove `sqs_managed_sse_enabled = false`, or set `kms_master_key_id` to a KMS \
        key for control over who can decrypt messages.",
    resource_types: &["aws_sqs_queue"],
    checkov: &["CKV_AWS_27"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0096",
        long: "aws-sqs-enable-queue-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = false
}
"#,
    example_good: r#"resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = true
}
"#,
};

impl Rule for QueueUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_sqs_queue") {
            let queue = Queue::new(resource);
            let path = path_if_set(resource, "sqs_managed_sse_enabled");
            report.verdict(resource, path, queue.encrypted(ctx).negate(), || {
                format!(
                    "SQS queue `{}` stores messages unencrypted",
                    resource.address
                )
            });
        }
    }
}
