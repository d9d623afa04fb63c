//! KMS collectors (`aws_kms_key`, `aws_kms_alias`), normalised to terraform-provider-aws v5's
//! state schema.
//!
//! Keys are read as the provider reads them: a key pending (replica) deletion is gone for
//! Terraform, so it is not emitted and a declared key scheduled for deletion is reported
//! missing. Multi-Region replica keys and keys with imported material are other Terraform types
//! (`aws_kms_replica_key`, `aws_kms_external_key`) and are not emitted as `aws_kms_key`.
//! AWS-managed keys carry `key_manager = "AWS"` (an AWS default, see `driftguard_drift`'s
//! defaults) and only what DescribeKey says: no declared resource can ever match them, so
//! their policy, rotation and tags are not worth three calls each.

use aws_config::SdkConfig;
use aws_sdk_kms::error::ProvideErrorMetadata;
use aws_sdk_kms::operation::list_aliases::ListAliasesOutput;
use aws_sdk_kms::operation::list_keys::ListKeysOutput;
use aws_sdk_kms::operation::list_resource_tags::ListResourceTagsOutput;
use aws_sdk_kms::types::{KeyManagerType, KeyMetadata, KeyState, MultiRegionKeyType, OriginType};
use aws_sdk_kms::Client;
use futures_util::future::try_join_all;
use serde_json::{json, Value as Json};

use crate::call::{truncated_marker, Caller};
use crate::error::ApiError;
use crate::shape::{item, opt, tag_map, Item};
use crate::TypeResult;

const KMS: &str = "kms";

/// Every KMS type collected.
pub const TYPES: &[&str] = &["aws_kms_key", "aws_kms_alias"];

/// The error code of a key deleted after ListKeys: an answer, not a failure.
const GONE: &[&str] = &["NotFoundException"];

/// The key policy the provider reads (KMS keys have exactly one).
const DEFAULT_POLICY: &str = "default";

pub(crate) async fn collect(sdk: &SdkConfig, caller: &Caller) -> Vec<(&'static str, TypeResult)> {
    let kms = Kms {
        client: Client::new(sdk),
        caller,
    };
    // Boxed: the SDK's request futures are large; the scan joins every service's collector.
    let (keys, aliases) = tokio::join!(Box::pin(kms.keys()), Box::pin(kms.aliases()));
    vec![("aws_kms_key", keys), ("aws_kms_alias", aliases)]
}

/// The ARN of key `key_id` in the account and region of an alias ARN, as the provider computes
/// `target_key_arn` (`arn:aws:kms:r:a:alias/x` → `arn:aws:kms:r:a:key/<id>`).
fn target_key_arn(alias_arn: Option<&str>, key_id: Option<&str>) -> Json {
    match (alias_arn.and_then(|a| a.split_once(":alias/")), key_id) {
        (Some((prefix, _)), Some(id)) => json!(format!("{prefix}:key/{id}")),
        _ => Json::Null,
    }
}

/// Whether the provider would read this key as an `aws_kms_key` (see the module doc).
fn is_terraform_key(meta: &KeyMetadata) -> bool {
    let gone = matches!(
        meta.key_state(),
        Some(KeyState::PendingDeletion | KeyState::PendingReplicaDeletion)
    );
    let replica = meta
        .multi_region_configuration()
        .and_then(|c| c.multi_region_key_type())
        == Some(&MultiRegionKeyType::Replica);
    let external = meta.origin() == Some(&OriginType::External);
    !(gone || replica || external)
}

struct Kms<'a> {
    client: Client,
    caller: &'a Caller,
}

