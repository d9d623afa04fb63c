use driftguard_model::{Severity, Tri};

use crate::view::vpc::Vpc;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct VpcFlowLogsDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-vpc-flow-logs-disabled",
    title: "VPC has no flow log",
    severity: Severity::Medium,
    rationale: "Without VPC flow logs there is no record of which addresses talked to which \
        instances on which ports: an incident responder cannot tell whether data left through \
        the NAT gateway, which hosts a compromised instance scanned, or whether a security \
        group change was exploited. CIS AWS Foundations 3.7 (3.9 in older versions) asks for \
        flow logs on every VPC, at least for rejected traffic. The rule looks for an \
        `aws_flow_log` whose `vpc_id` names the VPC anywhere in the module tree (modules \
        included); a flow log whose VPC cannot be resolved statically makes the check \
        inconclusive rather than a finding. Flow logs created outside this configuration (by \
        another stack or an organisation-wide automation) cannot be seen: suppress the finding \
        with that reason.",
    remediation: "Add an `aws_flow_log` with `vpc_id` set to the VPC, `traffic_type = \"ALL\"` \
        (or at least `\"REJECT\"`), delivering to CloudWatch Logs or S3.",
    resource_types: &["aws_vpc", "aws_default_vpc", "aws_flow_log"],
    checkov: &["CKV2_AWS_11"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0178",
        long: "aws-ec2-require-vpc-flow-logs-for-all-vpcs",
    }],
    compliance: Mapping {
        topics: &[Topic::AuditLogging],
        controls: &["cis-aws:3.7"],
    },
    example_bad: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"#,
    example_good: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
"#,
};

impl Rule for VpcFlowLogsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for vpc in Vpc::all(ctx) {
            match vpc.flow_logged() {
                Tri::Unknown => report.inconclusive(
                    vpc.resource,
                    None,
                    "an aws_flow_log names a VPC that is unknown statically: it may be this one",
                ),
                logged => report.verdict(vpc.resource, None, logged.negate(), || {
                    format!(
                        "no aws_flow_log of this configuration captures the traffic of `{}`",
                        vpc.resource.address
                    )
                }),
            }
        }
    }
}
