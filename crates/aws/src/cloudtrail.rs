//! CloudTrail collector (`aws_cloudtrail`), normalised to terraform-provider-aws v5's state
//! schema.
//!
//! Trails are described without shadow trails, so a multi-region trail is read once, in its
//! home region (its ARN carries that region). The id is the trail ARN, as the provider sets it
//! since v5.25 (earlier v5 releases used the name; the table matches trails by `arn`, which
//! both have).

use std::collections::HashMap;

use aws_config::SdkConfig;
use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::operation::list_tags::ListTagsOutput;
use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, ReadWriteType, Trail};
use aws_sdk_cloudtrail::Client;
use futures_util::future::try_join_all;
use serde_json::{json, Map, Value as Json};

use crate::call::{next_token, Caller};
use crate::error::ApiError;
use crate::shape::{item, object, opt, strings, tag_map, Item};
use crate::TypeResult;

const CLOUDTRAIL: &str = "cloudtrail";

/// Every CloudTrail type collected.
pub const TYPES: &[&str] = &["aws_cloudtrail"];

/// ListTags takes at most 20 trail ARNs per request.
const TAGS_BATCH: usize = 20;

/// Error codes meaning the trail was deleted after DescribeTrails.
const GONE: &[&str] = &["TrailNotFoundException", "ResourceNotFoundException"];

pub(crate) async fn collect(sdk: &SdkConfig, caller: &Caller) -> Vec<(&'static str, TypeResult)> {
    let trails = Trails {
        client: Client::new(sdk),
        caller,
    };
    // Boxed: the SDK's request futures are large; the scan joins every service's collector.
    let result = Box::pin(trails.collect()).await;
    vec![("aws_cloudtrail", result)]
}

struct Trails<'a> {
    client: Client,
    caller: &'a Caller,
}

