//! Problems with the input, reported per file (and line where known) while the other files are
//! processed. Records read before a problem are kept: a truncated file still holds valid events.

use std::fmt;

/// One problem with one input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file or directory could not be opened or listed.
    #[error("{path}: cannot read: {message}")]
    Open { path: String, message: String },
    /// The gzip stream is truncated or corrupt (or the file failed while being read).
    #[error("{path}: corrupt or truncated gzip stream after {records} records: {message}")]
    Decompress {
        path: String,
        records: u64,
        message: String,
    },
    /// Malformed or truncated JSON; `line`/`column` are in the decompressed text.
    #[error("{path}{}: invalid JSON after {records} records: {message}", at(*line, *column))]
    Json {
        path: String,
        line: Option<u64>,
        column: Option<u64>,
        records: u64,
        message: String,
    },
    /// The content is neither gzip nor JSON.
    #[error("{path}: not CloudTrail JSON (starts with {found})")]
    NotJson { path: String, found: String },
    /// Lines of an NDJSON file that are not JSON were skipped.
    #[error("{path}:{first_line}: {count} line(s) skipped, not JSON; first: {message}")]
    BadLines {
        path: String,
        count: u64,
        first_line: u64,
        message: String,
    },
    /// A line longer than the limit (not NDJSON, or no newlines at all).
    #[error("{path}:{line}: line longer than {limit} bytes; rest of the file skipped")]
    LineTooLong {
        path: String,
        line: u64,
        limit: usize,
    },
    /// Records without the fields every event has were skipped.
    #[error("{path}: {count} record(s) skipped; the first (record {first_record}) has {reason}")]
    InvalidRecords {
        path: String,
        count: u64,
        first_record: u64,
        reason: String,
    },
}

fn at(line: Option<u64>, column: Option<u64>) -> Atted {
    Atted(line, column)
}

struct Atted(Option<u64>, Option<u64>);

impl fmt::Display for Atted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(l), Some(c)) => write!(f, ":{l}:{c}"),
            (Some(l), None) => write!(f, ":{l}"),
            _ => Ok(()),
        }
    }
}

impl ReadError {
    /// The file (or reader name) the problem is in.
    pub fn path(&self) -> &str {
        match self {
            ReadError::Open { path, .. }
            | ReadError::Decompress { path, .. }
            | ReadError::Json { path, .. }
            | ReadError::NotJson { path, .. }
            | ReadError::BadLines { path, .. }
            | ReadError::LineTooLong { path, .. }
            | ReadError::InvalidRecords { path, .. } => path,
        }
    }

    /// The 1-based line of the problem, where known.
    pub fn line(&self) -> Option<u64> {
        match self {
            ReadError::Json { line, .. } => *line,
            ReadError::BadLines { first_line, .. } => Some(*first_line),
            ReadError::LineTooLong { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// A stable kebab-case code for diagnostics.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Open { .. } => "trail-unreadable",
            ReadError::Decompress { .. } => "trail-corrupt-gzip",
            ReadError::Json { .. } => "trail-invalid-json",
            ReadError::NotJson { .. } => "trail-not-json",
            ReadError::BadLines { .. } => "trail-bad-lines",
            ReadError::LineTooLong { .. } => "trail-line-too-long",
            ReadError::InvalidRecords { .. } => "trail-invalid-records",
        }
    }

    /// Whether only part of the input was lost (some lines or records) rather than the rest of a
    /// file: a warning, not an error.
    pub fn is_partial(&self) -> bool {
        matches!(
            self,
            ReadError::BadLines { .. } | ReadError::InvalidRecords { .. }
        )
    }
}
