//! Security group rules, normalised across the three ways Terraform declares them: inline
//! `ingress`/`egress` blocks of `aws_security_group` (and `aws_default_security_group`),
//! `aws_security_group_rule`, and
//! `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule`.

use driftguard_model::{Resource, Tri, Value};

use super::{list_items, set_value, value_text_is};
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
    /// Every security group rule declared in the module tree, in both directions.
    pub fn all(ctx: &Context<'a>) -> Vec<SgRule<'a>> {
        let mut rules = Vec::new();
        let groups = ctx
            .of_type("aws_security_group")
            .chain(ctx.of_type("aws_default_security_group"));
        for group in groups {
            for (block, direction) in [
                ("ingress", Direction::Ingress),
                ("egress", Direction::Egress),
            ] {
                match group.get(block) {
                    Some(Value::List(items)) => {
                        for index in 0..items.len() {
                            rules.push(SgRule::classic(
                                group,
                                format!("{block}.{index}."),
                                Ok(direction),
                            ));
                        }
                    }
                    // A `dynamic` block over an unknown collection: every attribute of the
                    // rule reads as unknown, so its verdicts are inconclusive.
                    Some(Value::Unknown(_)) => {
                        rules.push(SgRule::classic(group, format!("{block}."), Ok(direction)))
                    }
                    _ => {}
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
    pub fn ingress(ctx: &Context<'a>) -> Vec<SgRule<'a>> {
        SgRule::all(ctx)
            .into_iter()
            .filter(|rule| rule.direction != Ok(Direction::Egress))
            .collect()
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
        (!self.prefix.is_empty()).then(|| self.prefix.trim_end_matches('.').to_string())
    }

    /// Whether this is an ingress rule.
    pub fn is_ingress(&self) -> Tri {
        match self.direction {
            Ok(direction) => Tri::from_bool(direction == Direction::Ingress),
            Err(()) => Tri::Unknown,
        }
    }

    /// Whether the rule is open to the whole internet, and the CIDR attribute that makes it so
    /// (or that is unknown). Only CIDR sources count: a rule that also names security groups or
    /// prefix lists is still open through its CIDRs.
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
            None => (Tri::False, None),
        }
    }

    /// Whether the rule lets traffic reach `port` over one of `protocols` (`Tcp`, `Udp`).
    pub fn covers_port(&self, port: f64, protocols: &[Protocol]) -> Tri {
        match self.protocol {
            Protocol::All => Tri::True,
            // An unknown protocol may be `-1`, which ignores the ports.
            Protocol::Unknown => Tri::Unknown,
            Protocol::Other => Tri::False,
            p if protocols.contains(&p) => self.port_range_covers(port),
            _ => Tri::False,
        }
    }

    /// Whether the rule opens every port: protocol `-1`, or TCP/UDP over the full 0–65535 range.
    pub fn covers_all_ports(&self) -> Tri {
        match self.protocol {
            Protocol::All => Tri::True,
            Protocol::Other => Tri::False,
            Protocol::Unknown => Tri::Unknown,
            Protocol::Tcp | Protocol::Udp => {
                // 0 and 1 are both used as "the first port".
                let from_start = self.port_range_covers(1.0);
                from_start.and(self.port_range_covers(65535.0))
            }
        }
    }

    fn port_range_covers(&self, port: f64) -> Tri {
        let bound = |value: Option<&Value>| match value {
            None => Err(false),
            Some(v) if v.is_unknown() => Err(true),
            Some(v) => v.as_f64().ok_or(true),
        };
        match (bound(self.from_port), bound(self.to_port)) {
            (Ok(from), Ok(to)) => Tri::from_bool(from <= port && port <= to),
            // A missing port with a TCP/UDP protocol is rejected by the provider: nothing opens.
            (Err(false), _) | (_, Err(false)) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// The rule's description, when one is set (unknown counts as set).
    pub fn description(&self) -> Option<&'a Value> {
        set_value(self.resource, &self.path("description"))
    }
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
