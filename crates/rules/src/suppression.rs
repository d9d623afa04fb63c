//! Inline suppressions: `# driftguard:ignore <rule-id> <reason> [exp:YYYY-MM-DD]` (also `//` and
//! `/* */`), and the comments of the tools users migrate from — `checkov:skip=CKV_AWS_20:reason`,
//! `trivy:ignore:AVD-AWS-0086`, `tfsec:ignore:aws-s3-block-public-acls` — through each rule's
//! equivalent ids.
//!
//! A directive applies to findings on its own line (a trailing comment), or, written on the
//! comment lines directly above a line, to findings on that line — and, above a block's first
//! line, to every finding of that block.

use std::collections::HashMap;

use driftguard_model::{
    Diagnostic, Finding, Position, SourceFile, Span, Suppression, SuppressionKind,
};

use crate::{find_rule, RuleMeta};

/// One directive found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: SuppressionKind,
    /// The id as written: a driftguard rule id or prefix, or a Checkov / Trivy / tfsec id.
    pub id: String,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires: Option<String>,
    pub line: u32,
    pub column: u32,
}

/// The directives of one file, by line, and which lines hold only a comment.
#[derive(Debug, Default)]
pub struct FileSuppressions {
    by_line: HashMap<u32, Vec<Directive>>,
    comment_only: Vec<bool>,
}

impl FileSuppressions {
    pub fn parse(file: &SourceFile) -> Self {
        let mut out = FileSuppressions::default();
        let mut in_block_comment = false;
        for (index, line) in file.text.lines().enumerate() {
            let trimmed = line.trim_start();
            let starts_comment =
                trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("/*");
            out.comment_only.push(in_block_comment || starts_comment);
            if line.contains("/*") {
                in_block_comment = !line[line.rfind("/*").unwrap_or(0)..].contains("*/");
            } else if in_block_comment && line.contains("*/") {
                in_block_comment = false;
            }
            let number = index as u32 + 1;
            let directives = parse_line(line, number);
            if !directives.is_empty() {
                out.by_line.insert(number, directives);
            }
        }
        out
    }

    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.by_line.values().flatten()
    }

    /// Directives that govern `line`: on it, and on the comment lines directly above it.
    fn governing(&self, line: u32) -> impl Iterator<Item = &Directive> {
        let mut lines = vec![line];
        let mut above = line.saturating_sub(1);
        while above >= 1
            && self
                .comment_only
                .get(above as usize - 1)
                .copied()
                .unwrap_or(false)
        {
            lines.push(above);
            above -= 1;
        }
        lines
            .into_iter()
            .flat_map(|l| self.by_line.get(&l).into_iter().flatten())
    }

    /// The directive that suppresses a finding of `meta` at `line` in a block starting at
    /// `block_line`, if any (expired directives are returned too: the caller decides).
    pub fn find(&self, meta: &RuleMeta, line: u32, block_line: Option<u32>) -> Option<&Directive> {
        let candidates = self
            .governing(line)
            .chain(block_line.into_iter().flat_map(|l| self.governing(l)));
        candidates.into_iter().find(|d| d.matches(meta))
    }
}

impl Directive {
    /// Whether this directive names `meta`, directly or through an equivalent id.
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        match self.kind {
            SuppressionKind::Inline => {
                self.id == "all"
                    || self.id == meta.id
                    || meta
                        .id
                        .strip_prefix(self.id.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            }
            SuppressionKind::Checkov => meta
                .checkov
                .iter()
                .any(|id| id.eq_ignore_ascii_case(&self.id)),
            SuppressionKind::Trivy => {
                meta.trivy.iter().any(|id| {
                    id.avd.eq_ignore_ascii_case(&self.id) || id.long.eq_ignore_ascii_case(&self.id)
                }) || self.id == meta.id
            }
            SuppressionKind::Baseline => false,
        }
    }

    /// Whether `exp:` lies before `today` (`YYYY-MM-DD` strings compare as dates).
    pub fn is_expired(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|exp| exp < today)
    }

    fn suppression(&self) -> Suppression {
        Suppression {
            kind: self.kind,
            reason: self.reason.clone(),
            expires: self.expires.clone(),
        }
    }
}

/// Finds the directives in one line's comment(s).
fn parse_line(line: &str, number: u32) -> Vec<Directive> {
    let mut out = Vec::new();
    for (marker, kind) in [
        ("driftguard:ignore", SuppressionKind::Inline),
        ("checkov:skip=", SuppressionKind::Checkov),
        ("trivy:ignore:", SuppressionKind::Trivy),
        ("tfsec:ignore:", SuppressionKind::Trivy),
    ] {
        let mut search = 0;
        while let Some(found) = line[search..].find(marker) {
            let start = search + found;
            search = start + marker.len();
            if !is_in_comment(line, start) {
                continue;
            }
            let rest = line[search..].trim_end_matches("*/").trim();
            let column = line[..start].chars().count() as u32 + 1;
            out.extend(match kind {
                SuppressionKind::Inline => parse_driftguard(rest, number, column),
                SuppressionKind::Checkov => parse_checkov(rest, number, column),
                _ => parse_trivy(rest, number, column),
            });
        }
    }
    out
}

