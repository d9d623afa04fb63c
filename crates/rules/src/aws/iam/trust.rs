//! Shared walk of the rules that judge role trust policies (`aws_iam_role.assume_role_policy`).

use driftguard_model::Tri;

use super::statements::Judged;
use crate::view::iam::{action_matches, policy_at, statements_of, Statement};
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
    for role in ctx.of_type("aws_iam_role") {
        let Some(policy) = policy_at(ctx, role, "assume_role_policy") else {
            continue;
        };
        match statements_of(ctx, &policy.source) {
            Ok(statements) => {
                let judged: Vec<Judged> = statements.iter().map(&judge).collect();
                let verdict = Tri::any(judged.iter().map(|j| j.verdict));
                report.verdict(role, Some(&policy.path), verdict, || {
                    let (index, first) = judged
                        .iter()
                        .enumerate()
                        .find(|(_, j)| j.verdict == Tri::True)
                        .expect("a true verdict has a true statement");
                    let statement = &statements[index];
                    let which = match (&statement.sid, statement.block) {
                        (Some(sid), _) => format!("statement `{sid}`"),
                        (None, Some(block)) => format!("statement {}", block + 1),
                        (None, None) => format!("statement {}", index + 1),
                    };
                    format!(
                        "the trust policy of `{}` {} ({which})",
                        role.address, first.grants
                    )
                });
            }
            Err(reason) => report.inconclusive(role, Some(&policy.path), reason),
        }
    }
}
