//! Shared walk of the rules that judge identity-policy statements one by one.

use driftguard_model::{Resource, Tri, Value};

use crate::view::iam::{document_statements, identity_policies, PolicySource, Statement};
use crate::{Context, Reporter};

/// Whether `value` is the JSON of the policy document `doc`: a reference to it, or its
/// rendered text.
fn is_document(value: &Value, doc: &Resource) -> bool {
    match value {
        Value::Unknown(u) => u
            .reference
            .as_ref()
            .is_some_and(|r| r.address == doc.address),
        Value::String(text) => doc.get("json").and_then(Value::as_str) == Some(text.as_str()),
        _ => false,
    }
}

/// Whether a policy document is written for an AWS Organizations policy (an SCP or RCP
/// `content`): its `Allow` statements limit what accounts may do and grant nothing.
fn is_organizations_policy(ctx: &Context<'_>, doc: &Resource) -> bool {
    ctx.of_type("aws_organizations_policy").any(|p| {
        p.get("content")
            .is_some_and(|content| is_document(content, doc))
    })
}

/// Whether an `aws_iam_policy` serves as a permissions boundary: it caps what its users and
/// roles may do and grants nothing.
fn is_permissions_boundary(ctx: &Context<'_>, policy: &Resource) -> bool {
    policy.resource_type == "aws_iam_policy"
        && ["aws_iam_role", "aws_iam_user"].iter().any(|holder| {
            !ctx.referring_to(policy, holder, "permissions_boundary", &["arn"])
                .is_empty()
        })
}

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
    let boundary_documents: Vec<&Resource> = identity_policies(ctx)
        .iter()
        .filter(|policy| is_permissions_boundary(ctx, policy.holder))
        .filter_map(|policy| match policy.source {
            PolicySource::Document(doc) => Some(doc),
            _ => None,
        })
        .collect();
    for doc in ctx.data_of_type("aws_iam_policy_document") {
        if is_organizations_policy(ctx, doc)
            || boundary_documents.iter().any(|d| d.address == doc.address)
        {
            continue;
        }
        for statement in document_statements(ctx, doc) {
            let judged = judge_identity(&statement);
            let path = format!("statement.{}.{attribute}", statement.block.unwrap_or(0));
            report.verdict(doc, Some(&path), judged.verdict, || {
                format!(
                    "statement {}of `{}` {}",
                    sid_label(&statement),
                    doc.address,
                    judged.grants
                )
            });
        }
    }
    for policy in identity_policies(ctx) {
        if is_permissions_boundary(ctx, policy.holder) {
            continue;
        }
        match &policy.source {
            // Reported at the data source's statement.
            PolicySource::Document(_) => {}
            PolicySource::Json(statements) => {
                let judged: Vec<Judged> = statements.iter().map(&judge_identity).collect();
                let verdict = Tri::any(judged.iter().map(|j| j.verdict));
                report.verdict(policy.holder, Some(&policy.path), verdict, || {
                    let (index, first) = judged
                        .iter()
                        .enumerate()
                        .find(|(_, j)| j.verdict == Tri::True)
                        .expect("a true verdict has a true statement");
                    let which = statements[index].sid.as_deref().map_or_else(
                        || format!("statement {}", index + 1),
                        |s| format!("statement `{s}`"),
                    );
                    format!("`{}` {} ({which})", policy.holder.address, first.grants)
                });
            }
            PolicySource::Unknown(reason) => {
                report.inconclusive(policy.holder, Some(&policy.path), reason.clone())
            }
        }
    }
}

/// "`Sid` " or nothing, to name a statement in a message.
pub(super) fn sid_label(statement: &Statement) -> String {
    statement
        .sid
        .as_deref()
        .map(|s| format!("`{s}` "))
        .unwrap_or_default()
}

/// The known action patterns of a statement that satisfy `pred`, quoted and comma-separated.
pub(super) fn quoted(patterns: &[&String]) -> String {
    patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
