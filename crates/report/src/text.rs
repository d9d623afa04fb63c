//! Human output, like ruff's: a `path:line:col: severity rule-id title` header per finding, a code
//! frame with the offending span underlined and the message as its label, then the resource.

use std::fmt::Write as _;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};
use driftguard_model::{
    Diagnostic, DiagnosticLevel, Finding, ScanReport, Severity, SourceFile, Sources, Span,
};

use crate::common::{byte_range, count, suppression_kind};
use crate::RenderOptions;

pub(crate) fn render(report: &ScanReport, sources: &Sources, options: &RenderOptions) -> String {
    let painter = Painter {
        color: options.color,
    };
    let renderer = if options.color {
        Renderer::styled().hyperlink(false)
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);

    let mut out = String::new();
    let shown = report
        .findings
        .iter()
        .filter(|f| options.show_suppressed || !f.is_suppressed());
    for finding in shown {
        write_finding(&mut out, finding, sources, &renderer, &painter);
    }

    let mut diagnostics: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.level));
    for diagnostic in diagnostics {
        write_diagnostic(&mut out, diagnostic, sources, &renderer, &painter);
    }

    write_summary(&mut out, report, &painter);
    out
}

fn write_finding(
    out: &mut String,
    finding: &Finding,
    sources: &Sources,
    renderer: &Renderer,
    painter: &Painter,
) {
    let place = match &finding.location {
        Some(span) => span.to_string(),
        None => finding.resource_address.clone(),
    };
    let _ = write!(
        out,
        "{}: {} {} {}",
        painter.paint(STYLE_PATH, &place),
        painter.paint(severity_style(finding.severity), finding.severity.as_str()),
        painter.paint(STYLE_RULE, &finding.rule_id),
        finding.title,
    );
    if let Some(suppression) = &finding.suppression {
        let mut note = format!("(suppressed: {}", suppression_kind(suppression.kind));
        if let Some(reason) = &suppression.reason {
            let _ = write!(note, ": {reason}");
        }
        note.push(')');
        let _ = write!(out, " {}", painter.paint(STYLE_DIM, &note));
    }
    out.push('\n');

    let level = severity_level(finding.severity);
    let frame = finding
        .location
        .as_ref()
        .and_then(|span| Some((span, sources.get(&*span.file)?)));
    let mut group = Group::with_level(level.clone());
    group = match frame {
        Some((span, file)) => group.element(snippet(span, file, &finding.message)),
        None => group.element(Level::NOTE.no_name().message(&*finding.message)),
    };
    // Findings in files that are not Terraform (a secret in a shell script) have no resource.
    if !finding.resource_address.is_empty() {
        group = group.element(
            Level::NOTE
                .with_name("resource")
                .message(&*finding.resource_address),
        );
    }
    out.push_str(&renderer.render(&[group]));
    out.push_str("\n\n");
}

fn write_diagnostic(
    out: &mut String,
    diagnostic: &Diagnostic,
    sources: &Sources,
    renderer: &Renderer,
    painter: &Painter,
) {
    let place = match (&diagnostic.location, &diagnostic.file) {
        (Some(span), _) => Some(span.to_string()),
        (None, Some(file)) => Some(file.clone()),
        (None, None) => None,
    };
    if let Some(place) = place {
        let _ = write!(out, "{}: ", painter.paint(STYLE_PATH, &place));
    }
    let level_style = match diagnostic.level {
        DiagnosticLevel::Error => severity_style(Severity::Critical),
        DiagnosticLevel::Warning => severity_style(Severity::Medium),
        DiagnosticLevel::Info => severity_style(Severity::Info),
    };
    let _ = writeln!(
        out,
        "{} {} {}",
        painter.paint(level_style, diagnostic.level.as_str()),
        painter.paint(STYLE_RULE, diagnostic.code),
        diagnostic.message,
    );
    let frame = diagnostic
        .location
        .as_ref()
        .and_then(|span| Some((span, sources.get(&*span.file)?)));
    if let Some((span, file)) = frame {
        let level = match diagnostic.level {
            DiagnosticLevel::Error => Level::ERROR,
            DiagnosticLevel::Warning => Level::WARNING,
            DiagnosticLevel::Info => Level::INFO,
        };
        let group = Group::with_level(level).element(snippet(span, file, ""));
        out.push_str(&renderer.render(&[group]));
        out.push('\n');
    }
    out.push('\n');
}

