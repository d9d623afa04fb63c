//! CSV for spreadsheets and scripts: one row per finding, suppressed ones included (and marked).
//!
//! Cells are written as they are: a spreadsheet that evaluates a cell starting with `=` evaluates
//! text that came from the scanned code.

use driftguard_model::ScanReport;

use crate::common::suppression_kind;
use crate::RenderError;

pub(crate) const HEADER: [&str; 15] = [
    "severity",
    "rule_id",
    "title",
    "resource_type",
    "resource_address",
    "file",
    "start_line",
    "start_column",
    "end_line",
    "end_column",
    "message",
    "suppressed",
    "suppression_kind",
    "suppression_reason",
    "fingerprint",
];

pub(crate) fn render(report: &ScanReport) -> Result<String, RenderError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for finding in &report.findings {
        let span = finding.location.as_ref();
        let number = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
        let suppression = finding.suppression.as_ref();
        writer.write_record([
            finding.severity.as_str(),
            &finding.rule_id,
            &finding.title,
            &finding.resource_type,
            &finding.resource_address,
            span.map_or("", |s| &*s.file),
            &number(span.map(|s| s.start.line)),
            &number(span.map(|s| s.start.column)),
            &number(span.map(|s| s.end.line)),
            &number(span.map(|s| s.end.column)),
            &finding.message,
            if suppression.is_some() {
                "true"
            } else {
                "false"
            },
            suppression.map_or("", |s| suppression_kind(s.kind)),
            suppression.and_then(|s| s.reason.as_deref()).unwrap_or(""),
            &finding.fingerprint,
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| RenderError::Csv(::csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8(bytes)?)
}
