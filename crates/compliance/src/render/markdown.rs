use std::fmt::Write as _;

use crate::evidence::Evidence;
use crate::posture::{ControlPosture, Posture, Status};

/// The posture as Markdown: summary, inputs, posture per group, then each control with its
/// evidence. Meant for pull-request comments, wikis and audit folders.
pub fn markdown(posture: &Posture) -> String {
    let mut out = String::new();
    let p = posture;
    let s = &p.summary;
    let _ = writeln!(out, "# Compliance report: {}\n", p.framework.title);
    let _ = writeln!(
        out,
        "Generated {} by {}. Framework published by {}: <{}>.\n",
        p.generated_at, p.generator, p.framework.publisher, p.framework.source
    );
    if !s.complete {
        out.push_str("> **Incomplete inputs.** Passing controls may hide what was not read:\n");
        for input in p.inputs.iter().filter(|i| !i.complete) {
            for note in &input.notes {
                let _ = writeln!(out, "> - `{}`: {}", cell(&input.path), cell(note));
            }
        }
        out.push('\n');
    }

    out.push_str("## Summary\n\n| | controls |\n|---|---:|\n");
    for (label, n) in [
        ("Failing", s.failing),
        ("Passing", s.passing),
        ("Not assessed", s.not_assessed),
        ("Manual", s.manual),
        ("**Total**", s.controls),
    ] {
        let _ = writeln!(out, "| {label} | {n} |");
    }
    let _ = writeln!(
        out,
        "\nAutomated coverage: **{}%** ({} of {} controls have an automated check; {} assessed by \
         these inputs).\n",
        s.coverage_percent, s.automated, s.controls, s.assessed
    );
    out.push_str("| severity | failing evidence |\n|---|---:|\n");
    for (severity, n) in s.findings_by_severity.iter().rev() {
        let _ = writeln!(out, "| {} | {n} |", severity.as_str());
    }
    let _ = writeln!(
        out,
        "\n{} suppressed, {} inconclusive.\n",
        s.suppressed, s.inconclusive
    );

    out.push_str(
        "## Inputs\n\n| source | file | checks run | complete | notes |\n|---|---|---:|---|---|\n",
    );
    for input in &p.inputs {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            input.source.as_str(),
            cell(&input.path),
            input.checks.len(),
            if input.complete { "yes" } else { "**no**" },
            cell(&input.notes.join("; "))
        );
    }

    out.push_str("\n## Posture by group\n\n| group | controls | failing | passing | not assessed | manual |\n|---|---:|---:|---:|---:|---:|\n");
    for g in &p.groups {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&g.name),
            g.controls,
            g.failing,
            g.passing,
            g.not_assessed,
            g.manual
        );
    }

    out.push_str("\n## Controls\n\n| control | name | status | checks | evidence |\n|---|---|---|---|---:|\n");
    for c in &p.controls {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&c.id),
            cell(&c.name),
            status_cell(c.status),
            checks_cell(c),
            c.evidence.len()
        );
    }

    for c in p
        .controls
        .iter()
        .filter(|c| !c.evidence.is_empty() || !c.notes.is_empty())
    {
        let _ = writeln!(out, "\n### {} {} — {}\n", c.id, c.name, c.status.label());
        for note in &c.notes {
            let _ = writeln!(out, "> {}\n", cell(note));
        }
        if c.evidence.is_empty() {
            continue;
        }
        out.push_str("| state | severity | check | resource | location | details |\n|---|---|---|---|---|---|\n");
        for e in &c.evidence {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} | {} |",
                e.state.as_str(),
                e.severity.as_str(),
                cell(&e.check),
                e.resource
                    .as_deref()
                    .map_or(String::new(), |r| format!("`{}`", cell(r))),
                cell(e.location.as_deref().unwrap_or("")),
                cell(&details(e))
            );
        }
    }
    out
}

fn status_cell(status: Status) -> &'static str {
    match status {
        Status::Failing => "**failing**",
        Status::Passing => "passing",
        Status::NotAssessed => "not assessed",
        Status::Manual => "manual",
    }
}

fn checks_cell(c: &ControlPosture) -> String {
    c.checks
        .iter()
        .map(|r| {
            if r.ran {
                format!("`{}`", cell(&r.id))
            } else {
                format!("`{}` (not run)", cell(&r.id))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message, then who, how and when, and the reason of a suppression or inconclusive check.
pub(super) fn details(e: &Evidence) -> String {
    let mut parts = vec![if e.message.is_empty() {
        e.title.clone()
    } else {
        format!("{}: {}", e.title, e.message)
    }];
    if let Some(actor) = &e.actor {
        parts.push(format!("by {actor}"));
    }
    if let Some(channel) = &e.channel {
        parts.push(format!("via {channel}"));
    }
    match (&e.first_seen, &e.last_seen) {
        (Some(first), Some(last)) if first != last => parts.push(format!("{first} – {last}")),
        (Some(at), _) | (None, Some(at)) => parts.push(format!("at {at}")),
        (None, None) => {}
    }
    if let Some(reason) = &e.reason {
        parts.push(format!("({reason})"));
    }
    parts.join("; ")
}

/// Text safe inside a Markdown table cell: pipes escaped, line breaks flattened, and HTML
/// metacharacters escaped since most renderers accept inline HTML.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
    out
}
