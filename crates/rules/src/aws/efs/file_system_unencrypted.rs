use driftguard_model::Severity;

use crate::view::efs::FileSystem;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct FileSystemUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-efs-file-system-unencrypted",
    title: "EFS file system is not encrypted at rest",
    severity: Severity::High,
    rationale: "An unencrypted file system stores its files, and its AWS Backup recovery points, \
        unencrypted: shared home directories, uploads and application state are often the most \
        sensitive data a workload writes, and data protection audits (PCI DSS 3.5, HIPAA) fail. \
        `encrypted` defaults to false and cannot be changed after creation.",
    remediation: "Set `encrypted = true` (with `kms_key_id` for a customer managed key). For an \
        existing file system: create an encrypted one and copy the data with AWS DataSync or \
        AWS Backup restore.",
    resource_types: &["aws_efs_file_system"],
    checkov: &["CKV_AWS_42"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0037",
        long: "aws-efs-enable-at-rest-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &["cis-aws:2.4.1"],
    },
    example_bad: r#"resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}
"#,
    example_good: r#"resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}
"#,
};

impl Rule for FileSystemUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_efs_file_system") {
            let fs = FileSystem::new(resource);
            let path = path_if_set(resource, "encrypted");
            report.verdict(resource, path, fs.encrypted().negate(), || {
                format!(
                    "file system `{}` is not encrypted at rest",
                    resource.address
                )
            });
        }
    }
}
