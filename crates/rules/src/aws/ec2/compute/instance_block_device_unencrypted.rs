use driftguard_model::{Severity, Tri};

use crate::view::ec2::block_devices;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct InstanceBlockDeviceUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-instance-block-device-unencrypted",
    title: "EC2 instance block device is not encrypted",
    severity: Severity::High,
    rationale: "The root and EBS block devices of an instance hold its operating system, \
        application secrets, logs and data. Unencrypted, their snapshots and AMIs can be shared \
        or made public with one API call, and compliance frameworks (PCI DSS 3.5, HIPAA) expect \
        encryption at rest. Without `root_block_device { encrypted = true }` the root volume is \
        encrypted as the AMI's root snapshot is, which cannot be known statically (inconclusive); \
        `aws_ebs_encryption_by_default` in the same configuration counts as encryption, and a \
        device restored from a snapshot is inconclusive.",
    remediation: "Set `encrypted = true` in `root_block_device` and every `ebs_block_device` (the \
        instance is replaced), or turn on `aws_ebs_encryption_by_default` in the region.",
    resource_types: &[
        "aws_instance",
        "aws_launch_configuration",
        "aws_ebs_encryption_by_default",
    ],
    checkov: &["CKV_AWS_8"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0131",
        long: "aws-ec2-enable-at-rest-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 20
    encrypted   = false
  }
}
"#,
    example_good: r#"resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 20
    encrypted   = true
  }
}
"#,
};

impl Rule for InstanceBlockDeviceUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in ["aws_instance", "aws_launch_configuration"] {
            for resource in ctx.of_type(resource_type) {
                for volume in block_devices(ctx, resource) {
                    let implied_root = volume.root && volume.location.is_none();
                    if implied_root && volume.unencrypted == Tri::Unknown {
                        report.inconclusive(
                            resource,
                            None,
                            format!(
                                "`{}` declares no root_block_device: its root volume is encrypted only if the AMI's root snapshot (or the launch template's block device mapping) is, or the account encrypts new EBS volumes by default, which cannot be known statically",
                                resource.address
                            ),
                        );
                        continue;
                    }
                    report.verdict(
                        resource,
                        volume.location.as_deref(),
                        volume.unencrypted,
                        || {
                            format!(
                                "`{}` of `{}` is not encrypted",
                                volume.block, resource.address
                            )
                        },
                    );
                }
            }
        }
    }
}
