//! Pointing plan resources at the `.tf` code they come from.
//!
//! The root module the plan was made from is evaluated as `driftguard scan` evaluates HCL,
//! and each plan resource takes the spans of the evaluated instance with the same address
//! (else of the first instance of the same block: `count` may be unknown before apply). The
//! evaluation also tells what the plan's `configuration` cannot: whether an unknown value is
//! exactly another resource's attribute, through locals and string templates.

use std::collections::HashMap;
use std::path::Path;

use driftguard_model::{Resource, SourceFile, Value};

use super::address::without_keys;
use super::{looks_like_plan, Plan, SENSITIVE_REASON};
use crate::module::normalize;
use crate::{evaluate_root, is_config_file, parse_file, Loader, ModuleConfig, VarOptions};

impl Plan {
    /// Points every resource (and its attributes) at its block in the configuration of the
    /// root module in `dir`; `root` bounds what file functions and module sources may reach,
    /// as in a scan. Resources the configuration does not declare keep their spans in the
    /// plan. Returns the configuration files read (for code frames and suppression comments),
    /// with the paths the spans use.
    pub fn locate_in_config(
        &mut self,
        dir: &Path,
        root: &Path,
        vars: &VarOptions,
    ) -> Vec<SourceFile> {
        let files = read_root_module(dir);
        if files.is_empty() {
            return Vec::new();
        }
        let loader = Loader::new(root);
        loader.insert(ModuleConfig::new(normalize(dir), files));
        // Problems of the code are the HCL scan's to report: here it only locates.
        let evaluated = evaluate_root(&loader, dir, vars).resources;
        let mut by_address: HashMap<&str, &Resource> = HashMap::new();
        let mut by_block: HashMap<String, &Resource> = HashMap::new();
        for resource in evaluated.iter().filter(|r| r.span.is_some()) {
            by_address.insert(&resource.address, resource);
            by_block
                .entry(without_keys(&resource.address))
                .or_insert(resource);
        }
        for resource in &mut self.resources {
            let code = by_address
                .get(resource.address.as_str())
                .copied()
                .or_else(|| by_block.get(&without_keys(&resource.address)).copied());
            let Some(code) = code.filter(|c| c.mode == resource.mode) else {
                continue;
            };
            resource.span = code.span.clone();
            resource.attribute_spans = code.attribute_spans.clone();
            adopt_unknowns(&mut resource.attributes, &code.attributes);
        }
        loader.sources()
    }
}

/// The Terraform files of `dir`, with the paths a scan of `dir` gives them (`main.tf`, not
/// `./main.tf`). Files that do not parse are left out (the HCL scan reports them), and so is
/// a plan saved with a `.tf.json` name.
fn read_root_module(dir: &Path) -> Vec<crate::ConfigFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_config_file(name))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let path = normalize(&dir.join(name));
            let text = std::fs::read_to_string(&path).ok()?;
            if looks_like_plan(text.as_bytes()) {
                return None;
            }
            parse_file(&path.to_string_lossy(), &text).ok()
        })
        .collect()
}

/// Replaces the plan's unknown values with the evaluation's where it knows more: which
/// resource attribute a value is, or the known parts of a string or an encoding. Sensitive
/// values stay hidden.
fn adopt_unknowns(plan: &mut Value, code: &Value) {
    match (plan, code) {
        (Value::Unknown(unknown), Value::Unknown(evaluated)) => {
            let informative = evaluated.reference.is_some()
                || evaluated.partial.is_some()
                || evaluated.encodes.is_some();
            if informative && &*unknown.reason != SENSITIVE_REASON {
                *unknown = evaluated.clone();
            }
        }
        (Value::Object(plan), Value::Object(code)) => {
            for (key, value) in plan.iter_mut() {
                if let Some(code) = code.get(key) {
                    adopt_unknowns(value, code);
                }
            }
        }
        (Value::List(plan), Value::List(code)) => {
            for (value, code) in plan.iter_mut().zip(code) {
                adopt_unknowns(value, code);
            }
        }
        _ => {}
    }
}
