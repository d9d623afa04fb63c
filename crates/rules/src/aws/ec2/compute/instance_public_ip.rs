use driftguard_model::Severity;

use crate::view::ec2::public_ip;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct InstancePublicIp;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-instance-public-ip",
    title: "EC2 instance gets a public IP address",
    severity: Severity::Medium,
    rationale: "An instance with a public IPv4 address is reachable from the internet as soon \
        as one security group rule or network ACL entry allows it, and every listening service \
        (SSH, an admin console, a forgotten debug port) is then one mistake away from exposure; \
        it also gives malware a direct path out that bypasses egress controls. Instances behind \
        a load balancer, NAT gateway or Session Manager do not need one. \
        `associate_public_ip_address` decides when set on an instance, launch template or \
        launch configuration; an instance without it takes `map_public_ip_on_launch` from its \
        subnet when the subnet is declared in the same configuration.",
    remediation: "Set `associate_public_ip_address = false` (or remove it from the launch \
        template's `network_interfaces`), launch into private subnets, and reach the instances \
        through a load balancer, Session Manager or a VPN.",
    resource_types: &[
        "aws_instance",
        "aws_launch_template",
        "aws_launch_configuration",
        "aws_subnet",
    ],
    checkov: &["CKV_AWS_88"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0009",
            long: "aws-ec2-no-public-ip",
        },
        TrivyId {
            avd: "AVD-AWS-0009",
            long: "aws-autoscaling-no-public-ip",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_instance" "app" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  subnet_id                   = "subnet-0123456789abcdef0"
  associate_public_ip_address = true
}
"#,
    example_good: r#"resource "aws_instance" "app" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  subnet_id                   = "subnet-0123456789abcdef0"
  associate_public_ip_address = false
}
"#,
};

impl Rule for InstancePublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource_type in [
            "aws_instance",
            "aws_launch_template",
            "aws_launch_configuration",
        ] {
            for resource in ctx.of_type(resource_type) {
                let (verdict, path) = public_ip(ctx, resource);
                let path = path.filter(|p| resource.get(p).is_some());
                report.verdict(resource, path.as_deref(), verdict, || {
                    if path.as_deref() == Some("subnet_id") {
                        format!(
                            "`{}` is launched into a subnet with map_public_ip_on_launch = true and does not set associate_public_ip_address = false",
                            resource.address
                        )
                    } else {
                        format!(
                            "`{}` associates a public IP address with its instances",
                            resource.address
                        )
                    }
                });
            }
        }
    }
}
