//! VPCs and what hangs off them: flow logs, the default security group, the default VPC and
//! the resources placed in it.

use driftguard_model::{Resource, ResourceMode, Tri, Value};

use super::{is_set, set_value};
use crate::context::points_at;
use crate::Context;

/// Attributes of a VPC or subnet that identify it when another resource names it literally.
const VPC_IDENTITY: &[&str] = &["id"];

/// An `aws_vpc`, or the default VPC adopted with `aws_default_vpc`.
pub struct Vpc<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

impl<'a> Vpc<'a> {
    /// Every VPC the module tree declares or adopts.
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = Vpc<'a>> + 'a {
        ctx.of_type("aws_vpc")
            .chain(ctx.of_type("aws_default_vpc"))
            .map(move |resource| Vpc { resource, ctx })
    }

    /// Whether this is the region's default VPC (`aws_default_vpc`).
    pub fn is_default(&self) -> bool {
        self.resource.resource_type == "aws_default_vpc"
    }

    /// Whether `value` (a `vpc_id`) names this VPC: true when it refers to it (directly, or
    /// through another resource's `vpc_id`), unknown when it is unknown and names no managed
    /// resource (a variable, a data source), false otherwise.
    fn named_by(&self, value: &Value) -> Tri {
        self.named_by_at(value, 0)
    }

    fn named_by_at(&self, value: &Value, depth: usize) -> Tri {
        if points_at(value, self.resource, VPC_IDENTITY) {
            return Tri::True;
        }
        let Value::Unknown(unknown) = value else {
            return Tri::False;
        };
        let Some(reference) = &unknown.reference else {
            return Tri::Unknown;
        };
        match self.ctx.by_address(&reference.address) {
            // `aws_subnet.a.vpc_id`: the VPC of another resource.
            Some(other)
                if other.mode == ResourceMode::Managed
                    && reference.attribute == "vpc_id"
                    && depth < 8 =>
            {
                match set_value(other, "vpc_id") {
                    Some(inner) => self.named_by_at(inner, depth + 1),
                    None => Tri::from_bool(self.is_default()),
                }
            }
            Some(other) if other.mode == ResourceMode::Managed => Tri::False,
            // `data.aws_vpc.main.id` may well be this VPC.
            _ => Tri::Unknown,
        }
    }

    /// Whether an `aws_flow_log` of the module tree captures this VPC's traffic (its `vpc_id`
    /// names the VPC). Unknown when a flow log names a VPC that cannot be resolved statically.
    pub fn flow_logged(&self) -> Tri {
        Tri::any(
            self.ctx
                .of_type("aws_flow_log")
                .filter_map(|log| set_value(log, "vpc_id"))
                .map(|vpc_id| self.named_by(vpc_id)),
        )
    }

    /// Whether an `aws_default_security_group` of the module tree adopts this VPC's default
    /// security group (Terraform then removes every rule it does not declare). One without
    /// `vpc_id` adopts the default VPC's.
    pub fn default_security_group_adopted(&self) -> Tri {
        Tri::any(self.ctx.of_type("aws_default_security_group").map(|group| {
            match set_value(group, "vpc_id") {
                None => Tri::from_bool(self.is_default()),
                Some(vpc_id) => self.named_by(vpc_id),
            }
        }))
    }
}

/// Whether `value` (a `security_group_id`) names a VPC's default security group: an
/// `aws_default_security_group`, a VPC's `default_security_group_id`, or a
/// `data "aws_security_group"` looked up by the name `default`.
pub fn names_default_security_group(ctx: &Context<'_>, value: &Value) -> bool {
    match ctx.referenced(value) {
        Some((target, attribute)) => match (target.resource_type.as_str(), attribute) {
            ("aws_default_security_group", "id") => true,
            ("aws_vpc" | "aws_default_vpc", "default_security_group_id") => true,
            ("aws_security_group", "id") => {
                target.mode == ResourceMode::Data
                    && target.get("name").and_then(Value::as_str) == Some("default")
            }
            _ => false,
        },
        None => {
            matches!(value, Value::String(_))
                && ctx
                    .pointed_at(value, &["aws_default_security_group"], VPC_IDENTITY)
                    .is_some()
        }
    }
}

