//! Shared walk of the rules that judge identity-policy statements one by one.

use driftguard_model::{Resource, Tri};

use crate::view::iam::{
    action_matches, identity_grants, is_service_wildcard, PolicySource, Statement,
};
use crate::{Context, Reporter};

/// What a statement check says: whether the statement is a problem, and what it grants (used
/// in the message when it is).
pub(super) struct Judged {
    pub verdict: Tri,
    pub grants: String,
}

/// Runs `judge` over every statement of every identity policy and reports: at the statement
/// (its `attribute`, e.g. `actions`) for `data "aws_iam_policy_document"`, once however many
/// policies use the document; at the policy attribute of the holder for JSON documents;
/// inconclusive where the document cannot be read. Statements with principals belong to trust
/// and resource policies and are skipped, and so are guardrails that grant nothing: permissions
/// boundaries and the documents of AWS Organizations policies.
pub(super) fn report_identity_statements(
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
    attribute: &str,
    judge: impl Fn(&Statement) -> Judged,
) {
    let judge_identity = |statement: &Statement| {
        if statement.has_principals {
            Judged {
                verdict: Tri::False,
                grants: String::new(),
            }
        } else {
            judge(statement)
        }
    };
    let grants = identity_grants(ctx);
    for (doc, statements) in &grants.documents {
        for statement in statements {
            let judged = judge_identity(statement);
            let path = format!("statement.{}.{attribute}", statement.block.unwrap_or(0));
            report.verdict(doc, Some(&path), judged.verdict, || {
                format!(
                    "statement {}of `{}` {}",
                    sid_label(statement),
                    doc.address,
                    judged.grants
                )
            });
        }
    }
    for policy in &grants.policies {
        match &policy.source {
            // Reported at the data source's statement.
            PolicySource::Document(_) => {}
            PolicySource::Json(statements) => report_policy_statements(
                report,
                policy.holder,
                &policy.path,
                statements,
                judge_identity,
                || format!("`{}`", policy.holder.address),
            ),
            PolicySource::Unknown(reason) => {
                report.inconclusive(policy.holder, Some(&policy.path), reason.clone())
            }
        }
    }
}

/// Runs `judge` over the statements of the policy at `path` of `holder` and reports there once,
/// naming the first statement at fault: "`subject` grants (statement …)".
pub(super) fn report_policy_statements(
    report: &mut Reporter<'_>,
    holder: &Resource,
    path: &str,
    statements: &[Statement],
    judge: impl Fn(&Statement) -> Judged,
    subject: impl FnOnce() -> String,
) {
    let judged: Vec<Judged> = statements.iter().map(judge).collect();
    let verdict = Tri::any(judged.iter().map(|j| j.verdict));
    report.verdict(holder, Some(path), verdict, || {
        let (index, first) = judged
            .iter()
            .enumerate()
            .find(|(_, j)| j.verdict == Tri::True)
            .expect("a true verdict has a true statement");
        format!(
            "{} {} ({})",
            subject(),
            first.grants,
            statements[index].label(index)
        )
    });
}

/// Whether an action pattern grants `action` without granting a whole service: `s3:*` and `*`
/// are reported by aws-iam-policy-service-wildcard and aws-iam-policy-admin-access.
pub(super) fn grants_specifically(pattern: &str, action: &str) -> bool {
    !is_service_wildcard(pattern) && action_matches(pattern, action)
}

/// "`Sid` " or nothing, to name a statement in a message.
pub(super) fn sid_label(statement: &Statement) -> String {
    statement
        .sid
        .as_deref()
        .map(|s| format!("`{s}` "))
        .unwrap_or_default()
}

/// Action patterns for a message: quoted and comma-separated.
pub(super) fn quoted(patterns: &[&String]) -> String {
    patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
