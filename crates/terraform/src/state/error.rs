use std::io;

/// Why a state could not be loaded. Every variant names the file (or glob, or `<stdin>`).
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{path}: cannot read state: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: state is empty")]
    Empty { path: String },
    /// Invalid JSON; a truncated file is reported here too, at the line where it ends.
    #[error("{path}:{line}:{column}: malformed JSON: {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON whose shape is not a Terraform state (wrong top-level type, missing fields,
    /// fields of the wrong type).
    #[error("{path}: not a Terraform state: {reason}")]
    NotState { path: String, reason: String },
    /// A state whose `version` is not 4.
    #[error("{path}: state format version {version} is not supported; {hint}")]
    UnsupportedVersion {
        path: String,
        version: String,
        hint: &'static str,
    },
    /// `terraform show -json` output whose `format_version` is not 1.x.
    #[error("{path}: `terraform show -json` format version {version} is not supported (driftguard reads 1.x)")]
    UnsupportedShowFormat { path: String, version: String },
    #[error("{pattern}: invalid glob: {message}")]
    Glob { pattern: String, message: String },
    #[error("{pattern}: no state file matches")]
    NoMatch { pattern: String },
    /// A remote source (S3 or HTTP backend) that could not be read.
    #[error("{location}: cannot read state: {message}")]
    Remote { location: String, message: String },
}

impl StateError {
    /// The file, glob or `<stdin>` the error is about.
    pub fn path(&self) -> &str {
        match self {
            StateError::Io { path, .. }
            | StateError::Empty { path }
            | StateError::Json { path, .. }
            | StateError::NotState { path, .. }
            | StateError::UnsupportedVersion { path, .. }
            | StateError::UnsupportedShowFormat { path, .. } => path,
            StateError::Glob { pattern, .. } | StateError::NoMatch { pattern } => pattern,
            StateError::Remote { location, .. } => location,
        }
    }
}
