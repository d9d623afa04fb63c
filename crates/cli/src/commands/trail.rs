//! `driftguard trail`: CloudTrail writes made outside the IaC workflow, who made them, through
//! which channel; and the CloudTrail side of `drift --trail`.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use driftguard_terraform::state::{load_states_with, StateSource};
use driftguard_trail::findings::{detections_run, findings, FindingOptions, StateLookup};
use driftguard_trail::{
    render, Classifier, Filter, PipelinePrincipals, ReadOptions, Retain, SignedDuration, Source,
    Timestamp, Trail,
};

use crate::commands::live::{self, AwsArgs, Runtime};
use crate::config::Config;
use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub enum TrailFormat {
    Text,
    Json,
    Ndjson,
    Markdown,
}

/// Where CloudTrail logs are read from, and which events count: shared by `trail` and
/// `drift --trail`.
#[derive(Args, Clone, Debug, Default)]
pub struct LogArgs {
    /// Events at or after this time: RFC 3339 (`2026-11-21T08:00:00Z`), a date (`2026-11-21`,
    /// midnight UTC) or an age (`24h`, `7d`).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Events before this time (same forms as --since).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only events of this account; repeatable.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<String>,
    /// ARN glob of a principal that deploys IaC (adds to `[trail] pipeline-principals` in
    /// driftguard.toml); repeatable.
    #[arg(long = "pipeline-principal", value_name = "ARN_GLOB")]
    pub pipeline_principals: Vec<String>,
}

#[derive(Args)]
pub struct TrailArgs {
    /// CloudTrail logs: a directory (CloudTrail's S3 layout, organisation trails included, or
    /// any folder of log files), a `.json` / `.json.gz` / NDJSON file, `s3://bucket/prefix`, or
    /// `-` for stdin; repeatable.
    #[arg(long = "logs", value_name = "SOURCE", required = true)]
    pub logs: Vec<String>,
    #[command(flatten)]
    pub filter: LogArgs,
    /// Only events in this AWS region (`awsRegion`); repeatable.
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Terraform state(s), to name the managed resource a change touched or say it is
    /// unmanaged: files, globs, `-`, `s3://…`, `https://…`; repeatable.
    #[arg(long = "state", value_name = "SOURCE")]
    pub states: Vec<String>,
    /// Events of one actor on one resource closer than this are one finding.
    #[arg(long, value_name = "DURATION", default_value = "60m")]
    pub window: String,
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: TrailFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 rather than 2 when some log files could not be read (they are reported by name).
    #[arg(long)]
    pub allow_partial: bool,
    /// driftguard.toml to use instead of the nearest one upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub access: S3Access,
}

/// AWS access for `s3://` logs and states (the standard credential chain otherwise).
#[derive(Args, Clone, Debug)]
pub struct S3Access {
    /// Named profile of the shared AWS config and credentials files.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Role to assume (through STS) to read the log bucket.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// Endpoint for S3 and STS: an emulator or a VPC endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl S3Access {
    fn aws_args(&self) -> AwsArgs {
        AwsArgs {
            profile: self.profile.clone(),
            role_arn: self.role_arn.clone(),
            endpoint_url: self.endpoint_url.clone(),
            ..AwsArgs::default()
        }
    }
}

pub fn run(args: TrailArgs) -> Result<u8> {
    let config = Config::load(args.config.as_deref(), &std::env::current_dir()?)?;
    let rt = Runtime::default();
    let window = parse_duration(&args.window)?;
    let aws = args.access.aws_args();
    let mut options = read_options(&args.filter, &config)?;
    options.filter.regions = args.regions.clone();
    // Findings are made of out-of-band writes only: keeping nothing else keeps memory flat.
    options.retain = Retain::Findings;
    let trail = read_logs(&rt, &aws, &args.logs, &options)?;

    let state = if args.states.is_empty() {
        None
    } else {
        let sources: Vec<StateSource> = args.states.iter().map(|s| StateSource::parse(s)).collect();
        let loaded = load_states_with(&sources, &mut |s| live::fetch_state(&rt, &aws, s))?;
        Some(DeclaredIndex::new(
            loaded.resources.into_iter().map(|r| r.resource),
        ))
    };
    let no_state = driftguard_trail::findings::NoState;
    let lookup: &dyn StateLookup = match &state {
        Some(index) => index,
        None => &no_state,
    };
    let found = findings(&trail.events, lookup, &FindingOptions { window });

    let rendered = match args.format {
        TrailFormat::Text => render::text(&found, &trail.stats),
        TrailFormat::Json => {
            render::json(&found, &trail.stats, &detections_run(&options.classifier))
        }
        TrailFormat::Ndjson => render::ndjson(&found),
        TrailFormat::Markdown => render::markdown(&found, &trail.stats),
    };
    super::write_output(args.output.as_deref(), &rendered)?;
    Ok(if !trail.problems.is_empty() && !args.allow_partial {
        exit::ERROR
    } else if found.is_empty() {
        exit::CLEAN
    } else {
        exit::FINDINGS
    })
}

/// Filter and classifier from the flags and `driftguard.toml`.
pub fn read_options(args: &LogArgs, config: &Config) -> Result<ReadOptions> {
    let now = Timestamp::now();
    let mut patterns = config.trail.pipeline_principals.clone().unwrap_or_default();
    patterns.extend(args.pipeline_principals.iter().cloned());
    let classifier = if patterns.is_empty() {
        Classifier::default()
    } else {
        Classifier::with_pipeline_principals(
            PipelinePrincipals::new(patterns).context("invalid pipeline principal pattern")?,
        )
    };
    Ok(ReadOptions {
        filter: Filter {
            since: args
                .since
                .as_deref()
                .map(|t| parse_time(t, now))
                .transpose()
                .context("--since")?,
            until: args
                .until
                .as_deref()
                .map(|t| parse_time(t, now))
                .transpose()
                .context("--until")?,
            accounts: args.accounts.clone(),
            ..Filter::default()
        },
        classifier,
        ..ReadOptions::default()
    })
}

