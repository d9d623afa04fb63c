use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use driftguard_drift::{diff, render, DiffOptions, DriftEvent, DriftIgnore, Filter};
use driftguard_model::DiagnosticLevel;
use driftguard_terraform::state::{load_states_with, StateSource};

use crate::commands::live::{self, AwsArgs};
use crate::commands::trail::{read_for_drift, LogArgs};
use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub enum DriftFormat {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Args)]
pub struct DriftArgs {
    /// Terraform state: a file, a glob (`states/**/*.tfstate`), `-` for stdin, an S3 backend
    /// object `s3://bucket/key` (the key may be a glob) or an HTTP backend `https://…`;
    /// repeatable. Format version 4, or the JSON of `terraform show -json`.
    #[arg(long = "state", value_name = "SOURCE", required = true)]
    pub states: Vec<String>,
    /// Compare against an inventory snapshot (`driftguard inventory` output) instead of the
    /// live cloud: offline, air-gapped audits.
    #[arg(long = "live", value_name = "SNAPSHOT")]
    pub live: Option<PathBuf>,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// CloudTrail logs that explain the drift: each drift gets the write events on its
    /// resource, newest first (same sources as `trail --logs`); repeatable.
    #[arg(long = "trail", value_name = "SOURCE")]
    pub trail: Vec<String>,
    #[command(flatten)]
    pub trail_filter: LogArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: DriftFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Drift to accept, gitignore syntax over `type.id[.attribute.path]` [default: ./.driftignore]
    #[arg(long, value_name = "FILE")]
    pub driftignore: Option<PathBuf>,
    /// Only resources matching this expression, e.g. `type == "aws_iam_user" && id =~ "^ci-"`.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Report AWS-created defaults (default VPC, service-linked roles…) as unmanaged too.
    #[arg(long)]
    pub strict: bool,
    /// Exit 1 rather than 2 when part of the live side could not be read.
    #[arg(long)]
    pub allow_partial: bool,
    /// Write a .driftignore accepting the drift found now to FILE, and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_driftignore: Option<PathBuf>,
}

pub fn run(args: DriftArgs) -> Result<u8> {
    let rt = live::Runtime::default();
    let sources: Vec<StateSource> = args.states.iter().map(|s| StateSource::parse(s)).collect();
    let loaded = load_states_with(&sources, &mut |source| {
        live::fetch_state(&rt, &args.aws, source)
    })?;
    for diagnostic in &loaded.diagnostics {
        eprintln!("{diagnostic}");
    }

    let driftignore_path = args.driftignore.clone().or_else(|| {
        let default = PathBuf::from(".driftignore");
        default.is_file().then_some(default)
    });
    let ignore = match &driftignore_path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Some(DriftIgnore::parse(&text, &path.display().to_string())?)
        }
        None => None,
    };
    let filter = args.filter.as_deref().map(Filter::parse).transpose()?;

    // The live side: a snapshot (offline), or a read-only scan of the account now.
    let (live, coverage, default_region) = match &args.live {
        Some(path) => {
            let snapshot = driftguard_drift::inventory::read_snapshot(path)?;
            let default_region = snapshot.regions.first().cloned();
            (snapshot.to_resources(), snapshot.coverage(), default_region)
        }
        None => {
            let mut aws = args.aws.clone();
            if aws.region.is_empty() && aws.regions.is_empty() {
                // No region asked for: the regions the state's resources are in.
                let mut regions: Vec<String> = loaded
                    .resources
                    .iter()
                    .filter_map(|r| r.region.clone())
                    .collect();
                regions.sort();
                regions.dedup();
                if !regions.is_empty() {
                    eprintln!("reading the regions of the state: {}", regions.join(", "));
                }
                aws.region = regions;
            }
            let (scan, _account) = live::scan(&rt, &aws)?;
            let default_region = scan.regions.first().cloned();
            (scan.resources, scan.coverage, default_region)
        }
    };

    let declared: Vec<_> = loaded.resources.into_iter().map(|r| r.resource).collect();
    let options = DiffOptions {
        strict: args.strict,
        // State instances of provider versions before 6 carry no region: they are in the
        // provider's region, which is the first one read.
        default_region,
        ignore,
        filter,
    };
    let mut report = diff(&declared, &live, &coverage, &options);

    let trail = read_for_drift(&rt, &args.aws, &args.trail, &args.trail_filter)?;
    if let Some(trail) = &trail {
        let index = driftguard_trail::findings::TrailIndex::new(&trail.events);
        for drift in &mut report.drifts {
            drift.events = index
                .explain(&drift.resource_type, &drift.cloud_id)
                .into_iter()
                .map(|e| DriftEvent {
                    event_id: e.event_id,
                    event_time: e.event_time.to_string(),
                    event_source: e.event_source,
                    event_name: e.event_name,
                    actor: e.actor,
                    channel: e.channel,
                    source_ip: e.source_ip,
                    user_agent: e.user_agent,
                })
                .collect();
        }
    }

    if let Some(path) = &args.write_driftignore {
        std::fs::write(path, driftguard_drift::accept_current_drift(&report))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "wrote {} accepting {} drift(s)",
            path.display(),
            report.drifts.len()
        );
        return Ok(exit::CLEAN);
    }

    let rendered = match args.format {
        DriftFormat::Text => render::text(&report),
        DriftFormat::Json => render::json(&report),
        DriftFormat::Markdown => render::markdown(&report),
        DriftFormat::Html => render::html(&report),
    };
    super::write_output(args.output.as_deref(), &rendered)?;
    if trail.as_ref().is_some_and(|t| !t.problems.is_empty()) && !args.allow_partial {
        bail!("some CloudTrail log files could not be read (listed above)");
    }
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.level == DiagnosticLevel::Error)
    {
        bail!("the state could not be read completely");
    }
    Ok(report.exit_code(args.allow_partial) as u8)
}
