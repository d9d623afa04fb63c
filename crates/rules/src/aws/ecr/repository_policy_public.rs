use driftguard_model::{Severity, Tri};

use crate::view::messaging::policy_exposure;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct RepositoryPolicyPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-ecr-repository-policy-public",
    title: "ECR repository policy grants access to everyone",
    severity: Severity::High,
    rationale: "An `Allow` statement for `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or \
        `NotPrincipal`) without a condition on the caller lets any AWS account pull the repository's images \
        (application code, embedded configuration and, too often, secrets baked into layers) \
        or, with push actions, replace them with images your clusters will run. A condition \
        on the caller (`aws:PrincipalOrgID`, `aws:SourceAccount`, a narrow `aws:SourceIp`, …) \
        restricts the statement, one on how the request is made (`aws:SecureTransport`, \
        `aws:SourceIp` `0.0.0.0/0`) does not, and an unclassified key leaves it undecided. A `Deny` of `ecr:*` to everyone covers it.",
    remediation: "Name the accounts or roles that pull (and, separately, push), or keep `*` \
        with an `aws:PrincipalOrgID` condition. Publish images meant for everyone in an ECR \
        Public repository instead.",
    resource_types: &["aws_ecr_repository_policy"],
    checkov: &["CKV_AWS_32"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0032",
        long: "aws-ecr-no-public-access",
    }],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Pull"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}
"#,
    example_good: r#"resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Pull"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}
"#,
};

impl Rule for RepositoryPolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for holder in ctx.of_type("aws_ecr_repository_policy") {
            if let Some(exposure) = policy_exposure(ctx, holder, "policy", "ecr") {
                exposure.report(report, Tri::True, |first| {
                    format!(
                        "{first} of `{}` opens the repository to everyone",
                        holder.address
                    )
                });
            }
        }
    }
}
