use driftguard_model::Severity;

use crate::view::network::{NaclRule, Protocol};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct NetworkAclSshOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-network-acl-ssh-open",
    title: "Network ACL allows SSH from the whole internet",
    severity: Severity::Medium,
    rationale: "A network ACL is the subnet-wide layer under security groups: an `allow` entry \
        from 0.0.0.0/0 or ::/0 whose port range includes 22/tcp means the only thing left \
        between SSH on every instance of the subnet and internet-wide scanners is each instance's \
        security group, and one permissive group is enough. CIS AWS Foundations 5.1 asks that no \
        network ACL allow ingress from 0.0.0.0/0 to remote administration ports. Entries are \
        evaluated like AWS does, lowest rule number first: an allow that a lower-numbered deny \
        of the same traffic from everywhere shadows is not reported. Entries that allow every \
        port are reported once, by aws-ec2-network-acl-all-ports-open.",
    remediation: "Restrict the entry's `cidr_block` to the address ranges that administer the \
        subnet (a VPN or office CIDR), or add a lower-numbered `deny` for 22/tcp from \
        0.0.0.0/0 and reach instances through AWS Systems Manager Session Manager.",
    resource_types: &[
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_network_acl_rule",
    ],
    checkov: &["CKV_AWS_232"],
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
    example_bad: r#"resource "aws_network_acl" "public" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
}
"#,
    example_good: r#"resource "aws_network_acl" "public" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.20.0.0/16"
    from_port  = 22
    to_port    = 22
  }
}
"#,
};

impl Rule for NetworkAclSshOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let entries = NaclRule::world_ingress(ctx, |e| e.covers_port(22.0, &[Protocol::Tcp]));
        for exposure in entries {
            let entry = &exposure.entry;
            let verdict = exposure.open.and(entry.covers_all_ports().negate());
            exposure.report(report, verdict, || {
                format!("{} allows SSH (22/tcp) from anywhere", entry.describe())
            });
        }
    }
}
