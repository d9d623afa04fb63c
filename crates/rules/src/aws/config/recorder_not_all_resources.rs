use driftguard_model::{Severity, Tri};

use crate::view::logging::ConfigRecorder;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RecorderNotAllResources;

static META: RuleMeta = RuleMeta {
    id: "aws-config-recorder-not-all-resources",
    title: "AWS Config recorder does not record every resource type",
    severity: Severity::Medium,
    rationale: "A recorder with `recording_group.all_supported = false` records only the types it \
        lists (or all but those it excludes). Everything else changes without a configuration \
        history: the resources nobody thought to list are exactly where an intruder's \
        persistence (a new IAM role, a Lambda function, an access key) goes unnoticed, and the \
        Config rules and Security Hub controls for those types evaluate nothing. CIS AWS \
        Foundations 3.5 requires all supported resource types. Excluding a few high-volume \
        types to control cost is a deliberate trade-off: suppress the finding with its reason.",
    remediation: "Set `recording_group { all_supported = true }` (the default when \
        `recording_group` is absent), and record global resource types such as IAM in one \
        region with `include_global_resource_types = true`.",
    resource_types: &["aws_config_configuration_recorder"],
    checkov: &["CKV2_AWS_45"],
    trivy: &[],
    compliance: Mapping {
        topics: &[
            Topic::Monitoring,
            Topic::ConfigurationManagement,
            Topic::AssetInventory,
        ],
        controls: &["cis-aws:3.3"],
    },
    example_bad: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"

  recording_group {
    all_supported  = false
    resource_types = ["AWS::EC2::Instance", "AWS::S3::Bucket"]
  }
}
"#,
    example_good: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}
"#,
};

impl Rule for RecorderNotAllResources {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for recorder in ConfigRecorder::all(ctx) {
            let resource = recorder.resource;
            let path = path_if_set(resource, "recording_group.0.all_supported")
                .or_else(|| path_if_set(resource, "recording_group.0"));
            let verdict: Tri = recorder.records_all_supported().negate();
            report.verdict(resource, path, verdict, || {
                let how = match recorder.recording_strategy() {
                    Some("EXCLUSION_BY_RESOURCE_TYPES") => "all but the excluded resource types",
                    _ => "only the listed resource types",
                };
                format!("Config recorder `{}` records {how}", resource.address)
            });
        }
    }
}
