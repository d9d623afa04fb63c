//! Modules on disk: the files of one directory, indexed by what they declare, and the loader
//! that finds a module call's directory (local path or `.terraform/modules/modules.json`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use driftguard_model::Diagnostic;

use crate::config::{parse_file, Attribute, Block, ConfigFile};

/// The configuration of one module directory.
#[derive(Debug)]
pub struct ModuleConfig {
    pub dir: PathBuf,
    pub files: Vec<ConfigFile>,
    /// `(file, block)` indexes of each kind of top-level block, in file order.
    pub variables: BTreeMap<String, BlockRef>,
    pub locals: BTreeMap<String, AttrRef>,
    pub resources: Vec<BlockRef>,
    pub data: Vec<BlockRef>,
    pub module_calls: BTreeMap<String, BlockRef>,
    pub outputs: BTreeMap<String, BlockRef>,
    /// Duplicate declarations and other structural problems.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlockRef {
    pub file: usize,
    pub block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttrRef {
    pub file: usize,
    pub block: usize,
    pub attr: usize,
}

impl ModuleConfig {
    pub fn new(dir: PathBuf, mut files: Vec<ConfigFile>) -> Self {
        files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        let mut config = ModuleConfig {
            dir,
            files,
            variables: BTreeMap::new(),
            locals: BTreeMap::new(),
            resources: Vec::new(),
            data: Vec::new(),
            module_calls: BTreeMap::new(),
            outputs: BTreeMap::new(),
            diagnostics: Vec::new(),
        };
        let mut seen_resources = HashSet::new();
        for (f, file) in config.files.iter().enumerate() {
            for (b, block) in file.body.blocks.iter().enumerate() {
                let here = BlockRef { file: f, block: b };
                let duplicate = |what: &str, name: &str| {
                    Diagnostic::error(
                        "duplicate-declaration",
                        format!("duplicate {what} {name:?}"),
                    )
                    .at(file.source.span(block.span.clone()))
                };
                let duplicate_of = match (block.kind.as_str(), block.labels.as_slice()) {
                    ("variable", [name]) => config
                        .variables
                        .insert(name.clone(), here)
                        .map(|_| ("variable", name.clone())),
                    ("output", [name]) => config
                        .outputs
                        .insert(name.clone(), here)
                        .map(|_| ("output", name.clone())),
                    ("module", [name]) => config
                        .module_calls
                        .insert(name.clone(), here)
                        .map(|_| ("module", name.clone())),
                    ("resource", [ty, name]) | ("data", [ty, name]) => {
                        let key = (block.kind.clone(), ty.clone(), name.clone());
                        if !seen_resources.insert(key) {
                            Some((block.kind.as_str(), format!("{ty}.{name}")))
                        } else {
                            if block.kind == "resource" {
                                config.resources.push(here);
                            } else {
                                config.data.push(here);
                            }
                            None
                        }
                    }
                    ("locals", []) => {
                        for (a, attr) in block.body.attributes.iter().enumerate() {
                            let at = AttrRef {
                                file: f,
                                block: b,
                                attr: a,
                            };
                            if config.locals.insert(attr.name.clone(), at).is_some() {
                                config.diagnostics.push(
                                    Diagnostic::error(
                                        "duplicate-declaration",
                                        format!("duplicate local {:?}", attr.name),
                                    )
                                    .at(file.source.span(attr.span.clone())),
                                );
                            }
                        }
                        None
                    }
                    _ => None,
                };
                if let Some((what, name)) = duplicate_of {
                    config.diagnostics.push(duplicate(what, &name));
                }
            }
        }
        config
    }

    pub fn block(&self, at: BlockRef) -> (&ConfigFile, &Block) {
        let file = &self.files[at.file];
        (file, &file.body.blocks[at.block])
    }

    pub fn local(&self, at: AttrRef) -> (&ConfigFile, &Attribute) {
        let file = &self.files[at.file];
        (file, &file.body.blocks[at.block].body.attributes[at.attr])
    }

