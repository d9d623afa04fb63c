//! Machine output: the [`ScanReport`] as pretty JSON. The schema (`schema_version` 1) is
//! documented in `docs/json-output.md`.

use driftguard_model::ScanReport;
use serde_json::Value;

use crate::common::ControlRefs;
use crate::{RenderError, RuleLookup};

pub(crate) fn render(report: &ScanReport, rules: RuleLookup<'_>) -> Result<String, RenderError> {
    let mut doc = serde_json::to_value(report)?;
    // Each finding carries the compliance controls of its rule (`iso27001:A.8.24`).
    let mut controls = ControlRefs::new(rules);
    if let Some(findings) = doc.get_mut("findings").and_then(Value::as_array_mut) {
        for finding in findings {
            let Some(object) = finding.as_object_mut() else {
                continue;
            };
            let id = object
                .get("rule_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            object.insert("controls".to_string(), controls.of(&id).into());
        }
    }
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}
