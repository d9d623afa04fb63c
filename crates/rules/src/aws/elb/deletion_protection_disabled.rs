use driftguard_model::Severity;

use crate::view::elb::LoadBalancer;
use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct DeletionProtectionDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-elb-deletion-protection-disabled",
    title: "Load balancer deletion protection is disabled",
    severity: Severity::Low,
    rationale: "A load balancer is the front door of a service: its DNS name is in CNAMEs, \
        partners' allow lists and clients' pinned configuration. Deleting it (a mistaken \
        `terraform destroy`, a resource renamed in a refactor, a compromised key) takes the \
        service offline, and a new one gets a new DNS name and new addresses. Deletion \
        protection makes deletion a deliberate two-step act. Low severity: it guards \
        availability against accidents more than against attackers, who can turn it off.",
    remediation: "Set `enable_deletion_protection = true` (turn it off in a separate change \
        before a deliberate deletion).",
    resource_types: &["aws_lb", "aws_alb"],
    checkov: &["CKV_AWS_150"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Resilience],
        controls: &[],
    },
    example_bad: r#"resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}
"#,
    example_good: r#"resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  enable_deletion_protection = true
}
"#,
};

impl Rule for DeletionProtectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for lb in LoadBalancer::all(ctx) {
            let resource = lb.resource;
            let verdict = flag(resource, "enable_deletion_protection", false).negate();
            let path = path_if_set(resource, "enable_deletion_protection");
            report.verdict(resource, path, verdict, || {
                format!(
                    "load balancer `{}` can be deleted without first disabling protection",
                    resource.address
                )
            });
        }
    }
}
