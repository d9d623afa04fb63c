use driftguard_model::{Severity, Tri};

use crate::view::elb::Listener;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ListenerHttpNotRedirected;

static META: RuleMeta = RuleMeta {
    id: "aws-elb-listener-http-not-redirected",
    title: "Load balancer HTTP listener serves traffic instead of redirecting to HTTPS",
    severity: Severity::High,
    rationale: "A plain HTTP listener that forwards requests to targets carries session \
        cookies, credentials, tokens and personal data in clear text over every network between \
        the client and AWS, where anyone on the path (public Wi-Fi, a compromised router) reads \
        or alters them. Users who type the bare domain land on it without noticing. A listener \
        whose actions only redirect to HTTPS or return a fixed response carries no application \
        data and passes; listener rules attached to it are taken into account.",
    remediation: "Make the HTTP listener redirect: `default_action { type = \"redirect\" \
        redirect { protocol = \"HTTPS\" port = \"443\" status_code = \"HTTP_301\" } }`, serve \
        the application from an HTTPS listener, and make listener rules on port 80 redirect \
        too.",
    resource_types: &[
        "aws_lb_listener",
        "aws_alb_listener",
        "aws_lb_listener_rule",
        "aws_alb_listener_rule",
        "aws_lb",
        "aws_alb",
    ],
    checkov: &["CKV_AWS_2", "CKV2_AWS_20"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0054",
        long: "aws-elb-http-not-used",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067"
  }
}
"#,
    example_good: r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
"#,
};

impl Rule for ListenerHttpNotRedirected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for listener in Listener::all(ctx) {
            let resource = listener.resource;
            let actions = listener.actions();
            let in_clear = Tri::any(actions.iter().map(|a| a.serves_in_clear));
            let verdict = listener.protocol_is(&["HTTP"]).and(in_clear);
            let path = path_if_set(resource, "protocol");
            if verdict == Tri::Unknown {
                let reason = if in_clear == Tri::Unknown {
                    Some(
                        "the listener's actions are not known statically (a `dynamic` block or \
                        an unknown action type)",
                    )
                } else if path.is_none() && listener.load_balancer().is_none() {
                    Some(
                        "the listener has no `protocol` and its load balancer is not in this \
                        configuration: on an application load balancer it serves HTTP",
                    )
                } else {
                    None
                };
                if let Some(reason) = reason {
                    report.inconclusive(resource, path, reason);
                    continue;
                }
            }
            report.verdict(resource, path, verdict, || {
                match actions.iter().find(|a| {
                    a.serves_in_clear == Tri::True && a.resource.address != resource.address
                }) {
                    Some(rule) => format!(
                        "HTTP listener `{}` serves requests in clear text: listener rule `{}` \
                            does not redirect them to HTTPS",
                        resource.address, rule.resource.address
                    ),
                    None => format!(
                        "HTTP listener `{}` serves requests in clear text instead of redirecting \
                            them to HTTPS",
                        resource.address
                    ),
                }
            });
        }
    }
}
