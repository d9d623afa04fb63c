use driftguard_model::{Severity, Value};

use super::module_source::is_plain_http;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ModuleSourcePlainHttp;

static META: RuleMeta = RuleMeta {
    id: "terraform-module-source-plain-http",
    title: "Module downloaded over plain HTTP",
    severity: Severity::High,
    rationale: "A module fetched over `http://` can be replaced in transit by anyone on the path \
        (a hostile network, a compromised proxy): the code `terraform apply` then runs with your \
        cloud credentials is theirs.",
    remediation: "Fetch the module over HTTPS (or from a registry or git over SSH/HTTPS), and pin \
        its version.",
    resource_types: &["terraform_module_call"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::SupplyChain, Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"module "baseline" {
  source = "http://artifacts.acme.internal/terraform/baseline-1.2.0.zip"
}
"#,
    example_good: r#"module "baseline" {
  source = "https://artifacts.acme.internal/terraform/baseline-1.2.0.zip"
}
"#,
};

impl Rule for ModuleSourcePlainHttp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for call in ctx.of_type("terraform_module_call") {
            let Some(Value::String(source)) = call.get("source") else {
                continue;
            };
            if is_plain_http(source) {
                report.fail(
                    call,
                    Some("source"),
                    format!("`{}` downloads `{source}` without TLS", call.address),
                );
            }
        }
    }
}
