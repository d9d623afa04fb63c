//! Configuration as resources: module calls, provider requirements and the root module itself,
//! so that supply-chain rules check them through the same registry, suppressions and outputs
//! as every other rule.
//!
//! | type | address | attributes |
//! |---|---|---|
//! | `terraform_module_call` | `module.net` | `name`, `source`, `version`, `resolved`, `inputs_refer_to` |
//! | `terraform_required_provider` | `terraform.required_providers.aws` | `name`, `source`, `version` |
//! | `terraform_root_module` | `terraform` | `dir`, `lock_file`, `providers_used`, `undeclared_providers`, `unconstrained_providers` |

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use driftguard_model::{Origin, Resource, ResourceMode, Span, Value};

use super::module::{in_module, object};
use crate::config::{Block, ConfigFile, Expr};
use crate::module::{literal_string, ModuleConfig};

/// The lock file `terraform init` writes next to the root module.
pub const LOCK_FILE: &str = ".terraform.lock.hcl";

/// Resources for the module calls and provider requirements of every evaluated module, and for
/// the root module (`root` is its configuration, `lock_file` whether it has a lock file).
pub fn config_resources(
    modules: &[(std::sync::Arc<ModuleConfig>, String)],
    unresolved: &BTreeMap<String, Vec<String>>,
    root: &Path,
    lock_file: bool,
) -> Vec<Resource> {
    let mut out = Vec::new();
    // Provider local name → whether a version constraint is declared for it somewhere.
    let mut declared: BTreeMap<String, bool> = BTreeMap::new();
    // Provider local name → its first use (address, span).
    let mut used: BTreeMap<String, (String, Span)> = BTreeMap::new();
    let mut root_span = None;

    for (config, prefix) in modules {
        for (name, at) in &config.module_calls {
            let (file, block) = config.block(*at);
            let mut spans = BTreeMap::new();
            let attr = |key: &str, spans: &mut BTreeMap<String, Span>| {
                let attribute = block.body.attribute(key)?;
                spans.insert(key.to_string(), file.source.span(attribute.span.clone()));
                Some(match literal_string(attribute) {
                    Some(text) => Value::String(text),
                    None => {
                        Value::unknown(format!("module {name:?}: {key} is not a literal string"))
                    }
                })
            };
            let source = attr("source", &mut spans).unwrap_or(Value::Null);
            let version = attr("version", &mut spans).unwrap_or(Value::Null);
            let call_address = in_module(prefix, &format!("module.{name}"));
            // Unresolved: its module may configure the resources its inputs refer to.
            let (resolved, refers_to) = match unresolved.get(&call_address) {
                Some(addresses) => (
                    false,
                    addresses.iter().map(|a| Value::String(a.clone())).collect(),
                ),
                None => (true, Vec::new()),
            };
            out.push(config_resource(
                "terraform_module_call",
                call_address,
                prefix,
                object([
                    ("name", Value::from(name.as_str())),
                    ("source", source),
                    ("version", version),
                    ("resolved", Value::Bool(resolved)),
                    ("inputs_refer_to", Value::List(refers_to)),
                ]),
                file.source.span(block.span.clone()),
                spans,
            ));
        }
        for file in &config.files {
            for block in &file.body.blocks {
                match block.kind.as_str() {
                    "terraform" => {
                        if prefix.is_empty() && root_span.is_none() {
                            root_span = Some(file.source.span(block.span.clone()));
                        }
                        for required in block.body.blocks_of("required_providers") {
                            for entry in &required.body.attributes {
                                let (source, version) = provider_requirement(&entry.expr);
                                let has_version =
                                    version.as_str().is_some_and(|v| !v.trim().is_empty());
                                *declared.entry(entry.name.clone()).or_default() |= has_version;
                                let span = file.source.span(entry.span.clone());
                                out.push(config_resource(
                                    "terraform_required_provider",
                                    in_module(
                                        prefix,
                                        &format!("terraform.required_providers.{}", entry.name),
                                    ),
                                    prefix,
                                    object([
                                        ("name", Value::from(entry.name.as_str())),
                                        ("source", source),
                                        ("version", version),
                                    ]),
                                    span.clone(),
                                    BTreeMap::from([("version".to_string(), span)]),
                                ));
                            }
                        }
                    }
                    "provider" => {
                        if let Some(name) = block.labels.first() {
                            // Terraform < 0.13 constrained versions in the provider block.
                            let legacy = block.body.attribute("version").and_then(literal_string);
                            *declared.entry(name.clone()).or_default() |= legacy.is_some();
                            note_use(
                                &mut used,
                                name,
                                prefix,
                                &format!("provider.{name}"),
                                file,
                                block,
                            );
                        }
                    }
                    "resource" | "data" => {
                        if let Some(name) = block.labels.first().and_then(|ty| provider_of(ty)) {
                            let local = match block.kind.as_str() {
                                "data" => format!("data.{}", block.labels.join(".")),
                                _ => block.labels.join("."),
                            };
                            note_use(&mut used, name, prefix, &local, file, block);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    let Some((root_config, _)) = modules.iter().find(|(_, prefix)| prefix.is_empty()) else {
        return out;
    };
    let Some(first_file) = root_config.files.first() else {
        return out;
    };
    let span = root_span.unwrap_or_else(|| first_file.source.span(0..0));
    let mut spans = BTreeMap::new();
    let mut undeclared = BTreeMap::new();
    for (name, (first_use, use_span)) in &used {
        if !declared.contains_key(name) {
            spans.insert(format!("undeclared_providers.{name}"), use_span.clone());
            undeclared.insert(name.clone(), Value::String(first_use.clone()));
        }
    }
    let providers: BTreeSet<&String> = used.keys().chain(declared.keys()).collect();
    let unconstrained: Vec<Value> = declared
        .iter()
        .filter(|(_, has_version)| !**has_version)
        .map(|(name, _)| Value::String(name.clone()))
        .collect();
    out.push(config_resource(
        "terraform_root_module",
        "terraform".into(),
        "",
        object([
            ("dir", Value::String(root.to_string_lossy().to_string())),
            ("lock_file", Value::Bool(lock_file)),
            (
                "providers_used",
                Value::List(
                    providers
                        .into_iter()
                        .map(|p| Value::String(p.clone()))
                        .collect(),
                ),
            ),
            ("undeclared_providers", Value::Object(undeclared)),
            ("unconstrained_providers", Value::List(unconstrained)),
        ]),
        span,
        spans,
    ));
    out
}

/// `aws = { source = "hashicorp/aws", version = "~> 5.0" }`, or the legacy `aws = "~> 2.0"`.
fn provider_requirement(expr: &Expr) -> (Value, Value) {
    let value = match expr {
        Expr::Hcl(expr) => crate::eval::constant(expr, Path::new("."))
            .unwrap_or_else(|e| Value::unknown(e.message)),
        Expr::Json(json) => crate::eval::constant_json(json, Path::new(".")),
    };
    match value {
        Value::String(version) => (Value::Null, Value::String(version)),
        Value::Object(map) => (
            map.get("source").cloned().unwrap_or(Value::Null),
            map.get("version").cloned().unwrap_or(Value::Null),
        ),
        other => (Value::Null, other),
    }
}

/// The provider local name of a resource type: `aws` for `aws_s3_bucket`; none for built-ins.
fn provider_of(resource_type: &str) -> Option<&str> {
    let name = resource_type.split('_').next()?;
    (name != "terraform" && !name.is_empty()).then_some(name)
}

fn note_use(
    used: &mut BTreeMap<String, (String, Span)>,
    name: &str,
    prefix: &str,
    local: &str,
    file: &ConfigFile,
    block: &Block,
) {
    used.entry(name.to_string()).or_insert_with(|| {
        (
            in_module(prefix, local),
            file.source.span(block.span.clone()),
        )
    });
}

fn config_resource(
    resource_type: &str,
    address: String,
    module: &str,
    attributes: Value,
    span: Span,
    attribute_spans: BTreeMap<String, Span>,
) -> Resource {
    Resource {
        mode: ResourceMode::Config,
        resource_type: resource_type.into(),
        address,
        module: module.to_string(),
        cloud_id: None,
        attributes,
        span: Some(span),
        attribute_spans,
        origin: Origin::Code {
            language: "terraform".into(),
        },
    }
}
