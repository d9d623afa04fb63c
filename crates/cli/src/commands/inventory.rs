//! `driftguard inventory`: the live resources, normalised to the Terraform state schema, as a
//! versioned JSON snapshot (evidence, and the input of `drift --live` for offline audits).

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use driftguard_drift::InventorySnapshot;

use crate::commands::live::{self, AwsArgs};
use crate::exit;

#[derive(Args)]
pub struct InventoryArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 0 rather than 2 when part of the account could not be read (the snapshot records
    /// what was not read either way).
    #[arg(long)]
    pub allow_partial: bool,
}

pub fn run(args: InventoryArgs) -> Result<u8> {
    let rt = live::Runtime::default();
    let (scan, account) = live::scan(&rt, &args.aws)?;
    let generated_at = driftguard_aws::now_rfc3339();
    let snapshot = InventorySnapshot::new(
        generated_at,
        account,
        scan.regions.clone(),
        &scan.coverage,
        &scan.resources,
    );
    let text = snapshot.to_json_string();
    super::write_output(args.output.as_deref(), &text)?;
    for failure in &scan.coverage.not_scanned {
        eprintln!(
            "not scanned: {} in {}: {}",
            failure.resource_type, failure.region, failure.error
        );
    }
    eprintln!(
        "{} live resources in {} region(s)",
        snapshot.resources.len(),
        snapshot.regions.len()
    );
    if !scan.coverage.not_scanned.is_empty() && !args.allow_partial {
        return Ok(exit::ERROR);
    }
    Ok(exit::CLEAN)
}
