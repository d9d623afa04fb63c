//! The posture as one self-contained HTML page: inline CSS, charts as inline SVG, no script and
//! no resource loaded from anywhere (a Content-Security-Policy forbids it), so the file can be
//! mailed, archived and opened offline. Every text is escaped; the same posture always renders
//! the same bytes.

use std::fmt::{self, Display, Write};

use crate::evidence::{Evidence, EvidenceState, Input, Severity};
use crate::posture::{CheckRun, ControlPosture, GroupPosture, Posture, Status, Summary};

/// `write!` to a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// The posture as one self-contained HTML page.
pub fn html(posture: &Posture) -> String {
    let mut out = String::with_capacity(64 * 1024 + posture.controls.len() * 512);
    head(&mut out, posture);
    out.push_str("<body>\n");
    header(&mut out, posture);
    out.push_str("<main>\n");
    summary_section(&mut out, posture);
    charts_section(&mut out, posture);
    inputs_section(&mut out, &posture.inputs);
    controls_section(&mut out, posture);
    out.push_str("</main>\n");
    footer(&mut out, posture);
    out.push_str("</body>\n</html>\n");
    out
}

// ---- text -----------------------------------------------------------------------------------

/// Text escaped for HTML content and quoted attribute values.
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// `1 control`, `2 controls`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number of SVG user units, rounded to two decimals (deterministic, no `-0`).
struct Num(f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = (self.0 * 100.0).round() / 100.0;
        if rounded == 0.0 {
            f.write_str("0")
        } else {
            write!(f, "{rounded}")
        }
    }
}

/// The CSS class fragment of a status: `failing`, `not-assessed`.
fn status_class(status: Status) -> &'static str {
    match status {
        Status::Failing => "failing",
        Status::Passing => "passing",
        Status::NotAssessed => "not-assessed",
        Status::Manual => "manual",
    }
}

/// `Not assessed`.
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn status_count(summary: &Summary, status: Status) -> usize {
    match status {
        Status::Failing => summary.failing,
        Status::Passing => summary.passing,
        Status::NotAssessed => summary.not_assessed,
        Status::Manual => summary.manual,
    }
}

fn group_count(group: &GroupPosture, status: Status) -> usize {
    match status {
        Status::Failing => group.failing,
        Status::Passing => group.passing,
        Status::NotAssessed => group.not_assessed,
        Status::Manual => group.manual,
    }
}

fn status_badge(out: &mut String, status: Status) {
    w!(
        out,
        "<span class=\"badge status-{}\">{}</span>",
        status_class(status),
        status.label()
    );
}

fn severity_badge(out: &mut String, severity: Severity) {
    let s = severity.as_str();
    w!(out, "<span class=\"badge sev sev-{s}\">{s}</span>");
}

/// A link to `url` when it is a web address, else the text alone.
fn link(out: &mut String, url: &str, text: &str) {
    if url.starts_with("https://") || url.starts_with("http://") {
        w!(
            out,
            "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
            Esc(url),
            Esc(text)
        );
    } else {
        w!(out, "{}", Esc(text));
    }
}

// ---- page frame -----------------------------------------------------------------------------

fn head(out: &mut String, p: &Posture) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may load from anywhere: the report must read the same offline, years later.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    w!(
        out,
        "<meta name=\"generator\" content=\"{}\">\n",
        Esc(&p.generator)
    );
    w!(
        out,
        "<title>{} compliance report</title>\n",
        Esc(&p.framework.title)
    );
    w!(out, "<style>\n{CSS}</style>\n</head>\n");
}

fn header(out: &mut String, p: &Posture) {
    let f = &p.framework;
    out.push_str("<header class=\"page-header\">\n<div class=\"wrap\">\n");
    out.push_str("<p class=\"eyebrow\">Compliance report</p>\n");
    w!(out, "<h1>{}</h1>\n", Esc(&f.title));
    w!(
        out,
        "<p class=\"meta\">Version {} · published by {} · ",
        Esc(&f.version),
        Esc(&f.publisher)
    );
    link(out, &f.source, "official text");
    out.push_str("</p>\n</div>\n</header>\n");
}

fn footer(out: &mut String, p: &Posture) {
    out.push_str("<footer class=\"page-footer\">\n<div class=\"wrap\">\n");
    w!(
        out,
        "<p>Generated by {} at {}. This file is self-contained: it needs no network access \
         to view or print.</p>\n",
        Esc(&p.generator),
        Esc(&p.generated_at)
    );
    out.push_str("<p>Control names are short paraphrases; the authoritative wording is the ");
    link(out, &p.framework.source, "official text");
    out.push_str(" of the framework.</p>\n</div>\n</footer>\n");
}

// ---- summary --------------------------------------------------------------------------------

