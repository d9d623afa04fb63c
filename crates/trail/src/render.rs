//! Renderers for trail findings: text, the versioned JSON document (`docs/trail-json.md`), NDJSON
//! for a SIEM and Markdown; and the generated join reference (`docs/trail-join.md`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::findings::{TrailFinding, OUT_OF_BAND_RULE, UNSANCTIONED_IAC_RULE};
use crate::ingest::Stats;
use crate::join;

/// The `schema_version` of [`json`] and [`ndjson`]. Adding fields keeps it; renaming, removing or
/// changing the meaning of one bumps it.
pub const TRAIL_SCHEMA_VERSION: u32 = 1;

/// Counts over a set of findings, as the JSON `summary` carries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub findings: usize,
    pub high: usize,
    pub medium: usize,
    pub out_of_band: usize,
    pub unsanctioned_iac: usize,
    /// Events behind the findings (the sum of `event_count`).
    pub events: usize,
    /// Findings on a resource the state manages / does not manage (both 0 without a state).
    pub managed: usize,
    pub unmanaged: usize,
}

impl Summary {
    pub fn of(findings: &[TrailFinding]) -> Self {
        let count = |p: &dyn Fn(&TrailFinding) -> bool| findings.iter().filter(|f| p(f)).count();
        Summary {
            findings: findings.len(),
            high: count(&|f| f.severity == "high"),
            medium: count(&|f| f.severity == "medium"),
            out_of_band: count(&|f| f.rule == OUT_OF_BAND_RULE),
            unsanctioned_iac: count(&|f| f.rule == UNSANCTIONED_IAC_RULE),
            events: findings.iter().map(|f| f.event_count).sum(),
            managed: count(&|f| f.managed == Some(true)),
            unmanaged: count(&|f| f.managed == Some(false)),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    checks: &'a [&'static str],
    summary: DocumentSummary<'a>,
    findings: &'a [TrailFinding],
}

#[derive(Serialize)]
struct DocumentSummary<'a> {
    #[serde(flatten)]
    counts: Summary,
    /// What was read, so that "no findings" can be told apart from "nothing read".
    input: &'a Stats,
}

#[derive(Serialize)]
struct Line<'a> {
    schema_version: u32,
    #[serde(flatten)]
    finding: &'a TrailFinding,
}

