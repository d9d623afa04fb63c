use driftguard_model::{Severity, Value};

use super::module_source::{is_branch_name, ModuleSource};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ModuleGitRefUnpinned;

static META: RuleMeta = RuleMeta {
    id: "terraform-module-git-ref-unpinned",
    title: "Git module source not pinned to a tag or commit",
    severity: Severity::Medium,
    rationale:
        "A git module source without `?ref=`, or with a branch as its ref, fetches whatever \
        the branch points to at `terraform init`: a push to that repository (or a compromised \
        maintainer account) changes your infrastructure code without a change in yours. A commit \
        hash is immutable; a tag is only as immutable as the repository's tag protection. \
        Refs other than well-known branch names are taken to be tags (statically we cannot tell).",
    remediation: "Pin the source to a commit hash (`?ref=<40-hex sha>`) or to a release tag \
        (`?ref=v1.4.2`), and update it through a reviewed change.",
    resource_types: &["terraform_module_call"],
    checkov: &["CKV_TF_1", "CKV_TF_2"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::SupplyChain],
        controls: &[],
    },
    example_bad: r#"module "network" {
  source = "git::https://github.com/acme/terraform-network.git?ref=main"
}
"#,
    example_good: r#"module "network" {
  source = "git::https://github.com/acme/terraform-network.git?ref=v2.3.1"
}
"#,
};

impl Rule for ModuleGitRefUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for call in ctx.of_type("terraform_module_call") {
            let Some(Value::String(source)) = call.get("source") else {
                continue;
            };
            let ModuleSource::Git { reference } = ModuleSource::parse(source) else {
                continue;
            };
            let message = match reference {
                None => format!(
                    "`{}` follows the default branch of `{source}` (no ?ref=)",
                    call.address
                ),
                Some(r) if is_branch_name(r) => {
                    format!("`{}` follows branch `{r}` of its git source", call.address)
                }
                Some(_) => continue,
            };
            report.fail(call, Some("source"), message);
        }
    }
}
