use crate::posture::Posture;

use super::markdown::details;

/// The header of the CSV report.
pub const CSV_HEADER: [&str; 19] = [
    "framework",
    "control",
    "control_name",
    "group",
    "status",
    "checks",
    "evidence_source",
    "evidence_check",
    "evidence_state",
    "severity",
    "title",
    "message",
    "resource",
    "location",
    "actor",
    "channel",
    "first_seen",
    "last_seen",
    "details",
];

/// One row per control × evidence item; a control without evidence is one row with the evidence
/// columns empty, so every control appears. Spreadsheet formula injection is defused by
/// prefixing cells that start with `=`, `+`, `-` or `@` with a quote.
pub fn csv(posture: &Posture) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let row = |w: &mut ::csv::Writer<Vec<u8>>, cells: &[&str]| {
        let cells: Vec<String> = cells.iter().map(|c| defuse(c)).collect();
        w.write_record(&cells).expect("writing to memory");
    };
    row(&mut writer, &CSV_HEADER);
    for c in &posture.controls {
        let checks: Vec<&str> = c.checks.iter().map(|r| r.id.as_str()).collect();
        let checks = checks.join(" ");
        let control = [
            posture.framework.id.as_str(),
            &c.id,
            &c.name,
            &c.group,
            c.status.as_str(),
            &checks,
        ];
        if c.evidence.is_empty() {
            let mut cells = control.to_vec();
            cells.resize(CSV_HEADER.len(), "");
            row(&mut writer, &cells);
        }
        for e in &c.evidence {
            let details = details(e);
            let mut cells = control.to_vec();
            cells.extend([
                e.source.as_str(),
                &e.check,
                e.state.as_str(),
                e.severity.as_str(),
                &e.title,
                &e.message,
                e.resource.as_deref().unwrap_or(""),
                e.location.as_deref().unwrap_or(""),
                e.actor.as_deref().unwrap_or(""),
                e.channel.as_deref().unwrap_or(""),
                e.first_seen.as_deref().unwrap_or(""),
                e.last_seen.as_deref().unwrap_or(""),
                &details,
            ]);
            row(&mut writer, &cells);
        }
    }
    String::from_utf8(writer.into_inner().expect("flushing to memory"))
        .expect("UTF-8 in, UTF-8 out")
}

fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
