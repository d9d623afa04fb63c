use driftguard_model::Severity;

use crate::view::{any_item, flag, path_if_set, set_value, value_text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct VpcEndpointServiceOpenToAllAccounts;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-vpc-endpoint-service-open-to-all-accounts",
    title: "VPC endpoint service lets every AWS account connect without approval",
    severity: Severity::High,
    rationale: "An endpoint service (AWS PrivateLink) whose allowed principals include `*` can \
        be discovered and connected to by any of the millions of AWS accounts; with \
        `acceptance_required = false` their endpoints are connected at once, so the internal \
        service behind the Network Load Balancer is reachable from any attacker's VPC with no \
        one deciding. Either control alone keeps the door shut: named principals, or manual \
        acceptance of each connection request.",
    remediation: "List the consumer accounts or roles in `allowed_principals` (or \
        `aws_vpc_endpoint_service_allowed_principal`) instead of `*`, or set \
        `acceptance_required = true` and accept connection requests after review.",
    resource_types: &[
        "aws_vpc_endpoint_service",
        "aws_vpc_endpoint_service_allowed_principal",
    ],
    checkov: &["CKV_AWS_123"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef"]
  allowed_principals         = ["*"]
}
"#,
    example_good: r#"resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef"]
  allowed_principals         = ["arn:aws:iam::444455556666:root"]
}
"#,
};

impl Rule for VpcEndpointServiceOpenToAllAccounts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for service in ctx.of_type("aws_vpc_endpoint_service") {
            // `acceptance_required` is required; an absent value cannot be applied.
            let auto_accept = flag(service, "acceptance_required", true).negate();
            let inline = any_item(set_value(service, "allowed_principals"), |p| p == "*");
            let mut open = vec![(service, path_if_set(service, "allowed_principals"), inline)];
            for principal in ctx.referring_to(
                service,
                "aws_vpc_endpoint_service_allowed_principal",
                "vpc_endpoint_service_id",
                &["id"],
            ) {
                let anyone =
                    value_text_is(set_value(principal, "principal_arn"), None, |p| p == "*");
                open.push((principal, Some("principal_arn"), anyone));
            }
            for (resource, path, anyone) in open {
                report.verdict(resource, path, anyone.and(auto_accept), || {
                    format!(
                        "endpoint service `{}` allows every AWS account and accepts connections automatically",
                        service.address
                    )
                });
            }
        }
    }
}
