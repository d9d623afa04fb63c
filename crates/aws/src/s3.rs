//! S3 collectors, normalised to terraform-provider-aws v5's state schema.
//!
//! ListBuckets is account-wide: it is called once, through the home region. Each bucket lives
//! in one region (ListBuckets' `BucketRegion`, else GetBucketLocation) and is read through a
//! client for that region; buckets outside the scanned regions are not read at all. Every
//! per-bucket answer is fetched once and shared by the types built from it, so a failed call
//! fails exactly the types that need it, in the bucket's region only.
//!
//! "Not configured" answers (`NoSuchBucketPolicy`, `NoSuchPublicAccessBlockConfiguration`…) are
//! answers: the sub-resource does not exist, and `aws_s3_bucket`'s inline attribute gets the
//! provider's empty value. A bucket deleted between the list and a read (`NoSuchBucket`) is
//! skipped by the types that needed that read.

use std::collections::BTreeMap;
use std::future::Future;

use aws_config::SdkConfig;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::get_bucket_acl::GetBucketAclOutput;
use aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::types::{
    BucketVersioningStatus, Grantee, LoggingEnabled, MfaDeleteStatus, ObjectLockConfiguration,
    ObjectLockEnabled, OwnershipControls, PublicAccessBlockConfiguration,
    ServerSideEncryptionConfiguration, Tag,
};
use aws_sdk_s3::Client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use futures_util::future::join_all;
use serde_json::{json, Value as Json};

use crate::call::{next_token, Caller};
use crate::error::ApiError;
use crate::shape::{item, tag_map, Item};
use crate::{Collected, TypeResult};

const S3: &str = "s3";

/// The error code of a bucket deleted after it was listed.
const NO_SUCH_BUCKET: &str = "NoSuchBucket";

/// The largest ListBuckets page AWS serves; pages are followed by `ContinuationToken`.
const MAX_BUCKETS: i32 = 10_000;

/// Every S3 type collected, in collection order.
pub const TYPES: &[&str] = &[
    "aws_s3_bucket",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_ownership_controls",
];

/// One per-bucket read.
enum Fetched<T> {
    /// The bucket's configuration.
    Set(T),
    /// The bucket has none ("not configured").
    Unset,
    /// The bucket was deleted after it was listed.
    Gone,
}

type Read<T> = Result<Fetched<T>, ApiError>;

/// Unwraps a [`Read`] inside a type builder: the configuration (`Some`) or its absence
/// (`None`); a deleted bucket yields no item, a failed call fails the type.
macro_rules! read {
    ($read:expr) => {
        match $read {
            Err(error) => return Err(error.clone()),
            Ok(Fetched::Gone) => return Ok(None),
            Ok(Fetched::Unset) => None,
            Ok(Fetched::Set(value)) => Some(value),
        }
    };
}

/// Everything read about one bucket, each call made once.
struct BucketRead {
    name: String,
    region: String,
    policy: Read<String>,
    acl: Read<GetBucketAclOutput>,
    versioning: Read<GetBucketVersioningOutput>,
    encryption: Read<ServerSideEncryptionConfiguration>,
    logging: Read<LoggingEnabled>,
    tags: Read<Vec<Tag>>,
    object_lock: Read<ObjectLockConfiguration>,
    public_access_block: Read<PublicAccessBlockConfiguration>,
    ownership: Read<OwnershipControls>,
}

/// One `Collected` per (type, region) for every region in `regions`: a region without buckets
/// is an empty success. ListBuckets failing (or a bucket whose region cannot be read) fails
/// every S3 type everywhere; a failed per-bucket call fails the types that need it in that
/// bucket's region.
pub(crate) async fn collect(
    sdk: &SdkConfig,
    caller: &Caller,
    regions: &[String],
) -> Vec<Collected> {
    if regions.is_empty() {
        return Vec::new();
    }
    // SDK futures are large (tens of KB in debug builds): boxed, they stay off the stack.
    let located = match Box::pin(locate_buckets(sdk, caller)).await {
        Ok(located) => located,
        Err(error) => {
            return TYPES
                .iter()
                .flat_map(|t| regions.iter().map(move |r| (t, r)))
                .map(|(t, r)| Collected::new(t, r, Err(error.clone())))
                .collect();
        }
    };
    let clients: BTreeMap<&str, Client> = regions
        .iter()
        .map(|r| (r.as_str(), client(sdk, Some(r))))
        .collect();
    let reads = join_all(located.into_iter().filter_map(|(name, region)| {
        let client = clients.get(region.as_str())?;
        Some(read_bucket(client, caller, name, region))
    }))
    .await;

    let mut out = Vec::with_capacity(BUILDERS.len() * regions.len());
    for (resource_type, build) in BUILDERS {
        for region in regions {
            let result: TypeResult = reads
                .iter()
                .filter(|b| &b.region == region)
                .map(build)
                .collect::<Result<Vec<Option<Item>>, ApiError>>()
                .map(|items| items.into_iter().flatten().collect());
            out.push(Collected::new(resource_type, region, result));
        }
    }
    out
}

