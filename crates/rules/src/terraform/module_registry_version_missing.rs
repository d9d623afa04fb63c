use driftguard_model::{Severity, Tri, Value};

use super::module_source::ModuleSource;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ModuleRegistryVersionMissing;

static META: RuleMeta = RuleMeta {
    id: "terraform-module-registry-version-missing",
    title: "Registry module without a version constraint",
    severity: Severity::Medium,
    rationale:
        "Without `version`, `terraform init` takes the newest release of a registry module: \
        whoever publishes it (or takes over the namespace) changes what your next apply runs, \
        and a breaking release lands without review. Pin an exact version; a range such as \
        `~> 5.0` still moves with every patch release.",
    remediation: "Add `version = \"<exact version>\"` to the module block, and update it through \
        a reviewed change (Renovate or Dependabot can open those).",
    resource_types: &["terraform_module_call"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::SupplyChain],
        controls: &[],
    },
    example_bad: r#"module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
"#,
    example_good: r#"module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}
"#,
};

impl Rule for ModuleRegistryVersionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for call in ctx.of_type("terraform_module_call") {
            let Some(Value::String(source)) = call.get("source") else {
                continue;
            };
            if ModuleSource::parse(source) != ModuleSource::Registry {
                continue;
            }
            let missing = match call.get("version") {
                None | Some(Value::Null) => Tri::True,
                Some(Value::String(v)) => Tri::from_bool(v.trim().is_empty()),
                Some(_) => Tri::Unknown,
            };
            report.verdict(call, Some("source"), missing, || {
                format!(
                    "`{}` takes whatever version of `{source}` is newest",
                    call.address
                )
            });
        }
    }
}