    /// Directories of the local modules this module calls (`source = "./x"`), for finding roots.
    pub fn local_module_dirs(&self) -> Vec<PathBuf> {
        self.module_calls
            .values()
            .filter_map(|at| {
                let (_, block) = self.block(*at);
                let source = literal_string(block.body.attribute("source")?)?;
                is_local_source(&source).then(|| normalize(&self.dir.join(source)))
            })
            .collect()
    }
}

/// The string literal of an attribute, if it is one (module sources must be literals).
pub fn literal_string(attr: &Attribute) -> Option<String> {
    match &attr.expr {
        crate::config::Expr::Hcl(hcl_edit::expr::Expression::String(s)) => {
            Some(s.value().to_string())
        }
        crate::config::Expr::Hcl(hcl_edit::expr::Expression::StringTemplate(t)) => {
            match t.as_single_element() {
                Some(hcl_edit::template::Element::Literal(l)) => Some(l.value().to_string()),
                _ => None,
            }
        }
        crate::config::Expr::Json(crate::config::JsonExpr::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Terraform treats only `./` and `../` prefixes as local paths.
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./")
        || source.starts_with("../")
        || source.starts_with(".\\")
        || source.starts_with("..\\")
}

/// Lexically normalises `a/b/../c` to `a/c`, keeping leading `..`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Whether a file name is one Terraform loads as configuration.
pub fn is_config_file(name: &str) -> bool {
    (name.ends_with(".tf") || name.ends_with(".tf.json"))
        && !name.starts_with('.')
        && !name.starts_with('#')
        && !name.ends_with("_override.tf")
        && !name.ends_with("_override.tf.json")
        && name != "override.tf"
        && name != "override.tf.json"
}

/// Finds, parses and caches module directories; shared by every root evaluated in a scan.
pub struct Loader {
    /// The directory that `file()` may read from and module sources must resolve inside.
    pub root: PathBuf,
    modules: Mutex<HashMap<PathBuf, Arc<ModuleConfig>>>,
    /// Remote module sources reported as unresolved, so each is reported once.
    unresolved: Mutex<HashSet<String>>,
    /// Parse errors of modules loaded on demand (each file reported once).
    load_errors: Mutex<HashSet<PathBuf>>,
    /// In-memory root modules given a `.terraform.lock.hcl` (see `evaluate_str`).
    virtual_lock_files: Mutex<HashSet<PathBuf>>,
}

impl Loader {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Loader {
            root: root.into(),
            modules: Mutex::default(),
            unresolved: Mutex::default(),
            load_errors: Mutex::default(),
            virtual_lock_files: Mutex::default(),
        }
    }

    /// Registers a module whose files were already parsed (by the parallel walk).
    pub fn insert(&self, config: ModuleConfig) -> Arc<ModuleConfig> {
        let config = Arc::new(config);
        lock(&self.modules).insert(normalize(&config.dir), config.clone());
        config
    }

    pub fn get(&self, dir: &Path) -> Option<Arc<ModuleConfig>> {
        lock(&self.modules).get(&normalize(dir)).cloned()
    }

    /// The module in `dir`, parsed on first use. Parse errors go to `diagnostics` (once).
    pub fn load(
        &self,
        dir: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Arc<ModuleConfig>, String> {
        let dir = normalize(dir);
        if let Some(config) = self.get(&dir) {
            return Ok(config);
        }
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read module directory {}: {e}", dir.display()))?;
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| is_config_file(name))
            .collect();
        names.sort();
        let mut files = Vec::new();
        for name in names {
            let path = dir.join(&name);
            let display = path.to_string_lossy().to_string();
            let parsed = std::fs::read(&path)
                .map_err(|e| {
                    Diagnostic::error("read-error", format!("cannot read file: {e}"))
                        .in_file(&display)
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| {
                        Diagnostic::error("read-error", "file is not valid UTF-8").in_file(&display)
                    })
                })
                .and_then(|text| parse_file(&display, &text));
            match parsed {
                Ok(file) => files.push(file),
                Err(diagnostic) => {
                    if lock(&self.load_errors).insert(path) {
                        diagnostics.push(diagnostic);
                    }
                }
            }
        }
        let config = ModuleConfig::new(dir, files);
        diagnostics.extend(config.diagnostics.iter().cloned());
        Ok(self.insert(config))
    }

    /// Directories of the modules loaded so far.
    pub fn dirs(&self) -> Vec<PathBuf> {
        lock(&self.modules).keys().cloned().collect()
    }

    /// Every file of every module loaded so far.
    pub fn sources(&self) -> Vec<driftguard_model::SourceFile> {
        lock(&self.modules)
            .values()
            .flat_map(|config| config.files.iter().map(|f| f.source.clone()))
            .collect()
    }

    /// Records that the in-memory module in `dir` has a lock file.
    pub fn add_virtual_lock_file(&self, dir: &Path) {
        lock(&self.virtual_lock_files).insert(normalize(dir));
    }

    pub fn has_virtual_lock_file(&self, dir: &Path) -> bool {
        lock(&self.virtual_lock_files).contains(&normalize(dir))
    }

    /// Records that a remote source was not resolved; true the first time for that source.
    pub fn first_unresolved(&self, source: &str) -> bool {
        lock(&self.unresolved).insert(source.to_string())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `.terraform/modules/modules.json`: where `terraform init` put each remote module.
#[derive(Debug, Default)]
pub struct ModuleManifest {
    /// Module call path (`net.subnets`) → directory.
    dirs: HashMap<String, PathBuf>,
}

impl ModuleManifest {
    /// Reads the manifest under a root module; a missing manifest is empty, a broken one an error.
    pub fn read(root: &Path) -> Result<ModuleManifest, Diagnostic> {
        let path = root.join(".terraform/modules/modules.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(_) => return Ok(ModuleManifest::default()),
        };
        #[derive(serde::Deserialize)]
        struct Manifest {
            #[serde(rename = "Modules", default)]
            modules: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            #[serde(rename = "Key")]
            key: String,
            #[serde(rename = "Dir")]
            dir: String,
        }
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            Diagnostic::warning(
                "invalid-module-manifest",
                format!("cannot read module manifest: {e}"),
            )
            .in_file(path.to_string_lossy())
        })?;
        Ok(ModuleManifest {
            dirs: manifest
                .modules
                .into_iter()
                .filter(|m| !m.key.is_empty())
                .map(|m| (m.key, normalize(&root.join(m.dir))))
                .collect(),
        })
    }

    pub fn dir(&self, call_path: &str) -> Option<&PathBuf> {
        self.dirs.get(call_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dot_segments() {
        assert_eq!(normalize(Path::new("a/b/../c/./d")), PathBuf::from("a/c/d"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("./")), PathBuf::from("."));
    }

    #[test]
    fn only_dot_prefixed_sources_are_local() {
        assert!(is_local_source("./modules/net"));
        assert!(is_local_source("../shared"));
        assert!(!is_local_source("terraform-aws-modules/vpc/aws"));
        assert!(!is_local_source("git::https://example.com/x.git?ref=v1"));
    }
}
