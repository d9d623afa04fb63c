use driftguard_model::{Resource, Severity, Tri};

use crate::view::elb::{classic_access_logs_enabled, LoadBalancer};
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct AccessLogsDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-elb-access-logs-disabled",
    title: "Load balancer access logs are disabled",
    severity: Severity::Low,
    rationale: "Access logs record every request a load balancer receives: client address, \
        path, status, TLS protocol and cipher, user agent. They are the evidence of what an \
        attacker probed, which endpoint leaked data and to whom, and they are how a TLS policy \
        upgrade is planned. Elastic Load Balancing keeps no request history otherwise, and \
        turning logs on afterwards does not recover past requests. Application load balancers \
        and classic load balancers are checked; network load balancers only log TLS \
        connections, so only those with a TLS listener are; gateway load balancers have no \
        access logs. On `aws_lb` an `access_logs` block is off unless `enabled = true`.",
    remediation: "Add `access_logs { bucket = \"…\" enabled = true }` with a bucket whose policy \
        lets Elastic Load Balancing write to it (classic load balancers: an `access_logs` block, \
        enabled by default).",
    resource_types: &["aws_lb", "aws_alb", "aws_elb", "aws_lb_listener"],
    checkov: &["CKV_AWS_91", "CKV_AWS_92"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &[],
    },
    example_bad: r#"resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  access_logs {
    bucket = "acme-lb-logs"
  }
}
"#,
    example_good: r#"resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  access_logs {
    bucket  = "acme-lb-logs"
    prefix  = "web"
    enabled = true
  }
}
"#,
};

/// Where to point a finding: the `enabled` flag, else the block, else the resource.
fn location(resource: &Resource) -> Option<&'static str> {
    path_if_set(resource, "access_logs.0.enabled")
        .or_else(|| path_if_set(resource, "access_logs.0"))
}

impl Rule for AccessLogsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for lb in LoadBalancer::all(ctx) {
            let resource = lb.resource;
            let verdict = lb
                .access_logs_apply()
                .and(lb.access_logs_enabled().negate());
            if verdict == Tri::Unknown && lb.lb_type().is_none() {
                report.inconclusive(
                    resource,
                    location(resource),
                    "`load_balancer_type` is not known statically, and what access logs record \
                        depends on it",
                );
                continue;
            }
            report.verdict(resource, location(resource), verdict, || {
                format!(
                    "load balancer `{}` does not write access logs",
                    resource.address
                )
            });
        }
        for elb in ctx.of_type("aws_elb") {
            let verdict = classic_access_logs_enabled(elb).negate();
            report.verdict(elb, location(elb), verdict, || {
                format!(
                    "classic load balancer `{}` does not write access logs",
                    elb.address
                )
            });
        }
    }
}