/// Builds a type's item (if any) for one bucket.
type Builder = fn(&BucketRead) -> Result<Option<Item>, ApiError>;

/// The builder of each type, in [`TYPES`] order.
const BUILDERS: [(&str, Builder); 8] = [
    ("aws_s3_bucket", bucket),
    ("aws_s3_bucket_versioning", versioning),
    (
        "aws_s3_bucket_server_side_encryption_configuration",
        encryption,
    ),
    ("aws_s3_bucket_public_access_block", public_access_block),
    ("aws_s3_bucket_policy", policy),
    ("aws_s3_bucket_acl", acl),
    ("aws_s3_bucket_logging", logging),
    ("aws_s3_bucket_ownership_controls", ownership_controls),
];

/// An S3 client for `region` (the SDK configuration's own when `None`). With an endpoint
/// override (emulators, VPC endpoints), buckets are addressed by path: the bucket's host name
/// would not resolve.
pub(crate) fn client(sdk: &SdkConfig, region: Option<&str>) -> Client {
    let mut config = aws_sdk_s3::config::Builder::from(sdk);
    if let Some(region) = region {
        config = config.region(aws_sdk_s3::config::Region::new(region.to_string()));
    }
    if sdk.endpoint_url().is_some() {
        config = config.force_path_style(true);
    }
    Client::from_conf(config.build())
}

/// Every bucket with its region: ListBuckets (all pages) through the home region, and
/// GetBucketLocation for the buckets ListBuckets gives no region for.
async fn locate_buckets(
    sdk: &SdkConfig,
    caller: &Caller,
) -> Result<Vec<(String, String)>, ApiError> {
    let home = client(sdk, None);
    let pages = caller
        .pages(
            S3,
            "ListBuckets",
            |token| {
                home.list_buckets()
                    .max_buckets(MAX_BUCKETS)
                    .set_continuation_token(token)
                    .send()
            },
            |page: &ListBucketsOutput| next_token(page.continuation_token()),
        )
        .await?;
    let listed: Vec<(String, Option<String>)> = pages
        .iter()
        .flat_map(|p| p.buckets())
        .filter_map(|b| {
            let region = b.bucket_region().filter(|r| !r.is_empty());
            Some((b.name()?.to_string(), region.map(str::to_string)))
        })
        .collect();
    let located = join_all(listed.into_iter().map(|(name, region)| {
        let home = &home;
        async move {
            if let Some(region) = region {
                return Ok(Some((name, region)));
            }
            let request = home.get_bucket_location().bucket(&name).send();
            // A bucket deleted since ListBuckets is not located (nor read).
            let out = caller
                .call_unless(S3, "GetBucketLocation", &[NO_SUCH_BUCKET], request)
                .await?;
            Ok(out.map(|out| {
                let region = location_region(out.location_constraint().map(|c| c.as_str()));
                (name, region)
            }))
        }
    }))
    .await;
    located.into_iter().filter_map(Result::transpose).collect()
}

/// The region of a GetBucketLocation answer: no constraint is us-east-1, `EU` the legacy name
/// of eu-west-1.
pub(crate) fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".into(),
        Some("EU") => "eu-west-1".into(),
        Some(region) => region.into(),
    }
}

