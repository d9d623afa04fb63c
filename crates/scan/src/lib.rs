//! The scan pipeline: walk the paths (respecting `.gitignore`), read and parse every file once in
//! parallel, evaluate each root module in parallel, run the rules, look for hardcoded secrets in
//! every file read, then apply suppressions and the baseline.
//!
//! ```text
//! paths ─► walk ─► parse (rayon) ─► modules ─► roots ─► evaluate + check (rayon) ─► suppress ─► report
//!            └──► other text files ─► secrets (rayon) ◄── Terraform files ─┘
//! ```
//!
//! Terraform plans (`terraform show -json PLANFILE`) are told from other JSON files by their
//! content and checked by the same rules ([`load_plan_file`]); when the plan sits in the
//! directory of its root module, findings point at the `.tf` code.
//!
//! Secrets are looked for in every Terraform file the scan reads (walked, or loaded as a module)
//! and in the other text files of the walked tree that commonly carry them ([`is_secret_text_file`]):
//! variable files, JSON and YAML, templates, scripts and user data, `.env` files, key files.
//! Those are read only for secrets, skipped when larger than [`MAX_TEXT_FILE`] or binary (a NUL
//! byte, or not UTF-8). Secret values never leave the scan: findings carry them masked, the
//! [`Sources`] handed to renderers (code frames) have them blanked out, and any other message
//! that quotes one is masked too.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use driftguard_model::{Diagnostic, Finding, ScanReport, SourceFile, Sources};
use driftguard_rules::secrets::{self, SecretMatch};
use driftguard_rules::{Baseline, Registry, RuleSelector, Suppressor};
use driftguard_terraform::config::Body;
use driftguard_terraform::plan::{self, Place, Plan, PlanError};
use driftguard_terraform::{
    evaluate_root, is_config_file, parse_file, ConfigFile, Loader, ModuleConfig, VarOptions,
};
use rayon::prelude::*;

mod cloudformation;

use cloudformation::TemplateContext;
use driftguard_cloudformation::ParameterValues;

/// Text files larger than this are not read for secrets (Terraform files are always read).
pub const MAX_TEXT_FILE: u64 = 2 * 1024 * 1024;

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
    /// Values of CloudFormation template parameters (`--cfn-params`).
    pub cfn_params: ParameterValues,
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
    // Every secret value found, and how it may be shown.
    let mut secret_values: HashMap<String, String> = HashMap::new();

    for path in &options.paths {
        let part = scan_path(path, options, &registry, progress);
        files_scanned += part.files;
        resource_count += part.resources;
        diagnostics.extend(part.diagnostics);
        findings.extend(part.findings);
        inconclusive.extend(part.inconclusive);
        block_lines.extend(part.block_lines);
        secret_values.extend(part.secret_values);
        for source in part.sources {
            sources.insert(source.path.clone(), source);
        }
    }
    mask_quoted_secrets(
        &secret_values,
        &mut findings,
        &mut inconclusive,
        &mut diagnostics,
    );

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
    report.checks = registry
        .rules()
        .iter()
        .map(|r| r.meta().id.to_string())
        .collect();
    report.summary.duration_ms = started.elapsed().as_millis() as u64;
    ScanOutcome { report, sources }
}

#[derive(Default)]
struct PathScan {
    files: usize,
    resources: usize,
    findings: Vec<Finding>,
    inconclusive: Vec<driftguard_model::Inconclusive>,
    diagnostics: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
    block_lines: HashMap<(String, String), u32>,
    /// Raw secret value → masked form, to mask other messages that quote one.
    secret_values: HashMap<String, String>,
}

