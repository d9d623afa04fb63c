use driftguard_model::{Severity, Tri, Value};

use super::statements::Judged;
use super::trust::report_trust_statements;
use crate::view::iam::{action_matches, Principal, Statement};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RoleTrustGithubOidcUnrestricted;

const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";

static META: RuleMeta = RuleMeta {
    id: "aws-iam-role-trust-github-oidc-unrestricted",
    title: "IAM role trusts GitHub Actions OIDC tokens of any repository",
    severity: Severity::Critical,
    rationale: "GitHub issues OIDC tokens from `token.actions.githubusercontent.com` to every \
        workflow of every repository on github.com. A trust policy that accepts them through \
        `sts:AssumeRoleWithWebIdentity` without a condition on \
        `token.actions.githubusercontent.com:sub` (checking `aud` alone is not enough) lets any \
        GitHub user assume the role from a workflow in their own repository. The `sub` condition \
        must name an organization and repository (`repo:acme/app:*`); a value such as `*` or \
        `repo:*` restricts nothing. The provider is recognised from its ARN or from the `url` of \
        an `aws_iam_openid_connect_provider` in the same configuration.",
    remediation: "Add a `StringLike` (or `StringEquals`) condition on \
        `token.actions.githubusercontent.com:sub` with the repositories, branches or \
        environments allowed, e.g. `repo:acme/app:ref:refs/heads/main`, alongside \
        `token.actions.githubusercontent.com:aud = sts.amazonaws.com`.",
    resource_types: &[
        "aws_iam_role",
        "aws_iam_policy_document",
        "aws_iam_openid_connect_provider",
    ],
    checkov: &["CKV_AWS_358"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::AccessControl, Topic::Authentication],
        controls: &[],
    },
    example_bad: r#"resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}
"#,
    example_good: r#"resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:ref:refs/heads/main" }
      }
    }]
  })
}
"#,
};

/// Whether a federated principal is GitHub's OIDC provider: by its ARN, or through the `url`
/// (or `arn`) of the provider resource or data source it references.
fn is_github(ctx: &Context<'_>, principal: &Principal) -> Tri {
    if principal.kind != "Federated" {
        return Tri::False;
    }
    let Some(reference) = &principal.reference else {
        // An ARN built from unknown parts (`arn:aws:iam::${…account_id}:oidc-provider/…`) is
        // GitHub's when its known text names the issuer, undecided when an unknown part may be
        // the issuer.
        let issuer = principal
            .id
            .split_once(":oidc-provider/")
            .map_or(principal.id.as_str(), |(_, issuer)| issuer);
        return if principal.id.contains(GITHUB_ISSUER) {
            Tri::True
        } else if issuer.contains("${") {
            Tri::Unknown
        } else {
            Tri::False
        };
    };
    let Some(provider) = ctx.by_address(&reference.address) else {
        return Tri::Unknown;
    };
    if provider.resource_type != "aws_iam_openid_connect_provider" {
        return Tri::Unknown;
    }
    let known = ["url", "arn"]
        .iter()
        .filter_map(|attr| provider.get(attr).and_then(Value::as_str))
        .collect::<Vec<_>>();
    if known.iter().any(|v| v.contains(GITHUB_ISSUER)) {
        Tri::True
    } else if known.is_empty() {
        Tri::Unknown
    } else {
        Tri::False
    }
}

/// Whether a `sub` value names an organization and repository: `repo:<org>/<repo>…` with no
/// wildcard in the organization. A value built from a resource attribute
/// (`repo:${github_repository.app.full_name}:*`) is undecided unless its organization is
/// written out.
fn scoped_subject(value: &str) -> Tri {
    let unknown_part = |s: &str| s.contains("${");
    let Some(rest) = value.strip_prefix("repo:") else {
        return if value.starts_with("${") {
            Tri::Unknown
        } else {
            Tri::False
        };
    };
    let Some((org, repo)) = rest.split_once('/') else {
        return if unknown_part(rest) {
            Tri::Unknown
        } else {
            Tri::False
        };
    };
    if unknown_part(org) {
        return Tri::Unknown;
    }
    Tri::from_bool(!org.is_empty() && !org.contains(['*', '?']) && !repo.is_empty())
}

/// Whether the statement restricts the token subject to named repositories: every `sub` test
/// with a positive string operator has only scoped values, and there is at least one.
fn restricts_subject(statement: &Statement) -> Tri {
    let key = format!("{GITHUB_ISSUER}:sub");
    let mut restricted = Tri::False;
    for test in &statement.condition_tests {
        if !test.key.eq_ignore_ascii_case(&key) {
            if test.key.is_empty() {
                // A condition block whose key cannot be read may be the one.
                restricted = restricted.or(Tri::Unknown);
            }
            continue;
        }
        let operator = test.operator.to_ascii_lowercase();
        if operator.contains("not") || !operator.contains("string") {
            continue;
        }
        let all_scoped = if test.values.unknown {
            Tri::Unknown
        } else if test.values.known.is_empty() {
            Tri::False
        } else {
            Tri::all(test.values.known.iter().map(|v| scoped_subject(v)))
        };
        restricted = restricted.or(all_scoped);
    }
    if statement.conditions == Tri::Unknown {
        restricted = restricted.or(Tri::Unknown);
    }
    restricted
}

impl Rule for RoleTrustGithubOidcUnrestricted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        report_trust_statements(ctx, report, |statement| {
            let web_identity = statement.allow.and(
                statement
                    .actions
                    .any(|a| action_matches(a, "sts:AssumeRoleWithWebIdentity")),
            );
            let github = statement.typed_principals.any_tri(|p| is_github(ctx, p));
            Judged {
                verdict: web_identity
                    .and(github)
                    .and(restricts_subject(statement).negate()),
                grants: format!(
                    "accepts GitHub Actions OIDC tokens without restricting `{GITHUB_ISSUER}:sub` to named repositories: any GitHub repository's workflow can assume the role"
                ),
            }
        });
    }
}