/// The versioned JSON document: `{"schema_version":1,"checks":[…],"summary":{…},"findings":[…]}`;
/// `checks` are the detections the run performed ([`crate::findings::detections_run`]).
pub fn json(findings: &[TrailFinding], stats: &Stats, checks: &[&'static str]) -> String {
    let doc = Document {
        schema_version: TRAIL_SCHEMA_VERSION,
        checks,
        summary: DocumentSummary {
            counts: Summary::of(findings),
            input: stats,
        },
        findings,
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("findings serialise");
    text.push('\n');
    text
}

/// One finding per line, each carrying `schema_version`, for a SIEM that ingests line by line.
pub fn ndjson(findings: &[TrailFinding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let line = Line {
            schema_version: TRAIL_SCHEMA_VERSION,
            finding,
        };
        out.push_str(&serde_json::to_string(&line).expect("finding serialises"));
        out.push('\n');
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary_line(findings: &[TrailFinding], stats: &Stats) -> String {
    let s = Summary::of(findings);
    let mut line = format!(
        "{} ({} high, {} medium): {}, {}, from {}; read {} in {}: {}",
        plural(s.findings, "finding", "findings"),
        s.high,
        s.medium,
        plural(s.out_of_band, "out-of-band change", "out-of-band changes"),
        plural(
            s.unsanctioned_iac,
            "unsanctioned IaC run",
            "unsanctioned IaC runs"
        ),
        plural(s.events, "event", "events"),
        plural(stats.records as usize, "record", "records"),
        plural(stats.files as usize, "file", "files"),
        plural(stats.writes as usize, "write", "writes"),
    );
    if stats.duplicates > 0 {
        let _ = write!(line, ", {} duplicate(s) dropped", stats.duplicates);
    }
    if stats.failed_files > 0 {
        let _ = write!(
            line,
            "; {} could not be read completely",
            plural(stats.failed_files as usize, "file", "files")
        );
    }
    line
}

/// `module.net.aws_security_group.web (sg-1, eu-west-1)` with a state, `aws_iam_user alice` and
/// `, not in the state` for an unmanaged one, or a note for an event that joined nothing.
fn resource_text(f: &TrailFinding) -> String {
    let (Some(kind), Some(id)) = (f.resource_type, f.resource_id.as_deref()) else {
        return match &f.region {
            Some(region) => format!("no Terraform resource joined ({region})"),
            None => "no Terraform resource joined".to_string(),
        };
    };
    match (&f.address, &f.region) {
        (Some(address), Some(region)) => format!("{address} ({id}, {region})"),
        (Some(address), None) => format!("{address} ({id})"),
        (None, region) => {
            let mut text = format!("{kind} {id}");
            if let Some(region) = region {
                let _ = write!(text, " ({region})");
            }
            if f.managed == Some(false) {
                text.push_str(", not in the state");
            }
            text
        }
    }
}

fn actor_text(f: &TrailFinding) -> String {
    let mut text = f.actor.clone();
    if let Some(arn) = &f.principal_arn {
        if arn != &f.actor {
            let _ = write!(text, " as {arn}");
        }
    }
    if let Some(account) = &f.account {
        let _ = write!(text, " (account {account})");
    }
    text
}

fn mitre_text(f: &TrailFinding) -> String {
    format!("{} {}", f.tactic, f.techniques.join(", "))
}

/// Plain text, most severe first, with the events of each finding and a summary (no colour).
pub fn text(findings: &[TrailFinding], stats: &Stats) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{:<6}  {}  {}",
            f.severity.to_uppercase(),
            f.rule,
            f.title
        );
        let _ = writeln!(out, "  resource  {}", resource_text(f));
        let _ = writeln!(out, "  actor     {}", actor_text(f));
        let channel = match &f.tool {
            Some(tool) => format!("{} ({tool})", f.channels.join(", ")),
            None => f.channels.join(", "),
        };
        let _ = writeln!(out, "  channel   {channel}");
        let when = if f.first_seen == f.last_seen {
            f.first_seen.to_string()
        } else {
            format!("{} .. {}", f.first_seen, f.last_seen)
        };
        let _ = writeln!(
            out,
            "  when      {when} ({})",
            plural(f.event_count, "event", "events")
        );
        let _ = writeln!(out, "  mitre     {}", mitre_text(f));
        for e in &f.events {
            let _ = write!(
                out,
                "    {}  {} {}  {}",
                e.event_time, e.event_source, e.event_name, e.channel
            );
            if let Some(ip) = &e.source_ip {
                let _ = write!(out, "  from {ip}");
            }
            if !e.event_id.is_empty() {
                let _ = write!(out, "  id {}", e.event_id);
            }
            out.push('\n');
        }
        if f.event_count > f.events.len() {
            let _ = writeln!(
                out,
                "    … {} not shown",
                plural(
                    f.event_count - f.events.len(),
                    "older event",
                    "older events"
                )
            );
        }
        out.push('\n');
    }
    if findings.is_empty() {
        // Never a clean bill of health for input that was not (completely) read.
        out.push_str(if stats.files == 0 {
            "No CloudTrail log file was read.\n"
        } else if stats.failed_files > 0 {
            "No out-of-band changes in what could be read; some files could not be read completely.\n"
        } else {
            "No out-of-band changes: every write went through IaC, a pipeline principal or an AWS service.\n"
        });
    }
    let _ = writeln!(out, "Summary: {}", summary_line(findings, stats));
    out
}

fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\r', '\n'], " ")
}

