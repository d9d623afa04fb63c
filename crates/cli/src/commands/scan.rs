use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use driftguard_cloudformation::ParameterValues;
use driftguard_model::Severity;
use driftguard_report::{render, Format, RenderOptions};
use driftguard_rules::{Baseline, RuleSelector};
use driftguard_scan::{scan, ScanOptions};
use driftguard_terraform::VarOptions;

use crate::config::Config;
use crate::exit;
use crate::progress::Bar;

#[derive(Args)]
pub struct ScanArgs {
    /// Files and directories to scan [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format: text, json, sarif, junit, markdown, csv [default: text]
    #[arg(long, short = 'f', value_parser = parse_format)]
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Run only these rules (ids or prefixes, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Do not run these rules (ids or prefixes).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Exit with code 1 when a finding is at least this severe [default: info]
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// Set a root module variable (`name=value`); repeatable, highest precedence.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Read variables from a .tfvars or .tfvars.json file; repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (and exit 0 unless the input has errors).
    #[arg(long, value_name = "FILE")]
    pub baseline_write: Option<PathBuf>,
    /// Values of CloudFormation template parameters: the AWS CLI's JSON parameter file
    /// (`[{"ParameterKey": …, "ParameterValue": …}]`) or `{"Parameters": {…}}`.
    #[arg(long, value_name = "FILE")]
    pub cfn_params: Option<PathBuf>,
    /// Use this configuration file instead of the nearest driftguard.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Show suppressed findings in text and markdown output.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Never colour the output (NO_COLOR is honoured too).
    #[arg(long)]
    pub no_color: bool,
    /// Do not show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got {s:?}")),
    }
}

pub fn run(args: ScanArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let config = Config::load(args.config.as_deref(), &cwd)?;
    let settings = &config.scan;

    let format = match (args.format, &settings.format) {
        (Some(format), _) => format,
        (None, Some(name)) => name
            .parse()
            .map_err(|e| anyhow::anyhow!("driftguard.toml: {e}"))?,
        (None, None) => Format::Text,
    };
    let fail_on = match (args.fail_on, &settings.fail_on) {
        (Some(severity), _) => severity,
        (None, Some(name)) => name
            .parse()
            .map_err(|e| anyhow::anyhow!("driftguard.toml: {e}"))?,
        (None, None) => Severity::Info,
    };
    let options = options(&args, &config)?;
    let bar = Bar::new(!args.no_progress);
    let outcome = scan(&options, &bar);
    bar.finish();
    let report = &outcome.report;

    if let Some(path) = &args.baseline_write {
        let baseline = Baseline::from_findings(&report.findings);
        baseline.write(path)?;
        eprintln!(
            "wrote {} finding(s) to baseline {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(if report.has_errors() {
            exit::ERROR
        } else {
            exit::CLEAN
        });
    }

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color =
        to_terminal && !args.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = RenderOptions {
        color,
        show_suppressed: args.show_suppressed || settings.show_suppressed.unwrap_or(false),
    };
    let rendered = render(format, report, &outcome.sources, &options)?;
    super::write_output(args.output.as_deref(), &rendered)?;

    Ok(if report.has_errors() {
        exit::ERROR
    } else if report.active_findings().any(|f| f.severity >= fail_on) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// What to scan and how, from the flags and driftguard.toml (flags win): shared by `scan` and
/// `report`'s inline scan.
pub fn options(args: &ScanArgs, config: &Config) -> Result<ScanOptions> {
    let settings = &config.scan;
    let rules = RuleSelector {
        select: if args.select.is_empty() {
            settings.select.clone().unwrap_or_default()
        } else {
            args.select.clone()
        },
        ignore: if args.ignore.is_empty() {
            settings.ignore.clone().unwrap_or_default()
        } else {
            args.ignore.clone()
        },
    };
    let unmatched = rules.unmatched();
    if !unmatched.is_empty() {
        bail!(
            "no rule matches {} (see `driftguard rules`)",
            unmatched.join(", ")
        );
    }

    let mut vars = VarOptions {
        env: VarOptions::env_from_process(),
        ..Default::default()
    };
    vars.var_files = settings
        .var_files
        .iter()
        .flatten()
        .map(|p| config.resolve(p))
        .collect();
    vars.var_files.extend(args.var_files.iter().cloned());
    vars.vars = settings
        .vars
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    vars.vars.extend(args.vars.iter().cloned());

    let baseline_path = args
        .baseline
        .clone()
        .or_else(|| settings.baseline.as_ref().map(|p| config.resolve(p)));
    let baseline = match (&baseline_path, &args.baseline_write) {
        // Writing a baseline records everything, so an old one is not applied.
        (Some(path), None) => Some(Baseline::read(path)?),
        _ => None,
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    Ok(ScanOptions {
        paths,
        vars,
        rules,
        baseline,
        today: None,
        cfn_params: match &args.cfn_params {
            Some(path) => ParameterValues::read(path)?,
            None => ParameterValues::default(),
        },
    })
}
