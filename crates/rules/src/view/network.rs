//! Traffic filters, normalised across the ways Terraform declares them.
//!
//! - Security group rules ([`SgRule`]): inline `ingress`/`egress` blocks of `aws_security_group`
//!   (and `aws_default_security_group`), `aws_security_group_rule`, and
//!   `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule`.
//! - Network ACL entries ([`NaclRule`]): inline `ingress`/`egress` blocks of `aws_network_acl`
//!   and `aws_default_network_acl`, and `aws_network_acl_rule`, grouped by the ACL they belong
//!   to so that a lower-numbered `deny` can shadow an `allow`.

use driftguard_model::{Resource, Tri, Value};

use super::{block_paths, list_items, set_value, value_text_is};
use crate::Context;

/// Which way traffic flows through a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

/// A protocol as security groups understand it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `-1` / `all`: every protocol and every port.
    All,
    Tcp,
    Udp,
    /// ICMP, ICMPv6 or another IP protocol number: no ports.
    Other,
    Unknown,
}

/// A service that must not face the whole internet, for tables of exposed ports.
pub struct Service {
    pub name: &'static str,
    pub ports: &'static [u16],
    pub protocols: &'static [Protocol],
}

impl Service {
    /// The service's ports for messages: `3306`, `9200, 9300`.
    pub fn ports_label(&self) -> String {
        let ports: Vec<String> = self.ports.iter().map(u16::to_string).collect();
        ports.join(", ")
    }
}

/// One normalised security group rule.
pub struct SgRule<'a> {
    /// The resource that declares the rule (a group with inline blocks, or a rule resource).
    pub resource: &'a Resource,
    /// Path prefix of the rule inside `resource` (`ingress.0.`), empty for rule resources.
    pub prefix: String,
    /// The direction; unknown when `aws_security_group_rule.type` is unknown.
    pub direction: Result<Direction, ()>,
    pub protocol: Protocol,
    from_port: Option<&'a Value>,
    to_port: Option<&'a Value>,
    /// Source (ingress) or destination (egress) CIDR attributes, by attribute name.
    cidr_attributes: Vec<&'static str>,
}

/// The addresses that mean "the whole internet".
pub const WORLD_CIDRS: &[&str] = &["0.0.0.0/0", "::/0"];

impl<'a> SgRule<'a> {
    /// Every rule of every security group, in every form and both directions; built once per
    /// module tree.
    pub fn all<'c>(ctx: &'c Context<'a>) -> &'c [SgRule<'a>] {
        &ctx.memo.sg_rules
    }

    pub(crate) fn collect(ctx: &Context<'a>) -> Vec<SgRule<'a>> {
        let mut rules = Vec::new();
        let groups = ctx
            .of_type("aws_security_group")
            .chain(ctx.of_type("aws_default_security_group"));
        for group in groups {
            for (block, direction) in [
                ("ingress", Direction::Ingress),
                ("egress", Direction::Egress),
            ] {
                // A `dynamic` block over an unknown collection is one rule whose verdicts are
                // inconclusive.
                for path in block_paths(group, block) {
                    rules.push(SgRule::classic(group, format!("{path}."), Ok(direction)));
                }
            }
        }
        for rule in ctx.of_type("aws_security_group_rule") {
            let direction = match set_value(rule, "type").map(|v| v.as_str()) {
                Some(Some("ingress")) => Ok(Direction::Ingress),
                Some(Some("egress")) => Ok(Direction::Egress),
                _ => Err(()),
            };
            rules.push(SgRule::classic(rule, String::new(), direction));
        }
        for (resource_type, direction) in [
            ("aws_vpc_security_group_ingress_rule", Direction::Ingress),
            ("aws_vpc_security_group_egress_rule", Direction::Egress),
        ] {
            for rule in ctx.of_type(resource_type) {
                rules.push(SgRule {
                    resource: rule,
                    prefix: String::new(),
                    direction: Ok(direction),
                    protocol: protocol(set_value(rule, "ip_protocol")),
                    from_port: set_value(rule, "from_port"),
                    to_port: set_value(rule, "to_port"),
                    cidr_attributes: vec!["cidr_ipv4", "cidr_ipv6"],
                });
            }
        }
        rules
    }

    /// Ingress rules, including rules whose direction is unknown (their verdicts stay unknown).
    pub fn ingress<'c>(ctx: &'c Context<'a>) -> impl Iterator<Item = &'c SgRule<'a>> + 'c {
        SgRule::all(ctx)
            .iter()
            .filter(|rule| rule.direction != Ok(Direction::Egress))
    }

    fn classic(
        resource: &'a Resource,
        prefix: String,
        direction: Result<Direction, ()>,
    ) -> SgRule<'a> {
        SgRule {
            resource,
            protocol: protocol(set_value(resource, &format!("{prefix}protocol"))),
            from_port: set_value(resource, &format!("{prefix}from_port")),
            to_port: set_value(resource, &format!("{prefix}to_port")),
            cidr_attributes: vec!["cidr_blocks", "ipv6_cidr_blocks"],
            prefix,
            direction,
        }
    }

