use driftguard_model::Severity;

use crate::view::network::{Direction, SgRule};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupEgressUnrestricted;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-egress-unrestricted",
    title: "Security group allows all outbound traffic to the whole internet",
    severity: Severity::Low,
    rationale: "An egress rule to 0.0.0.0/0 or ::/0 with protocol `-1` (or TCP/UDP over ports \
        0–65535) lets a compromised workload reach any host on any port: command-and-control \
        channels, exfiltration to attacker storage, cryptomining pools, scanning. Terraform \
        removes the allow-all egress rule AWS adds to new groups, so this rule is one the \
        configuration wrote. Egress limited to the ports a workload needs (443 to the internet, \
        the database port to the data tier) keeps those doors shut. Low severity: it widens \
        what an intruder can do, it does not let one in.",
    remediation: "Replace the allow-all egress with the destinations and ports the workload \
        uses: 443 (and 80 if needed) to 0.0.0.0/0 or, better, to VPC endpoints and prefix \
        lists (`prefix_list_ids`), and internal ports to the security groups of the services \
        it calls.",
    resource_types: &[
        "aws_security_group",
        "aws_default_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_egress_rule",
    ],
    checkov: &["CKV_AWS_382"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0104",
            long: "aws-ec2-no-public-egress-sgr",
        },
        TrivyId {
            avd: "AVD-AWS-0104",
            long: "aws-vpc-no-public-egress-sgr",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"

  egress {
    description = "Everything out"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    example_good: r#"resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"

  egress {
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
};

impl Rule for SecurityGroupEgressUnrestricted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for rule in SgRule::all(ctx) {
            if rule.direction == Ok(Direction::Ingress) {
                continue;
            }
            let (world, path) = rule.world_open();
            let verdict = world
                .and(rule.is_ingress().negate())
                .and(rule.covers_all_ports());
            report.verdict(rule.resource, path.as_deref(), verdict, || {
                format!(
                    "`{}` allows all traffic out to anywhere",
                    rule.resource.address
                )
            });
        }
    }
}
