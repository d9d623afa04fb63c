use driftguard_model::{Severity, Tri};

use crate::view::messaging::policy_exposure;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct QueuePolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-sqs-queue-policy-public",
    title: "SQS queue policy grants access to everyone",
    severity: Severity::High,
    rationale: "An `Allow` statement for `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or \
        `NotPrincipal`) without a condition on the caller lets any AWS account act on the queue: receive and \
        delete the messages meant for your consumers, inject forged messages that your workers \
        will process, or purge the queue, depending on the actions. A condition \
        on the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, a narrow \
        `aws:SourceIp`, …) restricts the statement, one on how the request is made \
        (`aws:SecureTransport`, `aws:CurrentTime`, `aws:SourceIp` `0.0.0.0/0`) does not, and \
        an unclassified key leaves it undecided. A `Deny` of `sqs:*` to everyone (the \"deny outside my \
        organization\" pattern) covers it. Both the queue's inline `policy` and \
        `aws_sqs_queue_policy` are checked.",
    remediation: "Name the principals: a service principal (`sns.amazonaws.com`, \
        `s3.amazonaws.com`) with an `aws:SourceArn` condition, or the accounts and roles that \
        send and receive; or keep `*` with an `aws:PrincipalOrgID` condition.",
    resource_types: &["aws_sqs_queue", "aws_sqs_queue_policy"],
    checkov: &["CKV_AWS_168"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:jobs"
    }]
  })
}
"#,
    example_good: r#"resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:jobs"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:123456789012:jobs" } }
    }]
  })
}
"#,
};

impl Rule for QueuePolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let holders = ctx
            .of_type("aws_sqs_queue")
            .chain(ctx.of_type("aws_sqs_queue_policy"));
        for holder in holders {
            if let Some(exposure) = policy_exposure(ctx, holder, "policy", "sqs") {
                exposure.report(report, Tri::True, |first| {
                    format!(
                        "{first} of the policy of `{}` opens the queue to everyone",
                        holder.address
                    )
                });
            }
        }
    }
}
