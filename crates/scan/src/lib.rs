//! The scan pipeline: walk the paths (respecting `.gitignore`), read and parse every file once in
//! parallel, evaluate each root module in parallel, run the rules, then apply suppressions and
//! the baseline.
//!
//! ```text
//! paths ─► walk ─► parse (rayon) ─► modules ─► roots ─► evaluate + check (rayon) ─► suppress ─► report
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use driftguard_model::{Diagnostic, Finding, ScanReport, Sources};
use driftguard_rules::{Baseline, Registry, RuleSelector, Suppressor};
use driftguard_terraform::{
    evaluate_root, is_config_file, parse_file, ConfigFile, Loader, ModuleConfig, VarOptions,
};
use rayon::prelude::*;

/// What to scan and how.
#[derive(Debug, Default)]
pub struct ScanOptions {
    /// Files and directories to scan.
    pub paths: Vec<PathBuf>,
    pub vars: VarOptions,
    pub rules: RuleSelector,
    /// Findings this baseline accepts are marked suppressed.
    pub baseline: Option<Baseline>,
    /// `YYYY-MM-DD` against which `exp:` dates are compared; today when `None`.
    pub today: Option<String>,
}

/// A finished scan: the report and the files it read (for code frames).
pub struct ScanOutcome {
    pub report: ScanReport,
    pub sources: Sources,
}

/// Progress callbacks, for a progress bar.
pub trait Progress: Sync {
    fn files_found(&self, _total: usize) {}
    fn file_parsed(&self) {}
    fn roots_found(&self, _total: usize) {}
    fn root_evaluated(&self) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}

pub fn scan(options: &ScanOptions, progress: &dyn Progress) -> ScanOutcome {
    let started = Instant::now();
    let registry = Registry::new(&options.rules);
    let mut diagnostics = Vec::new();
    let mut findings = Vec::new();
    let mut inconclusive = Vec::new();
    let mut sources = Sources::new();
    let mut files_scanned = 0;
    let mut resource_count = 0;
    // First line of each resource block by (file, address): suppressions above a block cover it.
    let mut block_lines = HashMap::new();

    for path in &options.paths {
        let part = scan_path(path, &options.vars, &registry, progress);
        files_scanned += part.files;
        resource_count += part.resources;
        diagnostics.extend(part.diagnostics);
        findings.extend(part.findings);
        inconclusive.extend(part.inconclusive);
        block_lines.extend(part.block_lines);
        for source in part.sources {
            sources.insert(source.path.clone(), source);
        }
    }

    dedup_by_key(&mut findings, |f| {
        (f.fingerprint.clone(), f.message.clone())
    });
    dedup_by_key(&mut inconclusive, |i| {
        (
            i.rule_id.clone(),
            i.resource_address.clone(),
            i.attribute.clone(),
            i.location.clone(),
        )
    });
    dedup_by_key(&mut diagnostics, |d| {
        (
            d.code,
            d.message.clone(),
            d.location.clone(),
            d.file.clone(),
        )
    });

    let today = options
        .today
        .clone()
        .unwrap_or_else(driftguard_rules::today_utc);
    let suppressor = Suppressor::new(today, sources.values());
    diagnostics.extend(suppressor.apply(&mut findings, |f| {
        let file = f.location.as_ref()?.file.to_string();
        block_lines
            .get(&(file, f.resource_address.clone()))
            .copied()
    }));
    let (meta_findings, meta_diagnostics) = suppressor.audit();
    findings.extend(
        meta_findings
            .into_iter()
            .filter(|f| registry.rules().iter().any(|r| r.meta().id == f.rule_id)),
    );
    diagnostics.extend(meta_diagnostics);
    if let Some(baseline) = &options.baseline {
        baseline.apply(&mut findings);
    }

    let mut report = ScanReport::new(
        findings,
        inconclusive,
        diagnostics,
        files_scanned,
        resource_count,
        registry.rules().len(),
    );
    report.summary.duration_ms = started.elapsed().as_millis() as u64;
    ScanOutcome { report, sources }
}

struct PathScan {
    files: usize,
    resources: usize,
    findings: Vec<Finding>,
    inconclusive: Vec<driftguard_model::Inconclusive>,
    diagnostics: Vec<Diagnostic>,
    sources: Vec<driftguard_model::SourceFile>,
    block_lines: HashMap<(String, String), u32>,
}

