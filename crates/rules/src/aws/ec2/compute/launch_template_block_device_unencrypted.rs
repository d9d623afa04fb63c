use driftguard_model::{Severity, Tri, Value};

use crate::view::ec2::launch_template_volume;
use crate::view::set_value;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct LaunchTemplateBlockDeviceUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-launch-template-block-device-unencrypted",
    title: "Launch template EBS block device is not encrypted",
    severity: Severity::High,
    rationale: "Every instance an Auto Scaling group, EKS node group or Spot fleet launches \
        from the template gets the template's block devices. An EBS mapping without \
        `encrypted = true` creates unencrypted volumes whose snapshots can be shared or made \
        public with one API call, and PCI DSS 3.5 and HIPAA expect encryption at rest. A \
        mapping restored from a snapshot inherits the snapshot's encryption (inconclusive \
        unless set here), and `aws_ebs_encryption_by_default` in the same configuration counts \
        as encryption. Devices the template does not map keep the AMI's mapping, which cannot \
        be judged statically. Instances and launch configurations are covered by \
        aws-ec2-instance-block-device-unencrypted.",
    remediation: "Set `encrypted = true` (optionally with `kms_key_id`) in the `ebs` block of \
        every `block_device_mappings`, or turn on `aws_ebs_encryption_by_default` in the \
        region.",
    resource_types: &["aws_launch_template", "aws_ebs_encryption_by_default"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_launch_template" "app" {
  name          = "app"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
    }
  }
}
"#,
    example_good: r#"resource "aws_launch_template" "app" {
  name          = "app"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      encrypted   = true
    }
  }
}
"#,
};

impl Rule for LaunchTemplateBlockDeviceUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for template in ctx.of_type("aws_launch_template") {
            let mappings = set_value(template, "block_device_mappings");
            if mappings.is_some_and(Value::is_unknown) {
                report.verdict(
                    template,
                    Some("block_device_mappings"),
                    Tri::Unknown,
                    String::new,
                );
                continue;
            }
            let count = mappings.and_then(Value::as_list).map_or(0, <[Value]>::len);
            for index in 0..count {
                let mapping = format!("block_device_mappings.{index}");
                let Some(volume) = launch_template_volume(ctx, template, &mapping) else {
                    continue;
                };
                let path = volume.location.as_deref();
                report.verdict(template, path, volume.unencrypted, || {
                    let device = template
                        .get(&format!("{mapping}.device_name"))
                        .and_then(Value::as_str)
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    format!(
                        "block device mapping {}{device} of `{}` creates unencrypted EBS volumes",
                        index + 1,
                        template.address
                    )
                });
            }
        }
    }
}