fn summary_section(out: &mut String, p: &Posture) {
    let s = &p.summary;
    out.push_str("<section id=\"summary\" class=\"wrap\">\n<h2>Summary</h2>\n");
    report_facts(out, p);
    if !s.complete {
        incomplete_warning(out, &p.inputs);
    }
    out.push_str("<div class=\"summary-grid\">\n");
    coverage_donut(out, s);
    out.push_str("<div class=\"kpis\">\n<dl class=\"cards status-cards\">\n");
    for status in Status::ALL {
        let n = status_count(s, status);
        w!(
            out,
            "<div class=\"card card-{}\"><dt>{}</dt><dd>{n}</dd><dd class=\"sub\">{}</dd></div>\n",
            status_class(status),
            capitalised(status.label()),
            status_explanation(status)
        );
    }
    out.push_str("</dl>\n<dl class=\"cards stat-cards\">\n");
    let failing_evidence: usize = s.findings_by_severity.values().sum();
    let cards = [
        (
            "Controls",
            s.controls.to_string(),
            format!("{} automated · {} manual", s.automated, s.manual),
        ),
        (
            "Coverage",
            format!("{} %", s.coverage_percent),
            format!("{} of {} controls automated", s.automated, s.controls),
        ),
        (
            "Assessed",
            s.assessed.to_string(),
            format!("of {} automated, by the inputs", s.automated),
        ),
        (
            "Findings",
            failing_evidence.to_string(),
            "failing evidence items".to_string(),
        ),
        (
            "Suppressed",
            s.suppressed.to_string(),
            "accepted: shown, not counted".to_string(),
        ),
        (
            "Inconclusive",
            s.inconclusive.to_string(),
            "undecided: shown, not counted".to_string(),
        ),
    ];
    for (label, value, sub) in cards {
        w!(
            out,
            "<div class=\"card\"><dt>{}</dt><dd>{}</dd><dd class=\"sub\">{}</dd></div>\n",
            Esc(label),
            Esc(&value),
            Esc(&sub)
        );
    }
    out.push_str("</dl>\n</div>\n</div>\n</section>\n");
}

/// What was assessed, when and by what.
fn report_facts(out: &mut String, p: &Posture) {
    let f = &p.framework;
    let inputs: Vec<&str> = p.inputs.iter().map(|i| i.path.as_str()).collect();
    let facts = [
        ("Framework", format!("{}, version {}", f.name, f.version)),
        ("Generated", p.generated_at.clone()),
        ("Generator", p.generator.clone()),
        (
            "Inputs",
            if inputs.is_empty() {
                "none".to_string()
            } else {
                inputs.join(", ")
            },
        ),
    ];
    out.push_str("<dl class=\"report-facts\">\n");
    for (term, value) in facts {
        w!(out, "<div><dt>{term}</dt><dd>{}</dd></div>\n", Esc(&value));
    }
    out.push_str("</dl>\n");
}

fn status_explanation(status: Status) -> &'static str {
    match status {
        Status::Failing => "a check reported evidence against it",
        Status::Passing => "its checks ran and reported nothing",
        Status::NotAssessed => "it has checks, but no input ran them",
        Status::Manual => "no automated check: gather evidence by hand",
    }
}

fn incomplete_warning(out: &mut String, inputs: &[Input]) {
    out.push_str(
        "<div class=\"warning\" role=\"note\">\n<p><strong>Incomplete inputs.</strong> \
         Some inputs did not read everything: controls they show as passing may still fail.</p>\n\
         <ul>\n",
    );
    for input in inputs.iter().filter(|i| !i.complete) {
        if input.notes.is_empty() {
            w!(
                out,
                "<li><span class=\"source\">{}</span> <code>{}</code>: incomplete</li>\n",
                input.source.as_str(),
                Esc(&input.path)
            );
        }
        for note in &input.notes {
            w!(
                out,
                "<li><span class=\"source\">{}</span> <code>{}</code>: {}</li>\n",
                input.source.as_str(),
                Esc(&input.path),
                Esc(note)
            );
        }
    }
    out.push_str("</ul>\n</div>\n");
}

// ---- charts ---------------------------------------------------------------------------------

/// Opens an accessible SVG: `role="img"`, labelled by its `<title>` and `<desc>`.
fn svg_open(out: &mut String, id: &str, width: f64, height: f64, title: &str, desc: &str) {
    w!(
        out,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" \
         aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n",
        Num(width),
        Num(height),
        Esc(title),
        Esc(desc)
    );
}

fn rect(out: &mut String, class: &str, (x, y, width, height): (f64, f64, f64, f64), tip: &str) {
    w!(
        out,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">",
        Num(x),
        Num(y),
        Num(width),
        Num(height)
    );
    if tip.is_empty() {
        out.push_str("</rect>\n");
    } else {
        w!(out, "<title>{}</title></rect>\n", Esc(tip));
    }
}

fn text(out: &mut String, class: &str, x: f64, y: f64, content: &str) {
    w!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>\n",
        Num(x),
        Num(y),
        Esc(content)
    );
}