/// One per-bucket call: `unset` lists the error codes that mean "not configured".
async fn fetch<O, T, E, F>(
    caller: &Caller,
    operation: &'static str,
    unset: &[&str],
    request: F,
    extract: impl FnOnce(O) -> Option<T>,
) -> Read<T>
where
    F: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match caller.call_raw(S3, operation, request).await {
        Ok(out) => Ok(extract(out).map_or(Fetched::Unset, Fetched::Set)),
        Err(e) => match e.code() {
            Some(NO_SUCH_BUCKET) => Ok(Fetched::Gone),
            Some(code) if unset.contains(&code) => Ok(Fetched::Unset),
            _ => Err(ApiError::from_sdk(S3, operation, &e)),
        },
    }
}

/// Every per-bucket call, concurrently (within the caller's limit), each future boxed to keep
/// the joined future small.
async fn read_bucket(client: &Client, caller: &Caller, name: String, region: String) -> BucketRead {
    let b = name.as_str();
    let (policy, acl, versioning, encryption, logging, tags, object_lock, pab, ownership) = tokio::join!(
        Box::pin(fetch(
            caller,
            "GetBucketPolicy",
            &["NoSuchBucketPolicy"],
            client.get_bucket_policy().bucket(b).send(),
            |o| o.policy().map(str::to_string),
        )),
        Box::pin(fetch(
            caller,
            "GetBucketAcl",
            &[],
            client.get_bucket_acl().bucket(b).send(),
            Some,
        )),
        Box::pin(fetch(
            caller,
            "GetBucketVersioning",
            &[],
            client.get_bucket_versioning().bucket(b).send(),
            Some,
        )),
        Box::pin(fetch(
            caller,
            "GetBucketEncryption",
            &["ServerSideEncryptionConfigurationNotFoundError"],
            client.get_bucket_encryption().bucket(b).send(),
            |o| o.server_side_encryption_configuration,
        )),
        Box::pin(fetch(
            caller,
            "GetBucketLogging",
            &[],
            client.get_bucket_logging().bucket(b).send(),
            |o| o.logging_enabled,
        )),
        Box::pin(fetch(
            caller,
            "GetBucketTagging",
            &["NoSuchTagSet"],
            client.get_bucket_tagging().bucket(b).send(),
            |o| Some(o.tag_set),
        )),
        Box::pin(fetch(
            caller,
            "GetObjectLockConfiguration",
            &["ObjectLockConfigurationNotFoundError"],
            client.get_object_lock_configuration().bucket(b).send(),
            |o| o.object_lock_configuration,
        )),
        Box::pin(fetch(
            caller,
            "GetPublicAccessBlock",
            &["NoSuchPublicAccessBlockConfiguration"],
            client.get_public_access_block().bucket(b).send(),
            |o| o.public_access_block_configuration,
        )),
        Box::pin(fetch(
            caller,
            "GetBucketOwnershipControls",
            &["OwnershipControlsNotFoundError"],
            client.get_bucket_ownership_controls().bucket(b).send(),
            |o| o.ownership_controls,
        )),
    );
    BucketRead {
        name,
        region,
        policy,
        acl,
        versioning,
        encryption,
        logging,
        tags,
        object_lock,
        public_access_block: pab,
        ownership,
    }
}

/// The partition and DNS suffix of a region; `None` for partitions whose naming is not known
/// here (ISO), so that nothing is guessed.
fn partition(region: &str) -> Option<(&'static str, &'static str)> {
    if region.starts_with("cn-") {
        Some(("aws-cn", "amazonaws.com.cn"))
    } else if region.starts_with("us-gov-") {
        Some(("aws-us-gov", "amazonaws.com"))
    } else if region.contains("-iso") {
        None
    } else {
        Some(("aws", "amazonaws.com"))
    }
}

fn opt_str(s: Option<&str>) -> &str {
    s.unwrap_or("")
}

fn tags(tags: &[Tag]) -> Json {
    tag_map(tags.iter().map(|t| (t.key(), t.value())))
}

/// The `versioning_configuration` status of `aws_s3_bucket_versioning`: `Disabled` for a bucket
/// whose versioning was never enabled, as the provider reads it.
fn versioning_status(v: &GetBucketVersioningOutput) -> &str {
    v.status()
        .map_or("Disabled", BucketVersioningStatus::as_str)
}

