use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A 1-based line and column (columns count Unicode scalar values, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A region of a source file. `file` is the path as shown to the user (relative to the working
/// directory where possible); `bytes` is the byte range in the file's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub file: Arc<str>,
    pub start: Position,
    pub end: Position,
    #[serde(skip)]
    pub bytes: Range<usize>,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.start.line, self.start.column)
    }
}

/// A file that was read, kept so renderers can show code frames without reading it again.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let lines = Arc::new(LineIndex::new(&text));
        SourceFile {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The span of a byte range of this file.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        Span {
            file: self.path.clone(),
            start: self.lines.position(&self.text, bytes.start),
            end: self.lines.position(&self.text, bytes.end),
            bytes,
        }
    }
}

/// Byte offsets of line starts, to turn byte offsets into lines and columns in O(log n).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of `offset` in `text` (clamped to the text, and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let column = text[self.starts[line]..offset].chars().count() + 1;
        Position {
            line: line as u32 + 1,
            column: column as u32,
        }
    }

    /// The byte range of 1-based `line` without its line terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Option<Range<usize>> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let file = SourceFile::new("main.tf", "a = 1\nb = \"é\" # x\n");
        let span = file.span(6..9);
        assert_eq!(span.start, Position { line: 2, column: 1 });
        assert_eq!(span.end, Position { line: 2, column: 4 });
        // byte 12 is inside é's second byte: clamped to the char start
        assert_eq!(
            file.lines.position(&file.text, 11),
            Position { line: 2, column: 6 }
        );
        assert_eq!(file.lines.line_range(&file.text, 2), Some(6..18));
        assert_eq!(span.to_string(), "main.tf:2:1");
    }
}
