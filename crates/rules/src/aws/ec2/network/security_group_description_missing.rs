use driftguard_model::{Severity, Tri};

use crate::view::network::SgRule;
use crate::view::{path_if_set, text_is};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupDescriptionMissing;

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-description-missing",
    title: "Security group or rule has no description",
    severity: Severity::Low,
    rationale: "Firewall rules outlive the people who wrote them. A reviewer or auditor facing an \
        undescribed rule cannot tell whether it is still needed, so stale openings accumulate; \
        a described rule can be justified or removed (PCI DSS 1.2.5 asks for every allowed port \
        to be documented). A group without `description` gets \"Managed by Terraform\", which \
        says nothing either.",
    remediation: "Add a `description` to each ingress and egress rule (changing it is an in-place \
        update) and to the security group. Note that a group's own description cannot be \
        changed without replacing the group: plan that change with `create_before_destroy`.",
    resource_types: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ],
    checkov: &["CKV_AWS_23"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0099",
            long: "aws-ec2-add-description-to-security-group",
        },
        TrivyId {
            avd: "AVD-AWS-0099",
            long: "aws-vpc-add-description-to-security-group",
        },
        TrivyId {
            avd: "AVD-AWS-0124",
            long: "aws-ec2-add-description-to-security-group-rule",
        },
        TrivyId {
            avd: "AVD-AWS-0124",
            long: "aws-vpc-add-description-to-security-group-rule",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::SecureConfiguration],
        controls: &["pci-dss:1.2"],
    },
    example_bad: r#"resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#,
    example_good: r#"resource "aws_security_group" "web" {
  name        = "web"
  description = "Web servers"

  ingress {
    description = "HTTPS from the internal load balancers"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#,
};

/// The description the AWS provider gives a security group that declares none.
const TERRAFORM_DEFAULT: &str = "Managed by Terraform";

impl Rule for SecurityGroupDescriptionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for group in ctx.of_type("aws_security_group") {
            let meaningless = text_is(group, "description", Some(TERRAFORM_DEFAULT), |d| {
                d.trim().is_empty() || d == TERRAFORM_DEFAULT
            });
            report.verdict(
                group,
                path_if_set(group, "description"),
                meaningless,
                || format!("security group `{}` has no description", group.address),
            );
        }
        for rule in SgRule::all(ctx) {
            let missing = match rule.description() {
                None => Tri::True,
                Some(value) => {
                    crate::view::value_text_is(Some(value), None, |d| d.trim().is_empty())
                }
            };
            let path = rule.block_path();
            report.verdict(rule.resource, path.as_deref(), missing, || match &path {
                Some(block) => format!(
                    "rule `{block}` of `{}` has no description",
                    rule.resource.address
                ),
                None => format!("`{}` has no description", rule.resource.address),
            });
        }
    }
}
