use driftguard_model::Severity;

use super::statements::{quoted, report_identity_statements, Judged};
use crate::view::iam::is_service_wildcard;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct PolicyServiceWildcard;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-policy-service-wildcard",
    title: "IAM policy grants every action of a service on every resource",
    severity: Severity::High,
    rationale: "A statement that allows `service:*` on `*` (`s3:*`, `dynamodb:*`, `kms:*`, \
        `iam:*`) gives the whole service, today's actions and every action AWS adds later, over \
        every resource of the account: `s3:*` reads and deletes every bucket and rewrites their \
        policies, `kms:*` schedules every key for deletion, `iam:*` is administrator access by \
        another name. Whoever steals the credentials inherits all of it. Statements that grant \
        `*` itself are reported by aws-iam-policy-admin-access; statements with principals \
        (trust and resource policies) are not identity policies and are not reported here.",
    remediation: "List the actions the workload calls (IAM Access Analyzer can generate them \
        from CloudTrail) and scope `Resource` to the ARNs it uses, e.g. \
        `s3:GetObject`/`s3:PutObject` on `arn:aws:s3:::acme-artifacts/*`.",
    resource_types: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    checkov: &[],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0057",
        long: "aws-iam-no-policy-wildcards",
    }],
    compliance: Mapping {
        topics: &[Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = "*"
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::acme-artifacts/*"
    }]
  })
}
"#,
};

impl Rule for PolicyServiceWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_identity_statements(ctx, report, "actions", |statement| {
            let services: Vec<&String> = statement
                .actions
                .known
                .iter()
                .filter(|a| is_service_wildcard(a) && *a != "*" && *a != "*:*")
                .collect();
            let any_service = statement
                .actions
                .any(|a| is_service_wildcard(a) && a != "*" && a != "*:*");
            Judged {
                verdict: statement
                    .allow
                    .and(any_service)
                    .and(statement.on_every_resource())
                    // Full administrator access is reported by aws-iam-policy-admin-access.
                    .and(statement.grants_full_admin().negate()),
                grants: format!("allows {} on every resource", quoted(&services)),
            }
        });
    }
}
