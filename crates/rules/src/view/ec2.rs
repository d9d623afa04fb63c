//! EC2 instances, launch templates and configurations, and EBS volumes: the instance metadata
//! service and encryption at rest, with the account-level defaults declared in the same
//! configuration folded in.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
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
        .find_map(|value| ctx.pointed_at(value, &["aws_launch_template"], &["name", "id"]))
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

/// The EBS volume the block device mapping at `mapping` (`block_device_mappings.0`) of an
/// `aws_launch_template` creates; `None` for a mapping without an `ebs` block (instance store,
/// `no_device`, or a mapping that only renames a device).
pub fn launch_template_volume(
    ctx: &Context<'_>,
    template: &Resource,
    mapping: &str,
) -> Option<Volume> {
    let ebs = format!("{mapping}.ebs.0");
    is_set(template, &ebs).then(|| volume(ctx, template, &format!("{ebs}."), false))
}

/// The root and EBS block devices of an `aws_instance` or `aws_launch_configuration`. The root
/// volume is always there, declared or not; without `root_block_device` it is encrypted as the
/// AMI's root snapshot is, which cannot be known statically (unknown unless account default
/// encryption is on).
pub fn block_devices(ctx: &Context<'_>, resource: &Resource) -> Vec<Volume> {
    let mut volumes = Vec::new();
    let root_blocks = block_count(resource, "root_block_device");
    if root_blocks == 0 {
        let mut root = volume(ctx, resource, "root_block_device.0.", true);
        root.location = None;
        // Without `root_block_device` the root volume takes the encryption of the AMI's root
        // snapshot (or of the launch template's block device mappings), which the
        // configuration does not show; only account default encryption decides it.
        root.unencrypted = root.unencrypted.and(Tri::Unknown);
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

/// Whether an instance, launch configuration or launch template gives instances a public IPv4
/// address, and the attribute to point at. `associate_public_ip_address` decides when set; an
/// instance without it and without a launch template (judged on its own) takes the
/// `map_public_ip_on_launch` of its subnet when the subnet is declared in this configuration
/// (a subnet declared elsewhere cannot be judged and is not reported).
pub fn public_ip(ctx: &Context<'_>, resource: &Resource) -> (Tri, Option<String>) {
    const ASSOCIATE: &str = "associate_public_ip_address";
    match resource.resource_type.as_str() {
        "aws_launch_template" => {
            let count = block_count(resource, "network_interfaces");
            let mut verdict = Tri::False;
            let mut path = None;
            for index in 0..count {
                let attribute = format!("network_interfaces.{index}.{ASSOCIATE}");
                let public = flag(resource, &attribute, false);
                if public != Tri::False && path.is_none() {
                    path = Some(attribute);
                }
                verdict = verdict.or(public);
            }
            if set_value(resource, "network_interfaces").is_some_and(|v| v.is_unknown()) {
                verdict = verdict.or(Tri::Unknown);
                path = path.or_else(|| Some("network_interfaces".to_string()));
            }
            (verdict, path)
        }
        "aws_instance" if !is_set(resource, ASSOCIATE) => {
            if is_set(resource, "network_interface") {
                // Attached network interfaces carry their own addressing.
                return (Tri::False, None);
            }
            if is_set(resource, "launch_template") {
                // The launch template's network interfaces decide; they are judged there.
                return (Tri::False, None);
            }
            match subnet_of(ctx, resource) {
                Some(subnet) => (
                    flag(subnet, "map_public_ip_on_launch", false),
                    Some("subnet_id".to_string()),
                ),
                None => (Tri::False, None),
            }
        }
        _ => (
            flag(resource, ASSOCIATE, false),
            Some(ASSOCIATE.to_string()),
        ),
    }
}

/// The `aws_subnet` of this configuration an instance's `subnet_id` names.
pub fn subnet_of<'a>(ctx: &Context<'a>, instance: &Resource) -> Option<&'a Resource> {
    ctx.pointed_at(set_value(instance, "subnet_id")?, &["aws_subnet"], &["id"])
}

/// Whether an `aws_ebs_snapshot` or `aws_ebs_snapshot_copy` ends up unencrypted. A snapshot
/// has the encryption of its volume (judged when the volume is declared here, unknown
/// otherwise); a copy is encrypted when `encrypted = true`, when its source is, or when
/// `aws_ebs_encryption_by_default` applies.
pub fn snapshot_unencrypted(ctx: &Context<'_>, snapshot: &Resource) -> Tri {
    snapshot_unencrypted_at(ctx, snapshot, 0)
}

fn snapshot_unencrypted_at(ctx: &Context<'_>, snapshot: &Resource, depth: usize) -> Tri {
    if depth > 8 {
        return Tri::Unknown;
    }
    match snapshot.resource_type.as_str() {
        "aws_ebs_snapshot" => {
            let Some(volume_id) = set_value(snapshot, "volume_id") else {
                return Tri::Unknown;
            };
            match ctx.pointed_at(volume_id, &["aws_ebs_volume"], &["id"]) {
                Some(volume) => ebs_volume(ctx, volume).unencrypted,
                None => Tri::Unknown,
            }
        }
        "aws_ebs_snapshot_copy" => {
            let flagged = flag(snapshot, "encrypted", false);
            if flagged == Tri::True {
                return Tri::False;
            }
            let source = set_value(snapshot, "source_snapshot_id").and_then(|id| {
                ctx.pointed_at(id, &["aws_ebs_snapshot", "aws_ebs_snapshot_copy"], &["id"])
            });
            let source_unencrypted = match source {
                Some(source) => snapshot_unencrypted_at(ctx, source, depth + 1),
                None => Tri::Unknown,
            };
            flagged
                .negate()
                .and(source_unencrypted)
                .and(account_ebs_encryption(ctx).negate())
        }
        _ => Tri::False,
    }
}

/// The user data an instance, launch template or launch configuration passes to its
/// instances, as text: `user_data`, or `user_data_base64` decoded (a launch template's
/// `user_data` is base64 too). Returns the attribute path and the text; `None` when no user
/// data is set, its value is unknown, or it is not text once decoded (gzip, binary).
pub fn user_data_text(resource: &Resource) -> Option<(&'static str, String)> {
    let encoded_plain = resource.resource_type == "aws_launch_template";
    for (path, base64) in [("user_data", encoded_plain), ("user_data_base64", true)] {
        let Some(value) = set_value(resource, path) else {
            continue;
        };
        let text = value.as_str()?;
        if !base64 {
            return Some((path, text.to_string()));
        }
        return match decode_base64(text) {
            Some(bytes) => String::from_utf8(bytes).ok().map(|decoded| (path, decoded)),
            // Not valid base64: the provider would reject it; search it as written.
            None if encoded_plain => Some((path, text.to_string())),
            None => None,
        };
    }
    None
}

/// Standard base64 (RFC 4648, `=` padding optional, whitespace ignored).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let symbols: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = symbols
        .strip_suffix("==")
        .or_else(|| symbols.strip_suffix('='))
        .unwrap_or(&symbols);
    LENIENT.decode(data).ok()
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("aGVs\nbG8h").as_deref(), Some(&b"hello!"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert!(decode_base64("#!/bin/bash").is_none());
        assert!(decode_base64("abcde").is_none());
    }
}