fn scan_path(
    path: &Path,
    vars: &VarOptions,
    registry: &Registry,
    progress: &dyn Progress,
) -> PathScan {
    let mut diagnostics = Vec::new();
    let (root, files) = match discover(path) {
        Ok(found) => found,
        Err(diagnostic) => {
            return PathScan {
                files: 0,
                resources: 0,
                findings: vec![],
                inconclusive: vec![],
                diagnostics: vec![diagnostic],
                sources: vec![],
                block_lines: HashMap::new(),
            }
        }
    };
    progress.files_found(files.len());

    // Read and parse every file once, in parallel.
    let parsed: Vec<(PathBuf, Result<ConfigFile, Diagnostic>)> = files
        .par_iter()
        .map(|file| {
            let result = read_and_parse(file);
            progress.file_parsed();
            (
                file.parent().map(Path::to_path_buf).unwrap_or_default(),
                result,
            )
        })
        .collect();
    let file_count = parsed.len();
    let mut by_dir: BTreeMap<PathBuf, Vec<ConfigFile>> = BTreeMap::new();
    for (dir, result) in parsed {
        let entry = by_dir.entry(dir).or_default();
        match result {
            Ok(file) => entry.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }

    let loader = Loader::new(root);
    let mut called = HashSet::new();
    for (dir, files) in by_dir {
        let config = loader.insert(ModuleConfig::new(dir.clone(), files));
        diagnostics.extend(config.diagnostics.iter().cloned());
        called.extend(config.local_module_dirs().into_iter().filter(|d| *d != dir));
    }
    // Roots: directories no other scanned directory calls as a module.
    let dirs: BTreeSet<PathBuf> = loader.dirs().into_iter().collect();
    let roots: Vec<PathBuf> = dirs.into_iter().filter(|d| !called.contains(d)).collect();
    progress.roots_found(roots.len());

    let resources = AtomicUsize::new(0);
    let results: Vec<_> = roots
        .par_iter()
        .map(|root| {
            let evaluated = evaluate_root(&loader, root, vars);
            resources.fetch_add(
                evaluated
                    .resources
                    .iter()
                    .filter(|r| r.mode == driftguard_model::ResourceMode::Managed)
                    .count(),
                Ordering::Relaxed,
            );
            let checked = registry.check(&evaluated.resources);
            let block_lines: Vec<((String, String), u32)> = evaluated
                .resources
                .iter()
                .filter_map(|r| {
                    let span = r.span.as_ref()?;
                    Some(((span.file.to_string(), r.address.clone()), span.start.line))
                })
                .collect();
            progress.root_evaluated();
            (evaluated.diagnostics, checked, block_lines)
        })
        .collect();

    let mut findings = Vec::new();
    let mut inconclusive = Vec::new();
    let mut block_lines = HashMap::new();
    for (evaluation_diagnostics, checked, lines) in results {
        diagnostics.extend(evaluation_diagnostics);
        block_lines.extend(lines);
        findings.extend(checked.findings);
        inconclusive.extend(checked.inconclusive);
    }
    PathScan {
        files: file_count,
        resources: resources.into_inner(),
        findings,
        inconclusive,
        diagnostics,
        sources: loader.sources(),
        block_lines,
    }
}

/// The Terraform files under `path` (or `path` itself), respecting `.gitignore` whether or not
/// the tree is a git checkout, skipping hidden directories such as `.terraform` and `.git`.
/// Returns the root that file functions are confined to.
fn discover(path: &Path) -> Result<(PathBuf, Vec<PathBuf>), Diagnostic> {
    let display = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error("read-error", format!("cannot read {display}: {e}")).in_file(&display)
    })?;
    if metadata.is_file() {
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        return Ok((root, vec![clean(path)]));
    }
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(path)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .ignore(true)
        .build();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_some_and(|t| t.is_file())
            && entry.file_name().to_str().is_some_and(is_config_file)
        {
            files.push(clean(entry.path()));
        }
    }
    files.sort();
    Ok((clean(path), files))
}

/// `./examples/main.tf` → `examples/main.tf`: the paths users see.
fn clean(path: &Path) -> PathBuf {
    driftguard_terraform::module::normalize(path)
}

fn read_and_parse(path: &Path) -> Result<ConfigFile, Diagnostic> {
    let display = path.to_string_lossy();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("read-error", format!("cannot read file: {e}")).in_file(display.as_ref())
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            "read-error",
            format!(
                "file is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .in_file(display.as_ref())
    })?;
    parse_file(&display, &text)
}

fn dedup_by_key<T, K: std::hash::Hash + Eq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = HashSet::new();
    items.retain(|item| seen.insert(key(item)));
}