fn scan_path(
    path: &Path,
    options: &ScanOptions,
    registry: &Registry,
    progress: &dyn Progress,
) -> PathScan {
    let vars = &options.vars;
    let mut diagnostics = Vec::new();
    let Discovered {
        root,
        config: files,
        text: text_files,
    } = match discover(path) {
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
                secret_values: HashMap::new(),
            }
        }
    };
    // Which secrets rules run: for every file read, plans included.
    let selected: HashSet<&str> = registry
        .rules()
        .iter()
        .map(|rule| rule.meta().id)
        .filter(|id| secrets::is_secret_rule(id))
        .collect();
    let named_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let (plans, files, text_files) = load_plans(
        files,
        text_files,
        named_file,
        &PlanContext {
            root: &root,
            vars,
            registry,
            secret_rules: &selected,
        },
    );
    let (templates, text_files) = cloudformation::load_templates(
        text_files,
        named_file,
        &TemplateContext {
            registry,
            params: &options.cfn_params,
            secret_rules: &selected,
        },
    );
    progress.files_found(files.len());

    // Read and parse every file once, in parallel.
    let parsed: Vec<(PathBuf, Result<ConfigFile, Box<Unparsed>>)> = files
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
    // Files that could be read but not parsed: still looked at for secrets.
    let mut unparsed = Vec::new();
    let mut by_dir: BTreeMap<PathBuf, Vec<ConfigFile>> = BTreeMap::new();
    for (dir, result) in parsed {
        let entry = by_dir.entry(dir).or_default();
        match result {
            Ok(file) => entry.push(file),
            Err(failed) => {
                let Unparsed { diagnostic, source } = *failed;
                diagnostics.push(diagnostic);
                unparsed.extend(source);
            }
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

    // Secrets: in every Terraform file the loader holds (walked, or loaded as a module), and in
    // the other text files of the tree.
    let modules: Vec<_> = loader
        .dirs()
        .iter()
        .filter_map(|dir| loader.get(dir))
        .collect();
    let config_files: Vec<&ConfigFile> = modules.iter().flat_map(|m| m.files.iter()).collect();
    let mut scanned: Vec<SecretScan> = config_files
        .par_iter()
        .map(|file| scan_secrets(file.source.clone(), Some(&file.body)))
        .collect();
    scanned.par_extend(
        unparsed
            .into_par_iter()
            .map(|source| scan_secrets(source, None))
            .filter(|scan| !scan.findings.is_empty()),
    );
    let text_count = AtomicUsize::new(0);
    scanned.par_extend(
        text_files
            .par_iter()
            .filter_map(|path| {
                let source = read_text_file(path)?;
                text_count.fetch_add(1, Ordering::Relaxed);
                Some(scan_secrets(source, None))
            })
            .filter(|scan| !scan.findings.is_empty()),
    );
    let mut sources = Vec::with_capacity(scanned.len());
    let mut secret_values = HashMap::new();
    for scan in scanned {
        findings.extend(
            scan.findings
                .into_iter()
                .filter(|f| selected.contains(f.rule_id.as_str())),
        );
        block_lines.extend(scan.block_lines);
        secret_values.extend(scan.values);
        sources.push(scan.source);
    }

    let mut scan = PathScan {
        files: file_count + text_count.into_inner(),
        resources: resources.into_inner(),
        findings,
        inconclusive,
        diagnostics,
        sources,
        block_lines,
        secret_values,
    };
    for loaded in plans.into_iter().chain(templates) {
        scan.absorb(loaded);
    }
    scan
}

impl PathScan {
    fn absorb(&mut self, other: PathScan) {
        self.files += other.files;
        self.resources += other.resources;
        self.findings.extend(other.findings);
        self.inconclusive.extend(other.inconclusive);
        self.diagnostics.extend(other.diagnostics);
        self.sources.extend(other.sources);
        self.block_lines.extend(other.block_lines);
        self.secret_values.extend(other.secret_values);
    }
}

// --- Terraform plans ---------------------------------------------------------------------------

/// Lines longer than this keep a plan's text out of the sources given to renderers:
/// `terraform show -json` prints a plan on one line, often of megabytes, which no code frame
/// should show. Its findings still name the file, line, column and address.
const MAX_PLAN_FRAME_LINE: usize = 16 * 1024;

/// What loading a plan needs from the scan.
struct PlanContext<'a> {
    /// The scan's root: what file functions and module sources of the plan's code may reach.
    root: &'a Path,
    vars: &'a VarOptions,
    registry: &'a Registry,
    /// The secrets rules that run.
    secret_rules: &'a HashSet<&'a str>,
}

