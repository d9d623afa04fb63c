use driftguard_model::Severity;

use crate::view::cloudtrail::Trail;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct TrailNotKmsEncrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-cloudtrail-trail-not-kms-encrypted",
    title: "CloudTrail logs are not encrypted with a KMS key",
    severity: Severity::Medium,
    rationale: "CloudTrail logs describe every API call in the account: who, from where, with \
        which resources. Without `kms_key_id` they are encrypted with SSE-S3 only, so anyone \
        who can read the bucket reads the logs. With a customer managed key, reading also \
        requires `kms:Decrypt` on a key whose policy the security team controls, and every \
        decryption is itself logged (CIS AWS Foundations 3.5).",
    remediation: "Create an `aws_kms_key` whose policy lets CloudTrail encrypt and your log \
        readers decrypt, and set `kms_key_id` on the trail.",
    resource_types: &["aws_cloudtrail"],
    checkov: &["CKV_AWS_35"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0015",
            long: "aws-cloudtrail-enable-at-rest-encryption",
        },
        TrivyId {
            avd: "AVD-AWS-0015",
            long: "aws-cloudtrail-encryption-customer-managed-key",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::LogProtection, Topic::KeyManagement],
        controls: &["cis-aws:3.5"],
    },
    example_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
    example_good: r#"resource "aws_kms_key" "cloudtrail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.cloudtrail.arn
}
"#,
};

impl Rule for TrailNotKmsEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_cloudtrail") {
            let trail = Trail::new(resource);
            report.verdict(resource, None, trail.kms_encrypted().negate(), || {
                format!("trail `{}` has no kms_key_id", resource.address)
            });
        }
    }
}