    /// The dotted path of an attribute of this rule.
    pub fn path(&self, attribute: &str) -> String {
        format!("{}{attribute}", self.prefix)
    }

    /// The path of the rule itself: the inline block, or `None` for a rule resource.
    pub fn block_path(&self) -> Option<String> {
        block_path(&self.prefix)
    }

    /// Whether this is an ingress rule.
    pub fn is_ingress(&self) -> Tri {
        is_ingress(self.direction)
    }

    /// Whether the rule is open to the whole internet, and where to point: the CIDR attribute
    /// that makes it so (or that is unknown), else the rule's block. Only CIDR sources count: a
    /// rule that also names security groups or prefix lists is still open through its CIDRs.
    pub fn world_open(&self) -> (Tri, Option<String>) {
        let mut unknown_at = None;
        for attribute in &self.cidr_attributes {
            let path = self.path(attribute);
            let value = set_value(self.resource, &path);
            let open =
                Tri::any(list_items(value).into_iter().map(|cidr| {
                    value_text_is(Some(cidr), None, |c| WORLD_CIDRS.contains(&c.trim()))
                }));
            match open {
                Tri::True => return (Tri::True, Some(path)),
                Tri::Unknown if unknown_at.is_none() => unknown_at = Some(path),
                _ => {}
            }
        }
        match unknown_at {
            Some(path) => (Tri::Unknown, Some(path)),
            None => (Tri::False, self.block_path()),
        }
    }

    /// Whether the rule lets traffic reach `port` over one of `protocols` (`Tcp`, `Udp`).
    pub fn covers_port(&self, port: f64, protocols: &[Protocol]) -> Tri {
        covers_port(self.protocol, self.from_port, self.to_port, port, protocols)
    }

    /// Whether the rule lets traffic reach one of the ports of `service`.
    pub fn covers_service(&self, service: &Service) -> Tri {
        Tri::any(
            service
                .ports
                .iter()
                .map(|port| self.covers_port(f64::from(*port), service.protocols)),
        )
    }

    /// Whether this ingress rule opens one of `services` to the whole internet, the services it
    /// certainly opens (for messages), and the attribute to point at. Rules that open every
    /// port are left out: they are reported as such by `aws-ec2-security-group-all-ports-open`.
    pub fn world_exposes<'s>(
        &self,
        services: &'s [Service],
    ) -> (Tri, Vec<&'s Service>, Option<String>) {
        let (world, path) = self.world_open();
        let covered: Vec<(Tri, &Service)> = services
            .iter()
            .map(|service| (self.covers_service(service), service))
            .collect();
        let verdict = world
            .and(self.is_ingress())
            .and(self.covers_all_ports().negate())
            .and(Tri::any(covered.iter().map(|(tri, _)| *tri)));
        let exposed = covered
            .into_iter()
            .filter(|(tri, _)| *tri == Tri::True)
            .map(|(_, service)| service)
            .collect();
        (verdict, exposed, path)
    }

    /// Whether the rule opens every port: protocol `-1`, or TCP/UDP over the full 0–65535 range.
    pub fn covers_all_ports(&self) -> Tri {
        covers_all_ports(self.protocol, self.from_port, self.to_port)
    }

    /// The rule's description, when one is set (unknown counts as set).
    pub fn description(&self) -> Option<&'a Value> {
        set_value(self.resource, &self.path("description"))
    }
}