/// Whether byte `at` of `line` is inside a comment (after `#`, `//` or `/*` outside a string).
fn is_in_comment(line: &str, at: usize) -> bool {
    let mut in_string = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < at {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'#' if !in_string => return true,
            b'/' if !in_string && matches!(bytes.get(i + 1), Some(b'/') | Some(b'*')) => {
                return true
            }
            _ => {}
        }
        i += 1;
    }
    // A directive inside a block comment that started on an earlier line.
    line.trim_start().starts_with('*') || !line.contains('"')
}

/// `<rule-id>[,<rule-id>…] <reason…> [exp:YYYY-MM-DD]`
fn parse_driftguard(rest: &str, line: u32, column: u32) -> Vec<Directive> {
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    let expires = take_expiry(&mut words);
    let Some((ids, reason_words)) = words.split_first() else {
        return vec![Directive {
            kind: SuppressionKind::Inline,
            id: String::new(),
            reason: None,
            expires,
            line,
            column,
        }];
    };
    let reason = Some(reason_words.join(" ")).filter(|r| !r.is_empty());
    ids.split(',')
        .filter(|id| !id.is_empty())
        .map(|id| Directive {
            kind: SuppressionKind::Inline,
            id: id.to_string(),
            reason: reason.clone(),
            expires: expires.clone(),
            line,
            column,
        })
        .collect()
}

/// `CKV_AWS_20[:reason]` (also `CKV_AWS_20,CKV_AWS_21`).
fn parse_checkov(rest: &str, line: u32, column: u32) -> Vec<Directive> {
    let (ids, reason) = match rest.split_once(':') {
        Some((ids, reason)) => (
            ids,
            Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (rest.split_whitespace().next().unwrap_or(""), None),
    };
    ids.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| Directive {
            kind: SuppressionKind::Checkov,
            id: id.to_string(),
            reason: reason.clone(),
            expires: None,
            line,
            column,
        })
        .collect()
}

/// `AVD-AWS-0086[:exp:2025-01-01]` or `aws-s3-block-public-acls`, possibly several
/// (`trivy:ignore:a trivy:ignore:b` is handled by the caller's loop).
fn parse_trivy(rest: &str, line: u32, column: u32) -> Vec<Directive> {
    let token = rest.split_whitespace().next().unwrap_or("");
    let (id, expires) = match token.split_once(":exp:") {
        Some((id, exp)) => (id, Some(exp.to_string())),
        None => (token, None),
    };
    if id.is_empty() {
        return vec![];
    }
    vec![Directive {
        kind: SuppressionKind::Trivy,
        id: id.to_string(),
        reason: None,
        expires,
        line,
        column,
    }]
}

fn take_expiry(words: &mut Vec<&str>) -> Option<String> {
    let position = words
        .iter()
        .position(|w| w.trim_matches(['[', ']']).starts_with("exp:"))?;
    let word = words.remove(position);
    Some(
        word.trim_matches(['[', ']'])
            .trim_start_matches("exp:")
            .to_string(),
    )
}

/// Marks suppressed findings and reports problems with the directives themselves.
pub struct Suppressor<'s> {
    /// Today's date, `YYYY-MM-DD` (a parameter so tests are stable).
    pub today: String,
    pub files: HashMap<&'s str, FileSuppressions>,
}

impl<'s> Suppressor<'s> {
    pub fn new(today: String, sources: impl IntoIterator<Item = &'s SourceFile>) -> Self {
        let files = sources
            .into_iter()
            .filter(|file| {
                ["driftguard:", "checkov:", "trivy:", "tfsec:"]
                    .iter()
                    .any(|marker| file.text.contains(marker))
            })
            .map(|file| (&*file.path, FileSuppressions::parse(file)))
            .collect();
        Suppressor { today, files }
    }

