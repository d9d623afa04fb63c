use driftguard_model::{Severity, Tri};

use crate::view::elb::Listener;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ListenerOutdatedTlsPolicy;

static META: RuleMeta = RuleMeta {
    id: "aws-elb-listener-outdated-tls-policy",
    title: "Load balancer listener accepts TLS versions older than 1.2",
    severity: Severity::Medium,
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996): their CBC cipher suites and SHA-1 \
        handshakes are the targets of BEAST, POODLE-style and downgrade attacks, and PCI DSS \
        has forbidden them for cardholder data since 2018. A listener whose security policy \
        still accepts them lets outdated or tampered clients negotiate the weak protocol. \
        Modern clients negotiate TLS 1.2 or 1.3 either way, hence medium. An HTTPS or TLS \
        listener without `ssl_policy` gets `ELBSecurityPolicy-2016-08`, which accepts TLS 1.0: \
        only the console picks a modern default. The policy families are kept as data; a name \
        the rule does not know is reported as inconclusive.",
    remediation: "Set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (TLS 1.3 and 1.2), \
        or a newer `ELBSecurityPolicy-TLS13-1-2-*` policy; `ELBSecurityPolicy-TLS13-1-3-*` \
        when every client supports TLS 1.3.",
    resource_types: &["aws_lb_listener", "aws_alb_listener"],
    checkov: &["CKV_AWS_103"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0047",
        long: "aws-elb-use-secure-tls-policy",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067"
  }
}
"#,
    example_good: r#"resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067"
  }
}
"#,
};

impl Rule for ListenerOutdatedTlsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for listener in Listener::all(ctx) {
            let resource = listener.resource;
            let tls = listener.protocol_is(&["HTTPS", "TLS"]);
            if tls == Tri::False {
                continue;
            }
            let path = path_if_set(resource, "ssl_policy");
            let (name, outdated) = listener.ssl_policy();
            match outdated {
                Some(outdated) => report.verdict(resource, path, tls.and(outdated), || {
                    if path.is_some() {
                        format!(
                            "listener `{}` accepts TLS 1.0/1.1 (ssl_policy `{name}`)",
                            resource.address
                        )
                    } else {
                        format!(
                            "listener `{}` has no ssl_policy: Elastic Load Balancing applies \
                                `{name}`, which accepts TLS 1.0",
                            resource.address
                        )
                    }
                }),
                None => report.inconclusive(
                    resource,
                    path,
                    format!(
                        "`{name}` is not an Elastic Load Balancing security policy this rule \
                        knows"
                    ),
                ),
            }
        }
    }
}
