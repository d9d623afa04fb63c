use driftguard_model::Severity;

use crate::secrets::{find_secrets, listed};
use crate::view::ec2::user_data_text;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct InstanceUserDataSecret;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-instance-user-data-secret",
    title: "EC2 user data holds a hardcoded secret",
    severity: Severity::Critical,
    rationale: "User data is not secret: anyone allowed `ec2:DescribeInstanceAttribute` (the \
        AWS managed ReadOnlyAccess policy included) reads it, every process on the instance \
        reads it from the metadata service (and so does an SSRF), it is stored in the \
        Terraform state and committed with the code. An access key, token or password in it \
        leaks to all of them. `user_data_base64` and launch templates' base64 user data are \
        decoded before searching; gzip-compressed user data cannot be searched. Findings show \
        the secret masked, never its value.",
    remediation: "Give the instance an IAM instance profile instead of access keys, and have \
        the boot script fetch other secrets from AWS Secrets Manager or SSM Parameter Store \
        (SecureString). Rotate the exposed secret: it is in the repository history and the \
        state.",
    resource_types: &[
        "aws_instance",
        "aws_launch_template",
        "aws_launch_configuration",
    ],
    checkov: &["CKV_AWS_46"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0029",
            long: "aws-ec2-no-secrets-in-user-data",
        },
        TrivyId {
            avd: "AVD-AWS-0129",
            long: "aws-ec2-no-secrets-in-launch-template-user-data",
        },
        TrivyId {
            avd: "AVD-AWS-0129",
            long: "aws-autoscaling-no-secrets-in-user-data",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  user_data = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAQ3EGRNXVPKT5JW2D
    export AWS_SECRET_ACCESS_KEY=Zx8vT2qLm9RkW4nB7cYp1sHd6Fj3GtUe0aQoXiVb
    /opt/app/start
  EOT
}
"#,
    example_good: r#"resource "aws_instance" "app" {
  ami                  = "ami-0abcdef1234567890"
  instance_type        = "t3.micro"
  iam_instance_profile = "app"

  user_data = <<-EOT
    #!/bin/bash
    /opt/app/start
  EOT
}
"#,
};

impl Rule for InstanceUserDataSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in META.resource_types {
            for resource in ctx.of_type(resource_type) {
                // Unknown or binary user data is not a hardcoded secret we can see.
                let Some((path, text)) = user_data_text(resource) else {
                    continue;
                };
                let secrets = find_secrets(&text);
                if secrets.is_empty() {
                    continue;
                }
                let found = listed(&secrets);
                report.fail(
                    resource,
                    Some(path),
                    format!(
                        "the user data of `{}` holds hardcoded secret(s): {found}",
                        resource.address
                    ),
                );
            }
        }
    }
}
