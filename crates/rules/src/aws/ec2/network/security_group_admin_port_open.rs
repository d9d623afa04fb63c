use driftguard_model::Severity;

use crate::view::network::{Protocol, Service};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupAdminPortOpen;

const TCP: &[Protocol] = &[Protocol::Tcp];

/// Remote administration and control-plane ports other than SSH and RDP (which have rules of
/// their own): whoever reaches them administers the host or the cluster.
const ADMIN_SERVICES: &[Service] = &[
    Service {
        name: "Telnet",
        ports: &[23],
        protocols: TCP,
    },
    Service {
        name: "Docker Engine API",
        ports: &[2375, 2376],
        protocols: TCP,
    },
    Service {
        name: "etcd",
        ports: &[2379, 2380],
        protocols: TCP,
    },
    Service {
        name: "VNC",
        ports: &[5900],
        protocols: TCP,
    },
    Service {
        name: "WinRM",
        ports: &[5985, 5986],
        protocols: TCP,
    },
    Service {
        name: "Kubelet API",
        ports: &[10250],
        protocols: TCP,
    },
];

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-admin-port-open",
    title: "Security group exposes a remote administration port to the whole internet",
    severity: Severity::Critical,
    rationale: "An ingress rule from 0.0.0.0/0 or ::/0 whose port range includes a remote \
        administration or control-plane port hands the host to whoever reaches it: the Docker \
        Engine API (2375/2376) and the Kubelet API (10250) run containers as root when \
        unauthenticated, etcd (2379/2380) holds every Kubernetes secret, Telnet (23) sends \
        credentials in clear text, VNC (5900) and WinRM (5985/5986) are password-sprayed like \
        RDP. Cryptomining botnets scan for exposed Docker and Kubelet APIs continuously. SSH \
        and RDP have rules of their own, and rules that open every port are reported once, by \
        aws-ec2-security-group-all-ports-open.",
    remediation: "Remove the rule, or restrict its source to the administrators' address \
        ranges or security groups; administer hosts through AWS Systems Manager or a VPN, and \
        keep container and cluster control planes on private networks.",
    resource_types: &[
        "aws_security_group",
        "aws_default_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    checkov: &[],
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
    example_bad: r#"resource "aws_security_group" "docker" {
  name        = "docker"
  description = "Docker hosts"
}

resource "aws_vpc_security_group_ingress_rule" "docker_api" {
  security_group_id = aws_security_group.docker.id
  description       = "Docker API"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 2375
  to_port           = 2376
  ip_protocol       = "tcp"
}
"#,
    example_good: r#"resource "aws_security_group" "docker" {
  name        = "docker"
  description = "Docker hosts"
}

resource "aws_vpc_security_group_ingress_rule" "docker_api" {
  security_group_id = aws_security_group.docker.id
  description       = "Docker API from the CI runners"
  cidr_ipv4         = "10.20.0.0/16"
  from_port         = 2376
  to_port           = 2376
  ip_protocol       = "tcp"
}
"#,
};

impl Rule for SecurityGroupAdminPortOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        super::report_world_exposed(ctx, report, ADMIN_SERVICES);
    }
}
