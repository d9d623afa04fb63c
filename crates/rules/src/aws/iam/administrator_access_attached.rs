use driftguard_model::{Resource, ResourceMode, Severity, Tri, Value};

use crate::view::{list_items, set_value};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct AdministratorAccessAttached;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-administrator-access-attached",
    title: "AWS managed AdministratorAccess policy is attached",
    severity: Severity::High,
    rationale: "`arn:aws:iam::aws:policy/AdministratorAccess` allows every action on every \
        resource. Attached to a user, group or role, it makes that identity's credentials (a \
        leaked access key, a CI token, an instance role reached through SSRF) the keys to the \
        whole account: every secret, every backup, CloudTrail itself. CIS AWS Foundations 1.16 \
        asks that no identity carry full administrative privileges outside break-glass access. \
        A `policy_arn` read from `data \"aws_iam_policy\"` is resolved; customer policies that \
        grant `*` on `*` are reported where they are written, by aws-iam-policy-admin-access.",
    remediation: "Attach job-specific policies (AWS managed job-function policies such as \
        `PowerUserAccess` or `ReadOnlyAccess`, or least-privilege customer policies). Keep \
        AdministratorAccess for a break-glass role assumed with MFA and suppress the finding \
        there with that reason.",
    resource_types: &[
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment",
        "aws_iam_role",
        "aws_iam_role_policy_attachments_exclusive",
        "aws_iam_user_policy_attachments_exclusive",
        "aws_iam_group_policy_attachments_exclusive",
    ],
    checkov: &["CKV_AWS_274"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::PrivilegedAccess],
        controls: &["cis-aws:1.16"],
    },
    example_bad: r#"resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ci_admin" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
"#,
    example_good: r#"resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ci_power_user" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}
"#,
};

/// Attachment resources and the attribute holding the policy ARN(s).
const ATTACHMENTS: &[(&str, &str)] = &[
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    ("aws_iam_role", "managed_policy_arns"),
    ("aws_iam_role_policy_attachments_exclusive", "policy_arns"),
    ("aws_iam_user_policy_attachments_exclusive", "policy_arns"),
    ("aws_iam_group_policy_attachments_exclusive", "policy_arns"),
];

/// Whether an ARN is AWS's AdministratorAccess managed policy, in any partition.
fn is_admin_arn(arn: &str) -> bool {
    arn.strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(partition, rest)| {
            partition.starts_with("aws") && rest == "iam::aws:policy/AdministratorAccess"
        })
}

/// Whether a `policy_arn` value names AdministratorAccess: a literal, or a reference to a
/// `data "aws_iam_policy"` looked up by that ARN or name. A reference to a customer
/// `aws_iam_policy` of this configuration is not AWS's policy.
fn names_admin(ctx: &Context<'_>, value: &Value) -> Tri {
    match value {
        Value::String(arn) => Tri::from_bool(is_admin_arn(arn)),
        Value::Unknown(_) => match ctx.referenced(value) {
            Some((policy, "arn" | "id")) if policy.resource_type == "aws_iam_policy" => {
                data_policy_is_admin(policy)
            }
            _ => Tri::Unknown,
        },
        _ => Tri::Unknown,
    }
}

fn data_policy_is_admin(policy: &Resource) -> Tri {
    if policy.mode == ResourceMode::Managed {
        return Tri::False;
    }
    let by_arn = set_value(policy, "arn").map(|v| v.as_str().map(is_admin_arn));
    let by_name = set_value(policy, "name").map(|v| v.as_str().map(|n| n == "AdministratorAccess"));
    match (by_arn, by_name) {
        (Some(Some(true)), _) | (_, Some(Some(true))) => Tri::True,
        (Some(None), _) | (_, Some(None)) => Tri::Unknown,
        (None, None) => Tri::Unknown,
        _ => Tri::False,
    }
}

impl Rule for AdministratorAccessAttached {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for (resource_type, attribute) in ATTACHMENTS {
            for resource in ctx.of_type(resource_type) {
                let Some(value) = set_value(resource, attribute) else {
                    continue;
                };
                let single = *attribute == "policy_arn";
                if single || value.is_unknown() {
                    report.verdict(resource, Some(attribute), names_admin(ctx, value), || {
                        format!(
                            "`{}` attaches the AWS managed AdministratorAccess policy",
                            resource.address
                        )
                    });
                    continue;
                }
                for (index, item) in list_items(Some(value)).into_iter().enumerate() {
                    let path = format!("{attribute}.{index}");
                    report.verdict(resource, Some(&path), names_admin(ctx, item), || {
                        format!(
                            "`{}` attaches the AWS managed AdministratorAccess policy",
                            resource.address
                        )
                    });
                }
            }
        }
    }
}