/// The path of a rule or entry declared at `prefix` (`ingress.0.`): the inline block, or `None`
/// for a rule resource (empty prefix).
fn block_path(prefix: &str) -> Option<String> {
    (!prefix.is_empty()).then(|| prefix.trim_end_matches('.').to_string())
}

/// Whether a rule or entry of `direction` (unknown: `Err`) is an ingress one.
fn is_ingress(direction: Result<Direction, ()>) -> Tri {
    match direction {
        Ok(direction) => Tri::from_bool(direction == Direction::Ingress),
        Err(()) => Tri::Unknown,
    }
}

/// Whether a rule or entry for `protocol` over the ports `from`–`to` matches traffic to `port`
/// over one of `protocols` (`Tcp`, `Udp`).
fn covers_port(
    protocol: Protocol,
    from: Option<&Value>,
    to: Option<&Value>,
    port: f64,
    protocols: &[Protocol],
) -> Tri {
    match protocol {
        Protocol::All => Tri::True,
        // An unknown protocol may be `-1`, which ignores the ports.
        Protocol::Unknown => Tri::Unknown,
        Protocol::Other => Tri::False,
        p if protocols.contains(&p) => port_range_covers(from, to, port),
        _ => Tri::False,
    }
}

/// Whether a rule or entry for `protocol` over the ports `from`–`to` matches every port:
/// protocol `-1`, or TCP/UDP over the full 0–65535 range.
fn covers_all_ports(protocol: Protocol, from: Option<&Value>, to: Option<&Value>) -> Tri {
    match protocol {
        Protocol::All => Tri::True,
        Protocol::Other => Tri::False,
        Protocol::Unknown => Tri::Unknown,
        Protocol::Tcp | Protocol::Udp => port_range_covers_all(from, to),
    }
}

/// Whether the port range `from`–`to` of a TCP/UDP rule includes `port`.
fn port_range_covers(from: Option<&Value>, to: Option<&Value>, port: f64) -> Tri {
    let bound = |value: Option<&Value>| match value {
        None => Err(false),
        Some(v) if v.is_unknown() => Err(true),
        Some(v) => v.as_f64().ok_or(true),
    };
    match (bound(from), bound(to)) {
        (Ok(from), Ok(to)) => Tri::from_bool(from <= port && port <= to),
        // A missing port with a TCP/UDP protocol is rejected by the provider: nothing opens.
        (Err(false), _) | (_, Err(false)) => Tri::False,
        _ => Tri::Unknown,
    }
}

/// Whether a TCP/UDP port range covers every port (0 and 1 are both used as the first port).
fn port_range_covers_all(from: Option<&Value>, to: Option<&Value>) -> Tri {
    port_range_covers(from, to, 1.0).and(port_range_covers(from, to, 65535.0))
}

fn protocol(value: Option<&Value>) -> Protocol {
    let text = match value {
        None => return Protocol::Unknown,
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        Some(Value::Number(n)) => driftguard_model::format_number(*n),
        Some(_) => return Protocol::Unknown,
    };
    match text.as_str() {
        "-1" | "all" => Protocol::All,
        "tcp" | "6" => Protocol::Tcp,
        "udp" | "17" => Protocol::Udp,
        _ => Protocol::Other,
    }
}

/// What a network ACL entry does with the traffic it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NaclAction {
    Allow,
    Deny,
    Unknown,
}

/// The address family of a CIDR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    V4,
    V6,
}

impl Family {
    fn attribute(self) -> &'static str {
        match self {
            Family::V4 => "cidr_block",
            Family::V6 => "ipv6_cidr_block",
        }
    }

    fn world(self) -> &'static str {
        match self {
            Family::V4 => "0.0.0.0/0",
            Family::V6 => "::/0",
        }
    }
}

