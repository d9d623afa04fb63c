use driftguard_model::Severity;

use crate::view::cloudtrail::Trail;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct TrailSingleRegion;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudtrail-trail-single-region",
    title: "CloudTrail trail records only its home region",
    severity: Severity::Medium,
    rationale: "Attackers with stolen keys deliberately work in regions nobody watches: crypto \
        mining fleets in unused regions, resources created where the trail does not record. A \
        single-region trail misses all of it, and global service events are only recorded by \
        multi-region trails. CIS AWS Foundations 3.1 requires a multi-region trail. Terraform \
        defaults `is_multi_region_trail` to false, unlike the console.",
    remediation: "Set `is_multi_region_trail = true` (and keep `include_global_service_events` at \
        its default, true).",
    resource_types: &["aws_cloudtrail"],
    checkov: &["CKV_AWS_67"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0014",
        long: "aws-cloudtrail-enable-all-regions",
    }],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &["cis-aws:3.1"],
    },
    example_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
    example_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
};

impl Rule for TrailSingleRegion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_cloudtrail") {
            let trail = Trail::new(resource);
            let path = path_if_set(resource, "is_multi_region_trail");
            report.verdict(resource, path, trail.multi_region().negate(), || {
                format!("trail `{}` records only its home region", resource.address)
            });
        }
    }
}
