use driftguard_model::Severity;

use crate::view::ec2::snapshot_unencrypted;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct EbsSnapshotUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-ebs-snapshot-unencrypted",
    title: "EBS snapshot is not encrypted",
    severity: Severity::High,
    rationale: "A snapshot is a full copy of a disk: operating system, application secrets, \
        database files. Unencrypted, it can be shared with any account or made public with one \
        `ModifySnapshotAttribute` call (encrypted snapshots cannot be made public, and sharing \
        them needs a grant on the KMS key), and it is readable by anyone with `ebs:` read \
        access to the account. An `aws_ebs_snapshot` has the encryption of its volume, judged \
        when the volume is declared in the same configuration; an `aws_ebs_snapshot_copy` is \
        encrypted by `encrypted = true`, by an encrypted source or by \
        `aws_ebs_encryption_by_default`.",
    remediation: "Encrypt the source volume (`encrypted = true`), or copy the snapshot with \
        `encrypted = true` and a `kms_key_id`, then delete the unencrypted snapshot. Turn on \
        `aws_ebs_encryption_by_default` in every region you use.",
    resource_types: &[
        "aws_ebs_snapshot",
        "aws_ebs_snapshot_copy",
        "aws_ebs_volume",
        "aws_ebs_encryption_by_default",
    ],
    checkov: &["CKV_AWS_4"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}
"#,
    example_good: r#"resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}
"#,
};

impl Rule for EbsSnapshotUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for snapshot in ctx.of_type("aws_ebs_snapshot") {
            report.verdict(
                snapshot,
                path_if_set(snapshot, "volume_id"),
                snapshot_unencrypted(ctx, snapshot),
                || {
                    format!(
                        "EBS snapshot `{}` is taken from an unencrypted volume",
                        snapshot.address
                    )
                },
            );
        }
        for copy in ctx.of_type("aws_ebs_snapshot_copy") {
            let path = path_if_set(copy, "encrypted").or(path_if_set(copy, "source_snapshot_id"));
            report.verdict(copy, path, snapshot_unencrypted(ctx, copy), || {
                format!(
                    "EBS snapshot copy `{}` is not encrypted (encrypted is not true and its source is unencrypted)",
                    copy.address
                )
            });
        }
    }
}
