//! Terraform loading and evaluation.
//!
//! Parses `.tf` (HCL, with spans) and `.tf.json`, then evaluates a root module the way
//! `terraform plan` would before it talks to any provider: variables with Terraform's
//! precedence, locals, modules, `count`/`for_each`, `dynamic` blocks and functions. Values that
//! only exist after apply are an explicit [`Value::Unknown`](driftguard_model::Value::Unknown).

pub mod config;
mod eval;
pub mod functions;
pub mod module;
pub mod plan;
mod policy_document;
pub mod state;

use std::path::Path;

use driftguard_model::{Diagnostic, Resource};

pub use config::{parse_file, ConfigFile};
pub use eval::{evaluate_root, TypeConstraint, VarOptions, LOCK_FILE};
pub use module::{is_config_file, Loader, ModuleConfig};

/// What evaluating a root module produced.
#[derive(Debug, Default)]
pub struct Evaluated {
    /// Every resource and data source instance, in module and declaration order.
    pub resources: Vec<Resource>,
    /// Parse errors, evaluation problems, unresolved modules.
    pub diagnostics: Vec<Diagnostic>,
}

/// Evaluates an in-memory root module made of `(file name, text)` pairs; file functions read
/// relative to the current directory. A pair named `.terraform.lock.hcl` stands for the lock
/// file. For tests, examples and `driftguard explain`.
pub fn evaluate_str(files: &[(&str, &str)]) -> Evaluated {
    evaluate_str_with(files, &VarOptions::default())
}

/// [`evaluate_str`] with variable values.
pub fn evaluate_str_with(files: &[(&str, &str)], options: &VarOptions) -> Evaluated {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let mut lock_file = false;
    for (name, text) in files {
        if *name == eval::LOCK_FILE {
            lock_file = true;
            continue;
        }
        match parse_file(name, text) {
            Ok(file) => parsed.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    // A directory that cannot exist keeps tfvars discovery from reading the real cwd.
    let dir = Path::new("\u{0}in-memory");
    let loader = Loader::new(".");
    let config = ModuleConfig::new(dir.to_path_buf(), parsed);
    diagnostics.extend(config.diagnostics.iter().cloned());
    loader.insert(config);
    if lock_file {
        loader.add_virtual_lock_file(dir);
    }
    let mut evaluated = evaluate_root(&loader, dir, options);
    diagnostics.append(&mut evaluated.diagnostics);
    evaluated.diagnostics = diagnostics;
    evaluated
}
