use driftguard_model::{Severity, Tri};

use crate::view::elb::{LbType, LoadBalancer};
use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct AlbInvalidHeadersNotDropped;

static META: RuleMeta = RuleMeta {
    id: "aws-elb-alb-invalid-headers-not-dropped",
    title: "Application load balancer forwards invalid HTTP header fields",
    severity: Severity::Medium,
    rationale: "By default an application load balancer passes header fields whose names are not \
        valid HTTP tokens on to the targets. Front ends and back ends that parse such headers \
        differently are the raw material of HTTP request smuggling and header injection: a \
        request the load balancer saw as one becomes two for the application, bypassing \
        routing rules, WAF inspection or authentication. `drop_invalid_header_fields = true` \
        removes them at the edge (AWS Security Hub ELB.4).",
    remediation: "Set `drop_invalid_header_fields = true` on the application load balancer.",
    resource_types: &["aws_lb", "aws_alb"],
    checkov: &["CKV_AWS_131"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0052",
        long: "aws-elb-drop-invalid-headers",
    }],
    compliance: Mapping {
        topics: &[Topic::SecureConfiguration],
        controls: &[],
    },
    example_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}
"#,
    example_good: r#"resource "aws_lb" "web" {
  name                       = "web"
  load_balancer_type         = "application"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  drop_invalid_header_fields = true
}
"#,
};

impl Rule for AlbInvalidHeadersNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for lb in LoadBalancer::all(ctx) {
            let resource = lb.resource;
            let dropped = flag(resource, "drop_invalid_header_fields", false);
            let verdict = lb.is(LbType::Application).and(dropped.negate());
            let path = path_if_set(resource, "drop_invalid_header_fields");
            if verdict == Tri::Unknown && lb.lb_type().is_none() {
                report.inconclusive(
                    resource,
                    path,
                    "`load_balancer_type` is not known statically, and only application load \
                        balancers parse HTTP headers",
                );
                continue;
            }
            report.verdict(resource, path, verdict, || {
                format!(
                    "application load balancer `{}` forwards invalid header fields to its targets",
                    resource.address
                )
            });
        }
    }
}
