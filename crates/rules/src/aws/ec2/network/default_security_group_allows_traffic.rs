use driftguard_model::{Severity, Tri, Value};

use crate::view::set_value;
use crate::view::vpc::{names_default_security_group, Vpc};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DefaultSecurityGroupAllowsTraffic;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-default-security-group-allows-traffic",
    title: "Default security group of a VPC does not restrict all traffic",
    severity: Severity::Medium,
    rationale: "Every VPC comes with a default security group that allows all traffic between \
        its members and all outbound traffic, and every instance, endpoint or function \
        launched without an explicit group lands in it: unrelated workloads then reach each \
        other on every port and anything can call out. CIS AWS Foundations 5.4 (5.3 in \
        v1.4) asks that the default group of every VPC restrict all traffic. Reported: rules \
        declared in an `aws_default_security_group`, rule resources attached to a default \
        group (through `aws_default_security_group.x.id`, a VPC's \
        `default_security_group_id` or a `data \"aws_security_group\"` named `default`), and \
        VPCs of this configuration whose default group no `aws_default_security_group` \
        adopts, so AWS's permissive rules stay in place.",
    remediation: "Adopt the default group with an empty `resource \"aws_default_security_group\"` \
        (`vpc_id` set to the VPC, no `ingress` or `egress` blocks): Terraform then removes every \
        rule. Give workloads security groups of their own.",
    resource_types: &[
        "aws_vpc",
        "aws_default_vpc",
        "aws_default_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ],
    checkov: &["CKV2_AWS_12"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0173",
        long: "aws-ec2-restrict-all-in-default-sg",
    }],
    compliance: Mapping {
        topics: &[Topic::NetworkSegregation],
        controls: &["cis-aws:5.4"],
    },
    example_bad: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}
"#,
    example_good: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
"#,
};

/// Rule resources and the attribute that names their group.
const RULE_RESOURCES: &[&str] = &[
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

impl Rule for DefaultSecurityGroupAllowsTraffic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for group in ctx.of_type("aws_default_security_group") {
            for block in ["ingress", "egress"] {
                match group.get(block) {
                    Some(Value::List(items)) => {
                        for index in 0..items.len() {
                            let path = format!("{block}.{index}");
                            report.fail(
                                group,
                                Some(&path),
                                format!(
                                    "default security group `{}` declares an {block} rule",
                                    group.address
                                ),
                            );
                        }
                    }
                    Some(Value::Unknown(_)) => {
                        report.verdict(group, Some(block), Tri::Unknown, String::new)
                    }
                    _ => {}
                }
            }
        }
        for resource_type in RULE_RESOURCES {
            for rule in ctx.of_type(resource_type) {
                let Some(group) = set_value(rule, "security_group_id") else {
                    continue;
                };
                if names_default_security_group(ctx, group) {
                    report.fail(
                        rule,
                        Some("security_group_id"),
                        format!(
                            "`{}` adds a rule to a VPC's default security group",
                            rule.address
                        ),
                    );
                }
            }
        }
        for vpc in Vpc::all(ctx) {
            let adopted = vpc.default_security_group_adopted();
            if adopted == Tri::Unknown {
                report.inconclusive(
                    vpc.resource,
                    None,
                    "an aws_default_security_group names a VPC that is unknown statically: it \
                     may adopt this one's default group",
                );
                continue;
            }
            report.verdict(vpc.resource, None, adopted.negate(), || {
                format!(
                    "the default security group of `{}` keeps AWS's allow-all rules: no \
                     aws_default_security_group adopts it",
                    vpc.resource.address
                )
            });
        }
    }
}
