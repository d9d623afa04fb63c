use driftguard_model::{Severity, Tri};

use super::statements::Judged;
use super::trust::{allows_assume, report_trust_statements};
use crate::view::iam::{Principal, CURRENT_ACCOUNT};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RoleTrustAccountNoCondition;

static META: RuleMeta = RuleMeta {
    id: "aws-iam-role-trust-account-no-condition",
    title: "IAM role trusts a whole AWS account without a condition",
    severity: Severity::Medium,
    rationale: "A trust policy that names an account (`arn:aws:iam::111122223333:root` or \
        `111122223333`) lets every user and role of that account that is allowed \
        `sts:AssumeRole` assume this role: the trust is delegated to whoever administers the \
        other account's IAM. For a third party (a SaaS vendor, a contractor) it is also the \
        confused-deputy problem: any of the vendor's customers can make the vendor assume your \
        role unless `sts:ExternalId` is required. The account that applies the configuration \
        cannot be known statically, so any account principal counts, except one built from \
        `data.aws_caller_identity`; any condition (`sts:ExternalId`, `aws:PrincipalArn`, \
        `aws:PrincipalOrgID`, `aws:MultiFactorAuthPresent`) is taken as restricting it. Trust \
        in everyone (`*`) is reported by aws-iam-role-trust-public.",
    remediation: "Name the roles of the other account that may assume this one \
        (`arn:aws:iam::111122223333:role/deployer`), or add a condition: `sts:ExternalId` for a \
        third party, `aws:PrincipalArn` or `aws:MultiFactorAuthPresent` for your own accounts.",
    resource_types: &["aws_iam_role", "aws_iam_policy_document"],
    checkov: &["CKV_AWS_61"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "acme-7f3c9a" } }
    }]
  })
}
"#,
};

/// Whether a principal is a whole account: its id, its `:root` ARN, or the id of an
/// `aws_organizations_account` of this configuration (whole, or as the account part of a `:root`
/// ARN). The account applying the configuration (`data.aws_caller_identity`) is not counted; an
/// account part known only after apply (a variable) leaves it unknown.
fn whole_account(principal: &Principal) -> Tri {
    if principal.kind != "AWS" || principal.aws_account() == Some(CURRENT_ACCOUNT) {
        return Tri::False;
    }
    let is_arn = principal.id.starts_with("arn:");
    let account_itself = !is_arn || principal.id.ends_with(":root");
    if let Some(reference) = principal.account_reference() {
        // `aws_organizations_account.dev.id` or `arn:aws:iam::${…dev.id}:root`; a reference
        // to anything else (`aws_iam_role.ci.arn`) is a specific principal.
        let organizations_account = reference.address.contains("aws_organizations_account.")
            && matches!(reference.attribute.as_str(), "id" | "account_id");
        return Tri::from_bool(
            organizations_account && (principal.reference.is_some() || account_itself),
        );
    }
    if principal.aws_account().is_some() {
        return Tri::from_bool(account_itself);
    }
    if principal.account_unknown() && account_itself {
        return Tri::Unknown;
    }
    Tri::False
}

impl Rule for RoleTrustAccountNoCondition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_trust_statements(ctx, report, |statement| {
            let accounts: Vec<String> = statement
                .typed_principals
                .known
                .iter()
                .filter(|p| whole_account(p) == Tri::True)
                .map(|p| match p.account_reference() {
                    Some(reference) => format!("the account `{}`", reference.address),
                    None => format!("`{}`", p.id),
                })
                .collect();
            Judged {
                verdict: allows_assume(statement)
                    .and(Tri::from_bool(statement.is_public() != Tri::True))
                    .and(statement.typed_principals.any_tri(whole_account))
                    .and(statement.conditions.negate()),
                grants: format!(
                    "trusts every principal of {} without a condition (such as sts:ExternalId)",
                    accounts.join(", ")
                ),
            }
        });
    }
}
