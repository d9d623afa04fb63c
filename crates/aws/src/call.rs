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

    /// Every page of a Marker/IsTruncated paginated call. `send(marker)` sends one page request;
    /// `next(page)` gives the marker of the next page, `None` on the last one.
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
}

/// The next-page marker of an IAM list response: only when truncated *and* a marker is given,
/// so that a service bug cannot loop forever.
macro_rules! iam_next {
    ($output:ty) => {
        |page: &$output| {
            if page.is_truncated() {
                page.marker().map(str::to_string)
            } else {
                None
            }
        }
    };
}
pub(crate) use iam_next;
