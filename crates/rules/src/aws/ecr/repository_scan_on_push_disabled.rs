use driftguard_model::Severity;

use crate::view::ecr::Repository;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct RepositoryScanOnPushDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-ecr-repository-scan-on-push-disabled",
    title: "ECR repository images are not scanned for vulnerabilities",
    severity: Severity::Low,
    rationale: "Without scanning, images with known vulnerable packages are pushed and deployed \
        without anyone hearing about it, and there is no inventory to answer \"are we affected?\" \
        when the next critical CVE lands. A repository is scanned when its \
        `image_scanning_configuration.scan_on_push` is true or when an \
        `aws_ecr_registry_scanning_configuration` rule (basic scan on push, or enhanced \
        continuous scanning) matches its name; either fixes the finding. Low severity: scanning \
        reveals vulnerabilities, it does not remove them.",
    remediation: "Prefer registry-wide scanning: an `aws_ecr_registry_scanning_configuration` \
        with `scan_type = \"ENHANCED\"` and a `CONTINUOUS_SCAN` rule filtering `*`; or set \
        `image_scanning_configuration { scan_on_push = true }` on the repository.",
    resource_types: &[
        "aws_ecr_repository",
        "aws_ecr_registry_scanning_configuration",
    ],
    checkov: &["CKV_AWS_163"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0030",
        long: "aws-ecr-enable-image-scans",
    }],
    compliance: Mapping {
        topics: &[Topic::VulnerabilityManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}
"#,
    example_good: r#"resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
"#,
};

impl Rule for RepositoryScanOnPushDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_ecr_repository") {
            let repository = Repository::new(resource);
            let verdict = repository
                .scan_on_push()
                .or(repository.scanned_by_registry(ctx))
                .negate();
            let path = path_if_set(resource, "image_scanning_configuration.0.scan_on_push")
                .or_else(|| path_if_set(resource, "image_scanning_configuration"));
            report.verdict(resource, path, verdict, || {
                format!(
                    "images pushed to `{}` are not scanned for vulnerabilities",
                    resource.address
                )
            });
        }
    }
}