/// The network ACL an entry belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AclKey {
    /// An ACL of the module tree (its address), or a stand-in naming what the entry points at.
    Known(String),
    /// `network_acl_id` is unknown and names no resource: it may be any ACL.
    Unresolved,
}

/// An ingress entry of a network ACL and whether it lets the whole internet in.
pub struct NaclExposure<'a> {
    pub entry: &'a NaclRule<'a>,
    pub open: Tri,
    /// The CIDR attribute to point at, or the entry.
    pub path: Option<String>,
    /// The entry allows the traffic, but whether a lower-numbered deny of the same ACL comes
    /// first is unknown.
    shadow_unknown: bool,
}

impl NaclExposure<'_> {
    /// Why a verdict built on [`NaclExposure::open`] is unknown, when the entry itself is known.
    pub fn unknown_reason(&self, verdict: Tri) -> Option<&'static str> {
        (verdict == Tri::Unknown && self.shadow_unknown).then_some(
            "a deny entry of the same network ACL may be evaluated first: its rule number, \
             protocol, ports, CIDR or ACL is unknown statically",
        )
    }

    /// Reports `verdict` on the entry, with the reason of an unknown shadowing deny.
    pub fn report(
        &self,
        report: &mut crate::Reporter<'_>,
        verdict: Tri,
        message: impl FnOnce() -> String,
    ) {
        match self.unknown_reason(verdict) {
            Some(reason) => report.inconclusive(self.entry.resource, self.path.as_deref(), reason),
            None => report.verdict(self.entry.resource, self.path.as_deref(), verdict, message),
        }
    }
}

/// One network ACL entry, inline or an `aws_network_acl_rule`.
pub struct NaclRule<'a> {
    /// The resource that declares the entry (an ACL with inline blocks, or a rule resource).
    pub resource: &'a Resource,
    /// Path prefix of the entry inside `resource` (`ingress.0.`), empty for rule resources.
    pub prefix: String,
    acl: AclKey,
    /// The direction; unknown when `aws_network_acl_rule.egress` is unknown.
    pub direction: Result<Direction, ()>,
    pub protocol: Protocol,
    pub action: NaclAction,
    number: Option<&'a Value>,
    from_port: Option<&'a Value>,
    to_port: Option<&'a Value>,
}

impl<'a> NaclRule<'a> {
    /// Every network ACL entry declared in the module tree, in both directions; built once per
    /// module tree.
    pub fn all<'c>(ctx: &'c Context<'a>) -> &'c [NaclRule<'a>] {
        &ctx.memo.nacl_rules
    }