/// Resources that stand for the default VPC or its subnets: `aws_default_vpc`,
/// `aws_default_subnet`, `data "aws_vpc"` with `default = true`, `data "aws_subnet"` with
/// `default_for_az = true`, and subnet data sources filtered on one of those.
pub fn default_vpc_markers<'a>(ctx: &Context<'a>) -> Vec<&'a Resource> {
    let mut markers: Vec<&Resource> = ctx
        .of_type("aws_default_vpc")
        .chain(ctx.of_type("aws_default_subnet"))
        .chain(
            ctx.data_of_type("aws_vpc")
                .filter(|vpc| super::flag(vpc, "default", false) == Tri::True),
        )
        .chain(
            ctx.data_of_type("aws_subnet")
                .filter(|subnet| super::flag(subnet, "default_for_az", false) == Tri::True),
        )
        .collect();
    // `data "aws_subnets"` filtered on `vpc-id = data.aws_vpc.default.id`, and so on.
    loop {
        let found: Vec<&Resource> = ["aws_subnet", "aws_subnets", "aws_subnet_ids"]
            .iter()
            .flat_map(|t| ctx.data_of_type(t))
            .filter(|data| !markers.iter().any(|m| std::ptr::eq(*m, *data)))
            .filter(|data| !references_to(&data.attributes, &markers).is_empty())
            .collect();
        if found.is_empty() {
            return markers;
        }
        markers.extend(found);
    }
}

/// Attributes that place a resource in a subnet, wherever they are nested
/// (`vpc_config.0.subnet_ids`, `subnet_mapping.1.subnet_id`).
const SUBNET_PLACEMENT: &[&str] = &["subnet_id", "subnet_ids", "subnets", "vpc_zone_identifier"];

/// Resource types whose top-level `vpc_id` places them in the VPC (rather than attaching
/// routing, DNS or filtering to it).
const VPC_PLACEMENT: &[&str] = &["aws_security_group", "aws_subnet", "aws_lb_target_group"];

/// Where `resource` is placed in the default VPC: the path of the first placement attribute
/// (a subnet, or the `vpc_id` of a group or subnet) that refers to one of `markers`
/// ([`default_vpc_markers`]), with the marker.
pub fn default_vpc_placement<'a>(
    resource: &Resource,
    markers: &[&'a Resource],
) -> Option<(String, &'a Resource)> {
    references_to(&resource.attributes, markers)
        .into_iter()
        .find(|(path, _)| {
            let last = path
                .rsplit('.')
                .find(|segment| segment.parse::<usize>().is_err())
                .unwrap_or("");
            SUBNET_PLACEMENT.contains(&last)
                || (path == "vpc_id" && VPC_PLACEMENT.contains(&resource.resource_type.as_str()))
        })
}

/// The paths in `value` holding a reference to the `id` or `ids` of one of `targets`, with the
/// target.
fn references_to<'a>(value: &Value, targets: &[&'a Resource]) -> Vec<(String, &'a Resource)> {
    let mut found = Vec::new();
    if !targets.is_empty() {
        collect_references(value, &mut Vec::new(), targets, &mut found);
    }
    found
}

/// Walks `value`, keeping the path as segments so a string is built only for a match (this runs
/// over every attribute of every resource).
fn collect_references<'a>(
    value: &Value,
    segments: &mut Vec<String>,
    targets: &[&'a Resource],
    found: &mut Vec<(String, &'a Resource)>,
) {
    match value {
        Value::Unknown(unknown) => {
            if let Some(reference) = &unknown.reference {
                if matches!(reference.attribute.as_str(), "id" | "ids") {
                    if let Some(target) = targets.iter().find(|t| t.address == reference.address) {
                        found.push((segments.join("."), *target));
                    }
                }
            }
        }
        Value::List(items) => {
            for (index, item) in items.iter().enumerate() {
                segments.push(index.to_string());
                collect_references(item, segments, targets, found);
                segments.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                segments.push(key.clone());
                collect_references(item, segments, targets, found);
                segments.pop();
            }
        }
        _ => {}
    }
}

/// Resource types that land in the default VPC when none of the listed attributes chooses
/// another placement (each attribute either picks a subnet or VPC, or inherits one).
pub const IMPLICIT_DEFAULT_VPC: &[(&str, &[&str])] = &[
    (
        "aws_instance",
        &["subnet_id", "network_interface", "launch_template"],
    ),
    ("aws_security_group", &["vpc_id"]),
    (
        "aws_db_instance",
        &[
            "db_subnet_group_name",
            "replicate_source_db",
            "cluster_identifier",
        ],
    ),
    (
        "aws_rds_cluster",
        &["db_subnet_group_name", "replication_source_identifier"],
    ),
];

/// Whether `resource` (of one of the [`IMPLICIT_DEFAULT_VPC`] types) sets none of the
/// attributes that would place it outside the default VPC. An unknown value counts as set.
pub fn placed_in_default_vpc_implicitly(resource: &Resource) -> bool {
    IMPLICIT_DEFAULT_VPC
        .iter()
        .find(|(t, _)| *t == resource.resource_type)
        .is_some_and(|(_, placement)| !placement.iter().any(|attr| is_set(resource, attr)))
}
