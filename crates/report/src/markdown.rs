//! GitHub-flavoured Markdown for a pull-request comment: a summary table by severity, a table of
//! findings (capped at [`MAX_ROWS`]), problems with the input, and collapsible lists of
//! suppressed findings and inconclusive checks.

use std::fmt::Write as _;

use driftguard_model::{Diagnostic, Finding, ScanReport, Severity};

use crate::common::{count, file_line, suppression_kind};
use crate::RenderOptions;

/// Rows of a findings table before `…and N more`: PR comments are limited to 65,536 characters.
pub(crate) const MAX_ROWS: usize = 200;

pub(crate) fn render(report: &ScanReport, options: &RenderOptions) -> String {
    let summary = &report.summary;
    let mut out = String::new();
    let active: Vec<&Finding> = report.active_findings().collect();

    out.push_str("## driftguard scan\n\n");
    let mut status = vec![if active.is_empty() {
        "**No findings**".to_string()
    } else {
        format!("**{}**", count(active.len(), "finding", "findings"))
    }];
    status.push(format!("{} suppressed", summary.suppressed));
    status.push(format!("{} inconclusive", summary.inconclusive));
    if summary.errors > 0 {
        status.push(format!(
            "**{}**",
            count(summary.errors, "input error", "input errors")
        ));
    }
    let _ = writeln!(
        out,
        "{}\n\nScanned {} ({}) with {}.\n",
        status.join(" · "),
        count(summary.files_scanned, "file", "files"),
        count(summary.resources, "resource", "resources"),
        count(summary.rules, "rule", "rules"),
    );

    if !active.is_empty() {
        out.push_str("| Severity | Findings |\n|:--|--:|\n");
        for severity in Severity::ALL {
            let n = summary.findings.get(&severity).copied().unwrap_or(0);
            let _ = writeln!(out, "| {} | {n} |", severity_label(severity));
        }
        out.push('\n');
    }

    if !active.is_empty() {
        out.push_str("### Findings\n\n");
        out.push_str("| Severity | Rule | Resource | Location | Message |\n");
        out.push_str("|:--|:--|:--|:--|:--|\n");
        for finding in active.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                severity_label(finding.severity),
                rule_cell(finding),
                code(&finding.resource_address),
                location_cell(finding),
                rich(&finding.message),
            );
        }
        more_line(&mut out, active.len());
        out.push('\n');
    }

    if !report.diagnostics.is_empty() {
        let mut diagnostics: Vec<&Diagnostic> = report.diagnostics.iter().collect();
        diagnostics.sort_by_key(|d| std::cmp::Reverse(d.level));
        out.push_str("### Problems with the input\n\n");
        for diagnostic in diagnostics {
            let place = match (&diagnostic.location, &diagnostic.file) {
                (Some(span), _) => format!(" {}", code(&span.to_string())),
                (None, Some(file)) => format!(" {}", code(file)),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "- **{}**{place}: {} ({})",
                diagnostic.level.as_str(),
                rich(&diagnostic.message),
                code(diagnostic.code),
            );
        }
        out.push('\n');
    }

    let suppressed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.is_suppressed())
        .collect();
    if options.show_suppressed && !suppressed.is_empty() {
        let _ = writeln!(
            out,
            "<details>\n<summary>{}</summary>\n",
            count(
                suppressed.len(),
                "suppressed finding",
                "suppressed findings"
            )
        );
        out.push_str("| Severity | Rule | Resource | Location | Suppressed by | Reason |\n");
        out.push_str("|:--|:--|:--|:--|:--|:--|\n");
        for finding in suppressed.iter().take(MAX_ROWS) {
            let suppression = finding.suppression.as_ref();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                severity_label(finding.severity),
                rule_cell(finding),
                code(&finding.resource_address),
                location_cell(finding),
                suppression.map_or("", |s| suppression_kind(s.kind)),
                text(suppression.and_then(|s| s.reason.as_deref()).unwrap_or("")),
            );
        }
        more_line(&mut out, suppressed.len());
        out.push_str("\n</details>\n\n");
    }

    if !report.inconclusive.is_empty() {
        let _ = writeln!(
            out,
            "<details>\n<summary>{}</summary>\n",
            count(
                report.inconclusive.len(),
                "inconclusive check",
                "inconclusive checks"
            )
        );
        out.push_str("| Rule | Resource | Location | Why |\n|:--|:--|:--|:--|\n");
        for check in report.inconclusive.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code(&check.rule_id),
                code(&check.resource_address),
                check
                    .location
                    .as_ref()
                    .map_or_else(|| "—".to_string(), |span| code(&file_line(span))),
                rich(&check.reason),
            );
        }
        more_line(&mut out, report.inconclusive.len());
        out.push_str("\n</details>\n\n");
    }

    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn more_line(out: &mut String, total: usize) {
    if total > MAX_ROWS {
        let _ = writeln!(
            out,
            "\n…and {} more (see the full report, e.g. `--format sarif`).",
            total - MAX_ROWS
        );
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "**Critical**",
        Severity::High => "**High**",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

fn rule_cell(finding: &Finding) -> String {
    format!("{}<br>{}", code(&finding.rule_id), text(&finding.title))
}

fn location_cell(finding: &Finding) -> String {
    finding
        .location
        .as_ref()
        .map_or_else(|| "—".to_string(), |span| code(&file_line(span)))
}

/// Plain text safe in a table cell: Markdown punctuation and HTML are escaped, newlines become
/// spaces.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Text whose `backticked` parts are code, as in rule messages: each part escaped accordingly.
/// Unbalanced backticks are escaped as text.
pub(crate) fn rich(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let balanced = parts.len() % 2 == 1;
    if !balanced || parts.iter().skip(1).step_by(2).any(|p| p.is_empty()) {
        return text(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { code(part) } else { text(part) })
        .collect()
}

/// A code span safe in a table cell: the fence is longer than any run of backticks inside, and
/// `|` is escaped (GFM splits cells before it parses code spans).
pub(crate) fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let longest_run = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = s.replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cells() {
        assert_eq!(text("a | *b* <br> [x](y)"), r"a \| \*b\* \<br\> \[x\](y)");
        assert_eq!(
            code("aws_s3_bucket.b[\"x|y\"]"),
            r#"`aws_s3_bucket.b["x\|y"]`"#
        );
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(rich("bucket `a|b` is *open*"), r"bucket `a\|b` is \*open\*");
        assert_eq!(rich("odd ` tick"), r"odd \` tick");
    }
}