/// The share of each status around a ring, the automated coverage in its middle.
fn coverage_donut(out: &mut String, s: &Summary) {
    out.push_str("<figure class=\"donut\">\n");
    let desc = Status::ALL
        .iter()
        .map(|&st| format!("{} {}", status_count(s, st), st.label()))
        .collect::<Vec<_>>()
        .join(", ");
    svg_open(
        out,
        "chart-coverage",
        42.0,
        42.0,
        &format!("Automated coverage: {} %", s.coverage_percent),
        &format!("{} controls: {desc}", s.controls),
    );
    // r = 100 / 2π: the circumference is 100, so dash lengths are percentages.
    let ring = "cx=\"21\" cy=\"21\" r=\"15.9155\"";
    w!(out, "<circle class=\"ring\" {ring}></circle>\n");
    let mut start = 0.0;
    for status in Status::ALL {
        let n = status_count(s, status);
        if n == 0 || s.controls == 0 {
            continue;
        }
        let share = n as f64 * 100.0 / s.controls as f64;
        w!(
            out,
            "<circle class=\"arc arc-{}\" {ring} stroke-dasharray=\"{} {}\" \
             stroke-dashoffset=\"{}\"><title>{}</title></circle>\n",
            status_class(status),
            Num(share),
            Num(100.0 - share),
            Num(25.0 - start),
            Esc(&format!("{n} {}", status.label()))
        );
        start += share;
    }
    text(
        out,
        "donut-value",
        21.0,
        21.5,
        &format!("{} %", s.coverage_percent),
    );
    text(out, "donut-label", 21.0, 27.0, "automated");
    out.push_str("</svg>\n<figcaption>Controls with an automated check</figcaption>\n");
    out.push_str("</figure>\n");
}

fn charts_section(out: &mut String, p: &Posture) {
    out.push_str("<section id=\"charts\" class=\"wrap\">\n<h2>Posture at a glance</h2>\n");
    out.push_str("<div class=\"chart-grid\">\n");
    out.push_str("<figure class=\"panel\">\n<h3>Controls by theme</h3>\n");
    // Groups without controls (families a framework file does not cover) would be empty rows.
    let groups: Vec<&GroupPosture> = p.groups.iter().filter(|g| g.controls > 0).collect();
    groups_chart(out, &p.framework.title, &groups, &p.summary);
    out.push_str(
        "<figcaption>Status of each control, per theme; bar length is the number of \
         controls.</figcaption>\n</figure>\n",
    );
    out.push_str("<figure class=\"panel\">\n<h3>Failing evidence by severity</h3>\n");
    severity_chart(out, &p.summary);
    let by_source = p
        .summary
        .findings_by_source
        .iter()
        .map(|(source, n)| format!("{} {n}", source.as_str()))
        .collect::<Vec<_>>();
    w!(
        out,
        "<figcaption>Each failing item once, however many controls it concerns. \
         By source: {}.</figcaption>\n</figure>\n",
        Esc(&if by_source.is_empty() {
            "none".to_string()
        } else {
            by_source.join(", ")
        })
    );
    out.push_str("</div>\n</section>\n");
}

const CHART_WIDTH: f64 = 600.0;

