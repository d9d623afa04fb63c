//! Elastic Load Balancing: application, network and gateway load balancers (`aws_lb`, alias
//! `aws_alb`), their listeners and listener rules, and classic load balancers (`aws_elb`).

use driftguard_model::{Resource, Tri, Value};

use super::{flag, set_value, text_is, value_text_is, TlsPolicies};
use crate::Context;

/// Resource types of application, network and gateway load balancers.
pub const LOAD_BALANCERS: &[&str] = &["aws_lb", "aws_alb"];
/// Resource types of their listeners.
pub const LISTENERS: &[&str] = &["aws_lb_listener", "aws_alb_listener"];
/// Resource types of listener rules.
pub const LISTENER_RULES: &[&str] = &["aws_lb_listener_rule", "aws_alb_listener_rule"];

/// What identifies a load balancer or a listener in a literal: its ARN.
const ARN_IDENTITY: &[&str] = &["arn"];

/// `load_balancer_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LbType {
    Application,
    Network,
    Gateway,
}

/// An `aws_lb` / `aws_alb`.
pub struct LoadBalancer<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

impl<'a> LoadBalancer<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = LoadBalancer<'a>> + 'a {
        LOAD_BALANCERS
            .iter()
            .flat_map(move |t| ctx.of_type(t))
            .map(move |resource| LoadBalancer { resource, ctx })
    }

    /// The load balancer type (`application` by default); `None` when unknown.
    pub fn lb_type(&self) -> Option<LbType> {
        match set_value(self.resource, "load_balancer_type") {
            None => Some(LbType::Application),
            Some(value) => match value.as_str() {
                Some("application") => Some(LbType::Application),
                Some("network") => Some(LbType::Network),
                Some("gateway") => Some(LbType::Gateway),
                _ => None,
            },
        }
    }

    /// Whether the load balancer is of type `kind`.
    pub fn is(&self, kind: LbType) -> Tri {
        self.lb_type()
            .map_or(Tri::Unknown, |t| Tri::from_bool(t == kind))
    }

    /// The listeners of this module tree attached to the load balancer.
    pub fn listeners(&self) -> Vec<Listener<'a>> {
        LISTENERS
            .iter()
            .flat_map(|t| {
                self.ctx
                    .referring_to(self.resource, t, "load_balancer_arn", ARN_IDENTITY)
            })
            .map(|resource| Listener {
                resource,
                ctx: self.ctx,
            })
            .collect()
    }

    /// `access_logs.0.enabled`: false by default, even when a bucket is given.
    pub fn access_logs_enabled(&self) -> Tri {
        flag(self.resource, "access_logs.0.enabled", false)
    }

    /// Whether access logs would record anything: application load balancers log every
    /// request; network load balancers only log TLS connections, so only those with a TLS
    /// listener need them; gateway load balancers have no access logs.
    pub fn access_logs_apply(&self) -> Tri {
        match self.lb_type() {
            Some(LbType::Application) => Tri::True,
            Some(LbType::Gateway) => Tri::False,
            Some(LbType::Network) => {
                Tri::any(self.listeners().iter().map(|l| l.protocol_is(&["TLS"])))
            }
            None => Tri::Unknown,
        }
    }
}

/// An `aws_lb_listener` / `aws_alb_listener`.
pub struct Listener<'a> {
    pub resource: &'a Resource,
    ctx: &'a Context<'a>,
}

/// One routing action of a listener (`default_action`) or of a listener rule (`action`).
pub struct Action<'a> {
    /// The listener or listener rule that declares it.
    pub resource: &'a Resource,
    /// Dotted path of the action block.
    pub path: String,
    /// Whether the action hands the request to targets or redirects it without switching to
    /// HTTPS: what leaves a plain HTTP listener's traffic in clear text. Fixed responses and
    /// redirects to HTTPS do not; authentication actions always precede a forward, which is
    /// judged on its own.
    pub serves_in_clear: Tri,
}

impl<'a> Listener<'a> {
    pub fn all(ctx: &'a Context<'a>) -> impl Iterator<Item = Listener<'a>> + 'a {
        LISTENERS
            .iter()
            .flat_map(move |t| ctx.of_type(t))
            .map(move |resource| Listener { resource, ctx })
    }

