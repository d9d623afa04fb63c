//! Errors of the live side. Every API error names the call that failed.

use aws_sdk_iam::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// One failed AWS API call (after the SDK's retries).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{service}:{operation} failed: {detail}")]
pub struct ApiError {
    pub service: &'static str,
    pub operation: &'static str,
    /// The AWS error code (`AccessDenied`, `Throttling`, …) when the service sent one.
    pub code: Option<String>,
    /// The code and message, or the transport error (timeout, connection refused, …).
    pub detail: String,
}

impl ApiError {
    pub(crate) fn from_sdk<E>(
        service: &'static str,
        operation: &'static str,
        error: &SdkError<E, HttpResponse>,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let code = error.code().map(str::to_string);
        let detail = match (&code, error.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.clone(),
            // No AWS error in the body (an HTML 500 from a proxy…): the status is enough.
            _ => match error.raw_response() {
                Some(response) if !response.status().is_success() => {
                    format!("HTTP {} without an AWS error", response.status())
                }
                // A transport error, a timeout, or a response the SDK could not parse.
                _ => DisplayErrorContext(error).to_string(),
            },
        };
        ApiError {
            service,
            operation,
            code,
            detail,
        }
    }

    /// Whether the service answered one of `codes`.
    pub(crate) fn has_code(&self, codes: &[&str]) -> bool {
        self.code.as_deref().is_some_and(|c| codes.contains(&c))
    }

    /// A response that lacks a field the API documents as always present.
    pub(crate) fn malformed(service: &'static str, operation: &'static str, what: &str) -> Self {
        ApiError {
            service,
            operation,
            code: None,
            detail: format!("malformed response: {what}"),
        }
    }
}

/// The configuration could not be turned into an SDK configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("max_concurrency must be at least 1")]
    ZeroConcurrency,
    #[error("retry max_attempts must be at least 1")]
    ZeroAttempts,
    #[error("the API call rate must be a positive number of calls per second")]
    InvalidRate,
}
