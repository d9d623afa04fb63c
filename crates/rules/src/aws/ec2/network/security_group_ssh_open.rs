use driftguard_model::Severity;

use crate::view::network::{Protocol, SgRule};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupSshOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-ssh-open",
    title: "Security group allows SSH from the whole internet",
    severity: Severity::Critical,
    rationale: "An ingress rule from 0.0.0.0/0 or ::/0 whose port range includes 22/tcp puts SSH \
        in front of every internet-wide scanner: credential stuffing, leaked keys and the next \
        OpenSSH vulnerability are minutes away from a shell on the instance. CIS AWS Foundations \
        5.2/5.3 forbid it. Rules that open every port are reported once, by \
        aws-ec2-security-group-all-ports-open.",
    remediation: "Restrict the source to known address ranges (a VPN or office CIDR), or remove \
        the rule and reach instances through AWS Systems Manager Session Manager or EC2 Instance \
        Connect Endpoint.",
    resource_types: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    checkov: &["CKV_AWS_24"],
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
    example_bad: r#"resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    example_good: r#"resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    description = "SSH from the office VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}
"#,
};

impl Rule for SecurityGroupSshOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for rule in SgRule::ingress(ctx) {
            let (world, path) = rule.world_open();
            let verdict = world
                .and(rule.is_ingress())
                .and(rule.covers_port(22.0, &[Protocol::Tcp]))
                .and(rule.covers_all_ports().negate());
            report.verdict(rule.resource, path.as_deref(), verdict, || {
                format!(
                    "`{}` allows SSH (22/tcp) from anywhere",
                    rule.resource.address
                )
            });
        }
    }
}
