use driftguard_model::{Severity, Tri};

use crate::view::s3::BLOCK_PUBLIC_ACCESS_SETTINGS;
use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct AccountPublicAccessBlockDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-s3-account-public-access-block-disabled",
    title: "Account-level S3 Block Public Access leaves a setting off",
    severity: Severity::High,
    rationale: "The account-level Block Public Access applies to every bucket of the account, \
        present and future, whatever the bucket's own settings: it is the one switch that \
        keeps a single mistaken ACL or `Principal: \"*\"` policy from publishing data. An \
        `aws_s3_account_public_access_block` that leaves `block_public_acls`, \
        `block_public_policy`, `ignore_public_acls` or `restrict_public_buckets` false (the \
        default of each) declares that guard rail off. CIS AWS Foundations 2.1.4 (2.1.5 in \
        v1.4) asks for all four at the account level.",
    remediation: "Set all four settings to `true`. Accounts that host a public bucket should \
        serve it through CloudFront with origin access control instead.",
    resource_types: &["aws_s3_account_public_access_block"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &["cis-aws:2.1.4"],
    },
    example_bad: r#"resource "aws_s3_account_public_access_block" "account" {
  block_public_acls   = true
  block_public_policy = true
}
"#,
    example_good: r#"resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
};

impl Rule for AccountPublicAccessBlockDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for block in ctx.of_type("aws_s3_account_public_access_block") {
            let settings: Vec<(&str, Tri)> = BLOCK_PUBLIC_ACCESS_SETTINGS
                .iter()
                .map(|name| (*name, flag(block, name, false)))
                .collect();
            let verdict = Tri::any(settings.iter().map(|(_, on)| on.negate()));
            // Point at the first setting that is off (or unknown) where it is written.
            let worst = settings
                .iter()
                .find(|(_, on)| *on == Tri::False)
                .or_else(|| settings.iter().find(|(_, on)| *on == Tri::Unknown))
                .and_then(|(name, _)| path_if_set(block, name));
            report.verdict(block, worst, verdict, || {
                let off: Vec<&str> = settings
                    .iter()
                    .filter(|(_, on)| *on == Tri::False)
                    .map(|(name, _)| *name)
                    .collect();
                format!(
                    "account-level Block Public Access `{}` leaves {} off",
                    block.address,
                    off.join(", ")
                )
            });
        }
    }
}
