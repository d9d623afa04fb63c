//! The declared side's AWS reads: Terraform states in an S3 backend, and the account the
//! credentials belong to (recorded in inventory snapshots).

use aws_config::SdkConfig;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use globset::GlobBuilder;

use crate::call::Caller;
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
                    if page.is_truncated() == Some(true) {
                        page.next_continuation_token().map(str::to_string)
                    } else {
                        None
                    }
                },
            )
            .await?;
        let mut keys: Vec<String> = pages
            .iter()
            .flat_map(|p| p.contents())
            .filter_map(|o| o.key())
            .filter(|k| matcher.is_match(k))
            .map(str::to_string)
            .collect();
        keys.sort();
        keys
    } else {
        vec![key.to_string()]
    };
    let mut states = Vec::with_capacity(keys.len());
    for key in keys {
        let object = caller
            .call(
                "s3",
                "GetObject",
                client.get_object().bucket(bucket).key(&key).send(),
            )
            .await?;
        let name = format!("s3://{bucket}/{key}");
        let bytes = object.body.collect().await.map_err(|e| ApiError {
            service: "s3",
            operation: "GetObject",
            code: None,
            detail: format!("{name}: reading the body failed: {e}"),
        })?;
        states.push(StateObject {
            name,
            bytes: bytes.into_bytes().to_vec(),
        });
    }
    Ok(states)
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