/// Stacked horizontal bars: per group, its controls by status.
fn groups_chart(out: &mut String, framework: &str, groups: &[&GroupPosture], s: &Summary) {
    const LEGEND: f64 = 30.0;
    const ROW: f64 = 52.0;
    const BAR: f64 = 20.0;
    let height = LEGEND + ROW * groups.len().max(1) as f64;
    let desc = groups
        .iter()
        .map(|g| {
            let parts: Vec<String> = Status::ALL
                .iter()
                .map(|&st| format!("{} {}", group_count(g, st), st.label()))
                .collect();
            format!("{}: {} controls, {}", g.name, g.controls, parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    svg_open(
        out,
        "chart-groups",
        CHART_WIDTH,
        height,
        &format!("{framework}: controls by theme and status"),
        &desc,
    );
    // Legend, with the framework-wide counts.
    let mut x = 0.0;
    for status in Status::ALL {
        rect(
            out,
            &format!("fill-{}", status_class(status)),
            (x, 4.0, 12.0, 12.0),
            "",
        );
        let label = format!(
            "{} {}",
            capitalised(status.label()),
            status_count(s, status)
        );
        text(out, "legend", x + 17.0, 14.5, &label);
        x += 150.0;
    }
    if groups.is_empty() {
        text(out, "label", 0.0, LEGEND + 20.0, "No groups");
    }
    let largest = groups.iter().map(|g| g.controls).max().unwrap_or(0).max(1) as f64;
    for (i, g) in groups.iter().enumerate() {
        let top = LEGEND + ROW * i as f64;
        text(out, "label", 0.0, top + 14.0, &g.name);
        text(
            out,
            "label end",
            CHART_WIDTH,
            top + 14.0,
            &plural(g.controls, "control", "controls"),
        );
        let bar_y = top + 22.0;
        let mut x = 0.0;
        for status in Status::ALL {
            let n = group_count(g, status);
            if n == 0 {
                continue;
            }
            let width = n as f64 * CHART_WIDTH / largest;
            let tip = format!("{}: {n} {}", g.name, status.label());
            rect(
                out,
                &format!("fill-{}", status_class(status)),
                (x, bar_y, width, BAR),
                &tip,
            );
            if width >= 22.0 {
                let class = format!("count on-{}", status_class(status));
                text(out, &class, x + width / 2.0, bar_y + 14.5, &n.to_string());
            }
            x += width;
        }
    }
    out.push_str("</svg>\n");
}

/// Horizontal bars: failing evidence items per severity, most severe first.
fn severity_chart(out: &mut String, s: &Summary) {
    const ROW: f64 = 36.0;
    const BAR: f64 = 22.0;
    const LABEL: f64 = 86.0;
    const ROOM: f64 = 44.0;
    let count = |sev: Severity| s.findings_by_severity.get(&sev).copied().unwrap_or(0);
    let height = ROW * Severity::ALL.len() as f64;
    let desc = Severity::ALL
        .iter()
        .map(|&sev| format!("{} {}", sev.as_str(), count(sev)))
        .collect::<Vec<_>>()
        .join(", ");
    svg_open(
        out,
        "chart-severity",
        CHART_WIDTH,
        height,
        "Failing evidence by severity",
        &desc,
    );
    let largest = Severity::ALL
        .iter()
        .map(|&sev| count(sev))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let span = CHART_WIDTH - LABEL - ROOM;
    for (i, sev) in Severity::ALL.into_iter().enumerate() {
        let n = count(sev);
        let y = ROW * i as f64 + (ROW - BAR) / 2.0;
        text(out, "label", 0.0, y + 15.5, &capitalised(sev.as_str()));
        rect(out, "track", (LABEL, y, span, BAR), "");
        let width = n as f64 * span / largest;
        if n > 0 {
            let tip = format!("{n} {} failing evidence", sev.as_str());
            rect(
                out,
                &format!("sev-{}", sev.as_str()),
                (LABEL, y, width, BAR),
                &tip,
            );
        }
        text(out, "count", LABEL + width + 8.0, y + 15.5, &n.to_string());
    }
    out.push_str("</svg>\n");
}

// ---- inputs ---------------------------------------------------------------------------------

fn inputs_section(out: &mut String, inputs: &[Input]) {
    out.push_str("<section id=\"inputs\" class=\"wrap\">\n<h2>Inputs</h2>\n");
    if inputs.is_empty() {
        out.push_str("<p class=\"muted\">No input was given: no control could be assessed.</p>\n");
        out.push_str("</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"data inputs\">\n<thead><tr><th scope=\"col\">Source</th>\
         <th scope=\"col\">File</th><th scope=\"col\">Complete</th>\
         <th scope=\"col\" class=\"num\">Evidence</th><th scope=\"col\">Checks run</th>\
         <th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n",
    );
    for input in inputs {
        w!(
            out,
            "<tr><td><span class=\"source\">{}</span></td><td><code>{}</code></td>",
            input.source.as_str(),
            Esc(&input.path)
        );
        if input.complete {
            out.push_str("<td><span class=\"badge complete\">complete</span></td>");
        } else {
            out.push_str("<td><span class=\"badge incomplete\">incomplete</span></td>");
        }
        w!(out, "<td class=\"num\">{}</td><td>", input.evidence);
        let checks = plural(input.checks.len(), "check", "checks");
        if input.checks.is_empty() {
            w!(out, "<span class=\"muted\">{checks}</span>");
        } else {
            w!(
                out,
                "<details class=\"check-list\"><summary>{checks}</summary>"
            );
            for check in &input.checks {
                w!(out, "<code>{}</code> ", Esc(check));
            }
            out.push_str("</details>");
        }
        out.push_str("</td>");
        out.push_str("<td>");
        if input.notes.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        }
        for note in &input.notes {
            w!(out, "<p class=\"note\">{}</p>", Esc(note));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

// ---- controls -------------------------------------------------------------------------------

const CONTROL_COLUMNS: usize = 5;

fn controls_section(out: &mut String, p: &Posture) {
    out.push_str("<section id=\"controls\" class=\"wrap\">\n<h2>Controls</h2>\n");
    out.push_str(
        "<p class=\"intro\">Every control of the framework, by theme, with the checks that \
         assess it and the evidence they produced: failing items first (most severe first), \
         then suppressed and inconclusive ones, which are shown but not counted.</p>\n",
    );
    status_filter(out, &p.summary);
    out.push_str(
        "<table class=\"data controls\">\n<colgroup><col class=\"c-id\"><col class=\"c-name\">\
         <col class=\"c-status\"><col class=\"c-checks\"><col class=\"c-evidence\"></colgroup>\n\
         <thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">Status</th><th scope=\"col\">Checks</th>\
         <th scope=\"col\" class=\"num\">Evidence</th></tr></thead>\n",
    );
    for group in p.groups.iter().filter(|g| g.controls > 0) {
        group_heading(out, group);
        for control in p.controls.iter().filter(|c| c.group == group.id) {
            control_rows(out, control);
        }
    }
    // Controls of a group the framework does not list (none in a consistent framework).
    let orphans: Vec<&ControlPosture> = p
        .controls
        .iter()
        .filter(|c| !p.groups.iter().any(|g| g.id == c.group))
        .collect();
    if !orphans.is_empty() {
        w!(
            out,
            "<tbody class=\"group\"><tr><th colspan=\"{CONTROL_COLUMNS}\" scope=\"rowgroup\">\
             Other controls</th></tr></tbody>\n"
        );
        for control in orphans {
            control_rows(out, control);
        }
    }
    out.push_str("</table>\n</section>\n");
}

/// Radio buttons that show the controls of one status: CSS only (`:has`), no script.
fn status_filter(out: &mut String, s: &Summary) {
    out.push_str(
        "<div class=\"filter\" role=\"radiogroup\" aria-label=\"Show controls by status\">\n\
         <span class=\"filter-label\">Show</span>\n",
    );
    w!(
        out,
        "<input type=\"radio\" name=\"status-filter\" id=\"filter-all\" checked>\
         <label for=\"filter-all\">All <span class=\"n\">{}</span></label>\n",
        s.controls
    );
    for status in Status::ALL {
        let class = status_class(status);
        w!(
            out,
            "<input type=\"radio\" name=\"status-filter\" id=\"filter-{class}\">\
             <label for=\"filter-{class}\">{} <span class=\"n\">{}</span></label>\n",
            capitalised(status.label()),
            status_count(s, status)
        );
    }
    out.push_str("</div>\n");
}

fn group_heading(out: &mut String, g: &GroupPosture) {
    let mut classes = String::from("group");
    for status in Status::ALL {
        if group_count(g, status) > 0 {
            w!(classes, " has-{}", status_class(status));
        }
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|&&st| group_count(g, st) > 0)
        .map(|&st| format!("{} {}", group_count(g, st), st.label()))
        .collect();
    w!(
        out,
        "<tbody class=\"{classes}\" id=\"group-{}\"><tr><th colspan=\"{CONTROL_COLUMNS}\" \
         scope=\"rowgroup\">{} <span class=\"group-counts\">{} · {}</span></th></tr></tbody>\n",
        Esc(&g.id),
        Esc(&g.name),
        plural(g.controls, "control", "controls"),
        Esc(&counts.join(" · "))
    );
}

fn control_rows(out: &mut String, c: &ControlPosture) {
    let class = status_class(c.status);
    w!(
        out,
        "<tbody class=\"control status-{class}\" id=\"control-{}\">\n\
         <tr class=\"control-row\"><th scope=\"row\" class=\"control-id\">{}</th><td>{}",
        Esc(&c.id),
        Esc(&c.id),
        Esc(&c.name)
    );
    for note in &c.notes {
        w!(out, "<p class=\"note\">Note: {}</p>", Esc(note));
    }
    out.push_str("</td><td>");
    status_badge(out, c.status);
    out.push_str("</td><td>");
    checks_cell(out, &c.checks);
    if c.evidence.is_empty() {
        out.push_str("</td><td class=\"num muted\">0");
    } else {
        w!(out, "</td><td class=\"num\">{}", c.evidence.len());
    }
    evidence_breakdown(out, &c.evidence);
    out.push_str("</td></tr>\n");
    if !c.evidence.is_empty() {
        evidence_row(out, c);
    }
    out.push_str("</tbody>\n");
}

fn checks_cell(out: &mut String, checks: &[CheckRun]) {
    if checks.is_empty() {
        out.push_str("<span class=\"muted\">No automated check</span>");
        return;
    }
    out.push_str("<ul class=\"checks\">");
    for check in checks {
        let class = if check.ran { "check" } else { "check not-run" };
        w!(out, "<li class=\"{class}\"");
        if !check.title.is_empty() {
            w!(out, " title=\"{}\"", Esc(&check.title));
        }
        w!(
            out,
            "><code>{}</code> <span class=\"source\">{}</span>",
            Esc(&check.id),
            check.source.as_str()
        );
        if !check.ran {
            out.push_str(" <span class=\"tag\">not run</span>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// `2 failing`, `1 suppressed` under the evidence count, one a line.
fn evidence_breakdown(out: &mut String, evidence: &[Evidence]) {
    let parts: Vec<String> = [
        EvidenceState::Failing,
        EvidenceState::Suppressed,
        EvidenceState::Inconclusive,
    ]
    .into_iter()
    .filter_map(|state| {
        let n = evidence.iter().filter(|e| e.state == state).count();
        (n > 0).then(|| format!("{n} {}", state.as_str()))
    })
    .collect();
    for part in parts {
        w!(out, " <span class=\"breakdown\">{part}</span>");
    }
}

fn evidence_row(out: &mut String, c: &ControlPosture) {
    w!(
        out,
        "<tr class=\"evidence-row\"><td colspan=\"{CONTROL_COLUMNS}\">\n<details open>\
         <summary>Evidence for {} ({})</summary>\n",
        Esc(&c.id),
        plural(c.evidence.len(), "item", "items")
    );
    out.push_str(
        "<table class=\"evidence\">\n<colgroup><col class=\"e-result\"><col class=\"e-check\">\
         <col class=\"e-finding\"><col class=\"e-resource\"><col class=\"e-who\"></colgroup>\n\
         <thead><tr><th scope=\"col\">Result</th><th scope=\"col\">Check and input</th>\
         <th scope=\"col\">Finding</th><th scope=\"col\">Resource and location</th>\
         <th scope=\"col\">Who and when</th></tr></thead>\n<tbody>\n",
    );
    for e in &c.evidence {
        evidence_item(out, e);
    }
    out.push_str("</tbody>\n</table>\n</details>\n</td></tr>\n");
}

fn evidence_item(out: &mut String, e: &Evidence) {
    let state = e.state.as_str();
    w!(
        out,
        "<tr class=\"item state-{state}\"><td><span class=\"badge state state-{state}\">{state}\
         </span> "
    );
    severity_badge(out, e.severity);
    w!(
        out,
        "</td><td><code>{}</code> <span class=\"source\">{}</span>\
         <p class=\"muted\">from <code>{}</code></p></td>",
        Esc(&e.check),
        e.source.as_str(),
        Esc(&e.input)
    );
    w!(out, "<td><strong>{}</strong>", Esc(&e.title));
    if !e.message.is_empty() {
        w!(out, "<p class=\"message\">{}</p>", Esc(&e.message));
    }
    if let Some(reason) = &e.reason {
        w!(
            out,
            "<p class=\"reason\"><span class=\"reason-label\">Reason</span> {}</p>",
            Esc(reason)
        );
    }
    out.push_str("</td><td>");
    match &e.resource {
        Some(resource) => w!(out, "<code>{}</code>", Esc(resource)),
        None => out.push_str("<span class=\"muted\">account-wide</span>"),
    }
    if let Some(location) = &e.location {
        w!(out, "<p class=\"muted\">{}</p>", Esc(location));
    }
    out.push_str("</td><td>");
    let facts = [
        ("actor", &e.actor),
        ("channel", &e.channel),
        ("first seen", &e.first_seen),
        ("last seen", &e.last_seen),
    ];
    fact_list(out, &facts);
    out.push_str("</td></tr>\n");
}

/// The facts that are known, as a small definition list; a dash when none is.
fn fact_list(out: &mut String, facts: &[(&str, &Option<String>)]) {
    let known: Vec<(&str, &String)> = facts
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v)))
        .collect();
    if known.is_empty() {
        out.push_str("<span class=\"muted\">—</span>");
        return;
    }
    out.push_str("<dl class=\"facts\">");
    for (key, value) in known {
        w!(out, "<dt>{key}</dt><dd>{}</dd>", Esc(value));
    }
    out.push_str("</dl>");
}

// ---- style ----------------------------------------------------------------------------------

const CSS: &str = r#":root {
  --ink: #1b2733; --muted: #5d6b7a; --line: #d8dee6; --soft: #f4f6f9; --accent: #12355b;
  --failing: #c62828; --failing-bg: #fdecea; --failing-ink: #8e1a1a;
  --passing: #2e7d32; --passing-bg: #e6f4e7; --passing-ink: #1d5420;
  --not-assessed: #e0a21b; --not-assessed-bg: #fff4d9; --not-assessed-ink: #6e4a00;
  --manual: #7489a3; --manual-bg: #edf1f6; --manual-ink: #384a61;
  --critical: #7f1020; --high: #d33a2c; --medium: #ef8a17; --low: #e9c537; --info: #8696a7;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
code { font: 12.5px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; overflow-wrap: anywhere; }
a { color: inherit; }
h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 10px; }
p { margin: 0; }
.wrap { max-width: 1220px; margin: 0 auto; padding: 0 28px; }
main section { margin: 36px auto 0; }
.muted { color: var(--muted); }
.page-header { background: var(--accent); color: #fff; padding: 26px 0 22px; }
.page-header h1 { margin: 2px 0 8px; font-size: 28px; line-height: 1.2; }
.page-header .meta { color: #d3deea; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: #a9c1dc;
  font-weight: 600; }
.page-footer { margin-top: 40px; padding: 18px 0 28px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 12.5px; }
.page-footer p + p { margin-top: 4px; }
.report-facts { display: flex; flex-wrap: wrap; gap: 4px 32px; margin: 0 0 14px; }
.report-facts div { display: flex; gap: 8px; }
.report-facts dt { color: var(--muted); }
.report-facts dd { margin: 0; font-weight: 600; }
.warning { border: 1px solid #e7b33c; border-left: 6px solid #d08a00; background: #fff8e6;
  padding: 10px 14px; margin-bottom: 16px; border-radius: 4px; }
.warning ul { margin: 6px 0 0; padding-left: 20px; }
.summary-grid { display: grid; grid-template-columns: 190px 1fr; gap: 20px; align-items: start; }
.donut { margin: 0; text-align: center; }
.donut svg.chart { width: 170px; height: 170px; margin: 0 auto; }
.donut figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
.ring { fill: none; stroke: #e8edf2; stroke-width: 6; }
.arc { fill: none; stroke-width: 6; }
.arc-failing { stroke: var(--failing); } .arc-passing { stroke: var(--passing); }
.arc-not-assessed { stroke: var(--not-assessed); } .arc-manual { stroke: var(--manual); }
.donut-value { font-size: 6.4px; font-weight: 700; text-anchor: middle; fill: var(--ink); }
.donut-label { font-size: 3.4px; text-anchor: middle; fill: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px;
  margin: 0 0 10px; }
.stat-cards { grid-template-columns: repeat(6, minmax(0, 1fr)); }
.stat-cards .card dd { font-size: 20px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fff; }
.card dt { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  font-weight: 600; }
.card dd { margin: 0; font-size: 24px; font-weight: 700; line-height: 1.25; }
.card dd.sub { font-size: 12px; font-weight: 400; color: var(--muted); line-height: 1.3; }
.status-cards .card { border-top-width: 5px; }
.card-failing { border-top-color: var(--failing); background: var(--failing-bg); }
.card-failing dd { color: var(--failing-ink); }
.card-passing { border-top-color: var(--passing); background: var(--passing-bg); }
.card-passing dd { color: var(--passing-ink); }
.card-not-assessed { border-top-color: var(--not-assessed); background: var(--not-assessed-bg); }
.card-not-assessed dd { color: var(--not-assessed-ink); }
.card-manual { border-top-color: var(--manual); background: var(--manual-bg); }
.card-manual dd { color: var(--manual-ink); }
.status-cards .card dd.sub { color: var(--ink); opacity: .75; }
.chart-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.panel { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
.panel figcaption { color: var(--muted); font-size: 12.5px; margin-top: 8px; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .label.end { text-anchor: end; fill: var(--muted); }
svg .legend { font-size: 12.5px; fill: var(--ink); }
svg .count { font-size: 12.5px; font-weight: 700; fill: var(--ink); }
svg .count.on-failing, svg .count.on-passing, svg .count.on-manual { fill: #fff;
  text-anchor: middle; }
svg .count.on-not-assessed { fill: var(--not-assessed-ink); text-anchor: middle; }
svg .track { fill: #eef1f5; }
.fill-failing { fill: var(--failing); } .fill-passing { fill: var(--passing); }
.fill-not-assessed { fill: var(--not-assessed); } .fill-manual { fill: var(--manual); }
rect.sev-critical { fill: var(--critical); } rect.sev-high { fill: var(--high); }
rect.sev-medium { fill: var(--medium); } rect.sev-low { fill: var(--low); }
rect.sev-info { fill: var(--info); }
table.data { width: 100%; border-collapse: collapse; }
table.data th, table.data td { text-align: left; vertical-align: top; padding: 7px 10px;
  border-bottom: 1px solid var(--line); }
table.data thead th { background: var(--soft); font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); border-bottom: 2px solid var(--line); }
.num { text-align: right !important; white-space: nowrap; }
.check-list summary { cursor: pointer; }
.check-list code { display: inline-block; margin: 2px 4px 0 0; }
.note { font-size: 12.5px; color: #6e4a00; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.status-failing.badge { background: var(--failing); color: #fff; }
.status-passing.badge { background: var(--passing); color: #fff; }
.status-not-assessed.badge { background: var(--not-assessed-bg); color: var(--not-assessed-ink);
  border-color: var(--not-assessed); }
.status-manual.badge { background: var(--manual-bg); color: var(--manual-ink);
  border-color: #c4cfdc; }
.badge.complete { background: var(--passing-bg); color: var(--passing-ink); }
.badge.incomplete { background: var(--not-assessed-bg); color: var(--not-assessed-ink);
  border-color: var(--not-assessed); }
.badge.state-failing { background: var(--failing-bg); color: var(--failing-ink);
  border-color: #f1b0ab; }
.badge.state-suppressed { background: #eef0f3; color: #4a5563; border-color: #cfd5dd; }
.badge.state-inconclusive { background: var(--not-assessed-bg); color: var(--not-assessed-ink);
  border-color: #f0d088; }
.badge.sev { text-transform: uppercase; font-size: 10.5px; letter-spacing: .04em; color: #fff; }
.sev-critical.badge { background: var(--critical); } .sev-high.badge { background: var(--high); }
.sev-medium.badge { background: #c46a00; } .sev-low.badge { background: #8a7400; }
.sev-info.badge { background: #64748b; }
.source { display: inline-block; font-size: 11px; color: var(--muted); border: 1px solid var(--line);
  border-radius: 3px; padding: 0 4px; text-transform: uppercase; letter-spacing: .04em; }
.intro { color: var(--muted); margin-bottom: 12px; max-width: 900px; }
.filter { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 12px; }
.filter-label { color: var(--muted); margin-right: 4px; }
.filter input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.filter label { cursor: pointer; border: 1px solid var(--line); border-radius: 16px;
  padding: 3px 12px; background: #fff; user-select: none; }
.filter label .n { color: var(--muted); font-weight: 600; margin-left: 2px; }
.filter input:checked + label { background: var(--accent); border-color: var(--accent); color: #fff; }
.filter input:checked + label .n { color: #cfe0f1; }
.filter input:focus-visible + label { outline: 2px solid var(--accent); outline-offset: 2px; }
#controls:has(#filter-failing:checked) tbody.control:not(.status-failing),
#controls:has(#filter-passing:checked) tbody.control:not(.status-passing),
#controls:has(#filter-not-assessed:checked) tbody.control:not(.status-not-assessed),
#controls:has(#filter-manual:checked) tbody.control:not(.status-manual),
#controls:has(#filter-failing:checked) tbody.group:not(.has-failing),
#controls:has(#filter-passing:checked) tbody.group:not(.has-passing),
#controls:has(#filter-not-assessed:checked) tbody.group:not(.has-not-assessed),
#controls:has(#filter-manual:checked) tbody.group:not(.has-manual) { display: none; }
table.controls col.c-id { width: 90px; } table.controls col.c-status { width: 120px; }
table.controls col.c-evidence { width: 130px; } table.controls col.c-checks { width: 38%; }
tbody.group th { background: #e9eef4; color: var(--accent); font-size: 15px; padding: 9px 10px;
  border-top: 2px solid #c9d4e1; }
.group-counts { font-weight: 400; font-size: 12.5px; color: var(--muted); margin-left: 8px; }
.control-id { font-weight: 700; white-space: nowrap; }
tbody.control.status-failing .control-id { box-shadow: inset 4px 0 0 var(--failing); }
tbody.control.status-passing .control-id { box-shadow: inset 4px 0 0 var(--passing); }
tbody.control.status-not-assessed .control-id { box-shadow: inset 4px 0 0 var(--not-assessed); }
tbody.control.status-manual .control-row { color: #3c4957; }
.checks { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 10px; }
.check.not-run code { color: var(--muted); }
.tag { font-size: 11px; font-weight: 600; color: var(--not-assessed-ink);
  background: var(--not-assessed-bg); border-radius: 3px; padding: 0 4px; }
.breakdown { display: block; font-size: 11.5px; color: var(--muted); white-space: normal; }
tr.evidence-row > td { padding: 0 10px 12px 24px; background: #fbfcfd; }
tr.evidence-row details { border-left: 3px solid var(--line); padding-left: 10px; }
tr.evidence-row summary { cursor: pointer; color: var(--muted); font-size: 12.5px;
  padding: 6px 0; }
table.evidence { width: 100%; border-collapse: collapse; background: #fff;
  border: 1px solid var(--line); table-layout: fixed; }
col.e-result { width: 11%; } col.e-check { width: 17%; } col.e-finding { width: 33%; }
col.e-resource { width: 17%; } col.e-who { width: 22%; }
table.evidence td { overflow-wrap: anywhere; }
.reason { margin-top: 4px; padding: 3px 6px; background: var(--soft); border-radius: 3px; }
.reason-label { font-size: 11px; font-weight: 700; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); margin-right: 4px; }
table.evidence th, table.evidence td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid #e7ebf0; font-size: 13px; }
table.evidence thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); background: var(--soft); }
table.evidence td:first-child .badge { display: block; width: max-content; margin-bottom: 3px; }
.message { color: #3a4654; margin-top: 2px; }
.facts { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 1px 8px;
  font-size: 12px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 900px) {
  .summary-grid, .chart-grid { grid-template-columns: 1fr; }
  .cards, .stat-cards { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); }
}
@media print {
  @page { margin: 14mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 11px; }
  .wrap { max-width: none; padding: 0; }
  .page-header { background: none; color: var(--ink); padding: 0 0 8px;
    border-bottom: 3px solid var(--accent); }
  .page-header .meta, .eyebrow { color: var(--muted); }
  .filter { display: none; }
  #controls tbody.control, #controls tbody.group { display: table-row-group !important; }
  details > summary { list-style: none; }
  .panel, .card, tr, .warning { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .summary-grid { grid-template-columns: 150px 1fr; }
  .donut svg.chart { width: 140px; height: 140px; }
  .cards { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .stat-cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  table.controls col.c-checks { width: 32%; }
  .chart-grid { grid-template-columns: 1fr; }
  .panel { max-width: 640px; }
  a { text-decoration: none; }
}
@media print {
  details::details-content { content-visibility: visible; }
}
"#;
