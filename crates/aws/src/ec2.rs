//! EC2 and VPC collectors, normalised to terraform-provider-aws v5's state schema.
//!
//! One listing per API (DescribeVpcs, DescribeSecurityGroups, DescribeVolumes…) feeds every type
//! built from it, so a failed call fails exactly the types that need it: DescribeSecurityGroups
//! feeds `aws_security_group` and `aws_security_group_rule`, DescribeVolumes feeds
//! `aws_ebs_volume` and `aws_instance` (whose block devices the provider reads from the
//! volumes, as it does).
//!
//! Attributes mirror the provider's read: where it stores the zero value for something the API
//! leaves out (`iops` 0, `enable_dns64` false), so does the collector; where it sets nothing
//! (no `Placement`, no `Monitoring`), the attribute is left out and not compared.
//! A few attributes are not in state and only serve the drift engine: `is_default` (VPC),
//! `default_for_az` (subnet) mark AWS defaults, `attached_instance_id` (volume) names the
//! instance whose `root_block_device`/`ebs_block_device` already compare the volume.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_config::SdkConfig;
use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::operation::describe_internet_gateways::DescribeInternetGatewaysOutput;
use aws_sdk_ec2::operation::describe_security_group_rules::DescribeSecurityGroupRulesOutput;
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
use aws_sdk_ec2::operation::describe_volumes::DescribeVolumesOutput;
use aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput;
use aws_sdk_ec2::types::{
    Instance, InstanceStateName, IpPermission, MonitoringState, SecurityGroup, SecurityGroupRule,
    Subnet, SubnetCidrBlockStateCode, Tag, Volume, VolumeState, Vpc, VpcAttributeName,
    VpcCidrBlockStateCode,
};
use aws_sdk_ec2::Client;
use driftguard_drift::table::{normalize_protocol, security_group_rule_key};
use driftguard_model::Value;
use futures_util::future::try_join_all;
use serde_json::{json, Map, Value as Json};

use crate::call::{next_token, Caller};
use crate::error::ApiError;
use crate::shape::{item, object, opt, strings, tag_map, Item};
use crate::TypeResult;

const EC2: &str = "ec2";

/// Page size of the paginated Describe calls (the API maximum; DescribeVolumes allows 500).
const PAGE: i32 = 1000;
const VOLUME_PAGE: i32 = 500;
/// Instances are large (interfaces, block devices, options): smaller pages keep each response
/// quick to serve and parse, for the same total.
const INSTANCE_PAGE: i32 = 200;

/// Every EC2 type collected.
pub const TYPES: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_instance",
    "aws_ebs_volume",
    "aws_key_pair",
    "aws_eip",
];

pub(crate) async fn collect(sdk: &SdkConfig, caller: &Caller) -> Vec<(&'static str, TypeResult)> {
    let ec2 = Ec2 {
        client: Client::new(sdk),
        caller,
    };
    // Boxed: nine SDK futures side by side would otherwise sit on the caller's stack.
    let (vpcs, subnets, gateways, groups, rules, listed, volumes, key_pairs, eips) = tokio::join!(
        Box::pin(ec2.vpcs()),
        Box::pin(ec2.subnets()),
        Box::pin(ec2.internet_gateways()),
        Box::pin(ec2.security_groups()),
        Box::pin(ec2.security_group_rules()),
        Box::pin(ec2.instances()),
        Box::pin(ec2.volumes()),
        Box::pin(ec2.key_pairs()),
        Box::pin(ec2.addresses()),
    );
    let security_groups = groups.as_ref().map_err(Clone::clone).map(|groups| {
        groups
            .iter()
            .filter_map(security_group_item)
            .collect::<Vec<_>>()
    });
    let security_group_rules = groups.as_ref().map_err(Clone::clone).map(|groups| {
        groups
            .iter()
            .flat_map(security_group_rule_items)
            .collect::<Vec<_>>()
    });
    let (ingress, egress) = match &rules {
        Ok(rules) => {
            let (egress, ingress): (Vec<_>, Vec<_>) =
                rules.iter().partition(|r| r.is_egress() == Some(true));
            (
                Ok(ingress.into_iter().filter_map(vpc_rule_item).collect()),
                Ok(egress.into_iter().filter_map(vpc_rule_item).collect()),
            )
        }
        Err(e) => (Err(e.clone()), Err(e.clone())),
    };
    let ebs_volumes = volumes.as_ref().map_err(Clone::clone).map(|volumes| {
        volumes
            .iter()
            .filter(|v| v.state() != Some(&VolumeState::Deleted))
            .filter_map(volume_item)
            .collect::<Vec<_>>()
    });
    let instances = match (&listed, &volumes) {
        (Ok(instances), Ok(volumes)) => {
            let by_id: HashMap<&str, &Volume> = volumes
                .iter()
                .filter_map(|v| Some((v.volume_id()?, v)))
                .collect();
            Ok(instances
                .iter()
                .filter_map(|i| instance_item(i, &by_id))
                .collect())
        }
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
    };
    vec![
        ("aws_vpc", vpcs),
        ("aws_subnet", subnets),
        ("aws_internet_gateway", gateways),
        ("aws_security_group", security_groups),
        ("aws_security_group_rule", security_group_rules),
        ("aws_vpc_security_group_ingress_rule", ingress),
        ("aws_vpc_security_group_egress_rule", egress),
        ("aws_instance", instances),
        ("aws_ebs_volume", ebs_volumes),
        ("aws_key_pair", key_pairs),
        ("aws_eip", eips),
    ]
}

