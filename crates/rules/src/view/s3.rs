//! S3 buckets with the separate resources that configure them (AWS provider v4+ style) folded in.

use driftguard_model::{Resource, Tri, Value};

use super::Setting;
use crate::Context;

/// An `aws_s3_bucket` and what configures it.
pub struct Bucket<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

/// Attributes of an `aws_s3_bucket` that identify it when another resource names it literally.
const BUCKET_IDENTITY: &[&str] = &["bucket", "id"];

impl<'a> Bucket<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = Bucket<'a>> + 'a {
        ctx.of_type("aws_s3_bucket").map(move |resource| Bucket { resource, ctx })
    }

    /// Separate resources of `resource_type` that configure this bucket (via their `bucket`).
    pub fn related(&self, resource_type: &str) -> Vec<&'a Resource> {
        self.ctx
            .referring_to(self.resource, resource_type, "bucket", BUCKET_IDENTITY)
    }

    /// Versioning status: `Enabled`, `Suspended` or `Disabled`, inline (`versioning.0.enabled`)
    /// or from `aws_s3_bucket_versioning`. `None` when versioning is configured nowhere.
    pub fn versioning(&self) -> Option<Setting<'a>> {
        self.related("aws_s3_bucket_versioning")
            .into_iter()
            .find_map(|r| Setting::at(r, "versioning_configuration.0.status"))
            .or_else(|| Setting::at(self.resource, "versioning.0.enabled"))
    }

    /// Whether versioning is enabled, as a three-valued verdict.
    pub fn versioning_enabled(&self) -> Tri {
        match self.versioning() {
            None => Tri::False,
            Some(setting) => match setting.value {
                Value::String(status) => Tri::from_bool(status == "Enabled"),
                other => other.truth(),
            },
        }
    }
}
