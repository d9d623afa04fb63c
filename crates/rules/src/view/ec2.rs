//! EC2 instances, launch templates and configurations, and EBS volumes: the instance metadata
//! service and encryption at rest, with the account-level defaults declared in the same
//! configuration folded in.

use driftguard_model::{Resource, Tri};

use super::{flag, is_set, path_if_set, set_value, text_is};
use crate::Context;

/// Resource types that launch instances and carry `metadata_options`.
pub const LAUNCHERS: &[&str] = &[
    "aws_instance",
    "aws_launch_template",
    "aws_launch_configuration",
];

/// Whether an instance (or what launches instances) still answers IMDSv1 requests: the metadata
/// endpoint is enabled and session tokens are not required. Absent `http_tokens` takes the
/// account default of `aws_ec2_instance_metadata_defaults` when one is declared, else the
/// provider's `optional`. Returns the verdict and the attribute to point at.
pub fn imdsv1_allowed(ctx: &Context<'_>, resource: &Resource) -> (Tri, Option<String>) {
    const ENDPOINT: &str = "metadata_options.0.http_endpoint";
    const TOKENS: &str = "metadata_options.0.http_tokens";
    let endpoint_enabled = text_is(resource, ENDPOINT, Some("enabled"), |e| e != "disabled");
    let tokens_optional = if is_set(resource, TOKENS) {
        text_is(resource, TOKENS, None, |t| t != "required")
    } else if resource.resource_type == "aws_instance" && is_set(resource, "launch_template") {
        // The instance takes the metadata options of its launch template.
        match launch_template_of(ctx, resource) {
            Some(template) => imdsv1_allowed(ctx, template).0,
            None => Tri::Unknown,
        }
    } else {
        account_tokens_optional(ctx)
    };
    let path = path_if_set(resource, TOKENS)
        .or_else(|| path_if_set(resource, "metadata_options"))
        .map(str::to_string);
    (endpoint_enabled.and(tokens_optional), path)
}

/// The `aws_launch_template` an instance's `launch_template` block names, by reference or by
/// its literal id or name, when it is part of this module tree.
pub fn launch_template_of<'a>(ctx: &Context<'a>, instance: &Resource) -> Option<&'a Resource> {
    ["launch_template.0.id", "launch_template.0.name"]
        .iter()
        .filter_map(|path| set_value(instance, path))
        .find_map(|value| {
            ctx.of_type("aws_launch_template")
                .find(|template| crate::context::points_at(value, template, &["name", "id"]))
        })
}

/// Whether instances launched without `http_tokens` accept IMDSv1, per the account defaults.
fn account_tokens_optional(ctx: &Context<'_>) -> Tri {
    let defaults: Vec<&Resource> = ctx.of_type("aws_ec2_instance_metadata_defaults").collect();
    if defaults.is_empty() {
        return Tri::True;
    }
    // `no-preference` (the default) leaves it to the AMI, which usually means optional.
    Tri::all(
        defaults
            .iter()
            .map(|d| text_is(d, "http_tokens", Some("no-preference"), |t| t != "required")),
    )
}

/// Whether `aws_ebs_encryption_by_default` turns on encryption of every new volume in the
/// account and region (its `enabled` defaults to true).
pub fn account_ebs_encryption(ctx: &Context<'_>) -> Tri {
    Tri::any(
        ctx.of_type("aws_ebs_encryption_by_default")
            .map(|r| flag(r, "enabled", true)),
    )
}

/// A volume a resource declares: an `aws_ebs_volume`, or a block device of an instance.
pub struct Volume {
    /// Dotted path of the block (`root_block_device.0`), empty for an `aws_ebs_volume`.
    pub block: String,
    /// Whether the volume ends up unencrypted.
    pub unencrypted: Tri,
    /// The attribute to point at: `encrypted` when set, else the block, else the resource.
    pub location: Option<String>,
    /// Whether the volume is the instance's root volume (declared or implied).
    pub root: bool,
}

/// Whether a volume with its `encrypted` at `prefix` is unencrypted: `encrypted` defaults to
/// false, but a volume created from a snapshot inherits the snapshot's encryption, and account
/// default encryption encrypts every new volume.
fn volume(ctx: &Context<'_>, resource: &Resource, prefix: &str, root: bool) -> Volume {
    let encrypted_path = format!("{prefix}encrypted");
    let mut encrypted = flag(resource, &encrypted_path, false);
    if encrypted != Tri::True && is_set(resource, &format!("{prefix}snapshot_id")) {
        encrypted = encrypted.or(Tri::Unknown);
    }
    let block = prefix.trim_end_matches('.').to_string();
    let location = path_if_set(resource, &encrypted_path)
        .map(str::to_string)
        .or_else(|| (!block.is_empty()).then(|| block.clone()));
    Volume {
        unencrypted: encrypted.or(account_ebs_encryption(ctx)).negate(),
        block,
        location,
        root,
    }
}

/// An `aws_ebs_volume`.
pub fn ebs_volume(ctx: &Context<'_>, resource: &Resource) -> Volume {
    volume(ctx, resource, "", false)
}

/// The root and EBS block devices of an `aws_instance` or `aws_launch_configuration`. The root
/// volume is always there, declared or not; without `root_block_device` it is created
/// unencrypted unless the AMI's snapshot is encrypted.
pub fn block_devices(ctx: &Context<'_>, resource: &Resource) -> Vec<Volume> {
    let mut volumes = Vec::new();
    let root_blocks = block_count(resource, "root_block_device");
    if root_blocks == 0 {
        let mut root = volume(ctx, resource, "root_block_device.0.", true);
        root.location = None;
        if is_set(resource, "launch_template") {
            // The launch template's block device mappings may encrypt the root volume.
            root.unencrypted = root.unencrypted.and(Tri::Unknown);
        }
        volumes.push(root);
    }
    for index in 0..root_blocks {
        volumes.push(volume(
            ctx,
            resource,
            &format!("root_block_device.{index}."),
            true,
        ));
    }
    for index in 0..block_count(resource, "ebs_block_device") {
        volumes.push(volume(
            ctx,
            resource,
            &format!("ebs_block_device.{index}."),
            false,
        ));
    }
    volumes
}

fn block_count(resource: &Resource, block: &str) -> usize {
    set_value(resource, block)
        .and_then(|v| v.as_list())
        .map_or(0, <[driftguard_model::Value]>::len)
}
