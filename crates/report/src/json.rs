//! Machine output: the [`ScanReport`] as pretty JSON. The schema (`schema_version` 1) is
//! documented in `docs/json-output.md`.

use driftguard_model::ScanReport;

use crate::RenderError;

pub(crate) fn render(report: &ScanReport) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(report)?;
    out.push('\n');
    Ok(out)
}