    pub(crate) fn collect(ctx: &Context<'a>) -> Vec<NaclRule<'a>> {
        let mut rules = Vec::new();
        for acl in ctx
            .of_type("aws_network_acl")
            .chain(ctx.of_type("aws_default_network_acl"))
        {
            let key = AclKey::Known(acl.address.clone());
            for (block, direction) in [
                ("ingress", Direction::Ingress),
                ("egress", Direction::Egress),
            ] {
                for path in block_paths(acl, block) {
                    let prefix = format!("{path}.");
                    let at = |attribute: &str| set_value(acl, &format!("{prefix}{attribute}"));
                    rules.push(NaclRule {
                        resource: acl,
                        acl: key.clone(),
                        direction: Ok(direction),
                        protocol: protocol(at("protocol")),
                        action: action(at("action")),
                        number: at("rule_no"),
                        from_port: at("from_port"),
                        to_port: at("to_port"),
                        prefix,
                    });
                }
            }
        }
        for rule in ctx.of_type("aws_network_acl_rule") {
            let direction = match set_value(rule, "egress") {
                None => Ok(Direction::Ingress),
                Some(value) => match value.truth() {
                    Tri::True => Ok(Direction::Egress),
                    Tri::False => Ok(Direction::Ingress),
                    Tri::Unknown => Err(()),
                },
            };
            rules.push(NaclRule {
                resource: rule,
                prefix: String::new(),
                acl: acl_key(ctx, set_value(rule, "network_acl_id")),
                direction,
                protocol: protocol(set_value(rule, "protocol")),
                action: action(set_value(rule, "rule_action")),
                number: set_value(rule, "rule_number"),
                from_port: set_value(rule, "from_port"),
                to_port: set_value(rule, "to_port"),
            });
        }
        rules
    }

    /// Every ingress entry (direction unknown included) with whether it lets the whole
    /// internet in where `matches` applies ([`NaclRule::world_reachable`]).
    pub fn world_ingress<'c>(
        ctx: &'c Context<'a>,
        matches: impl Fn(&NaclRule<'a>) -> Tri,
    ) -> Vec<NaclExposure<'c>>
    where
        'a: 'c,
    {
        let all = NaclRule::all(ctx);
        let verdicts: Vec<(Tri, Option<String>, bool)> = all
            .iter()
            .map(|entry| {
                let (open, path) = entry.world_reachable(all, &matches);
                // Unknown although the entry itself is known: a deny may come first.
                let own = entry
                    .world(Family::V4)
                    .or(entry.world(Family::V6))
                    .and(entry.allows())
                    .and(matches(entry))
                    .and(entry.is_ingress());
                let open = open.and(entry.is_ingress());
                (
                    open,
                    path.or_else(|| entry.block_path()),
                    open == Tri::Unknown && own == Tri::True,
                )
            })
            .collect();
        all.iter()
            .zip(verdicts)
            .filter(|(entry, _)| entry.direction != Ok(Direction::Egress))
            .map(|(entry, (open, path, shadow_unknown))| NaclExposure {
                entry,
                open,
                path,
                shadow_unknown,
            })
            .collect()
    }

    /// The entry for messages: `` entry `ingress.0` of `aws_network_acl.public` `` or
    /// `` `aws_network_acl_rule.ssh` ``.
    pub fn describe(&self) -> String {
        match self.block_path() {
            Some(block) => format!("entry `{block}` of `{}`", self.resource.address),
            None => format!("`{}`", self.resource.address),
        }
    }

    /// The dotted path of an attribute of this entry.
    pub fn path(&self, attribute: &str) -> String {
        format!("{}{attribute}", self.prefix)
    }

    /// The path of the entry itself: the inline block, or `None` for a rule resource.
    pub fn block_path(&self) -> Option<String> {
        block_path(&self.prefix)
    }

    /// Whether this is an ingress entry.
    pub fn is_ingress(&self) -> Tri {
        is_ingress(self.direction)
    }

    /// Whether the entry matches traffic to `port` over one of `protocols` (`Tcp`, `Udp`).
    pub fn covers_port(&self, port: f64, protocols: &[Protocol]) -> Tri {
        covers_port(self.protocol, self.from_port, self.to_port, port, protocols)
    }

    /// Whether the entry matches every port: protocol `-1`, or TCP/UDP over 0–65535.
    pub fn covers_all_ports(&self) -> Tri {
        covers_all_ports(self.protocol, self.from_port, self.to_port)
    }

    /// Whether the entry lets traffic from the whole internet in (or out) where `matches` says
    /// it applies: it allows, its CIDR is `0.0.0.0/0` or `::/0`, and no lower-numbered `deny`
    /// entry of the same ACL for the same direction, the whole internet and matching traffic
    /// comes first (the ACL stops at the first entry that matches). `acl_rules` are all the
    /// entries of the module tree ([`NaclRule::all`]). Also returns the CIDR attribute to point
    /// at.
    pub fn world_reachable(
        &self,
        acl_rules: &[NaclRule<'a>],
        matches: &impl Fn(&NaclRule<'a>) -> Tri,
    ) -> (Tri, Option<String>) {
        let mut unknown_at = None;
        for family in [Family::V4, Family::V6] {
            let open = self.world(family);
            if open == Tri::False {
                continue;
            }
            let own = open.and(self.allows()).and(matches(self));
            if own == Tri::False {
                continue;
            }
            let shadowed = Tri::any(
                acl_rules
                    .iter()
                    .filter(|other| !self.is(other) && self.same_acl(other) != Tri::False)
                    .map(|other| {
                        self.same_acl(other)
                            .and(self.same_direction(other))
                            .and(other.denies())
                            .and(other.world(family))
                            .and(matches(other))
                            .and(other.precedes(self))
                    }),
            );
            let verdict = own.and(shadowed.negate());
            let path = self.path(family.attribute());
            match verdict {
                Tri::True => return (Tri::True, Some(path)),
                Tri::Unknown if unknown_at.is_none() => unknown_at = Some(path),
                _ => {}
            }
        }
        match unknown_at {
            Some(path) => (Tri::Unknown, Some(path)),
            None => (Tri::False, None),
        }
    }

    fn world(&self, family: Family) -> Tri {
        let value = set_value(self.resource, &self.path(family.attribute()));
        value_text_is(value, None, |cidr| cidr.trim() == family.world())
    }

    fn allows(&self) -> Tri {
        match self.action {
            NaclAction::Allow => Tri::True,
            NaclAction::Deny => Tri::False,
            NaclAction::Unknown => Tri::Unknown,
        }
    }

    fn denies(&self) -> Tri {
        match self.action {
            NaclAction::Allow => Tri::False,
            NaclAction::Deny => Tri::True,
            NaclAction::Unknown => Tri::Unknown,
        }
    }

    fn is(&self, other: &NaclRule<'_>) -> bool {
        std::ptr::eq(self.resource, other.resource) && self.prefix == other.prefix
    }

    fn same_acl(&self, other: &NaclRule<'_>) -> Tri {
        match (&self.acl, &other.acl) {
            (AclKey::Known(a), AclKey::Known(b)) => Tri::from_bool(a == b),
            _ => Tri::Unknown,
        }
    }

    fn same_direction(&self, other: &NaclRule<'_>) -> Tri {
        match (self.direction, other.direction) {
            (Ok(a), Ok(b)) => Tri::from_bool(a == b),
            _ => Tri::Unknown,
        }
    }

    /// Whether this entry is evaluated before `other` (a lower rule number).
    fn precedes(&self, other: &NaclRule<'_>) -> Tri {
        let number = |value: Option<&Value>| value.and_then(Value::as_f64);
        match (number(self.number), number(other.number)) {
            (Some(a), Some(b)) => Tri::from_bool(a < b),
            _ => Tri::Unknown,
        }
    }
}

fn action(value: Option<&Value>) -> NaclAction {
    match value.and_then(Value::as_str).map(str::to_ascii_lowercase) {
        Some(a) if a == "allow" => NaclAction::Allow,
        Some(a) if a == "deny" => NaclAction::Deny,
        _ => NaclAction::Unknown,
    }
}

/// The ACL a `network_acl_id` names: a reference to an ACL (or to a VPC's
/// `default_network_acl_id`, which is the ACL an `aws_default_network_acl` adopts), or a literal
/// id.
fn acl_key(ctx: &Context<'_>, value: Option<&Value>) -> AclKey {
    let Some(value) = value else {
        return AclKey::Unresolved;
    };
    if let Value::String(id) = value {
        let named = ctx
            .of_type("aws_network_acl")
            .chain(ctx.of_type("aws_default_network_acl"))
            .find(|acl| {
                acl.cloud_id.as_deref() == Some(id.as_str())
                    || acl.get("id").and_then(Value::as_str) == Some(id.as_str())
            });
        return AclKey::Known(
            named.map_or_else(|| format!("literal {id}"), |acl| acl.address.clone()),
        );
    }
    let Some(reference) = value.as_unknown().and_then(|u| u.reference.as_ref()) else {
        return AclKey::Unresolved;
    };
    if reference.attribute == "id" {
        return AclKey::Known(reference.address.clone());
    }
    // `aws_vpc.main.default_network_acl_id`: the ACL an `aws_default_network_acl` adopts.
    let adopting = ctx.of_type("aws_default_network_acl").find(|acl| {
        set_value(acl, "default_network_acl_id")
            .and_then(|v| v.as_unknown())
            .and_then(|u| u.reference.as_ref())
            == Some(reference)
    });
    AclKey::Known(adopting.map_or_else(
        || format!("{}.{}", reference.address, reference.attribute),
        |acl| acl.address.clone(),
    ))
}
