use driftguard_model::{Severity, Tri, Value};

use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct LockFileMissing;

static META: RuleMeta = RuleMeta {
    id: "terraform-lock-file-missing",
    title: "Root module without a dependency lock file",
    severity: Severity::Low,
    rationale: "`.terraform.lock.hcl` records the exact provider versions and their checksums. \
        Without it in version control, every `terraform init` (a colleague's, CI's) may install \
        a different provider build, and a tampered provider package is not detected.",
    remediation: "Run `terraform init` (with `terraform providers lock -platform=…` for every \
        platform you deploy from) and commit `.terraform.lock.hcl` next to the root module.",
    resource_types: &["terraform_root_module"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::SupplyChain, Topic::ConfigurationManagement],
        controls: &[],
    },
    example_bad: r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
"#,
    example_good: r#"# A root module with no providers needs no lock file.
locals {
  environments = ["dev", "prod"]
}
"#,
};

impl Rule for LockFileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for root in ctx.of_type("terraform_root_module") {
            let uses_providers = root
                .get("providers_used")
                .and_then(Value::as_list)
                .is_some_and(|p| !p.is_empty());
            let missing = root
                .get("lock_file")
                .map_or(Tri::Unknown, |v| v.truth().negate());
            if uses_providers {
                let dir = root.get("dir").and_then(Value::as_str).unwrap_or(".");
                report.verdict(root, None, missing, || {
                    format!("root module `{dir}` has no .terraform.lock.hcl")
                });
            }
        }
    }
}
