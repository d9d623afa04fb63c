//! Renderers for `driftguard scan`: one [`ScanReport`] in, one document out.
//!
//! | format | for |
//! |---|---|
//! | `text` | people at a terminal: ruff-like headers and code frames |
//! | `json` | machines: the [`ScanReport`] itself (`docs/json-output.md`) |
//! | `sarif` | GitHub code scanning and other SARIF 2.1.0 consumers |
//! | `junit` | CI test-report views: one suite per rule, one case per resource |
//! | `markdown` | pull-request comments |
//! | `csv` | spreadsheets and ad-hoc scripts: one row per finding |
//!
//! Rule metadata (rationale, remediation, examples) is looked up by id in the rule registry;
//! a rule id the registry does not know (a custom policy, a rule from a newer version) is rendered
//! from what the finding itself carries.

use std::fmt;
use std::str::FromStr;

use driftguard_model::{ScanReport, Sources};
use driftguard_rules::RuleMeta;

mod common;
mod csv;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

#[cfg(test)]
mod tests;

/// An output format of `driftguard scan --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    Csv,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Csv,
    ];

    /// The name on the command line: `text`, `json`, `sarif`, `junit`, `markdown`, `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
        }
    }

    /// The usual file extension for `--output`, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "xml",
            Format::Markdown => "md",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected text, json, sarif, junit, markdown or csv)")]
pub struct ParseFormatError(String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Case-insensitive; `md` is accepted for `markdown` and `xml` for `junit`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let alias = match s.to_ascii_lowercase().as_str() {
            "md" => Some(Format::Markdown),
            "xml" => Some(Format::Junit),
            _ => None,
        };
        alias
            .or_else(|| {
                Format::ALL
                    .into_iter()
                    .find(|format| format.as_str().eq_ignore_ascii_case(s))
            })
            .ok_or_else(|| ParseFormatError(s.to_string()))
    }
}

/// How to render, beyond the format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours in `text` output (the CLI sets this only on a terminal). Other formats
    /// never contain escape codes.
    pub color: bool,
    /// Show suppressed findings in `text` (marked as such) and, in `markdown`, a collapsible
    /// list of them. Every other format always includes them, marked.
    pub show_suppressed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write JUnit XML: {0}")]
    Junit(#[from] quick_junit::SerializeError),
    #[error("rendered output is not UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// Renders `report` in `format`. `sources` are the files the scan read, for code frames (text).
///
/// The output ends with a newline.
pub fn render(
    format: Format,
    report: &ScanReport,
    sources: &Sources,
    options: &RenderOptions,
) -> Result<String, RenderError> {
    render_with(format, report, sources, options, &registry_lookup)
}

fn registry_lookup(id: &str) -> Option<&'static RuleMeta> {
    driftguard_rules::find_rule(id).map(|rule| rule.meta())
}

/// Looks rule metadata up by id.
pub(crate) type RuleLookup<'a> = &'a dyn Fn(&str) -> Option<&'static RuleMeta>;

pub(crate) fn render_with(
    format: Format,
    report: &ScanReport,
    sources: &Sources,
    options: &RenderOptions,
    rules: RuleLookup<'_>,
) -> Result<String, RenderError> {
    match format {
        Format::Text => Ok(text::render(report, sources, options)),
        Format::Json => json::render(report, rules),
        Format::Sarif => sarif::render(report, rules),
        Format::Junit => junit::render(report),
        Format::Markdown => Ok(markdown::render(report, options)),
        Format::Csv => csv::render(report),
    }
}
