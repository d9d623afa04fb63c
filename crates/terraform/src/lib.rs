//! Terraform loading and evaluation.
//!
//! Parses `.tf` (HCL, with spans) and `.tf.json`, then evaluates a root module the way
//! `terraform plan` would before it talks to any provider: variables with Terraform's
//! precedence, locals, modules, `count`/`for_each`, `dynamic` blocks and functions. Values that
//! only exist after apply are an explicit [`Value::Unknown`](driftguard_model::Value::Unknown).

pub mod functions;
