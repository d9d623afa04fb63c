//! Root module variable values, with Terraform's precedence (lowest first): defaults,
//! `TF_VAR_*` environment variables, `terraform.tfvars`, `terraform.tfvars.json`,
//! `*.auto.tfvars[.json]` in lexical order, `--var-file` in order, `--var` in order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use driftguard_model::{Diagnostic, Value};

use super::types::TypeConstraint;
use crate::config::{parse_file, Expr};
use crate::module::ModuleConfig;

/// Variable values the user gives on the command line or in the environment.
#[derive(Debug, Clone, Default)]
pub struct VarOptions {
    /// `--var name=value`, in order.
    pub vars: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
    /// `TF_VAR_name=value` pairs (the caller reads the environment, so tests can pass their own).
    pub env: Vec<(String, String)>,
}

impl VarOptions {
    /// `TF_VAR_*` from the process environment.
    pub fn env_from_process() -> Vec<(String, String)> {
        std::env::vars()
            .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|name| (name.to_string(), v)))
            .collect()
    }
}

pub(crate) fn root_values(
    config: &ModuleConfig,
    dir: &Path,
    options: &VarOptions,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    let type_of = |name: &str| -> TypeConstraint {
        config
            .variables
            .get(name)
            .and_then(|at| config.block(*at).1.body.attribute("type"))
            .and_then(|attr| match &attr.expr {
                Expr::Hcl(expr) => Some(TypeConstraint::parse(expr, &|e| {
                    super::constant(e, root).ok()
                })),
                Expr::Json(_) => None,
            })
            .unwrap_or(TypeConstraint::Any)
    };
    for (name, raw) in &options.env {
        values.insert(name.clone(), from_cli_string(raw, &type_of(name), root));
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let path = dir.join(name);
        if path.is_file() {
            files.push(path);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        })
        .collect();
    auto.sort();
    files.extend(auto);
    files.extend(options.var_files.iter().cloned());
    for path in files {
        match read_tfvars(&path, root) {
            Ok(file_values) => values.extend(file_values),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for (name, raw) in &options.vars {
        values.insert(name.clone(), from_cli_string(raw, &type_of(name), root));
    }
    values
}

/// `--var` and `TF_VAR_` values are strings for primitive types and HCL expressions otherwise.
fn from_cli_string(raw: &str, ty: &TypeConstraint, root: &Path) -> Value {
    match ty {
        TypeConstraint::String | TypeConstraint::Number | TypeConstraint::Bool => {
            Value::String(raw.to_string())
        }
        TypeConstraint::Any => Value::String(raw.to_string()),
        _ => hcl_edit::parser::parse_expr(raw)
            .ok()
            .and_then(|expr| super::constant(&expr, root).ok())
            .unwrap_or_else(|| Value::String(raw.to_string())),
    }
}

fn read_tfvars(path: &Path, root: &Path) -> Result<BTreeMap<String, Value>, Diagnostic> {
    let display = path.to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error("read-error", format!("cannot read variables file: {e}"))
            .in_file(&display)
    })?;
    if display.ends_with(".json") {
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(
                "parse-error",
                format!(
                    "invalid JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
            .in_file(&display)
        })?;
        let object = json.as_object().ok_or_else(|| {
            Diagnostic::error("parse-error", "a .tfvars.json file must hold an object")
                .in_file(&display)
        })?;
        return Ok(object
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v)))
            .collect());
    }
    // tfvars is HCL attribute syntax: parse it as a (block-free) body.
    let file = parse_file(&display, &text)?;
    let mut values = BTreeMap::new();
    for attr in &file.body.attributes {
        let value = match &attr.expr {
            Expr::Hcl(expr) => super::constant(expr, root).map_err(|e| {
                let span = e.span.unwrap_or(attr.span.clone());
                Diagnostic::error("invalid-variable-value", e.message).at(file.source.span(span))
            })?,
            Expr::Json(json) => super::constant_json(json, root),
        };
        values.insert(attr.name.clone(), value);
    }
    Ok(values)
}
