use driftguard_model::Severity;

use crate::view::network::SgRule;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupAllPortsOpen;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-all-ports-open",
    title: "Security group allows all traffic from the whole internet",
    severity: Severity::Critical,
    rationale: "An ingress rule from 0.0.0.0/0 or ::/0 with protocol `-1` (or TCP/UDP over ports \
        0–65535) exposes every listening service of every attached instance, load balancer or \
        database: SSH, RDP, database ports, admin consoles and debug endpoints nobody meant to \
        publish. It includes the SSH and RDP exposure those rules report, so it is at least as \
        severe; they do not report it a second time.",
    remediation: "Replace the rule with rules for the specific ports the service needs, from the \
        narrowest sources possible (a load balancer's security group rather than the internet).",
    resource_types: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    checkov: &["CKV_AWS_277"],
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
    example_bad: r#"resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
}

resource "aws_security_group_rule" "everything" {
  type              = "ingress"
  description       = "Everything"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#,
    example_good: r#"resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  description       = "HTTPS"
  security_group_id = aws_security_group.app.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#,
};

impl Rule for SecurityGroupAllPortsOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for rule in SgRule::ingress(ctx) {
            let (world, path) = rule.world_open();
            let verdict = world.and(rule.is_ingress()).and(rule.covers_all_ports());
            report.verdict(rule.resource, path.as_deref(), verdict, || {
                format!(
                    "`{}` allows all traffic from anywhere",
                    rule.resource.address
                )
            });
        }
    }
}