    /// Sets `suppression` on findings a live directive covers. `block_lines` gives the first
    /// line of each finding's resource block (by address).
    pub fn apply(
        &self,
        findings: &mut [Finding],
        block_line: impl Fn(&Finding) -> Option<u32>,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for finding in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            let Some(span) = &finding.location else {
                continue;
            };
            let Some(file) = self.files.get(&*span.file) else {
                continue;
            };
            let Some(meta) = find_rule(&finding.rule_id).map(|r| r.meta()) else {
                continue;
            };
            let Some(directive) = file.find(meta, span.start.line, block_line(finding)) else {
                continue;
            };
            if directive.is_expired(&self.today) {
                diagnostics.push(
                    Diagnostic::info(
                        "suppression-expired",
                        format!(
                            "suppression of {} expired on {}; the finding is reported again",
                            finding.rule_id,
                            directive.expires.as_deref().unwrap_or_default()
                        ),
                    )
                    .at(directive_span(span, directive)),
                );
                continue;
            }
            finding.suppression = Some(directive.suppression());
        }
        diagnostics
    }

    /// Findings of [`crate::meta::SUPPRESSION_WITHOUT_REASON`] for every `driftguard:ignore`
    /// directive without a reason, and warnings for directives naming no known rule.
    pub fn audit(&self) -> (Vec<Finding>, Vec<Diagnostic>) {
        let mut findings = Vec::new();
        let mut diagnostics = Vec::new();
        let mut paths: Vec<_> = self.files.keys().collect();
        paths.sort();
        for path in paths {
            let file = &self.files[path];
            let mut directives: Vec<_> = file
                .directives()
                .filter(|d| d.kind == SuppressionKind::Inline)
                .collect();
            directives.sort_by_key(|d| (d.line, d.column));
            for directive in directives {
                let span = Span {
                    file: (*path).into(),
                    start: Position {
                        line: directive.line,
                        column: directive.column,
                    },
                    end: Position {
                        line: directive.line,
                        column: directive.column + "driftguard:ignore".len() as u32,
                    },
                    bytes: 0..0,
                };
                if directive.id.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(
                            "invalid-suppression",
                            "driftguard:ignore names no rule",
                        )
                        .at(span),
                    );
                    continue;
                }
                let known = directive.id == "all"
                    || crate::all_rules()
                        .iter()
                        .any(|r| directive.matches(r.meta()));
                if !known {
                    diagnostics.push(
                        Diagnostic::warning(
                            "invalid-suppression",
                            format!("driftguard:ignore names unknown rule {:?}", directive.id),
                        )
                        .at(span.clone()),
                    );
                }
                if directive.reason.is_none() {
                    findings.push(crate::meta::suppression_without_reason(&directive.id, span));
                }
            }
        }
        (findings, diagnostics)
    }
}

fn directive_span(finding_span: &Span, directive: &Directive) -> Span {
    Span {
        file: finding_span.file.clone(),
        start: Position {
            line: directive.line,
            column: directive.column,
        },
        end: Position {
            line: directive.line,
            column: directive.column,
        },
        bytes: 0..0,
    }
}

/// Today's UTC date as `YYYY-MM-DD`, from the system clock (no time-zone database needed).
pub fn today_utc() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(line: &str) -> Vec<Directive> {
        parse_line(line, 1)
    }

    #[test]
    fn parses_driftguard_directives_with_reason_and_expiry() {
        let d = &directives(
            "  # driftguard:ignore aws-s3-bucket-versioning logs are immutable exp:2030-01-31",
        )[0];
        assert_eq!(d.id, "aws-s3-bucket-versioning");
        assert_eq!(d.reason.as_deref(), Some("logs are immutable"));
        assert_eq!(d.expires.as_deref(), Some("2030-01-31"));
        assert_eq!(d.column, 5);
        let d = &directives("acl = \"private\" // driftguard:ignore aws-s3 [exp:2020-01-01]")[0];
        assert_eq!(d.reason, None);
        assert!(d.is_expired("2026-11-22"));
        assert_eq!(
            directives("/* driftguard:ignore aws-s3-x,aws-s3-y shared reason */").len(),
            2
        );
    }

    #[test]
    fn parses_checkov_and_trivy_forms() {
        let d = &directives("#checkov:skip=CKV_AWS_20:The bucket is a public website")[0];
        assert_eq!(
            (d.kind, d.id.as_str(), d.reason.as_deref()),
            (
                SuppressionKind::Checkov,
                "CKV_AWS_20",
                Some("The bucket is a public website")
            )
        );
        let d = &directives("# trivy:ignore:AVD-AWS-0086:exp:2030-01-01")[0];
        assert_eq!(
            (d.kind, d.id.as_str(), d.expires.as_deref()),
            (SuppressionKind::Trivy, "AVD-AWS-0086", Some("2030-01-01"))
        );
        let d = &directives("#tfsec:ignore:aws-s3-enable-versioning")[0];
        assert_eq!(d.id, "aws-s3-enable-versioning");
    }

    #[test]
    fn ignores_directives_inside_strings() {
        assert!(directives("description = \"see driftguard:ignore docs\"").is_empty());
    }

    #[test]
    fn governs_own_line_and_the_comment_lines_above() {
        let file = SourceFile::new(
            "main.tf",
            "# driftguard:ignore aws-s3-bucket-versioning archived\n# another comment\nresource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\" # driftguard:ignore aws-s3 reason\n}\n",
        );
        let index = FileSuppressions::parse(&file);
        let ids = |line| {
            index
                .governing(line)
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(3), ["aws-s3-bucket-versioning"]);
        assert_eq!(ids(4), ["aws-s3"]);
        assert!(ids(5).is_empty());
    }

    #[test]
    fn today_is_a_plausible_date() {
        let today = today_utc();
        assert_eq!(today.len(), 10);
        assert!(today.as_str() > "2024-01-01");
    }
}