/// `aws_s3_bucket_server_side_encryption_configuration`'s `rule` (and the inner list of
/// `aws_s3_bucket`'s inline block): unset strings `""`, an unset bucket key `false`.
fn encryption_rules(config: &ServerSideEncryptionConfiguration) -> Json {
    Json::Array(
        config
            .rules()
            .iter()
            .map(|r| {
                let by_default: Vec<Json> = r
                    .apply_server_side_encryption_by_default()
                    .map(|d| {
                        json!({
                            "sse_algorithm": d.sse_algorithm().as_str(),
                            "kms_master_key_id": opt_str(d.kms_master_key_id()),
                        })
                    })
                    .into_iter()
                    .collect();
                json!({
                    "apply_server_side_encryption_by_default": by_default,
                    "bucket_key_enabled": r.bucket_key_enabled().unwrap_or(false),
                })
            })
            .collect(),
    )
}

/// A grantee block of `aws_s3_bucket_acl` and `aws_s3_bucket_logging` (unset strings `""`).
fn grantee(g: &Grantee) -> Json {
    json!([{
        "type": g.r#type().as_str(),
        "id": opt_str(g.id()),
        "uri": opt_str(g.uri()),
        "email_address": opt_str(g.email_address()),
        "display_name": opt_str(g.display_name()),
    }])
}

/// One `grant` of `aws_s3_bucket_acl` or `target_grant` of `aws_s3_bucket_logging`.
fn grant(grantee: Option<&Grantee>, permission: &str) -> Json {
    json!({
        "grantee": grantee.map_or_else(|| json!([]), self::grantee),
        "permission": permission,
    })
}

/// `aws_s3_bucket`'s deprecated `grant`: one entry per grantee with its permissions, the
/// owner's own FULL_CONTROL included.
fn bucket_grants(acl: &GetBucketAclOutput) -> Json {
    let mut grants: Vec<(String, String, String, Vec<String>)> = Vec::new();
    for g in acl.grants() {
        let Some(grantee) = g.grantee() else { continue };
        let key = (
            grantee.r#type().as_str().to_string(),
            opt_str(grantee.id()).to_string(),
            opt_str(grantee.uri()).to_string(),
        );
        let permission = g.permission().map_or("", |p| p.as_str()).to_string();
        match grants
            .iter_mut()
            .find(|(t, id, uri, _)| (t, id, uri) == (&key.0, &key.1, &key.2))
        {
            Some((.., permissions)) => {
                if !permissions.contains(&permission) {
                    permissions.push(permission);
                }
            }
            None => grants.push((key.0, key.1, key.2, vec![permission])),
        }
    }
    Json::Array(
        grants
            .into_iter()
            .map(|(t, id, uri, permissions)| {
                json!({"type": t, "id": id, "uri": uri, "permissions": permissions})
            })
            .collect(),
    )
}

fn bucket(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let policy = read!(&b.policy);
    let acl = read!(&b.acl);
    let versioning = read!(&b.versioning);
    let encryption = read!(&b.encryption);
    let logging = read!(&b.logging);
    let tags = tags(read!(&b.tags).map_or(&[][..], Vec::as_slice));
    let object_lock = read!(&b.object_lock);
    let name = b.name.as_str();

    let mut attributes = json!({
        "bucket": name,
        "region": b.region,
        "policy": policy.map_or("", String::as_str),
        "versioning": [{
            "enabled": versioning.and_then(|v| v.status()) == Some(&BucketVersioningStatus::Enabled),
            "mfa_delete": versioning.and_then(|v| v.mfa_delete()) == Some(&MfaDeleteStatus::Enabled),
        }],
        "logging": logging.map_or_else(Vec::new, |l| vec![json!({
            "target_bucket": l.target_bucket(),
            "target_prefix": l.target_prefix(),
        })]),
        "server_side_encryption_configuration": encryption
            .map_or_else(Vec::new, |c| vec![json!({"rule": encryption_rules(c)})]),
        "object_lock_enabled": object_lock
            .and_then(|c| c.object_lock_enabled()) == Some(&ObjectLockEnabled::Enabled),
        "object_lock_configuration": object_lock.map_or_else(Vec::new, |c| {
            let rule: Vec<Json> = c
                .rule()
                .and_then(|r| r.default_retention())
                .map(|d| json!({"default_retention": [{
                    "days": d.days().unwrap_or(0),
                    "mode": d.mode().map_or("", |m| m.as_str()),
                    "years": d.years().unwrap_or(0),
                }]}))
                .into_iter()
                .collect();
            vec![json!({
                "object_lock_enabled": c.object_lock_enabled().map_or("", |e| e.as_str()),
                "rule": rule,
            })]
        }),
        "tags": tags,
        "tags_all": tags,
    });
    if let Some(acl) = acl {
        attributes["grant"] = bucket_grants(acl);
    }
    if let Some((partition, dns_suffix)) = partition(&b.region) {
        attributes["arn"] = json!(format!("arn:{partition}:s3:::{name}"));
        attributes["bucket_domain_name"] = json!(format!("{name}.s3.{dns_suffix}"));
    }
    Ok(Some(item(name, attributes)))
}