/// Reads `--logs` (`s3://` ones downloaded first, only the objects the filter does not exclude
/// by their key, into a temporary directory) and prints the files that could not be read.
fn read_logs(rt: &Runtime, aws: &AwsArgs, logs: &[String], options: &ReadOptions) -> Result<Trail> {
    // Kept until the logs are read.
    let mut download: Option<tempfile::TempDir> = None;
    let mut sources = Vec::new();
    for (i, arg) in logs.iter().enumerate() {
        let Some(rest) = arg.strip_prefix("s3://") else {
            sources.push(Source::from_arg(arg));
            continue;
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("{arg}: no bucket name");
        }
        let dir = match &mut download {
            Some(dir) => dir,
            empty => {
                empty.insert(tempfile::tempdir().context("cannot create a temporary directory")?)
            }
        };
        let dest = dir.path().join(i.to_string());
        let config = aws.live_config()?;
        let fetched = rt.get()?.block_on(async {
            let sdk = config.sdk_config().await?;
            driftguard_aws::remote::download_s3_logs(
                &sdk,
                bucket,
                prefix,
                |key| !options.filter.skips_key(key),
                &dest,
                config.max_concurrency,
            )
            .await
            .map_err(anyhow::Error::from)
        });
        let fetched = fetched.with_context(|| format!("cannot read the logs in {arg}"))?;
        eprintln!(
            "{arg}: {} log objects read ({} bytes), {} outside the filter left in S3",
            fetched.objects, fetched.bytes, fetched.skipped
        );
        if fetched.objects > 0 {
            sources.push(Source::path(dest));
        }
    }
    let trail = driftguard_trail::read(sources, options);
    drop(download);
    for problem in &trail.problems {
        eprintln!("error: {problem}");
    }
    Ok(trail)
}

/// `2026-11-21T08:00:00Z`, `2026-11-21` (midnight UTC) or an age before `now` (`24h`, `7d`).
fn parse_time(text: &str, now: Timestamp) -> Result<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Ok(date.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp());
    }
    let age = parse_duration(text).with_context(|| {
        format!("{text:?} is neither a time (2026-11-21T08:00:00Z), a date nor an age (24h, 7d)")
    })?;
    Ok(now.checked_sub(age)?)
}

/// `60m`, `2h`, `7d`, `1h30m`, `90s`.
fn parse_duration(text: &str) -> Result<SignedDuration> {
    // Days are 24 hours here (log windows, not calendar arithmetic).
    if let Some(days) = text.strip_suffix('d') {
        if let Ok(days) = days.trim().parse::<i64>() {
            return Ok(SignedDuration::from_hours(days * 24));
        }
    }
    let duration: SignedDuration = text
        .parse()
        .with_context(|| format!("{text:?} is not a duration like 60m, 2h or 7d"))?;
    if duration.is_negative() {
        bail!("{text:?}: a duration cannot be negative");
    }
    Ok(duration)
}

/// The declared resources' addresses by type and match key, as the drift engine matches them.
pub struct DeclaredIndex {
    addresses: HashMap<String, HashMap<String, String>>,
}

impl DeclaredIndex {
    pub fn new(resources: impl Iterator<Item = driftguard_model::Resource>) -> Self {
        let mut addresses: HashMap<String, HashMap<String, String>> = HashMap::new();
        for r in resources {
            if let Some(key) = driftguard_drift::match_key(&r) {
                addresses
                    .entry(r.resource_type)
                    .or_default()
                    .entry(key)
                    .or_insert(r.address);
            }
        }
        DeclaredIndex { addresses }
    }
}

impl StateLookup for DeclaredIndex {
    fn address(&self, resource_type: &str, id: &str) -> Option<String> {
        self.addresses.get(resource_type)?.get(id).cloned()
    }
}

/// Reads logs for `drift --trail` (writes only), or `None` without `--trail`.
pub fn read_for_drift(
    rt: &Runtime,
    aws: &AwsArgs,
    logs: &[String],
    args: &LogArgs,
) -> Result<Option<Trail>> {
    if logs.is_empty() {
        return Ok(None);
    }
    let config = Config::load(None, &std::env::current_dir()?)?;
    let options = read_options(args, &config)?;
    read_logs(rt, aws, logs, &options).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations() {
        let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        assert_eq!(
            parse_time("2026-11-21", now).unwrap().to_string(),
            "2026-11-21T00:00:00Z"
        );
        assert_eq!(
            parse_time("24h", now).unwrap().to_string(),
            "2026-11-21T12:00:00Z"
        );
        assert_eq!(
            parse_time("7d", now).unwrap().to_string(),
            "2026-11-15T12:00:00Z"
        );
        assert_eq!(
            parse_time("2026-11-20T08:30:00Z", now).unwrap().to_string(),
            "2026-11-20T08:30:00Z"
        );
        assert!(parse_time("yesterday", now).is_err());
        assert_eq!(
            parse_duration("60m").unwrap(),
            SignedDuration::from_mins(60)
        );
        assert_eq!(
            parse_duration("1h30m").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert!(parse_duration("-5m").is_err());
    }
}
