//! Every API call goes through [`Caller`]: bounded concurrency, counted, errors named.

use std::future::Future;

use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use std::time::Duration;

use tokio::sync::{Mutex, Semaphore};
use tokio::time::Instant;

use crate::error::ApiError;
use crate::stats::ApiStats;

#[derive(Debug)]
pub(crate) struct Caller {
    limit: Semaphore,
    /// With a rate limit: the spacing between call starts, and the earliest next start.
    pacing: Option<(Duration, Mutex<Instant>)>,
    pub(crate) stats: ApiStats,
}

impl Caller {
    /// At most `max_concurrency` calls in flight and, with `max_rate`, at most that many call
    /// starts per second (over all services and regions).
    pub(crate) fn new(max_concurrency: usize, max_rate: Option<f64>) -> Self {
        Caller {
            limit: Semaphore::new(max_concurrency.max(1)),
            pacing: max_rate.filter(|rate| *rate > 0.0).map(|rate| {
                (
                    Duration::from_secs_f64(1.0 / rate),
                    Mutex::new(Instant::now()),
                )
            }),
            stats: ApiStats::default(),
        }
    }

    async fn pace(&self) {
        let Some((spacing, next)) = &self.pacing else {
            return;
        };
        let start = {
            let mut next = next.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + *spacing;
            start
        };
        tokio::time::sleep_until(start).await;
    }

    /// One call (retries inside the SDK count as one).
    pub(crate) async fn call<T, E, F>(
        &self,
        service: &'static str,
        operation: &'static str,
        request: F,
    ) -> Result<T, ApiError>
    where
        F: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.call_raw(service, operation, request)
            .await
            .map_err(|e| ApiError::from_sdk(service, operation, &e))
    }

    /// [`Caller::call`] with the SDK's error, for callers that treat some errors as answers
    /// (`NoSuchEntity`: there is none).
    pub(crate) async fn call_raw<T, E, R, F>(
        &self,
        service: &'static str,
        operation: &'static str,
        request: F,
    ) -> Result<T, SdkError<E, R>>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
    {
        // The semaphore is never closed, so acquiring cannot fail.
        let _permit = self.limit.acquire().await.ok();
        self.pace().await;
        self.stats.record(service, operation);
        request.await
    }

    /// [`Caller::call`], `None` when the service answers one of the `absent` error codes (the
    /// resource was deleted after it was listed, or has nothing configured): an answer, not a
    /// failure.
    pub(crate) async fn call_unless<T, E, F>(
        &self,
        service: &'static str,
        operation: &'static str,
        absent: &[&str],
        request: F,
    ) -> Result<Option<T>, ApiError>
    where
        F: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match self.call(service, operation, request).await {
            Ok(out) => Ok(Some(out)),
            Err(e) if e.has_code(absent) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every page of a paginated call. `send(marker)` sends one page request; `next(page)`
    /// gives the marker of the next page, `None` on the last one.
    pub(crate) async fn pages<T, E, F, S, N>(
        &self,
        service: &'static str,
        operation: &'static str,
        mut send: S,
        next: N,
    ) -> Result<Vec<T>, ApiError>
    where
        S: FnMut(Option<String>) -> F,
        N: Fn(&T) -> Option<String>,
        F: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let mut pages = Vec::new();
        let mut marker = None;
        loop {
            let page = self.call(service, operation, send(marker.take())).await?;
            let following = next(&page);
            pages.push(page);
            match following {
                Some(m) => marker = Some(m),
                None => return Ok(pages),
            }
        }
    }

    /// Every item of a paginated call: [`Caller::pages`], each page taken apart by `items`.
    pub(crate) async fn items<T, P, I, E, F, S, N>(
        &self,
        service: &'static str,
        operation: &'static str,
        send: S,
        next: N,
        items: impl FnMut(P) -> I,
    ) -> Result<Vec<T>, ApiError>
    where
        S: FnMut(Option<String>) -> F,
        N: Fn(&P) -> Option<String>,
        F: Future<Output = Result<P, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        I: IntoIterator<Item = T>,
    {
        let pages = self.pages(service, operation, send, next).await?;
        Ok(pages.into_iter().flat_map(items).collect())
    }
}

/// The next page's marker of a `Marker`/`IsTruncated` response: only when truncated *and* a
/// marker is given, so that a service bug cannot loop forever.
pub(crate) fn truncated_marker(truncated: bool, marker: Option<&str>) -> Option<String> {
    marker.filter(|_| truncated).map(str::to_string)
}

/// The next page's token of a `NextToken` response: a non-empty one (an empty token would ask
/// for the first page again).
pub(crate) fn next_token(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_string)
}

/// The next-page marker of an IAM list response (see [`truncated_marker`]).
macro_rules! iam_next {
    ($output:ty) => {
        |page: &$output| $crate::call::truncated_marker(page.is_truncated(), page.marker())
    };
}
pub(crate) use iam_next;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_page_needs_a_marker_or_a_token() {
        assert_eq!(truncated_marker(true, Some("m")), Some("m".to_string()));
        assert_eq!(truncated_marker(false, Some("m")), None);
        assert_eq!(truncated_marker(true, None), None);
        assert_eq!(next_token(Some("t")), Some("t".to_string()));
        assert_eq!(next_token(Some("")), None);
        assert_eq!(next_token(None), None);
    }
}
