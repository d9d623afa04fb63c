//! Rules about Terraform itself rather than a cloud: the supply chain of modules and providers.
//!
//! They read the configuration resources the evaluator emits (mode `config`):
//! `terraform_module_call`, `terraform_required_provider` and `terraform_root_module`.

mod lock_file_missing;
mod module_git_ref_unpinned;
mod module_registry_version_missing;
pub mod module_source;
mod module_source_plain_http;
mod provider_version_unconstrained;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &lock_file_missing::LockFileMissing,
    &module_git_ref_unpinned::ModuleGitRefUnpinned,
    &module_registry_version_missing::ModuleRegistryVersionMissing,
    &module_source_plain_http::ModuleSourcePlainHttp,
    &provider_version_unconstrained::ProviderVersionUnconstrained,
];