impl Trails<'_> {
    /// DescribeTrails (not paginated: it returns every trail of the region), ListTags in
    /// batches, then GetTrailStatus and, for trails with custom selectors, GetEventSelectors.
    async fn collect(&self) -> TypeResult {
        let out = self
            .caller
            .call(
                CLOUDTRAIL,
                "DescribeTrails",
                self.client
                    .describe_trails()
                    .include_shadow_trails(false)
                    .send(),
            )
            .await?;
        let trails: Vec<&Trail> = out
            .trail_list()
            .iter()
            .filter(|t| t.trail_arn().is_some())
            .collect();
        let arns: Vec<&str> = trails.iter().filter_map(|t| t.trail_arn()).collect();
        let tags = self.tags(&arns).await?;
        let items = try_join_all(trails.into_iter().map(|t| self.trail(t, &tags))).await?;
        Ok(items.into_iter().flatten().collect())
    }

    async fn trail(
        &self,
        trail: &Trail,
        tags: &HashMap<String, Json>,
    ) -> Result<Option<Item>, ApiError> {
        let arn = trail.trail_arn().unwrap_or_default();
        // Not in ListTags' answer: no tags (or deleted meanwhile, which GetTrailStatus tells).
        let tags = tags.get(arn).cloned().unwrap_or_else(|| json!({}));
        let request = self.client.get_trail_status().name(arn).send();
        let Some(status) = self
            .caller
            .call_unless(CLOUDTRAIL, "GetTrailStatus", GONE, request)
            .await?
        else {
            return Ok(None);
        };
        let mut attributes = attributes(trail);
        attributes.insert(
            "enable_logging".into(),
            json!(status.is_logging().unwrap_or(false)),
        );
        attributes.insert("tags".into(), tags.clone());
        attributes.insert("tags_all".into(), tags);
        // Without custom selectors the provider leaves both blocks as configured: not read.
        if trail.has_custom_event_selectors() == Some(true) {
            let request = self.client.get_event_selectors().trail_name(arn).send();
            let Some(selectors) = self
                .caller
                .call_unless(CLOUDTRAIL, "GetEventSelectors", GONE, request)
                .await?
            else {
                return Ok(None);
            };
            add_selectors(&mut attributes, &selectors);
        }
        Ok(Some(item(arn, Json::Object(attributes))))
    }

    /// Tags per trail ARN (`{}` for none); a trail deleted meanwhile is absent.
    async fn tags(&self, arns: &[&str]) -> Result<HashMap<String, Json>, ApiError> {
        let mut out = HashMap::new();
        for batch in arns.chunks(TAGS_BATCH) {
            match self.tag_pages(batch).await {
                Ok(found) => out.extend(found),
                // One ARN of the batch is gone: ask for each alone, skipping the gone ones.
                Err(e) if e.has_code(GONE) => {
                    for arn in batch {
                        match self.tag_pages(&[arn]).await {
                            Ok(found) => out.extend(found),
                            Err(e) if e.has_code(GONE) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn tag_pages(&self, arns: &[&str]) -> Result<HashMap<String, Json>, ApiError> {
        let ids: Vec<String> = arns.iter().map(|a| a.to_string()).collect();
        let tags = self
            .caller
            .items(
                CLOUDTRAIL,
                "ListTags",
                |token| {
                    self.client
                        .list_tags()
                        .set_resource_id_list(Some(ids.clone()))
                        .set_next_token(token)
                        .send()
                },
                |p: &ListTagsOutput| next_token(p.next_token()),
                |p| p.resource_tag_list.unwrap_or_default(),
            )
            .await?;
        // Pages may split one trail's tags: merge them per ARN.
        let mut pairs: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for tag in &tags {
            let Some(id) = tag.resource_id() else {
                continue;
            };
            pairs.entry(id).or_default().extend(
                tag.tags_list()
                    .iter()
                    .map(|t| (t.key(), t.value().unwrap_or(""))),
            );
        }
        Ok(pairs
            .into_iter()
            .map(|(arn, pairs)| (arn.to_string(), tag_map(pairs)))
            .collect())
    }
}

/// The attributes DescribeTrails gives, as the provider sets them.
fn attributes(t: &Trail) -> Map<String, Json> {
    let json = json!({
        "name": opt(t.name()),
        "arn": opt(t.trail_arn()),
        "home_region": opt(t.home_region()),
        "s3_bucket_name": opt(t.s3_bucket_name()),
        "s3_key_prefix": opt(t.s3_key_prefix()),
        "include_global_service_events": t.include_global_service_events().unwrap_or(false),
        "is_multi_region_trail": t.is_multi_region_trail().unwrap_or(false),
        "is_organization_trail": t.is_organization_trail().unwrap_or(false),
        "enable_log_file_validation": t.log_file_validation_enabled().unwrap_or(false),
        "kms_key_id": opt(t.kms_key_id()),
        "cloud_watch_logs_group_arn": opt(t.cloud_watch_logs_log_group_arn()),
        "cloud_watch_logs_role_arn": opt(t.cloud_watch_logs_role_arn()),
        "sns_topic_arn": opt(t.sns_topic_arn()),
        "sns_topic_name": sns_topic_name(t),
    });
    object(json)
}

/// The provider stores the topic's name when it is in the trail's home region and account,
/// else the whole topic ARN.
fn sns_topic_name(t: &Trail) -> Json {
    let Some(topic) = t.sns_topic_arn() else {
        return Json::Null;
    };
    let parts: Vec<&str> = topic.splitn(6, ':').collect();
    let account = t.trail_arn().and_then(|a| a.split(':').nth(4));
    match parts.as_slice() {
        [_, _, _, region, topic_account, name]
            if Some(*region) == t.home_region() && Some(*topic_account) == account =>
        {
            json!(name)
        }
        _ => json!(topic),
    }
}

/// `event_selector` and `advanced_event_selector`, flattened as the provider does: one
/// selector equal to CloudTrail's default (all management events, nothing else) is `[]`.
fn add_selectors(attributes: &mut Map<String, Json>, out: &GetEventSelectorsOutput) {
    attributes.insert(
        "event_selector".into(),
        event_selectors(out.event_selectors()),
    );
    attributes.insert(
        "advanced_event_selector".into(),
        advanced_event_selectors(out.advanced_event_selectors()),
    );
}

fn event_selectors(selectors: &[EventSelector]) -> Json {
    if let [only] = selectors {
        if only.data_resources().is_empty()
            && only.read_write_type() == Some(&ReadWriteType::All)
            && only.exclude_management_event_sources().is_empty()
        {
            return json!([]);
        }
    }
    Json::Array(
        selectors
            .iter()
            .map(|s| {
                json!({
                    "read_write_type": opt(s.read_write_type().map(|t| t.as_str())),
                    "include_management_events": s.include_management_events().unwrap_or(false),
                    "exclude_management_event_sources":
                        strings(s.exclude_management_event_sources().iter().map(String::as_str)),
                    "data_resource": s.data_resources().iter().map(|d| json!({
                        "type": d.r#type().unwrap_or(""),
                        "values": strings(d.values().iter().map(String::as_str)),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn advanced_event_selectors(selectors: &[AdvancedEventSelector]) -> Json {
    let list = |values: &[String]| strings(values.iter().map(String::as_str));
    Json::Array(
        selectors
            .iter()
            .map(|s| {
                json!({
                    "name": s.name().unwrap_or(""),
                    "field_selector": s.field_selectors().iter().map(|f| json!({
                        "field": f.field(),
                        "equals": list(f.equals()),
                        "not_equals": list(f.not_equals()),
                        "starts_with": list(f.starts_with()),
                        "not_starts_with": list(f.not_starts_with()),
                        "ends_with": list(f.ends_with()),
                        "not_ends_with": list(f.not_ends_with()),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudtrail::types::{AdvancedFieldSelector, DataResource};

    fn trail(topic: &str) -> Trail {
        Trail::builder()
            .name("main")
            .trail_arn("arn:aws:cloudtrail:eu-west-1:123456789012:trail/main")
            .home_region("eu-west-1")
            .sns_topic_arn(topic)
            .build()
    }

    #[test]
    fn sns_topic_name_is_short_only_at_home() {
        assert_eq!(
            sns_topic_name(&trail("arn:aws:sns:eu-west-1:123456789012:alerts")),
            json!("alerts")
        );
        assert_eq!(
            sns_topic_name(&trail("arn:aws:sns:us-east-1:123456789012:alerts")),
            json!("arn:aws:sns:us-east-1:123456789012:alerts")
        );
        assert_eq!(
            sns_topic_name(&trail("arn:aws:sns:eu-west-1:999999999999:alerts")),
            json!("arn:aws:sns:eu-west-1:999999999999:alerts")
        );
    }

    #[test]
    fn the_default_event_selector_is_empty() {
        let default = EventSelector::builder()
            .read_write_type(ReadWriteType::All)
            .include_management_events(true)
            .build();
        assert_eq!(event_selectors(&[default]), json!([]));
        let data = EventSelector::builder()
            .read_write_type(ReadWriteType::WriteOnly)
            .include_management_events(false)
            .data_resources(
                DataResource::builder()
                    .r#type("AWS::S3::Object")
                    .values("arn:aws:s3:::logs/")
                    .build(),
            )
            .build();
        assert_eq!(
            event_selectors(&[data]),
            json!([{
                "read_write_type": "WriteOnly",
                "include_management_events": false,
                "exclude_management_event_sources": [],
                "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::logs/"]}],
            }])
        );
    }

    #[test]
    fn advanced_selectors_keep_their_fields() {
        let selector = AdvancedEventSelector::builder()
            .name("s3 writes")
            .field_selectors(
                AdvancedFieldSelector::builder()
                    .field("eventCategory")
                    .equals("Data")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        assert_eq!(
            advanced_event_selectors(&[selector]),
            json!([{
                "name": "s3 writes",
                "field_selector": [{
                    "field": "eventCategory", "equals": ["Data"], "not_equals": [],
                    "starts_with": [], "not_starts_with": [], "ends_with": [], "not_ends_with": [],
                }],
            }])
        );
    }
}
