//! Helpers shared by the renderers.

use std::collections::HashMap;
use std::ops::Range;

use driftguard_model::{SourceFile, Span, SuppressionKind};

use crate::RuleLookup;

/// The compliance control references of rules (`iso27001:A.8.24`), expanded once per rule per
/// render. A rule the lookup does not know has none.
pub(crate) struct ControlRefs<'a> {
    rules: RuleLookup<'a>,
    cache: HashMap<String, Vec<String>>,
}

impl<'a> ControlRefs<'a> {
    pub(crate) fn new(rules: RuleLookup<'a>) -> Self {
        ControlRefs {
            rules,
            cache: HashMap::new(),
        }
    }

    pub(crate) fn of(&mut self, rule_id: &str) -> Vec<String> {
        let rules = self.rules;
        self.cache
            .entry(rule_id.to_string())
            .or_insert_with(|| {
                rules(rule_id).map_or_else(Vec::new, |meta| meta.compliance.references())
            })
            .clone()
    }
}

/// The byte range of `span` in `file`: its recorded `bytes` when they agree with its line and
/// column (they always do for spans made by [`SourceFile::span`]), else recomputed from line and
/// column (a span that was deserialized has no bytes). Always a valid range of char boundaries.
pub(crate) fn byte_range(span: &Span, file: &SourceFile) -> Range<usize> {
    let text = &*file.text;
    let recorded = &span.bytes;
    let consistent = recorded.start <= recorded.end
        && recorded.end <= text.len()
        && text.is_char_boundary(recorded.start)
        && text.is_char_boundary(recorded.end)
        && file.lines.position(text, recorded.start) == span.start
        && (recorded.end > recorded.start || span.end == span.start);
    if consistent {
        return recorded.clone();
    }
    let start = offset_of(file, span.start.line, span.start.column);
    let end = offset_of(file, span.end.line, span.end.column).max(start);
    start..end
}

/// The byte offset of a 1-based line and column, clamped to the line (and to the text).
fn offset_of(file: &SourceFile, line: u32, column: u32) -> usize {
    let text = &*file.text;
    let Some(range) = file.lines.line_range(text, line.max(1)) else {
        return text.len();
    };
    let skip = column.saturating_sub(1) as usize;
    text[range.clone()]
        .char_indices()
        .nth(skip)
        .map_or(range.end, |(i, _)| range.start + i)
}

/// `inline`, `checkov`, `trivy`, `baseline`: as in the JSON output.
pub(crate) fn suppression_kind(kind: SuppressionKind) -> &'static str {
    match kind {
        SuppressionKind::Inline => "inline",
        SuppressionKind::Checkov => "checkov",
        SuppressionKind::Trivy => "trivy",
        SuppressionKind::Baseline => "baseline",
    }
}

/// `file:line`, the short location of tables.
pub(crate) fn file_line(span: &Span) -> String {
    format!("{}:{}", span.file, span.start.line)
}

/// English plural: `1 finding`, `2 findings`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftguard_model::Position;

    #[test]
    fn byte_range_prefers_recorded_bytes_and_recomputes_missing_ones() {
        let file = SourceFile::new("main.tf", "a = 1\nbé = \"x\"\n");
        let span = file.span(6..10);
        assert_eq!(byte_range(&span, &file), 6..10);
        let deserialized = Span {
            bytes: 0..0,
            ..span.clone()
        };
        assert_eq!(byte_range(&deserialized, &file), 6..10);
        let past_the_end = Span {
            file: "main.tf".into(),
            start: Position { line: 9, column: 1 },
            end: Position { line: 9, column: 4 },
            bytes: 0..0,
        };
        assert_eq!(
            byte_range(&past_the_end, &file),
            file.text.len()..file.text.len()
        );
    }
}
