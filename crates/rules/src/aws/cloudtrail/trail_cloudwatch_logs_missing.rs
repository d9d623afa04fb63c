use driftguard_model::Severity;

use crate::view::cloudtrail::Trail;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct TrailCloudwatchLogsMissing;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudtrail-trail-cloudwatch-logs-missing",
    title: "CloudTrail trail does not send events to CloudWatch Logs",
    severity: Severity::Low,
    rationale: "A trail delivers log files to S3 every few minutes, where nothing watches them. \
        Sent to a CloudWatch Logs log group as well, its events feed the metric filters and \
        alarms that raise the alert when the root user signs in, a policy or security group \
        changes, or someone stops a trail (CIS AWS Foundations 1.4 control 3.4, and the \
        monitoring controls of section 4 that build on it). Without it, detection waits for \
        whoever reads the bucket. Organizations that analyse CloudTrail elsewhere (a SIEM \
        reading the bucket, an organization trail in another account) can suppress this \
        finding.",
    remediation: "Create an `aws_cloudwatch_log_group` and an IAM role CloudTrail can assume to \
        write to it, then set \
        `cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"` and \
        `cloud_watch_logs_role_arn` on the trail.",
    resource_types: &["aws_cloudtrail"],
    checkov: &["CKV2_AWS_10"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0162",
        long: "aws-cloudtrail-ensure-cloudwatch-integration",
    }],
    compliance: Mapping {
        topics: &[Topic::AuditLogging, Topic::Monitoring],
        controls: &[],
    },
    example_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
    example_good: r#"resource "aws_cloudwatch_log_group" "trail" {
  name              = "cloudtrail"
  retention_in_days = 365
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch"
}
"#,
};

impl Rule for TrailCloudwatchLogsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_cloudtrail") {
            let trail = Trail::new(resource);
            let path = path_if_set(resource, "cloud_watch_logs_group_arn");
            report.verdict(
                resource,
                path,
                trail.sends_to_cloudwatch_logs().negate(),
                || {
                    format!(
                        "trail `{}` does not send its events to CloudWatch Logs",
                        resource.address
                    )
                },
            );
        }
    }
}