/// Always one per bucket: a bucket whose versioning was never enabled reads as `Disabled`, as
/// the provider reads it (an AWS default, see `driftguard_drift::defaults`).
fn versioning(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(v) = read!(&b.versioning) else {
        return Ok(None);
    };
    Ok(Some(item(
        &b.name,
        json!({
            "bucket": b.name,
            "versioning_configuration": [{
                "status": versioning_status(v),
                "mfa_delete": v.mfa_delete().map_or("", |m| m.as_str()),
            }],
        }),
    )))
}

fn encryption(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(config) = read!(&b.encryption) else {
        return Ok(None);
    };
    Ok(Some(item(
        &b.name,
        json!({"bucket": b.name, "rule": encryption_rules(config)}),
    )))
}

fn public_access_block(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(c) = read!(&b.public_access_block) else {
        return Ok(None);
    };
    Ok(Some(item(
        &b.name,
        json!({
            "bucket": b.name,
            "block_public_acls": c.block_public_acls().unwrap_or(false),
            "block_public_policy": c.block_public_policy().unwrap_or(false),
            "ignore_public_acls": c.ignore_public_acls().unwrap_or(false),
            "restrict_public_buckets": c.restrict_public_buckets().unwrap_or(false),
        }),
    )))
}

fn policy(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(policy) = read!(&b.policy) else {
        return Ok(None);
    };
    Ok(Some(item(
        &b.name,
        json!({"bucket": b.name, "policy": policy}),
    )))
}

/// `access_control_policy` as the provider reads it; `acl` (a canned ACL) is not readable back
/// and is left out.
fn acl(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(acl) = read!(&b.acl) else {
        return Ok(None);
    };
    let grants: Vec<Json> = acl
        .grants()
        .iter()
        .map(|g| grant(g.grantee(), g.permission().map_or("", |p| p.as_str())))
        .collect();
    let owner: Vec<Json> = acl
        .owner()
        .map(|o| json!({"id": opt_str(o.id()), "display_name": opt_str(o.display_name())}))
        .into_iter()
        .collect();
    Ok(Some(item(
        &b.name,
        json!({
            "bucket": b.name,
            "access_control_policy": [{"grant": grants, "owner": owner}],
        }),
    )))
}

fn logging(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(l) = read!(&b.logging) else {
        return Ok(None);
    };
    let grants: Vec<Json> = l
        .target_grants()
        .iter()
        .map(|g| grant(g.grantee(), g.permission().map_or("", |p| p.as_str())))
        .collect();
    Ok(Some(item(
        &b.name,
        json!({
            "bucket": b.name,
            "target_bucket": l.target_bucket(),
            "target_prefix": l.target_prefix(),
            "target_grant": grants,
        }),
    )))
}

fn ownership_controls(b: &BucketRead) -> Result<Option<Item>, ApiError> {
    let Some(c) = read!(&b.ownership) else {
        return Ok(None);
    };
    let rules: Vec<Json> = c
        .rules()
        .iter()
        .map(|r| json!({"object_ownership": r.object_ownership().as_str()}))
        .collect();
    Ok(Some(item(
        &b.name,
        json!({"bucket": b.name, "rule": rules}),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_regions() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("")), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(location_region(Some("ap-south-1")), "ap-south-1");
    }

    #[test]
    fn every_type_has_its_builder() {
        let built: Vec<&str> = BUILDERS.iter().map(|(t, _)| *t).collect();
        assert_eq!(built, TYPES);
    }
}
