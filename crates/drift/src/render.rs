//! Renderers for a [`DriftReport`]: text, JSON, Markdown and self-contained HTML.

use std::fmt::Write as _;

use driftguard_model::Value;

use crate::report::{DiffKind, Difference, Drift, DriftClass, DriftEvent, DriftReport};

const CLASSES: [(DriftClass, &str); 3] = [
    (DriftClass::Changed, "Changed"),
    (DriftClass::Missing, "Missing"),
    (DriftClass::Unmanaged, "Unmanaged"),
];

fn show(value: &Option<Value>) -> String {
    match value {
        Some(v) => v.to_string(),
        None => "(absent)".into(),
    }
}

/// The classes that have drifts, in report order: (class, title, its drifts).
fn by_class(report: &DriftReport) -> impl Iterator<Item = (DriftClass, &'static str, Vec<&Drift>)> {
    CLASSES.into_iter().filter_map(|(class, title)| {
        let drifts: Vec<&Drift> = report.drifts.iter().filter(|d| d.class == class).collect();
        (!drifts.is_empty()).then_some((class, title, drifts))
    })
}

fn summary_line(report: &DriftReport) -> String {
    let s = &report.summary;
    format!(
        "{} declared: {} managed, {} changed, {} missing, {} not scanned; {} unmanaged; coverage {:.2}%",
        s.declared, s.managed, s.changed, s.missing, s.not_scanned, s.unmanaged, s.coverage_percent
    )
}

fn location(drift: &Drift) -> String {
    match &drift.address {
        Some(address) => format!("{address} (id {}, {})", drift.cloud_id, drift.region),
        None => format!(
            "{} (id {}, {})",
            drift.resource_type, drift.cloud_id, drift.region
        ),
    }
}

fn symbol(kind: DiffKind) -> char {
    match kind {
        DiffKind::Add => '+',
        DiffKind::Remove => '-',
        DiffKind::NotEqual => '~',
    }
}

fn difference_text(d: &Difference) -> String {
    match d.kind {
        DiffKind::Add => format!("{}: {}", d.path, show(&d.actual)),
        DiffKind::Remove => format!("{}: {}", d.path, show(&d.expected)),
        DiffKind::NotEqual => format!("{}: {} => {}", d.path, show(&d.expected), show(&d.actual)),
    }
}

/// `time source:name by actor via channel from ip`.
fn event_line(e: &DriftEvent) -> String {
    let service = e.event_source.trim_end_matches(".amazonaws.com");
    let mut line = format!(
        "{} {service}:{} by {} via {}",
        e.event_time, e.event_name, e.actor, e.channel
    );
    if let Some(ip) = &e.source_ip {
        line.push_str(&format!(" from {ip}"));
    }
    line
}

/// Drifts that CloudTrail events explain (`drift --trail`).
fn explained(report: &DriftReport) -> impl Iterator<Item = (&Drift, &DriftEvent)> {
    report
        .drifts
        .iter()
        .flat_map(|d| d.events.iter().map(move |e| (d, e)))
}

/// `Not compared: …` for declared types without a live collector, or `None`.
fn unsupported_line(report: &DriftReport) -> Option<String> {
    if report.unsupported.is_empty() {
        return None;
    }
    let types: Vec<String> = report
        .unsupported
        .iter()
        .map(|u| format!("{} ({})", u.resource_type, u.declared))
        .collect();
    Some(format!(
        "Not compared: {} declared resource(s) of types the live side does not read: {}",
        report.summary.unsupported,
        types.join(", ")
    ))
}

/// Plain text grouped by class, with a summary and coverage (no colour).
pub fn text(report: &DriftReport) -> String {
    let mut out = String::new();
    if !report.complete {
        let _ = writeln!(
            out,
            "INCOMPLETE: {} declared resource(s) could not be compared; the live side failed to read:",
            report.not_scanned.len()
        );
        for f in &report.scan_failures {
            let _ = writeln!(out, "  {} in {}: {}", f.resource_type, f.region, f.error);
        }
        out.push('\n');
    }
    for (_, title, drifts) in by_class(report) {
        let _ = writeln!(out, "{title} ({}):", drifts.len());
        for drift in drifts {
            let _ = writeln!(out, "  {}", location(drift));
            for d in &drift.differences {
                let _ = writeln!(
                    out,
                    "    {} {}  [{}]",
                    symbol(d.kind),
                    difference_text(d),
                    d.kind.as_str()
                );
            }
            for e in &drift.events {
                let _ = writeln!(out, "    ↳ {}", event_line(e));
            }
        }
        out.push('\n');
    }
    if !report.not_scanned.is_empty() {
        let _ = writeln!(out, "Not scanned ({}):", report.not_scanned.len());
        for r in &report.not_scanned {
            let _ = writeln!(out, "  {} ({}): {}", r.address, r.region, r.error);
        }
        out.push('\n');
    }
    if let Some(line) = unsupported_line(report) {
        let _ = writeln!(out, "{line}\n");
    }
    if report.drifts.is_empty() && report.complete {
        out.push_str("No drift: live infrastructure matches the state.\n");
    }
    let _ = writeln!(out, "Summary: {}", summary_line(report));
    out
}

/// The versioned JSON report (`docs/drift-json.md`).
pub fn json(report: &DriftReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("report serialises");
    text.push('\n');
    text
}

