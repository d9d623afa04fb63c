//! Reads besides the collectors: Terraform states in an S3 backend, CloudTrail log files in
//! their S3 bucket, and the account the credentials belong to (recorded in inventory snapshots).

use std::path::{Path, PathBuf};

use aws_config::SdkConfig;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_smithy_types::byte_stream::AggregatedBytes;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use globset::GlobBuilder;

use crate::call::{truncated_marker, Caller};
use crate::error::ApiError;

/// One state object read from S3, named `s3://bucket/key`.
#[derive(Debug, Clone)]
pub struct StateObject {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why S3 states could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RemoteStateError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("s3://{bucket}/{key}: invalid glob: {message}")]
    Glob {
        bucket: String,
        key: String,
        message: String,
    },
}

/// Reads `s3://bucket/key`; a key with glob characters (`*`, `?`, `[`, `{`) reads every object
/// under its literal prefix that the glob matches (`*` does not cross `/`, `**` does), sorted.
/// No match is an empty list (the caller reports it).
pub async fn fetch_s3_states(
    sdk: &SdkConfig,
    bucket: &str,
    key: &str,
) -> Result<Vec<StateObject>, RemoteStateError> {
    let client = crate::s3::client(sdk, None);
    let caller = Caller::new(4, None);
    let keys = if key.contains(['*', '?', '[', '{']) {
        let matcher = GlobBuilder::new(key)
            .literal_separator(true)
            .build()
            .map_err(|e| RemoteStateError::Glob {
                bucket: bucket.to_string(),
                key: key.to_string(),
                message: e.kind().to_string(),
            })?
            .compile_matcher();
        let prefix = &key[..key.find(['*', '?', '[', '{']).unwrap_or(key.len())];
        let mut keys: Vec<String> = list_keys(&client, &caller, bucket, prefix)
            .await?
            .into_iter()
            .filter(|k| matcher.is_match(k))
            .collect();
        keys.sort();
        keys
    } else {
        vec![key.to_string()]
    };
    let mut states = Vec::with_capacity(keys.len());
    for key in keys {
        let bytes = get_object(&client, &caller, bucket, &key).await?;
        states.push(StateObject {
            name: format!("s3://{bucket}/{key}"),
            bytes: bytes.into_bytes().to_vec(),
        });
    }
    Ok(states)
}

/// The body of `s3://bucket/key`.
async fn get_object(
    client: &aws_sdk_s3::Client,
    caller: &Caller,
    bucket: &str,
    key: &str,
) -> Result<AggregatedBytes, ApiError> {
    let object = caller
        .call(
            "s3",
            "GetObject",
            client.get_object().bucket(bucket).key(key).send(),
        )
        .await?;
    object
        .body
        .collect()
        .await
        .map_err(|e| get_object_error(format!("s3://{bucket}/{key}: reading the body failed: {e}")))
}

/// A GetObject that failed on our side (the body, the destination).
fn get_object_error(detail: String) -> ApiError {
    ApiError {
        service: "s3",
        operation: "GetObject",
        code: None,
        detail,
    }
}

/// Every key under `prefix`, all pages.
async fn list_keys(
    client: &aws_sdk_s3::Client,
    caller: &Caller,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<String>, ApiError> {
    let pages = caller
        .pages(
            "s3",
            "ListObjectsV2",
            |token| {
                client
                    .list_objects_v2()
                    .bucket(bucket)
                    .prefix(prefix)
                    .set_continuation_token(token)
                    .send()
            },
            |page: &ListObjectsV2Output| {
                truncated_marker(
                    page.is_truncated() == Some(true),
                    page.next_continuation_token(),
                )
            },
        )
        .await?;
    Ok(pages
        .iter()
        .flat_map(|p| p.contents())
        .filter_map(|o| o.key())
        .map(str::to_string)
        .collect())
}

/// What [`download_s3_logs`] fetched.
#[derive(Debug, Default)]
pub struct Downloaded {
    /// Objects written below the destination, at their key's path.
    pub objects: usize,
    /// Objects left out by `keep` (outside the requested dates, accounts or regions).
    pub skipped: usize,
    pub bytes: u64,
}

/// Downloads the CloudTrail log objects under `s3://bucket/prefix` that `keep(key)` accepts into
/// `dest`, each at its key's path, so that the S3 layout's dates, accounts and regions stay
/// readable. The bucket is read through its own region; `concurrency` objects at a time.
pub async fn download_s3_logs(
    sdk: &SdkConfig,
    bucket: &str,
    prefix: &str,
    keep: impl Fn(&str) -> bool,
    dest: &Path,
    concurrency: usize,
) -> Result<Downloaded, ApiError> {
    let caller = Caller::new(concurrency.max(1), None);
    let home = crate::s3::client(sdk, None);
    let location = caller
        .call(
            "s3",
            "GetBucketLocation",
            home.get_bucket_location().bucket(bucket).send(),
        )
        .await?;
    let region = crate::s3::location_region(location.location_constraint().map(|c| c.as_str()));
    let client = crate::s3::client(sdk, Some(&region));
    let keys = list_keys(&client, &caller, bucket, prefix).await?;
    let (wanted, skipped): (Vec<String>, Vec<String>) = keys
        .into_iter()
        .filter(|k| !k.ends_with('/'))
        .partition(|k| keep(k));
    let sizes: Vec<u64> = stream::iter(wanted.iter().map(|key| {
        let (client, caller) = (&client, &caller);
        async move {
            let bytes = get_object(client, caller, bucket, key).await?;
            let path = safe_join(dest, key).ok_or_else(|| {
                get_object_error(format!(
                    "s3://{bucket}/{key}: the key is not a relative path"
                ))
            })?;
            let bytes = bytes.into_bytes();
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &bytes));
            written
                .map_err(|e| get_object_error(format!("cannot write {}: {e}", path.display())))?;
            Ok::<u64, ApiError>(bytes.len() as u64)
        }
    }))
    .buffer_unordered(concurrency.max(1))
    .try_collect()
    .await?;
    Ok(Downloaded {
        objects: sizes.len(),
        skipped: skipped.len(),
        bytes: sizes.iter().sum(),
    })
}

/// `dest/key`, refusing keys that would leave `dest` (`..`, absolute paths).
fn safe_join(dest: &Path, key: &str) -> Option<PathBuf> {
    let mut path = dest.to_path_buf();
    for part in key.split('/') {
        match part {
            "" | "." => continue,
            ".." => return None,
            part => path.push(part),
        }
    }
    (path != dest).then_some(path)
}

/// The account the credentials act in (STS `GetCallerIdentity`, which needs no permission).
pub async fn account_id(sdk: &SdkConfig) -> Result<String, ApiError> {
    let caller = Caller::new(1, None);
    let client = aws_sdk_sts::Client::new(sdk);
    let identity = caller
        .call(
            "sts",
            "GetCallerIdentity",
            client.get_caller_identity().send(),
        )
        .await?;
    identity
        .account()
        .map(str::to_string)
        .ok_or_else(|| ApiError::malformed("sts", "GetCallerIdentity", "no Account"))
}
