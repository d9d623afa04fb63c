use driftguard_model::Severity;

use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SubnetPublicIpOnLaunch;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-subnet-public-ip-on-launch",
    title: "Subnet gives every instance a public IP address",
    severity: Severity::Low,
    rationale: "With `map_public_ip_on_launch = true`, every instance and network interface \
        launched into the subnet gets a public IPv4 address unless it opts out, so a workload \
        meant to be private becomes reachable from the internet as soon as a security group \
        rule allows it; the decision to be public is taken once for the subnet instead of for \
        each workload. Load balancers and NAT gateways in public subnets do not need it. Low \
        severity: a public address alone exposes nothing that security groups block. \
        `aws_default_subnet` is reported only when the configuration sets the attribute: the \
        default VPC itself is the subject of aws-ec2-default-vpc-in-use.",
    remediation: "Set `map_public_ip_on_launch = false` (the provider default) and give public \
        addresses explicitly where they are needed (`associate_public_ip_address` on the \
        instance or launch template, or an Elastic IP); prefer load balancers and private \
        instances.",
    resource_types: &["aws_subnet", "aws_default_subnet"],
    checkov: &["CKV_AWS_130"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0164",
            long: "aws-ec2-no-public-ip-subnet",
        },
        TrivyId {
            avd: "AVD-AWS-0164",
            long: "aws-subnet-no-public-ip",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_subnet" "app" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
"#,
    example_good: r#"resource "aws_subnet" "app" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.1.0/24"
}
"#,
};

const ATTRIBUTE: &str = "map_public_ip_on_launch";

impl Rule for SubnetPublicIpOnLaunch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for subnet in ctx.of_type("aws_subnet") {
            report.verdict(
                subnet,
                path_if_set(subnet, ATTRIBUTE),
                flag(subnet, ATTRIBUTE, false),
                || format!("subnet `{}` assigns public IP addresses", subnet.address),
            );
        }
        // The default subnet keeps its current setting when the attribute is absent.
        for subnet in ctx.of_type("aws_default_subnet") {
            let Some(path) = path_if_set(subnet, ATTRIBUTE) else {
                continue;
            };
            report.verdict(subnet, Some(path), flag(subnet, ATTRIBUTE, false), || {
                format!("subnet `{}` assigns public IP addresses", subnet.address)
            });
        }
    }
}
