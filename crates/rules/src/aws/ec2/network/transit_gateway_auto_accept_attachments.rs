use driftguard_model::Severity;

use crate::view::{path_if_set, text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct TransitGatewayAutoAcceptAttachments;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-transit-gateway-auto-accept-attachments",
    title: "Transit gateway accepts attachments from shared accounts automatically",
    severity: Severity::Medium,
    rationale: "With `auto_accept_shared_attachments = \"enable\"`, any account the transit \
        gateway is shared with (through AWS RAM, often the whole organisation) can attach a VPC \
        and start routing into the network without the network owner's approval: a \
        compromised or careless member account joins the hub, and with default route table \
        association and propagation it reaches every other attached VPC and on-premises \
        network.",
    remediation: "Set `auto_accept_shared_attachments = \"disable\"` (the default) and accept \
        each attachment explicitly (`aws_ec2_transit_gateway_vpc_attachment_accepter`) after \
        review.",
    resource_types: &["aws_ec2_transit_gateway"],
    checkov: &["CKV_AWS_331"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::NetworkSegregation, Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_ec2_transit_gateway" "hub" {
  description                     = "Network hub"
  auto_accept_shared_attachments  = "enable"
  default_route_table_association = "enable"
}
"#,
    example_good: r#"resource "aws_ec2_transit_gateway" "hub" {
  description                     = "Network hub"
  auto_accept_shared_attachments  = "disable"
  default_route_table_association = "enable"
}
"#,
};

const ATTRIBUTE: &str = "auto_accept_shared_attachments";

impl Rule for TransitGatewayAutoAcceptAttachments {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for gateway in ctx.of_type("aws_ec2_transit_gateway") {
            let verdict = text_is(gateway, ATTRIBUTE, Some("disable"), |v| {
                v.eq_ignore_ascii_case("enable")
            });
            report.verdict(gateway, path_if_set(gateway, ATTRIBUTE), verdict, || {
                format!(
                    "transit gateway `{}` accepts VPC attachments from shared accounts without review",
                    gateway.address
                )
            });
        }
    }
}
