//! The HTML report: a golden file of the fixture posture, and what the page must never contain.
//!
//! `DRIFTGUARD_BLESS=1 cargo test -p driftguard-compliance --test render_html` rewrites the golden
//! file after an intended change; review the diff (and open the file in a browser) before
//! committing it.

mod common;

use std::path::PathBuf;

use driftguard_compliance::render;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

#[test]
fn html_matches_golden() {
    let html = render::html(&common::posture("iso27001"));
    let path = golden("iso27001.html");
    if std::env::var_os("DRIFTGUARD_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &html).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run DRIFTGUARD_BLESS=1 cargo test -p driftguard-compliance --test \
             render_html",
            path.display()
        )
    });
    if html != want {
        let line = html
            .lines()
            .zip(want.lines())
            .position(|(got, want)| got != want)
            .unwrap_or_else(|| html.lines().count().min(want.lines().count()));
        panic!(
            "the HTML report differs from {} from line {}:\n  got:  {}\n  want: {}\n\
             If the change is intended: DRIFTGUARD_BLESS=1 cargo test -p driftguard-compliance \
             --test render_html",
            path.display(),
            line + 1,
            html.lines().nth(line).unwrap_or("<end of file>"),
            want.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn html_is_deterministic() {
    let posture = common::posture("iso27001");
    assert_eq!(render::html(&posture), render::html(&posture));
}

#[test]
fn html_loads_nothing_from_anywhere() {
    let html = render::html(&common::posture("iso27001"));
    let lower = html.to_ascii_lowercase();
    for load in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "<source",
        "<video",
        "<audio",
        "src=",
        "srcset=",
        "url(",
        "@import",
        "xlink:href",
    ] {
        assert!(!lower.contains(load), "the report contains `{load}`");
    }
    // Web addresses appear only as link targets (the framework's official text).
    for scheme in ["http://", "https://"] {
        for (at, _) in lower.match_indices(scheme) {
            assert!(
                lower[..at].ends_with("<a href=\""),
                "a web address outside a link at byte {at}: {}",
                &html[at.saturating_sub(40)..(at + 60).min(html.len())]
            );
        }
    }
    assert!(html.contains("<a href=\"https://www.iso.org/standard/27001\""));
    // And the browser is told so, in case a future change slips one in.
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
}

#[test]
fn html_escapes_text() {
    let html = render::html(&common::posture("iso27001"));
    assert!(html.contains("static website &lt;rebuilt from git&gt;"));
    assert!(!html.contains("<rebuilt"));
    // Backticks, quotes and apostrophes of messages pass through escaped or harmless.
    assert!(html.contains("`var.allowed_cidrs` has no value"));
}

#[test]
fn html_has_every_section_and_control() {
    let posture = common::posture("iso27001");
    let html = render::html(&posture);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    for id in [
        "summary",
        "inputs",
        "chart-groups",
        "chart-severity",
        "controls",
    ] {
        assert_eq!(
            html.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "section #{id}"
        );
    }
    for chart in ["chart-groups", "chart-severity"] {
        let start = html.find(&format!("<svg id=\"{chart}\"")).expect(chart);
        let svg = &html[start..start + html[start..].find("</svg>").expect("closed")];
        assert!(svg.contains("role=\"img\""), "{chart} is an image");
        assert!(svg.contains("<title id="), "{chart} has a title");
        assert!(svg.contains("<rect "), "{chart} draws bars");
    }
    let summary = section(&html, "summary");
    for fact in [
        "ISO/IEC 27001:2022 Annex A, version 2022",
        "<dd>2026-11-22T09:00:00Z</dd>",
        "<dd>driftguard 0.1.0</dd>",
        "<dt>Failing</dt><dd>12</dd>",
        "<dt>Passing</dt><dd>3</dd>",
        "<dt>Not assessed</dt><dd>1</dd>",
        "<dt>Manual</dt><dd>77</dd>",
        "<dt>Coverage</dt><dd>17.2 %</dd>",
        "<dt>Suppressed</dt><dd>1</dd>",
        "<dt>Inconclusive</dt><dd>1</dd>",
    ] {
        assert!(summary.contains(fact), "the summary lacks {fact}");
    }
    assert_eq!(posture.controls.len(), 93);
    for control in &posture.controls {
        let tbody = format!(
            "<tbody class=\"control status-{}\" id=\"control-{}\">",
            control.status.as_str().replace('_', "-"),
            control.id
        );
        assert_eq!(html.matches(&tbody).count(), 1, "control {}", control.id);
    }
    assert_eq!(html.matches("<tr class=\"control-row\">").count(), 93);
    // The warning about the incomplete drift input, with its note.
    assert!(!posture.summary.complete);
    assert!(html.contains("<strong>Incomplete inputs.</strong>"));
    assert!(html.contains("1 declared resource(s) not compared, 1 read failure(s)"));
    // The check no input ran is marked.
    assert!(html.contains("<code>aws-kms-key-rotation</code> <span class=\"source\">scan</span> <span class=\"tag\">not run</span>"));
}

#[test]
fn every_framework_renders() {
    for framework in driftguard_compliance::frameworks() {
        let posture = common::posture(&framework.id);
        let html = render::html(&posture);
        assert_eq!(
            html.matches("<tr class=\"control-row\">").count(),
            framework.controls.len(),
            "{}",
            framework.id
        );
    }
}

/// The text of `<section id="{id}" …>…</section>`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id}"));
    let len = html[start..].find("</section>").expect("section closed");
    &html[start..start + len]
}