impl Kms<'_> {
    async fn keys(&self) -> TypeResult {
        let pages = self
            .caller
            .pages(
                KMS,
                "ListKeys",
                |m| self.client.list_keys().set_marker(m).send(),
                |p: &ListKeysOutput| truncated_marker(p.truncated(), p.next_marker()),
            )
            .await?;
        let ids: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.keys())
            .filter_map(|k| k.key_id())
            .collect();
        let keys = try_join_all(ids.into_iter().map(|id| self.key(id))).await?;
        Ok(keys.into_iter().flatten().collect())
    }

    /// DescribeKey, then for customer keys GetKeyPolicy, GetKeyRotationStatus and
    /// ListResourceTags, as the provider's read does.
    async fn key(&self, key_id: &str) -> Result<Option<Item>, ApiError> {
        let request = self.client.describe_key().key_id(key_id).send();
        let Some(out) = self
            .caller
            .call_unless(KMS, "DescribeKey", GONE, request)
            .await?
        else {
            return Ok(None);
        };
        let meta = out
            .key_metadata()
            .ok_or_else(|| ApiError::malformed(KMS, "DescribeKey", "no KeyMetadata"))?;
        if !is_terraform_key(meta) {
            return Ok(None);
        }
        let id = meta.key_id();
        let mut key = item(
            id,
            json!({
                "key_id": id,
                "arn": opt(meta.arn()),
                "description": meta.description().unwrap_or(""),
                "key_usage": opt(meta.key_usage().map(|u| u.as_str())),
                "customer_master_key_spec": opt(meta.key_spec().map(|s| s.as_str())),
                "is_enabled": meta.enabled(),
                "multi_region": meta.multi_region().unwrap_or(false),
                "custom_key_store_id": opt(meta.custom_key_store_id()),
                "xks_key_id": opt(meta.xks_key_configuration().and_then(|x| x.id())),
                "key_manager": opt(meta.key_manager().map(|m| m.as_str())),
            }),
        );
        if meta.key_manager() == Some(&KeyManagerType::Aws) {
            return Ok(Some(key));
        }

        let (policy, rotation, tags) =
            tokio::join!(self.policy(id), self.rotation(meta), self.tags(id));
        let (Some(policy), Some(rotation), Some(tags)) = (policy?, rotation?, tags?) else {
            return Ok(None);
        };
        key.attributes.insert("policy".into(), policy);
        let (enabled, period) = rotation;
        key.attributes
            .insert("enable_key_rotation".into(), json!(enabled));
        // Only when rotation is on: KMS gives no period otherwise, while the state keeps the
        // last one it saw, which is no evidence of drift.
        if let Some(days) = period {
            key.attributes
                .insert("rotation_period_in_days".into(), json!(days));
        }
        key.attributes.insert("tags".into(), tags.clone());
        key.attributes.insert("tags_all".into(), tags);
        Ok(Some(key))
    }

    async fn policy(&self, key_id: &str) -> Result<Option<Json>, ApiError> {
        let request = self
            .client
            .get_key_policy()
            .key_id(key_id)
            .policy_name(DEFAULT_POLICY)
            .send();
        Ok(self
            .caller
            .call_unless(KMS, "GetKeyPolicy", GONE, request)
            .await?
            .map(|out| opt(out.policy())))
    }

    /// `(enable_key_rotation, rotation_period_in_days)`. The provider asks only for keys whose
    /// material KMS generated; others (custom key stores) cannot rotate.
    async fn rotation(&self, meta: &KeyMetadata) -> Result<Option<(bool, Option<i32>)>, ApiError> {
        if meta.origin() != Some(&OriginType::AwsKms) {
            return Ok(Some((false, None)));
        }
        let request = self
            .client
            .get_key_rotation_status()
            .key_id(meta.key_id())
            .send();
        match self
            .caller
            .call_raw(KMS, "GetKeyRotationStatus", request)
            .await
        {
            Ok(out) => Ok(Some((
                out.key_rotation_enabled(),
                out.rotation_period_in_days(),
            ))),
            Err(e) if e.code().is_some_and(|c| GONE.contains(&c)) => Ok(None),
            // Asymmetric and HMAC keys cannot rotate: rotation is off, as KMS says.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_unsupported_operation_exception()) =>
            {
                Ok(Some((false, None)))
            }
            Err(e) => Err(ApiError::from_sdk(KMS, "GetKeyRotationStatus", &e)),
        }
    }

    async fn tags(&self, key_id: &str) -> Result<Option<Json>, ApiError> {
        let listed = self
            .caller
            .items(
                KMS,
                "ListResourceTags",
                |m| {
                    self.client
                        .list_resource_tags()
                        .key_id(key_id)
                        .set_marker(m)
                        .send()
                },
                |p: &ListResourceTagsOutput| truncated_marker(p.truncated(), p.next_marker()),
                |p| p.tags.unwrap_or_default(),
            )
            .await;
        let tags = match listed {
            Ok(tags) => tags,
            Err(e) if e.has_code(GONE) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(tag_map(
            tags.iter().map(|t| (t.tag_key(), t.tag_value())),
        )))
    }

    /// aws_kms_alias: id = the alias name. Aliases of AWS-managed keys (`alias/aws/*`) are
    /// AWS defaults; one not yet used has no target.
    async fn aliases(&self) -> TypeResult {
        let pages = self
            .caller
            .pages(
                KMS,
                "ListAliases",
                |m| self.client.list_aliases().set_marker(m).send(),
                |p: &ListAliasesOutput| truncated_marker(p.truncated(), p.next_marker()),
            )
            .await?;
        Ok(pages
            .iter()
            .flat_map(|p| p.aliases())
            .filter_map(|a| {
                let name = a.alias_name()?;
                Some(item(
                    name,
                    json!({
                        "name": name,
                        "arn": opt(a.alias_arn()),
                        "target_key_id": opt(a.target_key_id()),
                        "target_key_arn": target_key_arn(a.alias_arn(), a.target_key_id()),
                    }),
                ))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_key_arn_is_the_alias_arn_with_the_key() {
        assert_eq!(
            target_key_arn(
                Some("arn:aws:kms:eu-west-1:123456789012:alias/app"),
                Some("1234abcd")
            ),
            json!("arn:aws:kms:eu-west-1:123456789012:key/1234abcd")
        );
        assert_eq!(
            target_key_arn(Some("arn:aws:kms:eu-west-1:1:alias/aws/rds"), None),
            Json::Null
        );
    }

    #[test]
    fn keys_gone_for_terraform_or_of_other_types_are_skipped() {
        use aws_sdk_kms::types::builders::KeyMetadataBuilder;
        let key = |f: fn(KeyMetadataBuilder) -> KeyMetadataBuilder| {
            f(KeyMetadata::builder().key_id("k")).build().unwrap()
        };
        assert!(is_terraform_key(&key(|b| b
            .key_state(KeyState::Enabled)
            .origin(OriginType::AwsKms))));
        assert!(!is_terraform_key(&key(
            |b| b.key_state(KeyState::PendingDeletion)
        )));
        assert!(!is_terraform_key(&key(
            |b| b.key_state(KeyState::PendingReplicaDeletion)
        )));
        assert!(!is_terraform_key(&key(|b| b.origin(OriginType::External))));
        assert!(!is_terraform_key(&key(|b| b.multi_region_configuration(
            aws_sdk_kms::types::MultiRegionConfiguration::builder()
                .multi_region_key_type(MultiRegionKeyType::Replica)
                .build()
        ))));
    }
}
