use driftguard_model::{Severity, Tri};

use crate::view::lambda::{permission_conditioned, permission_to_service};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PermissionServiceUnrestricted;

static META: RuleMeta = RuleMeta {
    id: "aws-lambda-permission-service-unrestricted",
    title: "Lambda permission for an AWS service does not name the source",
    severity: Severity::High,
    rationale: "A permission for a service principal (`s3.amazonaws.com`, \
        `sns.amazonaws.com`, `events.amazonaws.com`) without `source_arn` or `source_account` \
        lets that service invoke the function on behalf of any resource of any AWS account: \
        anyone can point their own bucket notification, topic subscription or EventBridge rule \
        at the function and feed it crafted events (the confused-deputy problem). \
        `principal_org_id` and `event_source_token` are also taken as restricting it.",
    remediation: "Set `source_arn` to the bucket, topic, rule or API that invokes the function \
        (and `source_account` for S3, whose bucket ARNs carry no account).",
    resource_types: &["aws_lambda_permission"],
    checkov: &["CKV_AWS_364"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0067",
        long: "aws-lambda-restrict-source-arn",
    }],
    compliance: Mapping {
        topics: &[Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_lambda_permission" "uploads" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "s3.amazonaws.com"
}
"#,
    example_good: r#"resource "aws_lambda_permission" "uploads" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = "thumbnailer"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::acme-uploads"
  source_account = "123456789012"
}
"#,
};

impl Rule for PermissionServiceUnrestricted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for permission in ctx.of_type("aws_lambda_permission") {
            let verdict = permission_to_service(permission)
                .and(Tri::from_bool(!permission_conditioned(permission)));
            report.verdict(permission, Some("principal"), verdict, || {
                let service = permission
                    .get("principal")
                    .and_then(|v| v.as_str())
                    .unwrap_or("the service");
                format!(
                    "`{}` lets {service} invoke the function for any account's resources (no source_arn or source_account)",
                    permission.address
                )
            });
        }
    }
}
