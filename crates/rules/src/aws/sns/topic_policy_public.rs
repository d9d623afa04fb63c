use driftguard_model::{Severity, Tri};

use crate::view::messaging::policy_exposure;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct TopicPolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-sns-topic-policy-public",
    title: "SNS topic policy grants access to everyone",
    severity: Severity::High,
    rationale: "An `Allow` statement for `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or \
        `NotPrincipal`) without a condition on the caller lets any AWS account act on the topic: subscribe an \
        endpoint of its own and receive every message, publish forged notifications to every \
        subscriber, or change the topic's settings, depending on the actions. A condition \
        on the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, a narrow \
        `aws:SourceIp`, …) restricts the statement, one on how the request is made \
        (`aws:SecureTransport`, `aws:CurrentTime`, `aws:SourceIp` `0.0.0.0/0`) does not, and \
        an unclassified key leaves it undecided. A `Deny` of `sns:*` to everyone (the \"deny outside my \
        organization\" pattern) covers it. Both the topic's inline `policy` and \
        `aws_sns_topic_policy` are checked.",
    remediation: "Name the principals: a service principal (`events.amazonaws.com`, \
        `s3.amazonaws.com`) with an `aws:SourceArn` or `aws:SourceAccount` condition, or the \
        accounts that publish and subscribe; or keep `*` with an `aws:PrincipalOrgID` \
        condition.",
    resource_types: &["aws_sns_topic", "aws_sns_topic_policy"],
    checkov: &["CKV_AWS_169"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_sns_topic" "events" {
  name = "events"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["SNS:Subscribe", "SNS:Publish"]
      Resource  = "arn:aws:sns:eu-west-1:123456789012:events"
    }]
  })
}
"#,
    example_good: r#"resource "aws_sns_topic" "events" {
  name = "events"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:eu-west-1:123456789012:events"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })
}
"#,
};

impl Rule for TopicPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let holders = ctx
            .of_type("aws_sns_topic")
            .chain(ctx.of_type("aws_sns_topic_policy"));
        for holder in holders {
            if let Some(exposure) = policy_exposure(ctx, holder, "policy", "sns") {
                exposure.report(report, Tri::True, |first| {
                    format!(
                        "{first} of the policy of `{}` opens the topic to everyone",
                        holder.address
                    )
                });
            }
        }
    }
}
