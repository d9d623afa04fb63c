//! Shared walk of the rules that judge role trust policies (`aws_iam_role.assume_role_policy`).

use driftguard_model::Tri;

use super::statements::{report_policy_statements, Judged};
use crate::view::iam::{action_matches, statements_of, trust_policies, Statement};
use crate::{Context, Reporter};

/// The actions that let a principal assume a role.
const ASSUME_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

/// Whether the statement allows assuming the role in some way.
pub(super) fn allows_assume(statement: &Statement) -> Tri {
    statement.allow.and(
        statement
            .actions
            .any(|pattern| ASSUME_ACTIONS.iter().any(|a| action_matches(pattern, a))),
    )
}

/// Runs `judge` over every statement of every role's trust policy, reporting at the role's
/// `assume_role_policy` (once per role, naming the first offending statement) or leaving it
/// inconclusive when the policy cannot be read.
pub(super) fn report_trust_statements(
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
    judge: impl Fn(&Statement) -> Judged,
) {
    for policy in trust_policies(ctx) {
        let role = policy.holder;
        match statements_of(ctx, &policy.source) {
            Ok(statements) => {
                report_policy_statements(report, role, &policy.path, &statements, &judge, || {
                    format!("the trust policy of `{}`", role.address)
                })
            }
            Err(reason) => report.inconclusive(role, Some(&policy.path), reason),
        }
    }
}