/// A Markdown report (PR comments, tickets): the summary and one table row per finding.
pub fn markdown(findings: &[TrailFinding], stats: &Stats) -> String {
    let s = Summary::of(findings);
    let mut out = String::from("## driftguard trail report\n\n");
    out.push_str(
        "| findings | high | medium | out-of-band changes | unsanctioned IaC runs | events | records read | writes |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        s.findings,
        s.high,
        s.medium,
        s.out_of_band,
        s.unsanctioned_iac,
        s.events,
        stats.records,
        stats.writes
    );
    if stats.failed_files > 0 {
        let _ = writeln!(
            out,
            "\n> **Incomplete:** {} could not be read completely.",
            plural(stats.failed_files as usize, "file", "files")
        );
    }
    if findings.is_empty() {
        out.push_str("\nNo out-of-band changes.\n");
        return out;
    }
    out.push_str(
        "\n| severity | rule | finding | resource | actor | channel | first seen | last seen | events | MITRE ATT&CK |\n\
         |---|---|---|---|---|---|---|---|---:|---|\n",
    );
    for f in findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            f.severity,
            f.rule,
            md_cell(&f.title),
            md_cell(&resource_text(f)),
            md_cell(&actor_text(f)),
            md_cell(&f.channels.join(", ")),
            f.first_seen,
            f.last_seen,
            f.event_count,
            md_cell(&mitre_text(f)),
        );
    }
    out
}

/// The command that regenerates `docs/trail-join.md` (the staleness test names it).
pub const JOIN_REFERENCE_COMMAND: &str =
    "DRIFTGUARD_BLESS=1 cargo test -p driftguard-trail --lib join_reference";

/// `docs/trail-join.md`: the join table ([`join::markdown`]) with how to read it. Generated so
/// that the documentation cannot drift from the table the code uses.
pub fn join_reference() -> String {
    let entries = join::table().len();
    let rows = join::rows().count();
    let mut out = String::from("# CloudTrail events joined to Terraform resources\n\n");
    let _ = writeln!(
        out,
        "<!-- Generated from `driftguard_trail::join`; do not edit by hand. Regenerate with `{JOIN_REFERENCE_COMMAND}`. -->\n"
    );
    let _ = writeln!(
        out,
        "`driftguard trail` maps each write event to the Terraform resources it changes with this \
         table: {entries} (eventSource, eventName) entries, {rows} rows (one per resource type an \
         entry can produce)."
    );
    out.push_str(
        "\n\
- **id** is where the resource id comes from: request parameters by their bare name, response \
fields as `responseElements.…`. Ids are those terraform-provider-aws stores in state, or, where \
the provider makes its id up, the key the drift engine matches on (memberships by user or group, \
attachments by `principal/policy_arn`, `aws_security_group_rule` by \
`{sg}_{type}_{protocol}_{from}_{to}_{source}`).\n\
- An event lists its most specific resource first and its container last (the rule, then its \
security group); with `--state`, a finding names the first one the state manages.\n\
- **severity** is that of an out-of-band change through the event; an unsanctioned IaC run is \
always high. Events that join nothing are still findings, at medium.\n\
- Every entry carries MITRE ATT&CK T1496.004 (tactic TA0040), then the specific technique.\n\
- Lambda event names carry an API version (`UpdateFunctionCode20150331v2`); the table lists them \
without it.\n\n",
    );
    out.push_str(&join::markdown());
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// `docs/trail-join.md` is the generated reference; `DRIFTGUARD_BLESS=1` rewrites it.
    #[test]
    fn join_reference_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/trail-join.md");
        let generated = super::join_reference();
        if std::env::var_os("DRIFTGUARD_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &generated).expect("write docs/trail-join.md");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/trail-join.md is stale: run `{}`",
            super::JOIN_REFERENCE_COMMAND
        );
    }
}
