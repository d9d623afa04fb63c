use driftguard_model::Severity;

use crate::view::vpc::{
    default_vpc_markers, default_vpc_placement, placed_in_default_vpc_implicitly,
};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DefaultVpcInUse;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-default-vpc-in-use",
    title: "Resource is placed in the default VPC",
    severity: Severity::Medium,
    rationale: "The default VPC is built for getting started, not for workloads: every subnet \
        is public with a route to an internet gateway and assigns public IP addresses, its \
        network ACL allows everything, it is the same CIDR (172.31.0.0/16) in every account \
        and region, and nobody designed its segmentation or logging. A workload placed there \
        is one security group rule away from the internet. Reported: resources placed in one of \
        its subnets (`subnet_id`, `subnet_ids`, `subnets`, `vpc_zone_identifier`, nested or \
        not) or groups and subnets created in it (`vpc_id`), through `aws_default_vpc`, \
        `aws_default_subnet`, `data \"aws_vpc\"` with `default = true` or subnets looked up \
        in it; and resources that AWS places in the default VPC because \
        nothing chooses another (an `aws_instance` without `subnet_id`, `network_interface` or \
        `launch_template`; an `aws_security_group` without `vpc_id`; an `aws_db_instance` or \
        `aws_rds_cluster` without a DB subnet group). Adopting the default VPC only to lock it \
        down (default security group, network ACLs, route tables, flow logs) is not \
        reported.",
    remediation: "Create a VPC for the workload with private subnets for everything that does \
        not have to face the internet, and set `subnet_id` / `vpc_id` / \
        `db_subnet_group_name` explicitly. Consider deleting the default VPC in every region.",
    resource_types: &[
        "aws_default_vpc",
        "aws_default_subnet",
        "aws_instance",
        "aws_security_group",
        "aws_db_instance",
        "aws_rds_cluster",
    ],
    checkov: &["CKV_AWS_148"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0101",
            long: "aws-ec2-no-default-vpc",
        },
        TrivyId {
            avd: "AVD-AWS-0101",
            long: "aws-vpc-no-default-vpc",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkSegregation, Topic::SecureConfiguration],
        controls: &[],
    },
    example_bad: r#"resource "aws_default_vpc" "default" {}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"
  vpc_id      = aws_default_vpc.default.id
}
"#,
    example_good: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"
  vpc_id      = aws_vpc.main.id
}
"#,
};

/// Resource types that configure or lock down the default VPC's subnets rather than run in
/// them.
const GOVERNANCE: &[&str] = &[
    "aws_default_network_acl",
    "aws_network_acl",
    "aws_network_acl_association",
    "aws_route_table_association",
    "aws_flow_log",
    "aws_ec2_tag",
];

impl Rule for DefaultVpcInUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        let markers = default_vpc_markers(ctx);
        for resource in ctx.resources() {
            if resource.mode != driftguard_model::ResourceMode::Managed
                || GOVERNANCE.contains(&resource.resource_type.as_str())
            {
                continue;
            }
            if let Some((path, marker)) = default_vpc_placement(resource, &markers) {
                report.fail(
                    resource,
                    Some(&path),
                    format!(
                        "`{}` is placed in the default VPC (through `{}`)",
                        resource.address, marker.address
                    ),
                );
                continue;
            }
            if placed_in_default_vpc_implicitly(resource) {
                report.fail(
                    resource,
                    None,
                    format!(
                        "`{}` chooses no subnet or VPC, so AWS places it in the default VPC",
                        resource.address
                    ),
                );
            }
        }
    }
}
