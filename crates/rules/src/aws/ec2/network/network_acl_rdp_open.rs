use driftguard_model::Severity;

use crate::view::network::{NaclRule, Protocol};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct NetworkAclRdpOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-network-acl-rdp-open",
    title: "Network ACL allows RDP from the whole internet",
    severity: Severity::Medium,
    rationale: "An `allow` entry from 0.0.0.0/0 or ::/0 whose port range includes 3389 (TCP or \
        UDP) leaves Remote Desktop on every Windows host of the subnet guarded by nothing but \
        its security group; RDP is the most common initial access vector of ransomware \
        operators. CIS AWS Foundations 5.1 asks that no network ACL allow ingress from \
        0.0.0.0/0 to remote administration ports. Entries are evaluated lowest rule number \
        first, as AWS does: an allow shadowed by a lower-numbered deny of the same traffic from \
        everywhere is not reported. Entries that allow every port are reported once, by \
        aws-ec2-network-acl-all-ports-open.",
    remediation: "Restrict the entry's `cidr_block` to the ranges that administer the subnet, \
        or add a lower-numbered `deny` for 3389 from 0.0.0.0/0, and use AWS Systems Manager \
        Fleet Manager or a bastion behind a VPN for remote desktop access.",
    resource_types: &[
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_network_acl_rule",
    ],
    checkov: &["CKV_AWS_231"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0105",
            long: "aws-ec2-no-public-ingress-acl",
        },
        TrivyId {
            avd: "AVD-AWS-0105",
            long: "aws-vpc-no-public-ingress-acl",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure, Topic::NetworkSegregation],
        controls: &["cis-aws:5.1"],
    },
    example_bad: r#"resource "aws_network_acl" "windows" {
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_network_acl_rule" "rdp" {
  network_acl_id = aws_network_acl.windows.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 3389
  to_port        = 3389
}
"#,
    example_good: r#"resource "aws_network_acl" "windows" {
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_network_acl_rule" "rdp" {
  network_acl_id = aws_network_acl.windows.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.20.0.0/16"
  from_port      = 3389
  to_port        = 3389
}
"#,
};

impl Rule for NetworkAclRdpOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let entries = NaclRule::world_ingress(ctx, |e| {
            e.covers_port(3389.0, &[Protocol::Tcp, Protocol::Udp])
        });
        for exposure in entries {
            let entry = &exposure.entry;
            let verdict = exposure.open.and(entry.covers_all_ports().negate());
            exposure.report(report, verdict, || {
                format!("{} allows RDP (3389) from anywhere", entry.describe())
            });
        }
    }
}