fn tags(tags: &[Tag]) -> Json {
    tag_map(
        tags.iter()
            .filter_map(|t| Some((t.key()?, t.value().unwrap_or("")))),
    )
}

/// `tags` and `tags_all`, equal on the live side.
fn with_tags(mut attributes: Map<String, Json>, api_tags: &[Tag]) -> Json {
    let tags = tags(api_tags);
    attributes.insert("tags_all".into(), tags.clone());
    attributes.insert("tags".into(), tags);
    Json::Object(attributes)
}

struct Ec2<'a> {
    client: Client,
    caller: &'a Caller,
}

impl Ec2<'_> {
    async fn vpcs(&self) -> TypeResult {
        let vpcs = self
            .caller
            .items(
                EC2,
                "DescribeVpcs",
                |t| {
                    self.client
                        .describe_vpcs()
                        .max_results(PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeVpcsOutput| next_token(p.next_token()),
                |p| p.vpcs.unwrap_or_default(),
            )
            .await?;
        let items = try_join_all(vpcs.iter().map(|v| self.vpc(v))).await?;
        Ok(items.into_iter().flatten().collect())
    }

    /// One VPC with the attributes only DescribeVpcAttribute gives; `None` when the VPC was
    /// deleted after DescribeVpcs.
    async fn vpc(&self, vpc: &Vpc) -> Result<Option<Item>, ApiError> {
        let Some(id) = vpc.vpc_id() else {
            return Ok(None);
        };
        let (dns_support, dns_hostnames, nau_metrics) = tokio::try_join!(
            self.vpc_attribute(id, VpcAttributeName::EnableDnsSupport),
            self.vpc_attribute(id, VpcAttributeName::EnableDnsHostnames),
            self.vpc_attribute(id, VpcAttributeName::EnableNetworkAddressUsageMetrics),
        )?;
        let (Some(dns_support), Some(dns_hostnames)) = (dns_support, dns_hostnames) else {
            return Ok(None);
        };
        // The provider reads the first associated IPv6 block; "Amazon" pool means generated.
        let ipv6 = vpc.ipv6_cidr_block_association_set().iter().find(|a| {
            a.ipv6_cidr_block_state().and_then(|s| s.state())
                == Some(&VpcCidrBlockStateCode::Associated)
        });
        let mut attributes = object(json!({
            "cidr_block": vpc.cidr_block(),
            "instance_tenancy": vpc.instance_tenancy().map(|t| t.as_str()),
            "dhcp_options_id": vpc.dhcp_options_id(),
            "owner_id": vpc.owner_id(),
            "enable_dns_support": dns_support,
            "enable_dns_hostnames": dns_hostnames,
            "assign_generated_ipv6_cidr_block": ipv6.is_some_and(|a| a.ipv6_pool() == Some("Amazon")),
            "ipv6_cidr_block": ipv6.and_then(|a| a.ipv6_cidr_block()).unwrap_or(""),
            "ipv6_association_id": opt(ipv6.and_then(|a| a.association_id())),
            "is_default": vpc.is_default().unwrap_or(false),
        }));
        if let Some(metrics) = nau_metrics.flatten() {
            attributes.insert(
                "enable_network_address_usage_metrics".into(),
                Json::Bool(metrics),
            );
        }
        Ok(Some(item(id, with_tags(attributes, vpc.tags()))))
    }

    /// One boolean VPC attribute. `Ok(None)`: the VPC is gone; `Ok(Some(None))`: the region does
    /// not support the attribute (network address usage metrics outside the main partitions).
    async fn vpc_attribute(
        &self,
        vpc_id: &str,
        attribute: VpcAttributeName,
    ) -> Result<Option<Option<bool>>, ApiError> {
        let request = self
            .client
            .describe_vpc_attribute()
            .vpc_id(vpc_id)
            .attribute(attribute.clone())
            .send();
        let out = match self
            .caller
            .call_raw(EC2, "DescribeVpcAttribute", request)
            .await
        {
            Ok(out) => out,
            Err(e) if e.code() == Some("InvalidVpcID.NotFound") => return Ok(None),
            Err(e) if e.code() == Some("UnsupportedOperation") => return Ok(Some(None)),
            Err(e) => return Err(ApiError::from_sdk(EC2, "DescribeVpcAttribute", &e)),
        };
        let value = match attribute {
            VpcAttributeName::EnableDnsSupport => out.enable_dns_support(),
            VpcAttributeName::EnableDnsHostnames => out.enable_dns_hostnames(),
            _ => out.enable_network_address_usage_metrics(),
        };
        Ok(Some(Some(value.and_then(|v| v.value()).unwrap_or(false))))
    }

    async fn subnets(&self) -> TypeResult {
        let subnets = self
            .caller
            .items(
                EC2,
                "DescribeSubnets",
                |t| {
                    self.client
                        .describe_subnets()
                        .max_results(PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeSubnetsOutput| next_token(p.next_token()),
                |p| p.subnets.unwrap_or_default(),
            )
            .await?;
        Ok(subnets.iter().filter_map(subnet_item).collect())
    }

    async fn internet_gateways(&self) -> TypeResult {
        let gateways = self
            .caller
            .items(
                EC2,
                "DescribeInternetGateways",
                |t| {
                    self.client
                        .describe_internet_gateways()
                        .max_results(PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeInternetGatewaysOutput| next_token(p.next_token()),
                |p| p.internet_gateways.unwrap_or_default(),
            )
            .await?;
        Ok(gateways
            .iter()
            .filter_map(|g| {
                let id = g.internet_gateway_id()?;
                let attributes = object(json!({
                    "vpc_id": opt(g.attachments().first().and_then(|a| a.vpc_id())),
                    "owner_id": g.owner_id(),
                }));
                Some(item(id, with_tags(attributes, g.tags())))
            })
            .collect())
    }

    async fn security_groups(&self) -> Result<Vec<SecurityGroup>, ApiError> {
        self.caller
            .items(
                EC2,
                "DescribeSecurityGroups",
                |t| {
                    self.client
                        .describe_security_groups()
                        .max_results(PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeSecurityGroupsOutput| next_token(p.next_token()),
                |p| p.security_groups.unwrap_or_default(),
            )
            .await
    }

    async fn security_group_rules(&self) -> Result<Vec<SecurityGroupRule>, ApiError> {
        self.caller
            .items(
                EC2,
                "DescribeSecurityGroupRules",
                |t| {
                    self.client
                        .describe_security_group_rules()
                        .max_results(PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeSecurityGroupRulesOutput| next_token(p.next_token()),
                |p| p.security_group_rules.unwrap_or_default(),
            )
            .await
    }

    /// Every instance but terminated ones (gone for the provider).
    async fn instances(&self) -> Result<Vec<Instance>, ApiError> {
        let instances = self
            .caller
            .items(
                EC2,
                "DescribeInstances",
                |t| {
                    self.client
                        .describe_instances()
                        .max_results(INSTANCE_PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeInstancesOutput| next_token(p.next_token()),
                |p| {
                    let reservations = p.reservations.unwrap_or_default();
                    reservations
                        .into_iter()
                        .flat_map(|r| r.instances.unwrap_or_default())
                },
            )
            .await?;
        Ok(instances
            .into_iter()
            .filter(|i| i.state().and_then(|s| s.name()) != Some(&InstanceStateName::Terminated))
            .collect())
    }

    async fn volumes(&self) -> Result<Vec<Volume>, ApiError> {
        self.caller
            .items(
                EC2,
                "DescribeVolumes",
                |t| {
                    self.client
                        .describe_volumes()
                        .max_results(VOLUME_PAGE)
                        .set_next_token(t)
                        .send()
                },
                |p: &DescribeVolumesOutput| next_token(p.next_token()),
                |p| p.volumes.unwrap_or_default(),
            )
            .await
    }

    /// DescribeKeyPairs is not paginated. Id: the key name, as the provider sets it.
    async fn key_pairs(&self) -> TypeResult {
        let out = self
            .caller
            .call(
                EC2,
                "DescribeKeyPairs",
                self.client.describe_key_pairs().send(),
            )
            .await?;
        Ok(out
            .key_pairs()
            .iter()
            .filter_map(|k| {
                let name = k.key_name()?;
                let attributes = object(json!({
                    "key_name": name,
                    "key_pair_id": k.key_pair_id(),
                    "fingerprint": k.key_fingerprint(),
                    "key_type": k.key_type().map(|t| t.as_str()),
                }));
                Some(item(name, with_tags(attributes, k.tags())))
            })
            .collect())
    }

    /// DescribeAddresses is not paginated. Id: the allocation id (the public IP for the
    /// allocation-less EC2-Classic addresses, as the provider does).
    async fn addresses(&self) -> TypeResult {
        let out = self
            .caller
            .call(
                EC2,
                "DescribeAddresses",
                self.client.describe_addresses().send(),
            )
            .await?;
        Ok(out
            .addresses()
            .iter()
            .filter_map(|a| {
                let id = a
                    .allocation_id()
                    .filter(|id| !id.is_empty())
                    .or(a.public_ip())?;
                let domain = a.domain().map(|d| d.as_str());
                let attributes = object(json!({
                    "allocation_id": a.allocation_id(),
                    "association_id": opt(a.association_id()),
                    "carrier_ip": opt(a.carrier_ip()),
                    "customer_owned_ip": opt(a.customer_owned_ip()),
                    "customer_owned_ipv4_pool": opt(a.customer_owned_ipv4_pool()),
                    "domain": domain,
                    "instance": opt(a.instance_id()),
                    "network_border_group": opt(a.network_border_group()),
                    "network_interface": opt(a.network_interface_id()),
                    "private_ip": opt(a.private_ip_address()),
                    "public_ip": opt(a.public_ip()),
                    "public_ipv4_pool": opt(a.public_ipv4_pool()),
                    "vpc": domain == Some("vpc"),
                }));
                Some(item(id, with_tags(attributes, a.tags())))
            })
            .collect())
    }
}

fn subnet_item(s: &Subnet) -> Option<Item> {
    let id = s.subnet_id()?;
    let ipv6 = s.ipv6_cidr_block_association_set().iter().find(|a| {
        a.ipv6_cidr_block_state().and_then(|s| s.state())
            == Some(&SubnetCidrBlockStateCode::Associated)
    });
    let dns = s.private_dns_name_options_on_launch();
    let attributes = object(json!({
        "arn": s.subnet_arn(),
        "vpc_id": s.vpc_id(),
        "cidr_block": s.cidr_block(),
        "availability_zone": s.availability_zone(),
        "availability_zone_id": s.availability_zone_id(),
        "owner_id": s.owner_id(),
        "map_public_ip_on_launch": s.map_public_ip_on_launch().unwrap_or(false),
        "assign_ipv6_address_on_creation": s.assign_ipv6_address_on_creation().unwrap_or(false),
        "ipv6_native": s.ipv6_native().unwrap_or(false),
        "enable_dns64": s.enable_dns64().unwrap_or(false),
        "enable_lni_at_device_index": s.enable_lni_at_device_index().unwrap_or(0),
        "map_customer_owned_ip_on_launch": s.map_customer_owned_ip_on_launch().unwrap_or(false),
        "customer_owned_ipv4_pool": opt(s.customer_owned_ipv4_pool()),
        "outpost_arn": opt(s.outpost_arn()),
        "ipv6_cidr_block": opt(ipv6.and_then(|a| a.ipv6_cidr_block())),
        "ipv6_cidr_block_association_id": opt(ipv6.and_then(|a| a.association_id())),
        "enable_resource_name_dns_a_record_on_launch":
            dns.and_then(|d| d.enable_resource_name_dns_a_record()).unwrap_or(false),
        "enable_resource_name_dns_aaaa_record_on_launch":
            dns.and_then(|d| d.enable_resource_name_dns_aaaa_record()).unwrap_or(false),
        "private_dns_hostname_type_on_launch": opt(dns.and_then(|d| d.hostname_type()).map(|h| h.as_str())),
        "default_for_az": s.default_for_az().unwrap_or(false),
    }));
    Some(item(id, with_tags(attributes, s.tags())))
}

fn security_group_item(g: &SecurityGroup) -> Option<Item> {
    let id = g.group_id()?;
    let owner = g.owner_id();
    let attributes = object(json!({
        "arn": g.security_group_arn(),
        "name": g.group_name(),
        "description": g.description(),
        "vpc_id": opt(g.vpc_id()),
        "owner_id": owner,
        "ingress": inline_rules(id, owner, g.ip_permissions()),
        "egress": inline_rules(id, owner, g.ip_permissions_egress()),
    }));
    Some(item(id, with_tags(attributes, g.tags())))
}

/// One inline `ingress`/`egress` element under construction.
#[derive(Default)]
struct InlineRule {
    cidr_blocks: Vec<String>,
    ipv6_cidr_blocks: Vec<String>,
    prefix_list_ids: Vec<String>,
    security_groups: BTreeSet<String>,
    self_: bool,
}

/// A security group's permissions as the provider flattens them into `ingress`/`egress`: one
/// element per (protocol, from, to, description), address ranges and source groups of equal
/// description merged, the group itself as `self = true`, other accounts' groups as
/// `account/sg-…`.
///
/// Limitation: the provider then re-splits these elements to mirror the configuration's
/// blocks (matchRules), so a configuration that spreads one (ports, description) over several
/// blocks has a differently grouped state.
fn inline_rules(group_id: &str, owner: Option<&str>, permissions: &[IpPermission]) -> Json {
    let mut rules: BTreeMap<(String, i32, i32, String), InlineRule> = BTreeMap::new();
    for p in permissions {
        let protocol = p.ip_protocol().unwrap_or_default().to_string();
        let (from, to) = (p.from_port().unwrap_or(0), p.to_port().unwrap_or(0));
        let key = |description: Option<&str>| {
            (
                protocol.clone(),
                from,
                to,
                description.unwrap_or_default().to_string(),
            )
        };
        for r in p.ip_ranges() {
            if let Some(cidr) = r.cidr_ip() {
                let entry = rules.entry(key(r.description())).or_default();
                entry.cidr_blocks.push(cidr.into());
            }
        }
        for r in p.ipv6_ranges() {
            if let Some(cidr) = r.cidr_ipv6() {
                let entry = rules.entry(key(r.description())).or_default();
                entry.ipv6_cidr_blocks.push(cidr.into());
            }
        }
        for r in p.prefix_list_ids() {
            if let Some(id) = r.prefix_list_id() {
                let entry = rules.entry(key(r.description())).or_default();
                entry.prefix_list_ids.push(id.into());
            }
        }
        for pair in p.user_id_group_pairs() {
            let Some(source) = pair.group_id() else {
                continue;
            };
            let entry = rules.entry(key(pair.description())).or_default();
            match pair
                .user_id()
                .filter(|u| !u.is_empty() && Some(*u) != owner)
            {
                Some(account) => {
                    entry.security_groups.insert(format!("{account}/{source}"));
                }
                None if source == group_id => entry.self_ = true,
                None => {
                    entry.security_groups.insert(source.into());
                }
            }
        }
    }
    Json::Array(
        rules
            .into_iter()
            .map(|((protocol, from, to, description), r)| {
                json!({
                    "cidr_blocks": r.cidr_blocks,
                    "description": description,
                    "from_port": from,
                    "ipv6_cidr_blocks": r.ipv6_cidr_blocks,
                    "prefix_list_ids": r.prefix_list_ids,
                    "protocol": protocol,
                    "security_groups": r.security_groups,
                    "self": r.self_,
                    "to_port": to,
                })
            })
            .collect(),
    )
}

/// The address ranges of one (protocol, port range), with their descriptions.
#[derive(Default)]
struct Ranges<'a> {
    cidr_blocks: Vec<&'a str>,
    ipv6_cidr_blocks: Vec<&'a str>,
    prefix_list_ids: Vec<&'a str>,
    descriptions: BTreeSet<&'a str>,
}

/// `aws_security_group_rule` items, keyed like [`security_group_rule_key`] (the provider's own
/// `sgrule-<hash>` cannot be reproduced): per (direction, protocol, port range), one item per
/// source security group (the group itself: `self`) and one carrying the address ranges.
fn security_group_rule_items(g: &SecurityGroup) -> Vec<Item> {
    let Some(group_id) = g.group_id() else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (direction, permissions) in [
        ("ingress", g.ip_permissions()),
        ("egress", g.ip_permissions_egress()),
    ] {
        // EC2 may return one (protocol, ports) split over several permissions.
        let mut by_ports: BTreeMap<(String, i32, i32), Vec<&IpPermission>> = BTreeMap::new();
        for p in permissions {
            let protocol = normalize_protocol(p.ip_protocol().unwrap_or_default());
            let (from, to) = if protocol == "-1" {
                (0, 0)
            } else {
                (p.from_port().unwrap_or(0), p.to_port().unwrap_or(0))
            };
            by_ports.entry((protocol, from, to)).or_default().push(p);
        }
        for ((protocol, from, to), permissions) in by_ports {
            let base = |source: Json, is_self: bool, description: Option<&str>| {
                let mut attributes = object(json!({
                    "security_group_id": group_id,
                    "type": direction,
                    "protocol": protocol,
                    "from_port": from,
                    "to_port": to,
                    "source_security_group_id": source,
                    "self": is_self,
                    "cidr_blocks": [],
                    "ipv6_cidr_blocks": [],
                    "prefix_list_ids": [],
                }));
                if let Some(description) = description {
                    attributes.insert("description".into(), json!(description));
                }
                attributes
            };
            let mut ranges = Ranges::default();
            for p in &permissions {
                for r in p.ip_ranges() {
                    if let Some(cidr) = r.cidr_ip() {
                        ranges.cidr_blocks.push(cidr);
                        ranges.descriptions.insert(r.description().unwrap_or(""));
                    }
                }
                for r in p.ipv6_ranges() {
                    if let Some(cidr) = r.cidr_ipv6() {
                        ranges.ipv6_cidr_blocks.push(cidr);
                        ranges.descriptions.insert(r.description().unwrap_or(""));
                    }
                }
                for r in p.prefix_list_ids() {
                    if let Some(id) = r.prefix_list_id() {
                        ranges.prefix_list_ids.push(id);
                        ranges.descriptions.insert(r.description().unwrap_or(""));
                    }
                }
                for pair in p.user_id_group_pairs() {
                    let Some(source) = pair.group_id() else {
                        continue;
                    };
                    let attributes = base(
                        json!(source),
                        source == group_id,
                        Some(pair.description().unwrap_or("")),
                    );
                    items.extend(rule_item(attributes));
                }
            }
            if ranges.cidr_blocks.is_empty()
                && ranges.ipv6_cidr_blocks.is_empty()
                && ranges.prefix_list_ids.is_empty()
            {
                continue;
            }
            // The declared rules of one key may carry different descriptions (they are merged);
            // one description is only known when all ranges share it.
            let description = match ranges.descriptions.len() {
                1 => ranges.descriptions.first().copied(),
                _ => None,
            };
            let mut attributes = base(Json::Null, false, description);
            attributes.insert("cidr_blocks".into(), strings(ranges.cidr_blocks));
            attributes.insert("ipv6_cidr_blocks".into(), strings(ranges.ipv6_cidr_blocks));
            attributes.insert("prefix_list_ids".into(), strings(ranges.prefix_list_ids));
            items.extend(rule_item(attributes));
        }
    }
    items
}

/// An `aws_security_group_rule` item whose id is its match key.
fn rule_item(attributes: Map<String, Json>) -> Option<Item> {
    let attributes = Json::Object(attributes);
    let key = security_group_rule_key(&Value::from_json(&attributes))?;
    Some(item(key, attributes))
}

/// `aws_vpc_security_group_{ingress,egress}_rule`: one per security group rule (`sgr-…`).
fn vpc_rule_item(r: &SecurityGroupRule) -> Option<Item> {
    let id = r.security_group_rule_id()?;
    let protocol = r.ip_protocol().unwrap_or_default();
    // As the provider: another account's group is `account/sg-…` (when the owner is known).
    let referenced = r.referenced_group_info().and_then(|g| {
        let group = g.group_id()?;
        Some(match g.user_id() {
            Some(account)
                if r.group_owner_id()
                    .is_some_and(|owner| !account.is_empty() && account != owner) =>
            {
                format!("{account}/{group}")
            }
            _ => group.to_string(),
        })
    });
    let mut attributes = object(json!({
        "security_group_id": r.group_id(),
        "security_group_rule_id": id,
        "ip_protocol": protocol,
        "cidr_ipv4": opt(r.cidr_ipv4()),
        "cidr_ipv6": opt(r.cidr_ipv6()),
        "prefix_list_id": opt(r.prefix_list_id()),
        "referenced_security_group_id": referenced,
        "description": opt(r.description()),
    }));
    // All protocols: EC2 answers -1, the state has the configured ports or null; not compared.
    if protocol != "-1" {
        attributes.insert("from_port".into(), json!(r.from_port()));
        attributes.insert("to_port".into(), json!(r.to_port()));
    }
    Some(item(id, with_tags(attributes, r.tags())))
}

fn volume_item(v: &Volume) -> Option<Item> {
    let id = v.volume_id()?;
    let attributes = object(json!({
        "availability_zone": v.availability_zone(),
        "encrypted": v.encrypted().unwrap_or(false),
        "iops": v.iops().unwrap_or(0),
        "kms_key_id": opt(v.kms_key_id()),
        "multi_attach_enabled": v.multi_attach_enabled().unwrap_or(false),
        "outpost_arn": opt(v.outpost_arn()),
        "size": v.size().unwrap_or(0),
        "snapshot_id": opt(v.snapshot_id()),
        "throughput": v.throughput().unwrap_or(0),
        "type": v.volume_type().map(|t| t.as_str()),
        "attached_instance_id": opt(v.attachments().first().and_then(|a| a.instance_id())),
    }));
    Some(item(id, with_tags(attributes, v.tags())))
}

/// The profile name in an instance profile ARN (`…:instance-profile/path/name`), as the
/// provider stores `iam_instance_profile`.
fn instance_profile_name(arn: &str) -> Option<&str> {
    arn.split_once(":instance-profile/")
        .map(|(_, path)| path.rsplit('/').next().unwrap_or(path))
}

fn instance_item(i: &Instance, volumes: &HashMap<&str, &Volume>) -> Option<Item> {
    let id = i.instance_id()?;
    let primary = i
        .network_interfaces()
        .iter()
        .find(|n| n.attachment().and_then(|a| a.device_index()) == Some(0));
    let mut a = object(json!({
        "ami": i.image_id(),
        "instance_type": i.instance_type().map(|t| t.as_str()),
        "key_name": opt(i.key_name()),
        "private_ip": opt(i.private_ip_address()),
        "public_ip": opt(i.public_ip_address()),
        "private_dns": opt(i.private_dns_name()),
        "public_dns": opt(i.public_dns_name()),
        "subnet_id": opt(primary.and_then(|n| n.subnet_id()).or(i.subnet_id())),
        "vpc_security_group_ids": strings(i.security_groups().iter().filter_map(|g| g.group_id())),
        "iam_instance_profile": opt(i.iam_instance_profile().and_then(|p| p.arn()).and_then(instance_profile_name)),
        "ebs_optimized": i.ebs_optimized().unwrap_or(false),
        "metadata_options": i.metadata_options().map_or_else(Vec::new, |m| vec![json!({
            "http_endpoint": m.http_endpoint().map(|v| v.as_str()),
            "http_protocol_ipv6": m.http_protocol_ipv6().map(|v| v.as_str()),
            "http_put_response_hop_limit": m.http_put_response_hop_limit(),
            "http_tokens": m.http_tokens().map(|v| v.as_str()),
            "instance_metadata_tags": m.instance_metadata_tags().map(|v| v.as_str()),
        })]),
        "maintenance_options": i.maintenance_options().map_or_else(Vec::new, |m| vec![json!({
            "auto_recovery": m.auto_recovery().map(|v| v.as_str()),
        })]),
        "private_dns_name_options": i.private_dns_name_options().map_or_else(Vec::new, |o| vec![json!({
            "enable_resource_name_dns_a_record": o.enable_resource_name_dns_a_record().unwrap_or(false),
            "enable_resource_name_dns_aaaa_record": o.enable_resource_name_dns_aaaa_record().unwrap_or(false),
            "hostname_type": o.hostname_type().map(|v| v.as_str()),
        })]),
    }));
    match primary {
        Some(n) => {
            // EC2 only sends an association with a public address (moto sends an empty one).
            let public = n.association().and_then(|x| x.public_ip()).is_some();
            a.insert("associate_public_ip_address".into(), json!(public));
            a.insert("ipv6_address_count".into(), json!(n.ipv6_addresses().len()));
            a.insert(
                "ipv6_addresses".into(),
                strings(n.ipv6_addresses().iter().filter_map(|x| x.ipv6_address())),
            );
            a.insert(
                "secondary_private_ips".into(),
                strings(
                    n.private_ip_addresses()
                        .iter()
                        .filter(|x| x.primary() != Some(true))
                        .filter_map(|x| x.private_ip_address()),
                ),
            );
        }
        None => {
            a.insert(
                "associate_public_ip_address".into(),
                json!(i.public_ip_address().is_some()),
            );
        }
    }
    if let Some(check) = i
        .source_dest_check()
        .or(primary.and_then(|n| n.source_dest_check()))
    {
        a.insert("source_dest_check".into(), json!(check));
    }
    if let Some(p) = i.placement() {
        a.insert("availability_zone".into(), opt(p.availability_zone()));
        a.insert("placement_group".into(), opt(p.group_name()));
        a.insert("host_id".into(), opt(p.host_id()));
        a.insert(
            "placement_partition_number".into(),
            json!(p.partition_number().unwrap_or(0)),
        );
        a.insert("tenancy".into(), opt(p.tenancy().map(|t| t.as_str())));
    }
    if let Some(state) = i.monitoring().and_then(|m| m.state()) {
        let on = matches!(state, MonitoringState::Enabled | MonitoringState::Pending);
        a.insert("monitoring".into(), json!(on));
    }
    if let Some(h) = i.hibernation_options() {
        a.insert("hibernation".into(), json!(h.configured().unwrap_or(false)));
    }
    let (root, ebs) = block_devices(i, volumes);
    a.insert("root_block_device".into(), Json::Array(root));
    a.insert("ebs_block_device".into(), Json::Array(ebs));
    Some(item(id, with_tags(a, i.tags())))
}

/// `root_block_device` and `ebs_block_device` as the provider reads them: every attached EBS
/// volume, the one on the root device name as root. Block-device tags depend on the
/// configuration (`volume_tags`) and are not read.
fn block_devices(i: &Instance, volumes: &HashMap<&str, &Volume>) -> (Vec<Json>, Vec<Json>) {
    let (mut root, mut ebs) = (Vec::new(), Vec::new());
    for mapping in i.block_device_mappings() {
        let Some(ebs_device) = mapping.ebs() else {
            continue;
        };
        let Some(volume) = ebs_device.volume_id().and_then(|id| volumes.get(id)) else {
            continue;
        };
        let mut device = object(json!({
            "volume_id": volume.volume_id(),
            "delete_on_termination": ebs_device.delete_on_termination().unwrap_or(false),
            "device_name": mapping.device_name().unwrap_or(""),
            "volume_size": volume.size().unwrap_or(0),
            "volume_type": volume.volume_type().map_or("", |t| t.as_str()),
            "iops": volume.iops().unwrap_or(0),
            "throughput": volume.throughput().unwrap_or(0),
            "encrypted": volume.encrypted().unwrap_or(false),
            "kms_key_id": volume.kms_key_id().unwrap_or(""),
        }));
        if mapping.device_name().is_some() && mapping.device_name() == i.root_device_name() {
            root.push(Json::Object(device));
        } else {
            device.insert(
                "snapshot_id".into(),
                json!(volume.snapshot_id().unwrap_or("")),
            );
            ebs.push(Json::Object(device));
        }
    }
    (root, ebs)
}
