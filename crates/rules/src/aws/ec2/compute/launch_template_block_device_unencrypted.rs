use driftguard_model::{Severity, Tri, Value};

use crate::view::ec2::account_ebs_encryption;
use crate::view::{flag, is_set, path_if_set, set_value};
use crate::{Context, Reporter, Rule, RuleMeta};

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
                let ebs = format!("block_device_mappings.{index}.ebs.0");
                if !is_set(template, &ebs) {
                    // Instance store, `no_device`, or a mapping that only renames a device.
                    continue;
                }
                let encrypted_path = format!("{ebs}.encrypted");
                let mut encrypted = flag(template, &encrypted_path, false);
                if encrypted != Tri::True && is_set(template, &format!("{ebs}.snapshot_id")) {
                    encrypted = encrypted.or(Tri::Unknown);
                }
                let unencrypted = encrypted.or(account_ebs_encryption(ctx)).negate();
                let path = path_if_set(template, &encrypted_path)
                    .map(str::to_string)
                    .unwrap_or(ebs.clone());
                report.verdict(template, Some(&path), unencrypted, || {
                    let device = template
                        .get(&format!("block_device_mappings.{index}.device_name"))
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
