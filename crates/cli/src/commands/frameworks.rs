//! `driftguard frameworks` and `driftguard explain <control>`: the compliance frameworks, and
//! which checks assess a control.

use std::fmt::Write as _;

use anyhow::Result;
use clap::{Args, ValueEnum};
use driftguard_compliance::{frameworks, Catalog, Check, Control, Framework, Source, Topic};
use serde_json::json;

use super::report::catalog;
use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub enum FrameworksFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct FrameworksArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: FrameworksFormat,
}

/// Controls of `f` that at least one check assesses.
fn automated(f: &Framework, catalog: &Catalog) -> usize {
    let mut ids: Vec<&str> = catalog
        .checks()
        .iter()
        .flat_map(|c| c.mapping.controls_in(f))
        .map(|c| c.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

pub fn list(args: FrameworksArgs) -> Result<u8> {
    let catalog = catalog();
    let out = match args.format {
        FrameworksFormat::Json => {
            let list: Vec<_> = frameworks()
                .iter()
                .map(|f| {
                    json!({
                        "id": f.id,
                        "name": f.name,
                        "version": f.version,
                        "publisher": f.publisher,
                        "source": f.source,
                        "controls": f.controls.len(),
                        "automated": automated(f, &catalog),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
        FrameworksFormat::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{:<12} {:>8} {:>9}  FRAMEWORK",
                "ID", "CONTROLS", "AUTOMATED"
            );
            for f in frameworks() {
                let _ = writeln!(
                    out,
                    "{:<12} {:>8} {:>9}  {}",
                    f.id,
                    f.controls.len(),
                    automated(f, &catalog),
                    f.title()
                );
            }
            out.push_str(
                "\nAUTOMATED: controls at least one scan rule, drift class or trail detection \
                 assesses.\n`driftguard explain <control>` shows which; `driftguard report \
                 --framework <id>` assesses them.\n",
            );
            out
        }
    };
    print!("{out}");
    Ok(exit::CLEAN)
}

/// The controls `query` names: `iso27001:A.8.9` in one framework, or a bare id (`A.8.9`, `1.4`)
/// in every framework that defines it.
pub fn find_controls(query: &str) -> Vec<(&'static Framework, &'static Control)> {
    let (only, id) = match query.split_once(':') {
        Some((framework, id)) => (Some(framework), id),
        None => (None, query),
    };
    frameworks()
        .iter()
        .filter(|f| only.is_none_or(|wanted| f.id == wanted))
        .filter_map(|f| f.control(id).map(|c| (f, c)))
        .collect()
}

/// `explain` for a control, or for a check that is not a scan rule (`drift-changed`,
/// `aws-out-of-band-change`). `None` when `query` is neither.
pub fn explain(query: &str) -> Option<Result<u8>> {
    let catalog = catalog();
    if let Some(check) = catalog.get(query).filter(|c| c.source != Source::Scan) {
        print!("{}", explain_check(check));
        return Some(Ok(exit::CLEAN));
    }
    let found = find_controls(query);
    if found.is_empty() {
        return None;
    }
    let mut out = String::new();
    for (i, (f, control)) in found.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&explain_control(f, control, &catalog));
    }
    print!("{out}");
    Some(Ok(exit::CLEAN))
}

fn explain_control(f: &Framework, control: &Control, catalog: &Catalog) -> String {
    let mut out = String::new();
    let group = f
        .groups
        .iter()
        .find(|g| g.id == control.group)
        .map_or(control.group.as_str(), |g| g.name.as_str());
    let _ = writeln!(
        out,
        "{} {} ({}:{})",
        control.id, control.name, f.id, control.id
    );
    let _ = writeln!(out, "Framework: {}", f.title());
    let _ = writeln!(out, "Group:     {group}");
    let topics: Vec<&str> = Topic::ALL
        .iter()
        .filter(|t| f.topic_controls(**t).contains(&control.id))
        .map(|t| t.as_str())
        .collect();
    if !topics.is_empty() {
        let _ = writeln!(out, "Topics:    {}", topics.join(", "));
    }
    let checks = catalog.assessing(f, control);
    if checks.is_empty() {
        let _ = writeln!(
            out,
            "\nNo automated check assesses this control: a report lists it as `manual`; \
             gather its evidence by hand."
        );
        return out;
    }
    for source in [Source::Scan, Source::Drift, Source::Trail] {
        let of_source: Vec<&&Check> = checks.iter().filter(|c| c.source == source).collect();
        if of_source.is_empty() {
            continue;
        }
        let heading = match source {
            Source::Scan => "Scan rules (driftguard scan)",
            Source::Drift => "Drift classes (driftguard drift)",
            Source::Trail => "Trail detections (driftguard trail)",
        };
        let _ = writeln!(out, "\n{heading}: {}", of_source.len());
        let width = of_source.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in of_source {
            let _ = writeln!(out, "  {:<width$}  {}", c.id, c.title);
        }
    }
    out
}

fn explain_check(check: &Check) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", check.title, check.id);
    let _ = writeln!(out, "Source: driftguard {}", check.source.as_str());
    let topics: Vec<&str> = check.mapping.topics.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(out, "Topics: {}", topics.join(", "));
    out.push_str("\nControls\n");
    for f in frameworks() {
        let controls = check.mapping.controls_in(f);
        if controls.is_empty() {
            continue;
        }
        let ids: Vec<String> = controls
            .iter()
            .map(|c| format!("{} {}", c.id, c.name))
            .collect();
        let _ = writeln!(out, "  {}: {}", f.name, ids.join("; "));
    }
    out
}