/// Finds the Terraform plans among the walked files — JSON files (and a file named on the
/// command line, whatever its name) whose content says so — and loads them. Returns the plans'
/// results, then the configuration and text files that are not plans.
fn load_plans(
    config: Vec<PathBuf>,
    text: Vec<PathBuf>,
    named_file: bool,
    cx: &PlanContext<'_>,
) -> (Vec<PathScan>, Vec<PathBuf>, Vec<PathBuf>) {
    let candidate = |path: &PathBuf| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        (named_file || name.ends_with(".json")) && starts_like_plan(path)
    };
    let (plan_config, mut config): (Vec<PathBuf>, Vec<PathBuf>) =
        config.into_par_iter().partition(candidate);
    let (plan_text, mut text): (Vec<PathBuf>, Vec<PathBuf>) =
        text.into_par_iter().partition(candidate);
    let loaded: Vec<(PathBuf, bool, Option<PathScan>)> = plan_config
        .into_par_iter()
        .map(|path| (path, true))
        .chain(plan_text.into_par_iter().map(|path| (path, false)))
        .map(|(path, is_config)| {
            let scan = load_plan_file(&path, cx);
            (path, is_config, scan)
        })
        .collect();
    let mut plans = Vec::new();
    for (path, is_config, scan) in loaded {
        match (scan, is_config) {
            (Some(scan), _) => plans.push(scan),
            (None, true) => config.push(path),
            (None, false) => text.push(path),
        }
    }
    config.sort();
    text.sort();
    (plans, config, text)
}

/// Whether the first bytes of a file look like a plan ([`plan::looks_like_plan`]).
fn starts_like_plan(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    file.take(plan::HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .is_ok()
        && plan::looks_like_plan(&head)
}

/// Loads one Terraform plan (`terraform show -json PLANFILE`) and checks it like a root module:
/// the same rules, suppression comments in the `.tf` files its findings point at, secrets in its
/// values. `None` when the file is not a plan after all: it is then read like any other file.
/// A malformed plan, or one of another format version, is an input error.
fn load_plan_file(path: &Path, cx: &PlanContext<'_>) -> Option<PathScan> {
    let display = path.to_string_lossy();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Some(PathScan {
                files: 1,
                diagnostics: vec![Diagnostic::error(
                    "read-error",
                    format!("cannot read file: {e}"),
                )
                .in_file(display.as_ref())],
                ..PathScan::default()
            })
        }
    };
    let mut out = PathScan {
        files: 1,
        ..PathScan::default()
    };
    let mut plan = match plan::parse_plan_bytes(&display, &bytes) {
        Ok(plan) => plan,
        Err(PlanError::NotPlan { .. }) => return None,
        Err(error) => {
            out.diagnostics.push(error.to_diagnostic());
            // Still looked at for secrets, like a Terraform file that does not parse.
            if let Ok(text) = String::from_utf8(bytes) {
                let framed = framable(&text);
                let scan = scan_secrets(SourceFile::new(display.as_ref(), text), None);
                out.add_secrets(scan, cx.secret_rules, framed);
            }
            return Some(out);
        }
    };
    if let Some(dir) = plan::config_dir(path) {
        for source in plan.locate_in_config(&dir, cx.root, cx.vars) {
            // Shown in code frames and read for suppression comments: with secrets masked. The
            // secrets of the code are the HCL scan's to report.
            let scan = scan_secrets(source, None);
            out.secret_values.extend(scan.values);
            out.sources.push(scan.source);
        }
    }
    out.resources = plan
        .resources
        .iter()
        .filter(|r| r.mode == driftguard_model::ResourceMode::Managed)
        .count();
    let checked = cx.registry.check(&plan.resources);
    out.findings = checked.findings;
    out.inconclusive = checked.inconclusive;
    out.block_lines = plan
        .resources
        .iter()
        .filter_map(|r| {
            let span = r.span.as_ref()?;
            Some(((span.file.to_string(), r.address.clone()), span.start.line))
        })
        .collect();
    out.diagnostics.append(&mut plan.diagnostics);
    let scan = plan_secrets(&plan);
    let framed = framable(&scan.source.text);
    out.add_secrets(scan, cx.secret_rules, framed);
    Some(out)
}

/// Whether code frames may show this text ([`MAX_PLAN_FRAME_LINE`]).
fn framable(text: &str) -> bool {
    !text.lines().any(|line| line.len() > MAX_PLAN_FRAME_LINE)
}

impl PathScan {
    /// Adds the secrets of one file, and the file (masked) for code frames when `framed`.
    fn add_secrets(&mut self, scan: SecretScan, selected: &HashSet<&str>, framed: bool) {
        if framed {
            self.sources.push(scan.source);
        }
        self.findings.extend(
            scan.findings
                .into_iter()
                .filter(|f| selected.contains(f.rule_id.as_str())),
        );
        self.block_lines.extend(scan.block_lines);
        self.secret_values.extend(scan.values);
    }
}

