use driftguard_model::{Severity, Value};

use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ProviderVersionUnconstrained;

static META: RuleMeta = RuleMeta {
    id: "terraform-provider-version-unconstrained",
    title: "Provider without a version constraint",
    severity: Severity::Medium,
    rationale: "A provider without a version constraint is installed at its newest release on any \
        machine without a lock file: a new major version can change resource behaviour (and \
        defaults that matter for security) in the next apply, unreviewed. Providers used without \
        any `required_providers` entry are also resolved by name from the default namespace.",
    remediation:
        "Declare every provider in `terraform { required_providers { … } }` with `source` \
        and a `version` constraint (e.g. `~> 5.40`), and commit `.terraform.lock.hcl`.",
    resource_types: &["terraform_required_provider", "terraform_root_module"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::SupplyChain],
        controls: &[],
    },
    example_bad: r#"terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
"#,
    example_good: r#"terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}
"#,
};

impl Rule for ProviderVersionUnconstrained {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for requirement in ctx.of_type("terraform_required_provider") {
            let name = requirement
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match requirement.get("version") {
                None | Some(Value::Null) => report.fail(
                    requirement,
                    Some("version"),
                    format!("provider `{name}` has no version constraint"),
                ),
                Some(Value::String(v)) if v.trim().is_empty() => report.fail(
                    requirement,
                    Some("version"),
                    format!("provider `{name}` has an empty version constraint"),
                ),
                Some(Value::Unknown(u)) => {
                    report.inconclusive(requirement, Some("version"), u.reason.to_string())
                }
                Some(_) => {}
            }
        }
        for root in ctx.of_type("terraform_root_module") {
            let Some(undeclared) = root.get("undeclared_providers").and_then(Value::as_object)
            else {
                continue;
            };
            for (name, first_use) in undeclared {
                let path = format!("undeclared_providers.{name}");
                report.fail(
                    root,
                    Some(&path),
                    format!(
                        "provider `{name}` (used by `{}`) is not in any required_providers block",
                        first_use.as_str().unwrap_or_default()
                    ),
                );
            }
        }
    }
}