/// `| a | b |`, each cell escaped.
fn md_row<const N: usize>(out: &mut String, cells: [&str; N]) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(&md_cell(cell));
        out.push_str(" |");
    }
    out.push('\n');
}

fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

/// GitHub-flavoured Markdown, e.g. for a pull-request comment.
pub fn markdown(report: &DriftReport) -> String {
    let mut out = String::from("## driftguard drift report\n\n");
    if !report.complete {
        out.push_str("> **Incomplete:** some resource types or regions could not be read.\n\n");
    }
    let s = &report.summary;
    out.push_str(
        "| declared | managed | changed | missing | unmanaged | not scanned | coverage |\n",
    );
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {:.2}% |\n",
        s.declared, s.managed, s.changed, s.missing, s.unmanaged, s.not_scanned, s.coverage_percent
    );
    for (class, title, drifts) in by_class(report) {
        let _ = writeln!(out, "### {title} ({})\n", drifts.len());
        if class == DriftClass::Changed {
            out.push_str(
                "| resource | attribute | kind | expected | actual |\n|---|---|---|---|---|\n",
            );
            for drift in drifts {
                for d in &drift.differences {
                    md_row(
                        &mut out,
                        [
                            &drift.display_name(),
                            &d.path,
                            d.kind.as_str(),
                            &show(&d.expected),
                            &show(&d.actual),
                        ],
                    );
                }
            }
        } else {
            out.push_str("| type | address | cloud id | region |\n|---|---|---|---|\n");
            for drift in drifts {
                md_row(
                    &mut out,
                    [
                        &drift.resource_type,
                        drift.address.as_deref().unwrap_or(""),
                        &drift.cloud_id,
                        &drift.region,
                    ],
                );
            }
        }
        out.push('\n');
    }
    if explained(report).next().is_some() {
        out.push_str("### Explained by CloudTrail\n\n");
        out.push_str("| resource | time | event | actor | channel | source IP |\n|---|---|---|---|---|---|\n");
        for (drift, e) in explained(report) {
            md_row(
                &mut out,
                [
                    &drift.display_name(),
                    &e.event_time,
                    &e.event_name,
                    &e.actor,
                    &e.channel,
                    e.source_ip.as_deref().unwrap_or(""),
                ],
            );
        }
        out.push('\n');
    }
    if !report.not_scanned.is_empty() {
        let _ = writeln!(out, "### Not scanned ({})\n", report.not_scanned.len());
        out.push_str("| address | region | error |\n|---|---|---|\n");
        for r in &report.not_scanned {
            md_row(&mut out, [&r.address, &r.region, &r.error]);
        }
        out.push('\n');
    }
    if let Some(line) = unsupported_line(report) {
        let _ = writeln!(out, "{}\n", md_cell(&line));
    }
    out
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\
table{border-collapse:collapse;margin-bottom:1.5rem}\
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\
code{font-family:ui-monospace,monospace}.warn{background:#fff3cd;padding:.5rem}\
.ADD{color:#1a7f37}.REMOVE{color:#cf222e}.NOT_EQUAL{color:#9a6700}";

/// One self-contained HTML file: inline CSS, no scripts, no external resources, all content
/// escaped.
pub fn html(report: &DriftReport) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = write!(
        out,
        "<title>driftguard drift report</title><style>{STYLE}</style></head><body>\n<h1>driftguard drift report</h1>\n"
    );
    if !report.complete {
        out.push_str("<p class=\"warn\"><strong>Incomplete:</strong> some resource types or regions could not be read.</p>\n");
    }
    let _ = writeln!(out, "<p>{}</p>", esc(&summary_line(report)));
    if let Some(line) = unsupported_line(report) {
        let _ = writeln!(out, "<p>{}</p>", esc(&line));
    }
    for (class, title, drifts) in by_class(report) {
        let _ = writeln!(out, "<h2>{title} ({})</h2>", drifts.len());
        if class == DriftClass::Changed {
            out.push_str("<table><tr><th>resource</th><th>attribute</th><th>kind</th><th>expected</th><th>actual</th></tr>\n");
            for drift in drifts {
                for d in &drift.differences {
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td><code>{}</code></td><td class=\"{kind}\">{kind}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                        esc(&location(drift)),
                        esc(&d.path),
                        esc(&show(&d.expected)),
                        esc(&show(&d.actual)),
                        kind = d.kind.as_str()
                    );
                }
            }
        } else {
            out.push_str(
                "<table><tr><th>type</th><th>address</th><th>cloud id</th><th>region</th></tr>\n",
            );
            for drift in drifts {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                    esc(&drift.resource_type),
                    esc(drift.address.as_deref().unwrap_or("")),
                    esc(&drift.cloud_id),
                    esc(&drift.region)
                );
            }
        }
        out.push_str("</table>\n");
    }
    if explained(report).next().is_some() {
        out.push_str(
            "<h2>Explained by CloudTrail</h2>\n<table><tr><th>resource</th><th>event</th></tr>\n",
        );
        for (drift, e) in explained(report) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&drift.display_name()),
                esc(&event_line(e))
            );
        }
        out.push_str("</table>\n");
    }
    if !report.not_scanned.is_empty() {
        let _ = writeln!(out, "<h2>Not scanned ({})</h2>", report.not_scanned.len());
        out.push_str("<table><tr><th>address</th><th>region</th><th>error</th></tr>\n");
        for r in &report.not_scanned {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.address),
                esc(&r.region),
                esc(&r.error)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
