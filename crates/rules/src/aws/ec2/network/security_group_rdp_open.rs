use driftguard_model::Severity;

use crate::view::network::{Protocol, SgRule};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupRdpOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-rdp-open",
    title: "Security group allows RDP from the whole internet",
    severity: Severity::Critical,
    rationale:
        "An ingress rule from 0.0.0.0/0 or ::/0 whose port range includes 3389 (TCP or UDP) \
        exposes Windows Remote Desktop to the internet, the most common initial access vector \
        for ransomware operators (password spraying, BlueKeep-class vulnerabilities). CIS AWS \
        Foundations 5.2/5.3 forbid it. Rules that open every port are reported once, by \
        aws-ec2-security-group-all-ports-open.",
    remediation: "Restrict the source to known address ranges, or remove the rule and use AWS \
        Systems Manager Fleet Manager or a bastion behind a VPN for remote desktop access.",
    resource_types: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    checkov: &["CKV_AWS_25"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0107",
            long: "aws-ec2-no-public-ingress-sgr",
        },
        TrivyId {
            avd: "AVD-AWS-0107",
            long: "aws-vpc-no-public-ingress-sgr",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &["cis-aws:5.2", "cis-aws:5.3"],
    },
    example_bad: r#"resource "aws_security_group" "windows" {
  name        = "windows"
  description = "Windows hosts"
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.windows.id
  description       = "RDP"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}
"#,
    example_good: r#"resource "aws_security_group" "windows" {
  name        = "windows"
  description = "Windows hosts"
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.windows.id
  description       = "RDP from the admin VPN"
  cidr_ipv4         = "10.20.0.0/16"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}
"#,
};

impl Rule for SecurityGroupRdpOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for rule in SgRule::ingress(ctx) {
            let (world, path) = rule.world_open();
            let verdict = world
                .and(rule.is_ingress())
                .and(rule.covers_port(3389.0, &[Protocol::Tcp, Protocol::Udp]))
                .and(rule.covers_all_ports().negate());
            report.verdict(rule.resource, path.as_deref(), verdict, || {
                format!(
                    "`{}` allows RDP (3389) from anywhere",
                    rule.resource.address
                )
            });
        }
    }
}
