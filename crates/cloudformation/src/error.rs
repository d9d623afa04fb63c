//! Errors: a template that cannot be read at all, and a parameters file that cannot.

use driftguard_model::{Diagnostic, Span};

/// A template that could not be read: malformed YAML or JSON, nesting or alias expansion past
/// the limits. Displays as `file:line:column: message`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{span}: {message}")]
pub struct LoadError {
    pub message: String,
    /// Where the parser stopped.
    pub span: Span,
}

impl LoadError {
    /// The error as a `cfn-parse-error` diagnostic (the scan is incomplete).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error("cfn-parse-error", self.message.clone()).at(self.span.clone())
    }
}

/// A `--cfn-params` file that could not be read. Displays as `file:line:column: message`
/// (`file: message` when there is no position, e.g. the file is missing).
#[derive(Debug, Clone, thiserror::Error)]
pub struct ParamsError {
    pub file: String,
    /// 1-based; 0 when the problem has no position.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}