/// The secrets of a plan's text. All are masked in the text (and sensitive values blanked
/// out), but only those of the planned values, variables and outputs are reported, by the
/// resource (or `var.x`, `output.x`) they are in: the rest of a plan repeats them (before and
/// after values, prior state, configuration), and a value Terraform marks sensitive is where a
/// secret belongs.
fn plan_secrets(plan: &Plan) -> SecretScan {
    let source = &plan.source;
    let matches = secrets::find_secrets(&source.text);
    let reported: Vec<SecretMatch> = matches
        .iter()
        .filter(|m| {
            !matches!(
                plan.place_of(m.range.start),
                Place::Sensitive | Place::Repeated
            )
        })
        .cloned()
        .collect();
    let findings = secrets::findings(source, &reported, |offset| match plan.place_of(offset) {
        Place::Resource {
            resource_type,
            address,
        } => Some((resource_type.to_owned(), address.to_owned())),
        Place::Variable(name) => Some((String::new(), format!("var.{name}"))),
        Place::Output(name) => Some((String::new(), format!("output.{name}"))),
        Place::Sensitive | Place::Repeated | Place::Other => None,
    });
    let masked = secrets::mask_secrets(&source.text, &matches);
    SecretScan {
        source: SourceFile {
            path: source.path.clone(),
            text: plan.hide_sensitive(&masked).into(),
            // Masking keeps every byte offset, so the line index stays valid.
            lines: source.lines.clone(),
        },
        findings,
        block_lines: vec![],
        values: raw_values(&source.text, &matches),
    }
}

/// The secrets of one file.
struct SecretScan {
    /// The file, with its secrets blanked out when it has any.
    source: SourceFile,
    findings: Vec<Finding>,
    /// First line of the block each finding is in, by (file, address).
    block_lines: Vec<((String, String), u32)>,
    /// Raw value → masked form.
    values: Vec<(String, String)>,
}

/// Finds the secrets in `source`; `body` (for Terraform files) names the blocks they are in.
fn scan_secrets(source: SourceFile, body: Option<&Body>) -> SecretScan {
    let matches = secrets::find_secrets(&source.text);
    if matches.is_empty() {
        return SecretScan {
            source,
            findings: vec![],
            block_lines: vec![],
            values: vec![],
        };
    }
    let findings = secrets::findings(&source, &matches, |offset| {
        enclosing_block(body?, offset).map(|(resource_type, address, _)| (resource_type, address))
    });
    let block_lines = body
        .into_iter()
        .flat_map(|body| {
            matches.iter().filter_map(|m| {
                let (_, address, start) = enclosing_block(body, m.range.start)?;
                let line = source.lines.position(&source.text, start).line;
                Some(((source.path.to_string(), address), line))
            })
        })
        .collect();
    let values = raw_values(&source.text, &matches);
    let masked = SourceFile {
        path: source.path.clone(),
        text: secrets::mask_secrets(&source.text, &matches).into(),
        // Masking keeps every byte offset, so the line index stays valid.
        lines: source.lines.clone(),
    };
    SecretScan {
        source: masked,
        findings,
        block_lines,
        values,
    }
}

/// Raw secret values worth masking in other messages (single-line, not too short to be found by
/// chance) with their masked form.
fn raw_values(text: &str, matches: &[SecretMatch]) -> Vec<(String, String)> {
    matches
        .iter()
        .map(|m| (&text[m.range.clone()], &m.masked))
        .filter(|(raw, _)| raw.len() >= 6 && !raw.contains('\n'))
        .map(|(raw, masked)| (raw.to_string(), masked.clone()))
        .collect()
}

/// The top-level block around `offset`: (resource type, address, start offset of the block).
/// Addresses are configuration addresses: `aws_instance.web`, `data.x.y`, `module.m`,
/// `var.db_password`, `local.token`, `output.o`, `provider.aws`, `terraform`.
fn enclosing_block(body: &Body, offset: usize) -> Option<(String, String, usize)> {
    let block = body.blocks.iter().find(|b| b.span.contains(&offset))?;
    let label = |i: usize| block.labels.get(i).map_or("", String::as_str);
    let (resource_type, address) = match block.kind.as_str() {
        "resource" => (label(0), format!("{}.{}", label(0), label(1))),
        "data" => (label(0), format!("data.{}.{}", label(0), label(1))),
        "module" => ("", format!("module.{}", label(0))),
        "variable" => ("", format!("var.{}", label(0))),
        "output" => ("", format!("output.{}", label(0))),
        "provider" => ("", format!("provider.{}", label(0))),
        "locals" => {
            let name = block
                .body
                .attributes
                .iter()
                .find(|a| a.span.contains(&offset))
                .map_or("locals", |a| a.name.as_str());
            ("", format!("local.{name}"))
        }
        other => ("", other.to_string()),
    };
    Some((resource_type.to_string(), address, block.span.start))
}

