//! `driftguard`: the command line. Wiring only: parsing flags and configuration, calling the
//! pipeline crates, choosing exit codes.

mod commands;
mod config;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes every command follows (like ruff and driftctl).
pub mod exit {
    /// Nothing at or above the failure threshold.
    pub const CLEAN: u8 = 0;
    /// Findings at or above `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// Usage or input error (including files that could not be parsed).
    pub const ERROR: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "driftguard",
    version,
    about = "Keeps cloud infrastructure true to its code and secure.",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Static security analysis of Terraform before deployment.
    Scan(commands::scan::ScanArgs),
    /// Declared state vs live infrastructure: managed, changed, missing, unmanaged.
    Drift(commands::drift::DriftArgs),
    /// Export the live AWS resources, normalised to the Terraform state schema, as a versioned
    /// JSON snapshot (read-only).
    Inventory(commands::inventory::InventoryArgs),
    /// CloudTrail: changes made outside the IaC workflow, who made them, through which channel.
    Trail(commands::trail::TrailArgs),
    /// Compliance posture per control of a framework, with evidence, from scan, drift and
    /// trail results.
    Report(commands::report::ReportArgs),
    /// List the rules.
    Rules(commands::rules::RulesArgs),
    /// List the compliance frameworks and how many of their controls checks assess.
    Frameworks(commands::frameworks::FrameworksArgs),
    /// Show one rule (rationale, fix, example, controls), one control (which checks assess
    /// it: `A.8.9`, `iso27001:A.8.9`) or one drift or trail check.
    Explain(commands::rules::ExplainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => commands::scan::run(args),
        Command::Drift(args) => commands::drift::run(args),
        Command::Inventory(args) => commands::inventory::run(args),
        Command::Trail(args) => commands::trail::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Rules(args) => commands::rules::list(args),
        Command::Frameworks(args) => commands::frameworks::list(args),
        Command::Explain(args) => match driftguard_rules::find_rule(&args.id) {
            Some(_) => commands::rules::explain(args),
            None => commands::frameworks::explain(&args.id)
                .unwrap_or_else(|| commands::rules::explain(args)),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
