use driftguard_model::Severity;

use crate::view::ec2::ebs_volume;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct EbsVolumeUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-ebs-volume-unencrypted",
    title: "EBS volume is not encrypted",
    severity: Severity::High,
    rationale:
        "An unencrypted volume's snapshots are unencrypted too, and an unencrypted snapshot \
        can be shared with any account or made public with one API call, which is how most EBS \
        data leaks happen; encrypted snapshots cannot be made public and need the key's grant to \
        be read. Encryption also covers data in transit between the instance and the volume, \
        and PCI DSS 3.5 and HIPAA expect it. A volume restored from a snapshot inherits the \
        snapshot's encryption (inconclusive unless set here), and \
        `aws_ebs_encryption_by_default` in the same configuration counts as encryption.",
    remediation: "Set `encrypted = true` (optionally with `kms_key_id`); existing volumes are \
        replaced, so migrate data through an encrypted snapshot. Turn on \
        `aws_ebs_encryption_by_default` in every region you use.",
    resource_types: &["aws_ebs_volume", "aws_ebs_encryption_by_default"],
    checkov: &["CKV_AWS_3"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0026",
            long: "aws-ec2-enable-volume-encryption",
        },
        TrivyId {
            avd: "AVD-AWS-0026",
            long: "aws-ebs-enable-volume-encryption",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}
"#,
    example_good: r#"resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}
"#,
};

impl Rule for EbsVolumeUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_ebs_volume") {
            let volume = ebs_volume(ctx, resource);
            report.verdict(
                resource,
                volume.location.as_deref(),
                volume.unencrypted,
                || format!("EBS volume `{}` is not encrypted", resource.address),
            );
        }
    }
}
