//! Evaluation of a root module and everything it calls.

mod config_resources;
mod expr;
mod module;
mod types;
mod variables;

use std::path::Path;
use std::rc::Rc;

use driftguard_model::{Diagnostic, Value};

pub use config_resources::LOCK_FILE;
pub use expr::EvalError;
pub use types::TypeConstraint;
pub use variables::VarOptions;

use crate::config::JsonExpr;
use crate::module::{Loader, ModuleManifest};
use crate::Evaluated;
use expr::{Env, Evaluator, Ops, Scope};

/// Stack for an evaluation: lazy evaluation recurses through references, and the depth bound
/// ([`expr::MAX_EVAL_DEPTH`]) is sized for this, not for a caller's (possibly 2 MiB) stack.
const EVAL_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Evaluates the root module in `dir` (already known to `loader`, or loaded from disk).
pub fn evaluate_root(loader: &Loader, dir: &Path, options: &VarOptions) -> Evaluated {
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("terraform-eval".into())
            .stack_size(EVAL_STACK_BYTES)
            .spawn_scoped(scope, || evaluate_root_here(loader, dir, options))
            .map(|handle| handle.join())
    });
    match result {
        Ok(Ok(evaluated)) => evaluated,
        Ok(Err(_)) | Err(_) => Evaluated {
            resources: vec![],
            diagnostics: vec![Diagnostic::error(
                "internal-error",
                format!(
                    "evaluation of {} failed unexpectedly; please report this",
                    dir.display()
                ),
            )],
        },
    }
}

fn evaluate_root_here(loader: &Loader, dir: &Path, options: &VarOptions) -> Evaluated {
    let mut diagnostics = Vec::new();
    let config = match loader.load(dir, &mut diagnostics) {
        Ok(config) => config,
        Err(message) => {
            diagnostics.push(Diagnostic::error("read-error", message));
            return Evaluated {
                resources: vec![],
                diagnostics,
            };
        }
    };
    let manifest = ModuleManifest::read(dir).unwrap_or_else(|diagnostic| {
        diagnostics.push(diagnostic);
        ModuleManifest::default()
    });
    let evaluation = module::Evaluation::new(loader, manifest, dir.to_string_lossy().to_string());
    let provided = variables::root_values(&config, dir, options, &loader.root, &mut diagnostics);
    let variables = module::resolve_variables(&evaluation, &config, provided);
    let root = module::Instance::new(
        &evaluation,
        config,
        String::new(),
        String::new(),
        0,
        variables,
    );
    root.evaluate_all();
    drop(root);
    diagnostics.extend(evaluation.diagnostics.into_inner());
    let lock_file = dir.join(LOCK_FILE).is_file() || loader.has_virtual_lock_file(dir);
    let mut resources = evaluation.resources.into_inner();
    resources.extend(config_resources::config_resources(
        &evaluation.modules.into_inner(),
        &evaluation.unresolved_calls.into_inner(),
        dir,
        lock_file,
    ));
    Evaluated {
        resources,
        diagnostics,
    }
}

/// Evaluates an expression that may not refer to anything (defaults, tfvars, type defaults).
pub fn constant(expr: &hcl_edit::expr::Expression, root: &Path) -> Result<Value, EvalError> {
    let env = ConstEnv(root);
    Evaluator::new(&env, Rc::default()).eval(expr, &Scope::default())
}

pub fn constant_json(json: &JsonExpr, root: &Path) -> Value {
    let env = ConstEnv(root);
    Evaluator::new(&env, Rc::default())
        .eval_expr(&crate::config::Expr::Json(json.clone()), &Scope::default())
        .unwrap_or_else(|e| Value::unknown(e.message))
}

struct ConstEnv<'p>(&'p Path);

impl Env for ConstEnv<'_> {
    fn resolve(
        &self,
        name: &str,
        _: &Ops,
        _: &Evaluator<'_>,
        _: &Scope,
    ) -> Result<(Value, usize), EvalError> {
        Err(EvalError::new(format!(
            "{name:?} cannot be referenced here (only literal values are allowed)"
        )))
    }

    fn file_root(&self) -> &Path {
        self.0
    }
}