    /// The load balancer the listener belongs to, when it is in this module tree.
    pub fn load_balancer(&self) -> Option<LoadBalancer<'a>> {
        let arn = set_value(self.resource, "load_balancer_arn")?;
        self.ctx
            .pointed_at(arn, LOAD_BALANCERS, ARN_IDENTITY)
            .map(|resource| LoadBalancer {
                resource,
                ctx: self.ctx,
            })
    }

    /// Whether the listener's protocol is one of `wanted` (upper case). Without `protocol`,
    /// listeners of application load balancers use HTTP and those of gateway load balancers
    /// have none; the protocol is unknown when the load balancer is not in this module tree.
    pub fn protocol_is(&self, wanted: &[&str]) -> Tri {
        match set_value(self.resource, "protocol") {
            Some(value) => value_text_is(Some(value), None, |p| {
                wanted.iter().any(|w| p.eq_ignore_ascii_case(w))
            }),
            None => match self.load_balancer().map(|lb| lb.lb_type()) {
                Some(Some(LbType::Application)) => Tri::from_bool(wanted.contains(&"HTTP")),
                Some(Some(_)) => Tri::False,
                _ => Tri::Unknown,
            },
        }
    }

    /// The listener rules of this module tree attached to the listener.
    pub fn rules(&self) -> Vec<&'a Resource> {
        LISTENER_RULES
            .iter()
            .flat_map(|t| {
                self.ctx
                    .referring_to(self.resource, t, "listener_arn", ARN_IDENTITY)
            })
            .collect()
    }

    /// Every action of the listener: its default actions, then its rules' actions.
    pub fn actions(&self) -> Vec<Action<'a>> {
        let mut actions = actions_of(self.resource, "default_action");
        for rule in self.rules() {
            actions.extend(actions_of(rule, "action"));
        }
        actions
    }

    /// The listener's security policy (`ssl_policy`, else the default of [`SSL_POLICIES`]) and
    /// whether it accepts TLS versions older than 1.2 ([`TlsPolicies::at`]).
    pub fn ssl_policy(&self) -> (&'a str, Option<Tri>) {
        SSL_POLICIES.at(self.resource, "ssl_policy")
    }
}

/// Predefined Elastic Load Balancing security policies. Those that accept TLS 1.0 or 1.1 are
/// listed by exact name (the undated family names cover the others); the default is the policy
/// Elastic Load Balancing gives HTTPS and TLS listeners created through the API (Terraform,
/// CloudFormation, the CLI) without an `ssl_policy`.
pub const SSL_POLICIES: TlsPolicies = TlsPolicies {
    outdated: &[
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-2015-05",
        "ELBSecurityPolicy-2015-03",
        "ELBSecurityPolicy-2015-02",
        "ELBSecurityPolicy-2014-10",
        "ELBSecurityPolicy-2014-01",
        "ELBSecurityPolicy-2011-08",
        "ELBSecurityPolicy-FS-2018-06",
    ],
    outdated_families: &[
        "ELBSecurityPolicy-TLS-1-0-",
        "ELBSecurityPolicy-TLS-1-1-",
        "ELBSecurityPolicy-FS-1-1-",
        "ELBSecurityPolicy-TLS13-1-0-",
        "ELBSecurityPolicy-TLS13-1-1-",
    ],
    current: &[],
    current_families: &[
        "ELBSecurityPolicy-TLS-1-2-",
        "ELBSecurityPolicy-FS-1-2-",
        "ELBSecurityPolicy-TLS13-1-2-",
        "ELBSecurityPolicy-TLS13-1-3-",
    ],
    default: "ELBSecurityPolicy-2016-08",
};

/// The action blocks `block` of `resource` (`default_action` of a listener, `action` of a rule).
fn actions_of<'a>(resource: &'a Resource, block: &str) -> Vec<Action<'a>> {
    match resource.get(block) {
        Some(Value::List(items)) => (0..items.len())
            .map(|index| {
                let path = format!("{block}.{index}");
                Action {
                    resource,
                    serves_in_clear: serves_in_clear(resource, &path),
                    path,
                }
            })
            .collect(),
        // A `dynamic` block over an unknown collection: the actions are unknown.
        Some(Value::Unknown(_)) => vec![Action {
            resource,
            path: block.to_string(),
            serves_in_clear: Tri::Unknown,
        }],
        _ => Vec::new(),
    }
}

fn serves_in_clear(resource: &Resource, path: &str) -> Tri {
    let kind = set_value(resource, &format!("{path}.type"));
    match kind.map(|k| k.as_str()) {
        Some(Some("forward")) => Tri::True,
        Some(Some("redirect")) => {
            // `protocol` defaults to `#{protocol}`: the listener's own, HTTP.
            text_is(
                resource,
                &format!("{path}.redirect.0.protocol"),
                Some("#{protocol}"),
                |p| p.eq_ignore_ascii_case("HTTPS"),
            )
            .negate()
        }
        Some(Some(_)) => Tri::False,
        // A forward given only by `target_group_arn`, without `type`, cannot be written (type
        // is required); an unknown type may be anything.
        _ => Tri::Unknown,
    }
}

/// A classic load balancer's access logs: an `access_logs` block whose `enabled` is true by
/// default.
pub fn classic_access_logs_enabled(elb: &Resource) -> Tri {
    super::logging::block_present(elb, "access_logs").and(flag(elb, "access_logs.0.enabled", true))
}
