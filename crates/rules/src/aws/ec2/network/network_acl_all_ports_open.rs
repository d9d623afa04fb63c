use driftguard_model::Severity;

use crate::view::network::NaclRule;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct NetworkAclAllPortsOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-network-acl-all-ports-open",
    title: "Network ACL allows all traffic from the whole internet",
    severity: Severity::Medium,
    rationale: "An `allow` entry from 0.0.0.0/0 or ::/0 with protocol `-1` (or TCP/UDP over \
        ports 0–65535) turns the subnet's network ACL into a no-op: SSH, RDP, databases and \
        every forgotten debug port of the subnet are guarded by security groups alone, and a \
        single permissive group exposes them. Entries are evaluated lowest rule number first, \
        as AWS does: an allow that a lower-numbered deny of all traffic from everywhere shadows \
        is not reported. The severity is medium because security groups still filter each \
        instance; the exposure itself is reported by the security group rules.",
    remediation: "Allow only the ports the subnet serves (for a public subnet typically 80/443 \
        in, and the ephemeral range 1024–65535 for return traffic), each with its own entry.",
    resource_types: &[
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_network_acl_rule",
    ],
    checkov: &["CKV_AWS_352"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0102",
            long: "aws-ec2-no-excessive-port-access",
        },
        TrivyId {
            avd: "AVD-AWS-0102",
            long: "aws-vpc-no-excessive-port-access",
        },
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
    example_bad: r#"resource "aws_network_acl" "public" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
"#,
    example_good: r#"resource "aws_network_acl" "public" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }
}
"#,
};

impl Rule for NetworkAclAllPortsOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for exposure in NaclRule::world_ingress(ctx, NaclRule::covers_all_ports) {
            exposure.report(report, exposure.open, || {
                format!(
                    "{} allows all traffic from anywhere",
                    exposure.entry.describe()
                )
            });
        }
    }
}