/// Masks, in every other message of the scan, any secret value it quotes (a rule that prints
/// an attribute value, a parse error that shows a token).
fn mask_quoted_secrets(
    values: &HashMap<String, String>,
    findings: &mut [Finding],
    inconclusive: &mut [driftguard_model::Inconclusive],
    diagnostics: &mut [Diagnostic],
) {
    if values.is_empty() {
        return;
    }
    let mut raw: Vec<&String> = values.keys().collect();
    // Longest first, so that a value containing another is replaced whole.
    raw.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let Ok(automaton) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&raw)
    else {
        return;
    };
    let masked: Vec<&str> = raw.iter().map(|r| values[*r].as_str()).collect();
    let mask = |text: &mut String| {
        if automaton.is_match(text.as_str()) {
            *text = automaton.replace_all(text, &masked);
        }
    };
    findings.iter_mut().for_each(|f| mask(&mut f.message));
    inconclusive.iter_mut().for_each(|i| mask(&mut i.reason));
    diagnostics.iter_mut().for_each(|d| mask(&mut d.message));
}

/// A text file read for secrets only: `None` when it is too large, binary or not UTF-8, or
/// cannot be read (it is not Terraform: the scan does not fail on it).
fn read_text_file(path: &Path) -> Option<SourceFile> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.len() > MAX_TEXT_FILE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    if bytes.contains(&0) {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(SourceFile::new(path.to_string_lossy().as_ref(), text))
}

/// What the walk found.
struct Discovered {
    /// The directory that file functions are confined to.
    root: PathBuf,
    /// Terraform files, parsed and evaluated.
    config: Vec<PathBuf>,
    /// Other text files, read for secrets only.
    text: Vec<PathBuf>,
}

/// The Terraform files and the other secret-bearing text files under `path` (or `path`
/// itself), respecting `.gitignore` whether or not the tree is a git checkout, skipping hidden
/// directories such as `.terraform` and `.git` and hidden files other than `.env` files.
fn discover(path: &Path) -> Result<Discovered, Diagnostic> {
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
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // A file named on the command line is Terraform unless it is one of the text files.
        let (config, text) = if !is_config_file(name) && is_secret_text_file(name) {
            (vec![], vec![clean(path)])
        } else {
            (vec![clean(path)], vec![])
        };
        return Ok(Discovered { root, config, text });
    }
    let mut config = Vec::new();
    let mut text = Vec::new();
    let walker = ignore::WalkBuilder::new(path)
        .hidden(false)
        .filter_entry(|entry| {
            let name = entry.file_name().to_str().unwrap_or("");
            entry.depth() == 0
                || !name.starts_with('.')
                || (entry.file_type().is_some_and(|t| t.is_file()) && is_dotenv(name))
        })
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .ignore(true)
        .build();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        if is_config_file(name) {
            config.push(clean(entry.path()));
        } else if is_secret_text_file(name) {
            text.push(clean(entry.path()));
        }
    }
    config.sort();
    text.sort();
    Ok(Discovered {
        root: clean(path),
        config,
        text,
    })
}

/// Whether a file that is not Terraform is read for secrets: variable files (`*.tfvars`,
/// `*.tfvars.json`), Terragrunt and Packer HCL (`*.hcl`), JSON, YAML, templates (`*.tftpl`,
/// `*.tpl`, CloudFormation's `*.template`), scripts (`*.sh`, `*.bash`, `*.ps1`), environment files (`*.env`, `.env`,
/// `.env.*`), key files (`*.pem`, `*.key`, `id_rsa`, `id_ed25519`, …), AWS `credentials` files
/// and user data (`user-data`, `user_data.sh`, `cloud-init.yaml`, …). Lock files are not.
pub fn is_secret_text_file(name: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".tfvars",
        ".json",
        ".hcl",
        ".yaml",
        ".yml",
        ".tftpl",
        ".tpl",
        ".sh",
        ".bash",
        ".ps1",
        ".env",
        ".pem",
        ".key",
        ".template",
    ];
    const NAMES: &[&str] = &["credentials", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
    const USER_DATA: &[&str] = &[
        "user-data",
        "user_data",
        "userdata",
        "cloud-init",
        "cloud_init",
        "cloudinit",
        "cloud-config",
        "cloud_config",
    ];
    const LOCK_FILES: &[&str] = &["package-lock.json", "composer.lock", ".terraform.lock.hcl"];
    let lower = name.to_ascii_lowercase();
    if LOCK_FILES.contains(&lower.as_str()) {
        return false;
    }
    let stem = lower.split('.').next().unwrap_or("");
    EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
        || NAMES.contains(&lower.as_str())
        || USER_DATA.contains(&stem)
        || is_dotenv(name)
}

