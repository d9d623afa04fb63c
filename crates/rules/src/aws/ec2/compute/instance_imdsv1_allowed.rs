use driftguard_model::Severity;

use crate::view::ec2::{imdsv1_allowed, LAUNCHERS};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct InstanceImdsv1Allowed;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-instance-imdsv1-allowed",
    title: "EC2 instance metadata service accepts IMDSv1 requests",
    severity: Severity::High,
    rationale:
        "With IMDSv1 a single server-side request forgery, open reverse proxy or XXE bug in \
        any application on the instance lets an attacker fetch the instance role's temporary \
        credentials from 169.254.169.254 (the Capital One breach). IMDSv2 requires a PUT to \
        obtain a session token first, which these bugs cannot do. Terraform leaves \
        `http_tokens` to the AMI and account defaults, which for most AMIs means `optional`; an \
        `aws_ec2_instance_metadata_defaults` in the same configuration that requires tokens is \
        taken into account.",
    remediation: "Add `metadata_options { http_tokens = \"required\" }` to the instance, launch \
        template or launch configuration (or `http_endpoint = \"disabled\"` when the instance \
        needs no metadata), or require IMDSv2 account-wide with \
        `aws_ec2_instance_metadata_defaults`.",
    resource_types: &[
        "aws_instance",
        "aws_launch_template",
        "aws_launch_configuration",
        "aws_ec2_instance_metadata_defaults",
    ],
    checkov: &["CKV_AWS_79"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0028",
            long: "aws-ec2-enforce-http-token-imds",
        },
        TrivyId {
            avd: "AVD-AWS-0130",
            long: "aws-ec2-enforce-launch-config-http-token-imds",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::Authentication, Topic::SecureConfiguration],
        controls: &["cis-aws:5.6"],
    },
    example_bad: r#"resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
"#,
    example_good: r#"resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}
"#,
};

impl Rule for InstanceImdsv1Allowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in LAUNCHERS {
            for resource in ctx.of_type(resource_type) {
                let (verdict, path) = imdsv1_allowed(ctx, resource);
                report.verdict(resource, path.as_deref(), verdict, || {
                    format!(
                        "`{}` does not require IMDSv2 session tokens (http_tokens is not \"required\")",
                        resource.address
                    )
                });
            }
        }
    }
}