/// The lines of `span` (at most [`MAX_FRAME_LINES`]), with the span underlined and labelled.
fn snippet<'a>(
    span: &Span,
    file: &'a SourceFile,
    label: &'a str,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let text = &*file.text;
    let mut range = byte_range(span, file);
    // A block's span usually ends after its closing brace or newline: underline up to the last
    // visible character, so that the frame does not show an empty line.
    while range.end > range.start && text[..range.end].ends_with(char::is_whitespace) {
        range.end -= text[..range.end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
    }
    let first_line = file.lines.position(text, range.start).line;
    let last_line = file.lines.position(text, range.end).line;
    let line_bytes = |line| file.lines.line_range(text, line).unwrap_or(range.clone());
    let frame = line_bytes(first_line).start..line_bytes(last_line).end;
    let start = range.start.clamp(frame.start, frame.end) - frame.start;
    let end = range.end.clamp(frame.start, frame.end) - frame.start;

    let mut annotation = AnnotationKind::Primary.span(start..end);
    if !label.is_empty() {
        annotation = annotation.label(label);
    }
    Snippet::source(&text[frame])
        .line_start(first_line as usize)
        .fold(true)
        .annotation(annotation)
}

fn write_summary(out: &mut String, report: &ScanReport, painter: &Painter) {
    let summary = &report.summary;
    let active: usize = summary.findings.values().sum();
    if active == 0 {
        let _ = writeln!(out, "{}", painter.paint(STYLE_OK, "No findings."));
    } else {
        let by_severity = Severity::ALL
            .iter()
            .map(|severity| {
                let n = summary.findings.get(severity).copied().unwrap_or(0);
                let text = format!("{n} {severity}");
                if n > 0 {
                    painter.paint(severity_style(*severity), &text)
                } else {
                    text
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "Found {}: {by_severity}.",
            painter.paint(STYLE_BOLD, &count(active, "finding", "findings")),
        );
    }
    let mut also = vec![
        format!("{} suppressed", summary.suppressed),
        format!("{} inconclusive", summary.inconclusive),
    ];
    if summary.errors > 0 {
        also.push(painter.paint(
            severity_style(Severity::Critical),
            &count(summary.errors, "input error", "input errors"),
        ));
    }
    let _ = writeln!(out, "{}.", also.join(", "));
    let _ = writeln!(
        out,
        "Scanned {} ({}) with {} in {}.",
        count(summary.files_scanned, "file", "files"),
        count(summary.resources, "resource", "resources"),
        count(summary.rules, "rule", "rules"),
        duration(summary.duration_ms),
    );
}

fn duration(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        format!("{:.2}s", ms as f64 / 1000.0)
    }
}

fn severity_level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Critical | Severity::High => Level::ERROR,
        Severity::Medium => Level::WARNING,
        Severity::Low => Level::INFO,
        Severity::Info => Level::NOTE,
    }
}

const STYLE_PATH: Style = Style::new().effects(Effects::BOLD);
const STYLE_RULE: Style = Style::new().effects(Effects::BOLD);
const STYLE_BOLD: Style = Style::new().effects(Effects::BOLD);
const STYLE_DIM: Style = Style::new().effects(Effects::DIMMED);
const STYLE_OK: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
        Severity::High => AnsiColor::Red.on_default().effects(Effects::BOLD),
        Severity::Medium => AnsiColor::Yellow.on_default().effects(Effects::BOLD),
        Severity::Low => AnsiColor::Blue.on_default().effects(Effects::BOLD),
        Severity::Info => AnsiColor::Cyan.on_default(),
    }
}

/// Wraps text in ANSI styles, or not.
struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}
