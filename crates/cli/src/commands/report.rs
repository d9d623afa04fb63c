//! `driftguard report`: compliance posture per control of one framework, from the results of
//! `scan`, `drift` and `trail` (their JSON outputs, or a scan run here).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use driftguard_compliance::render::Format;
use driftguard_compliance::{
    assess, framework, frameworks, parse_input, read_input, Catalog, Check, Framework, Input,
    Source,
};
use driftguard_drift::DriftClass;
use driftguard_rules::all_rules;
use driftguard_scan::scan;

use crate::config::Config;
use crate::exit;
use crate::progress::Bar;

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: summary, charts, a table per control with evidence.
    Html,
    Markdown,
    /// Documented in docs/compliance-json.md.
    Json,
    /// One row per control and evidence item.
    Csv,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Html => Format::Html,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Json => Format::Json,
            ReportFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    /// The framework: iso27001, cis-aws, soc2, pci-dss, nist-800-53 or hipaa (`driftguard
    /// frameworks` lists them).
    #[arg(long, value_name = "ID", value_parser = parse_framework)]
    pub framework: &'static Framework,
    /// Terraform files and directories to scan now, as `driftguard scan` would (with
    /// driftguard.toml's scan settings).
    pub paths: Vec<PathBuf>,
    /// The output of `driftguard scan --format json` (`-` for standard input); repeatable.
    #[arg(long = "scan", value_name = "FILE")]
    pub scans: Vec<PathBuf>,
    /// The output of `driftguard drift --format json`; repeatable.
    #[arg(long = "drift", value_name = "FILE")]
    pub drifts: Vec<PathBuf>,
    /// The output of `driftguard trail --format json`; repeatable.
    #[arg(long = "trail", value_name = "FILE")]
    pub trails: Vec<PathBuf>,
    /// Output format [default: from the --output extension (.html, .md, .json, .csv), else
    /// markdown]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 0 even when controls fail (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Use this configuration file instead of the nearest driftguard.toml (inline scan).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

fn parse_framework(id: &str) -> Result<&'static Framework, String> {
    framework(id).ok_or_else(|| {
        let known: Vec<&str> = frameworks().iter().map(|f| f.id.as_str()).collect();
        format!("no framework {id:?}; one of {}", known.join(", "))
    })
}

/// Every check driftguard runs, with its compliance mapping: the scan rules, one check per
/// drift class, the trail detections.
pub fn catalog() -> Catalog {
    let rules = all_rules().iter().map(|r| {
        let m = r.meta();
        Check {
            id: m.id.to_string(),
            source: Source::Scan,
            title: m.title.to_string(),
            mapping: m.compliance,
        }
    });
    let drift = DriftClass::ALL.into_iter().map(|class| Check {
        id: class.check_id().to_string(),
        source: Source::Drift,
        title: class.title().to_string(),
        mapping: class.compliance(),
    });
    let trail = driftguard_trail::findings::DETECTIONS
        .iter()
        .map(|d| Check {
            id: d.id.to_string(),
            source: Source::Trail,
            title: d.title.to_string(),
            mapping: d.compliance,
        });
    Catalog::new(rules.chain(drift).chain(trail).collect())
}

pub fn run(args: ReportArgs) -> Result<u8> {
    if args.paths.is_empty()
        && args.scans.is_empty()
        && args.drifts.is_empty()
        && args.trails.is_empty()
    {
        bail!(
            "nothing to assess: give paths to scan, or the JSON output of `driftguard scan`, \
             `drift` or `trail` with --scan, --drift, --trail"
        );
    }
    let format: Format = match (args.format, &args.output) {
        (Some(format), _) => format.into(),
        (None, Some(path)) => format_of(path),
        (None, None) => Format::Markdown,
    };
    let catalog = catalog();
    let ids = |source: Source| catalog.ids(source);

    let mut inputs: Vec<Input> = Vec::new();
    let mut scan_errors = false;
    if !args.paths.is_empty() {
        let input = inline_scan(&args, &ids(Source::Scan))?;
        scan_errors = !input.complete;
        inputs.push(input);
    }
    for (source, files) in [
        (Source::Scan, &args.scans),
        (Source::Drift, &args.drifts),
        (Source::Trail, &args.trails),
    ] {
        let all = ids(source);
        for file in files {
            inputs.push(read_input(source, file, &all)?);
        }
    }

    let generator = format!("driftguard {}", env!("CARGO_PKG_VERSION"));
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let posture = assess(args.framework, &catalog, inputs, &generator, &now);
    super::write_output(args.output.as_deref(), &format.render(&posture))?;
    if let Some(path) = &args.output {
        let s = &posture.summary;
        eprintln!(
            "{}: {} controls: {} failing, {} passing, {} not assessed, {} manual; wrote {}",
            posture.framework.name,
            s.controls,
            s.failing,
            s.passing,
            s.not_assessed,
            s.manual,
            path.display()
        );
    }
    Ok(if scan_errors {
        exit::ERROR
    } else if posture.summary.failing > 0 && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => Format::Html,
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        _ => Format::Markdown,
    }
}

/// Scans `args.paths` with driftguard.toml's settings and reads the result as `scan --format
/// json` would write it, so that an inline scan and a saved one are assessed alike.
fn inline_scan(args: &ReportArgs, all_rules: &[String]) -> Result<Input> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let config = Config::load(args.config.as_deref(), &cwd)?;
    let scan_args = super::scan::ScanArgs {
        paths: args.paths.clone(),
        format: None,
        output: None,
        select: Vec::new(),
        ignore: Vec::new(),
        fail_on: None,
        vars: Vec::new(),
        var_files: Vec::new(),
        baseline: None,
        baseline_write: None,
        cfn_params: None,
        config: args.config.clone(),
        show_suppressed: false,
        no_color: true,
        no_progress: true,
    };
    let options = super::scan::options(&scan_args, &config)?;
    let outcome = scan(&options, &Bar::new(false));
    // The report notes them too; errors are also shown here, as `scan` would, with file and line.
    for d in &outcome.report.diagnostics {
        if d.level == driftguard_model::DiagnosticLevel::Error {
            eprintln!("{d}");
        }
    }
    let json = driftguard_report::render(
        driftguard_report::Format::Json,
        &outcome.report,
        &outcome.sources,
        &driftguard_report::RenderOptions::default(),
    )?;
    let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    Ok(parse_input(
        Source::Scan,
        &format!("scan of {}", shown.join(", ")),
        &json,
        all_rules,
    )?)
}
