use driftguard_model::Severity;

use crate::view::ecr::Repository;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct RepositoryTagsMutable;

static META: RuleMeta = RuleMeta {
    id: "aws-ecr-repository-tags-mutable",
    title: "ECR repository lets image tags be overwritten",
    severity: Severity::Low,
    rationale: "With mutable tags (`MUTABLE`, the default, or `MUTABLE_WITH_EXCLUSION`), anyone \
        who can push can replace `v1.4.2` with a different image: deployments that pull by tag \
        then run code nobody reviewed or scanned, and rollbacks silently change what they roll \
        back to. Immutable tags make a tag mean one image for good. `IMMUTABLE_WITH_EXCLUSION` \
        (immutable except for named tags such as `latest`) is not reported.",
    remediation: "Set `image_tag_mutability = \"IMMUTABLE\"` (or `IMMUTABLE_WITH_EXCLUSION` with \
        an exclusion filter for moving tags like `latest`), and deploy by digest where you can.",
    resource_types: &["aws_ecr_repository"],
    checkov: &["CKV_AWS_51"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0031",
        long: "aws-ecr-enforce-immutable-repository",
    }],
    compliance: Mapping {
        topics: &[Topic::SupplyChain, Topic::ChangeManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_ecr_repository" "api" {
  name = "api"

  image_scanning_configuration {
    scan_on_push = true
  }
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

impl Rule for RepositoryTagsMutable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_ecr_repository") {
            let repository = Repository::new(resource);
            let path = path_if_set(resource, "image_tag_mutability");
            report.verdict(resource, path, repository.tags_mutable(), || {
                format!("image tags in `{}` can be overwritten", resource.address)
            });
        }
    }
}