/// `.env`, `.env.local`, `.env.production`, …
fn is_dotenv(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.")
}

/// `./examples/main.tf` → `examples/main.tf`: the paths users see.
fn clean(path: &Path) -> PathBuf {
    driftguard_terraform::module::normalize(path)
}

/// A Terraform file that could not be parsed: why, and its text when it could be read.
struct Unparsed {
    diagnostic: Diagnostic,
    source: Option<SourceFile>,
}

impl From<Diagnostic> for Box<Unparsed> {
    fn from(diagnostic: Diagnostic) -> Self {
        Box::new(Unparsed {
            diagnostic,
            source: None,
        })
    }
}

fn read_and_parse(path: &Path) -> Result<ConfigFile, Box<Unparsed>> {
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
    parse_file(&display, &text).map_err(|diagnostic| {
        Box::new(Unparsed {
            diagnostic,
            source: Some(SourceFile::new(display.as_ref(), text)),
        })
    })
}

fn dedup_by_key<T, K: std::hash::Hash + Eq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = HashSet::new();
    items.retain(|item| seen.insert(key(item)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_read_for_secrets() {
        for name in [
            "terraform.tfvars",
            "prod.auto.tfvars",
            "prod.tfvars.json",
            "terragrunt.hcl",
            "values.yaml",
            "docker-compose.yml",
            "task.json",
            "boot.tftpl",
            "init.sh",
            "setup.ps1",
            "prod.env",
            ".env",
            ".env.production",
            "deploy.pem",
            "id_ed25519",
            "credentials",
            "user-data",
            "user_data.txt",
            "cloud-init.yaml",
        ] {
            assert!(is_secret_text_file(name), "{name}");
        }
        for name in [
            "main.tf",
            "README.md",
            "app.py",
            "package-lock.json",
            ".terraform.lock.hcl",
            "terraform.tfstate",
            "id_ed25519.pub",
            ".gitignore",
            "notes.txt",
        ] {
            assert!(!is_secret_text_file(name), "{name}");
        }
    }

    #[test]
    fn secrets_are_blanked_in_the_source_and_located_in_their_block() {
        let text = "locals {\n  token = \"w5DQL05HA064GiIjHGb3CXlM\"\n}\n\nresource \"aws_instance\" \"web\" {\n  user_data = \"export API_KEY=q7Vz9KmP2xLw4NbR8tYcJ3hF\"\n}\n";
        let file = parse_file("main.tf", text).unwrap();
        let scan = scan_secrets(file.source.clone(), Some(&file.body));
        let addresses: Vec<(&str, &str)> = scan
            .findings
            .iter()
            .map(|f| (f.resource_type.as_str(), f.resource_address.as_str()))
            .collect();
        assert_eq!(
            addresses,
            [("", "local.token"), ("aws_instance", "aws_instance.web")]
        );
        assert_eq!(
            scan.block_lines,
            [
                (("main.tf".to_string(), "local.token".to_string()), 1),
                (("main.tf".to_string(), "aws_instance.web".to_string()), 5)
            ]
        );
        assert_eq!(scan.source.text.len(), text.len());
        assert!(!scan.source.text.contains("L05HA064GiIjHGb3"));
        assert!(!scan.source.text.contains("P2xLw4NbR8tY"));
        assert!(scan
            .source
            .text
            .contains("token = \"w5DQ****************CXlM\""));
    }

    #[test]
    fn messages_quoting_a_secret_are_masked() {
        let values = HashMap::from([(
            "w5DQL05HA064GiIjHGb3CXlM".to_string(),
            "w5DQ****************CXlM".to_string(),
        )]);
        let mut diagnostics = vec![Diagnostic::warning(
            "x",
            "unexpected token w5DQL05HA064GiIjHGb3CXlM here",
        )];
        mask_quoted_secrets(&values, &mut [], &mut [], &mut diagnostics);
        assert_eq!(
            diagnostics[0].message,
            "unexpected token w5DQ****************CXlM here"
        );
    }
}
