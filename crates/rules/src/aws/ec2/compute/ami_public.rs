use driftguard_model::{Severity, Value};

use crate::view::{any_item, set_value, text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct AmiPublic;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-ami-public",
    title: "AMI is shared with everyone",
    severity: Severity::High,
    rationale: "A launch permission for the group `all` makes an AMI public: any AWS account \
        can launch it and read its snapshots, and public AMIs are scanned continuously for the \
        credentials, keys, source code and customer data baked into them. Sharing with named \
        accounts, an organization or an OU is not reported. EC2 Image Builder distributions \
        that grant `user_groups = [\"all\"]` publish every image they build.",
    remediation: "Remove the launch permission for `all` (`aws_ami_launch_permission` with \
        `group`), and share with `account_id`, `organization_arn` or \
        `organizational_unit_arn` instead. Turn on `aws_ec2_image_block_public_access` to \
        prevent it account-wide.",
    resource_types: &[
        "aws_ami_launch_permission",
        "aws_imagebuilder_distribution_configuration",
    ],
    checkov: &["CKV_AWS_205"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_ami_launch_permission" "base" {
  image_id = "ami-0abcdef1234567890"
  group    = "all"
}
"#,
    example_good: r#"resource "aws_ami_launch_permission" "base" {
  image_id   = "ami-0abcdef1234567890"
  account_id = "123456789012"
}
"#,
};

impl Rule for AmiPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for permission in ctx.of_type("aws_ami_launch_permission") {
            let public = text_is(permission, "group", None, |g| g == "all");
            report.verdict(permission, Some("group"), public, || {
                format!(
                    "`{}` lets every AWS account launch the AMI (group = \"all\")",
                    permission.address
                )
            });
        }
        for config in ctx.of_type("aws_imagebuilder_distribution_configuration") {
            let count = set_value(config, "distribution")
                .and_then(Value::as_list)
                .map_or(0, <[Value]>::len);
            for index in 0..count {
                let path = format!(
                    "distribution.{index}.ami_distribution_configuration.0.launch_permission.0.user_groups"
                );
                let public = any_item(set_value(config, &path), |g| g == "all");
                report.verdict(config, Some(&path), public, || {
                    format!(
                        "`{}` publishes its images to every AWS account (user_groups = [\"all\"])",
                        config.address
                    )
                });
            }
        }
    }
}
