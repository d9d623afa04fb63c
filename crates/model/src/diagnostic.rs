use std::fmt;

use serde::Serialize;

use crate::Span;

/// A problem with the input itself rather than with the infrastructure it describes.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub level: DiagnosticLevel,
    /// A stable kebab-case code, e.g. `parse-error`, `module-not-resolved`.
    pub code: &'static str,
    pub message: String,
    pub location: Option<Span>,
    /// The file the problem is in, when there is no finer location.
    pub file: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    Info,
    Warning,
    /// The input could not be read: the scan is incomplete and exits with code 2.
    Error,
}

impl Diagnostic {
    pub fn new(level: DiagnosticLevel, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            code,
            message: message.into(),
            location: None,
            file: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(DiagnosticLevel::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(DiagnosticLevel::Warning, code, message)
    }

    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(DiagnosticLevel::Info, code, message)
    }

    pub fn at(mut self, span: Span) -> Self {
        self.file = Some(span.file.to_string());
        self.location = Some(span);
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location, &self.file) {
            (Some(span), _) => write!(f, "{span}: ")?,
            (None, Some(file)) => write!(f, "{file}: ")?,
            (None, None) => {}
        }
        write!(
            f,
            "{}: {} [{}]",
            self.level.as_str(),
            self.message,
            self.code
        )
    }
}

impl DiagnosticLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticLevel::Info => "info",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Error => "error",
        }
    }
}
