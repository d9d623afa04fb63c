//! Hardcoded secrets in any scanned text: Terraform values, tfvars, provider blocks, heredocs,
//! user data, JSON, YAML, shell and `.env` files.
//!
//! Each detector family lives in its own file with its rules' metadata. Like the
//! [`meta`](crate::meta) rules, secret rules have empty checks: their findings come from the text
//! of every file a scan reads ([`find_secrets`], then [`findings`]), not from resources.
//!
//! [`find_secrets`] is built for the common case of a file without secrets:
//!
//! 1. one Aho-Corasick pass over the whole text looks for the keywords of every detector
//!    (`AKIA`, `ghp_`, `PRIVATE KEY-----`, `password`, `://`-schemes, …): no keyword, no work;
//! 2. each detector whose keyword is on a line runs its precise pattern (regex) on that line only;
//! 3. candidates are validated: formats where the format is a fact (prefixes, lengths, alphabets),
//!    Shannon entropy where it is not (generic `password = "…"` assignments), and placeholders
//!    (`changeme`, `<token>`, `xxxx`, `EXAMPLE` keys), references (`var.x`, `local.x`, `${…}`,
//!    `{{…}}`, `$VAR`) and repeated or sequential characters are excluded;
//! 4. where a generic assignment and a specific detector find the same value, the specific one
//!    wins.
//!
//! Values are never shown: [`SecretMatch::masked`] keeps at most 4 characters on each side
//! (`AKIA************2MPR`), and [`mask_secrets`] blanks them in source text the same way, so
//! that code frames do not show them either.

mod aws;
mod database_url;
mod generic;
mod github;
mod gitlab;
mod private_key;
mod slack;
mod stripe;
mod value;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use driftguard_model::{Finding, SourceFile};

use crate::{Context, Reporter, Rule, RuleMeta};

/// A secret found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// The id of the secrets rule that found it, e.g. `secret-aws-access-key-id`.
    pub rule_id: &'static str,
    /// Byte range of the secret value itself in the text.
    pub range: Range<usize>,
    /// The value as it may be shown: `AKIA************MPLE`.
    pub masked: String,
}

/// A secrets rule: metadata for `driftguard rules` / `explain` and suppressions, plus what its
/// findings call the secret.
pub struct SecretRule {
    meta: &'static RuleMeta,
    /// What the secret is, for messages: `AWS access key id`.
    what: &'static str,
}

impl Rule for SecretRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// Reported from the text of every scanned file ([`find_secrets`]); resources carry none.
    fn check(&self, _: &Context<'_>, _: &mut Reporter<'_>) {}
}

/// Every secrets rule, for the registry.
pub(crate) static RULES: &[&dyn Rule] = &[
    &aws::ACCESS_KEY_ID,
    &aws::SECRET_ACCESS_KEY,
    &private_key::PRIVATE_KEY,
    &github::GITHUB_TOKEN,
    &gitlab::GITLAB_TOKEN,
    &slack::SLACK_TOKEN,
    &stripe::STRIPE_KEY,
    &database_url::DATABASE_URL_PASSWORD,
    &generic::GENERIC_ASSIGNMENT,
];

/// The same rules, with what their messages need.
static SECRET_RULES: &[&SecretRule] = &[
    &aws::ACCESS_KEY_ID,
    &aws::SECRET_ACCESS_KEY,
    &private_key::PRIVATE_KEY,
    &github::GITHUB_TOKEN,
    &gitlab::GITLAB_TOKEN,
    &slack::SLACK_TOKEN,
    &stripe::STRIPE_KEY,
    &database_url::DATABASE_URL_PASSWORD,
    &generic::GENERIC_ASSIGNMENT,
];

/// Whether `rule_id` is one of the secrets rules.
pub fn is_secret_rule(rule_id: &str) -> bool {
    SECRET_RULES.iter().any(|rule| rule.meta.id == rule_id)
}

/// A detector: the keywords one of which is on every line it can match, and its matcher.
pub(crate) struct Detector {
    /// ASCII keywords, matched case-insensitively.
    keywords: &'static [&'static str],
    /// Finds secrets on the line `line` (a byte range) of `text`; may read past the line (a PEM
    /// block spans lines).
    find: fn(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>),
}

const DETECTORS: &[&Detector] = &[
    &aws::ACCESS_KEY_ID_DETECTOR,
    &aws::SECRET_ACCESS_KEY_DETECTOR,
    &private_key::DETECTOR,
    &github::DETECTOR,
    &gitlab::DETECTOR,
    &slack::DETECTOR,
    &stripe::DETECTOR,
    &database_url::DETECTOR,
    &generic::DETECTOR,
];

/// The keyword automaton and, for each keyword, the detectors it triggers (a bit set).
struct Prefilter {
    automaton: AhoCorasick,
    detectors: Vec<u32>,
}

static PREFILTER: LazyLock<Prefilter> = LazyLock::new(|| {
    let mut keywords: Vec<&'static str> = Vec::new();
    let mut detectors: Vec<u32> = Vec::new();
    for (index, detector) in DETECTORS.iter().enumerate() {
        for &keyword in detector.keywords {
            match keywords
                .iter()
                .position(|k| k.eq_ignore_ascii_case(keyword))
            {
                Some(at) => detectors[at] |= 1 << index,
                None => {
                    keywords.push(keyword);
                    detectors.push(1 << index);
                }
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&keywords)
        .expect("secret keywords build an automaton");
    Prefilter {
        automaton,
        detectors,
    }
});

/// Every secret in `text`, in text order. Overlapping candidates are resolved: a specific
/// detector wins over a generic assignment.
pub fn find_secrets(text: &str) -> Vec<SecretMatch> {
    let prefilter = &*PREFILTER;
    let mut out = Vec::new();
    // The line being collected and the detectors its keywords trigger.
    let mut current: Option<(Range<usize>, u32)> = None;
    for hit in prefilter.automaton.find_iter(text) {
        let bits = prefilter.detectors[hit.pattern().as_usize()];
        match &mut current {
            Some((line, set)) if hit.start() < line.end => *set |= bits,
            _ => {
                if let Some((line, set)) = current.take() {
                    run_detectors(text, line, set, &mut out);
                }
                current = Some((line_around(text, hit.start()), bits));
            }
        }
    }
    if let Some((line, set)) = current {
        run_detectors(text, line, set, &mut out);
    }
    resolve_overlaps(out)
}

fn run_detectors(text: &str, line: Range<usize>, set: u32, out: &mut Vec<SecretMatch>) {
    for (index, detector) in DETECTORS.iter().enumerate() {
        if set & (1 << index) != 0 {
            (detector.find)(text, line.clone(), out);
        }
    }
}

/// The byte range of the line around `offset`, without its terminator.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// Drops duplicates and overlaps: among specific detectors the earliest, longest match wins; a
/// generic assignment survives only where no specific detector matched.
fn resolve_overlaps(mut matches: Vec<SecretMatch>) -> Vec<SecretMatch> {
    let is_generic = |m: &SecretMatch| m.rule_id == generic::ID;
    matches.sort_by(|a, b| {
        is_generic(a)
            .cmp(&is_generic(b))
            .then(a.range.start.cmp(&b.range.start))
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut kept: Vec<SecretMatch> = Vec::with_capacity(matches.len());
    for candidate in matches {
        let overlaps = kept
            .iter()
            .any(|k| k.range.start < candidate.range.end && candidate.range.start < k.range.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|m| (m.range.start, m.range.end));
    kept
}

/// A match of `rule_id` over `range` of `text`, masked with [`value::mask`].
fn matched(rule_id: &'static str, text: &str, range: Range<usize>) -> SecretMatch {
    SecretMatch {
        rule_id,
        masked: value::mask(&text[range.clone()]),
        range,
    }
}

/// Reports the matches of a token `pattern` on `line` as `rule_id`: whole tokens only (not the
/// middle of a longer run of letters and digits), not placeholders, random enough.
fn find_tokens(
    text: &str,
    line: Range<usize>,
    pattern: &regex::Regex,
    rule_id: &'static str,
    out: &mut Vec<SecretMatch>,
) {
    for m in pattern.find_iter(&text[line.clone()]) {
        let range = line.start + m.start()..line.start + m.end();
        let token = m.as_str();
        if value::is_whole_token(text, range.start, range.end)
            && !value::is_placeholder(token)
            && value::shannon_entropy(token) >= 3.0
        {
            out.push(matched(rule_id, text, range));
        }
    }
}

/// `matches` for a message: each masked value with the id of the rule that found it,
/// comma-separated (`AKIA************2MPR (secret-aws-access-key-id), …`).
pub fn listed(matches: &[SecretMatch]) -> String {
    matches
        .iter()
        .map(|m| format!("{} ({})", m.masked, m.rule_id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The findings of the secrets rules for `matches` (from [`find_secrets`] over `file`'s text).
///
/// `enclosing` names the configuration block around a byte offset — `(resource type, address)`
/// such as `("aws_instance", "aws_instance.web")` or `("", "provider.aws")` — where the caller
/// knows it. The message carries only the masked value; the fingerprint is made of the rule,
/// the file, the block, the masked value and its occurrence, so that it survives lines moving.
pub fn findings(
    file: &SourceFile,
    matches: &[SecretMatch],
    enclosing: impl Fn(usize) -> Option<(String, String)>,
) -> Vec<Finding> {
    let mut occurrences: HashMap<(&str, &str, String), usize> = HashMap::new();
    let mut out = Vec::with_capacity(matches.len());
    for m in matches {
        let Some(rule) = SECRET_RULES.iter().find(|r| r.meta.id == m.rule_id) else {
            continue;
        };
        let meta = rule.meta;
        let (resource_type, address) = enclosing(m.range.start).unwrap_or_default();
        let occurrence = occurrences
            .entry((meta.id, m.masked.as_str(), address.clone()))
            .or_default();
        let identity = match *occurrence {
            0 => m.masked.clone(),
            n => format!("{}#{n}", m.masked),
        };
        *occurrence += 1;
        let text = &*file.text;
        let (severity, message) = if meta.id == generic::ID {
            let value = &text[m.range.clone()];
            let key = generic::key_before(text, m.range.start);
            let message = match key {
                Some(key) => format!("hardcoded secret in `{key}`: `{}`", m.masked),
                None => format!("hardcoded secret `{}`", m.masked),
            };
            (generic::severity(value), message)
        } else {
            (
                meta.severity,
                format!("hardcoded {} `{}`", rule.what, m.masked),
            )
        };
        // A private key spans lines: point at its first line.
        let first_line_end = text[m.range.clone()]
            .find('\n')
            .map_or(m.range.end, |i| m.range.start + i);
        out.push(Finding {
            rule_id: meta.id.to_string(),
            severity,
            title: meta.title.to_string(),
            message,
            resource_type,
            resource_address: address.clone(),
            attribute: None,
            location: Some(file.span(m.range.start..first_line_end)),
            suppression: None,
            fingerprint: crate::rule::fingerprint(meta.id, &file.path, &address, &identity),
        });
    }
    out
}

/// `text` with every secret in `matches` blanked out: each value is replaced by its masked form
/// (same length, so byte offsets, lines and columns of everything else stay right); a private
/// key keeps its `-----BEGIN …-----` / `-----END …-----` lines and its line breaks.
pub fn mask_secrets(text: &str, matches: &[SecretMatch]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in matches {
        if m.range.start < at || m.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..m.range.start]);
        let secret = &text[m.range.clone()];
        if secret.starts_with(private_key::BEGIN) {
            out.push_str(&private_key::mask_block(secret));
        } else if m.masked.len() == secret.len() && m.masked.is_ascii() && secret.is_ascii() {
            out.push_str(&m.masked);
        } else {
            out.push_str(&blank(secret));
        }
        at = m.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Blanks every non-whitespace character of `text` with as many `*` as it has bytes.
pub(crate) fn blank(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                c.to_string()
            } else {
                "*".repeat(c.len_utf8())
            }
        })
        .collect()
}

/// The values `rule_id` finds in `text`, for the detectors' tests.
#[cfg(test)]
pub(crate) fn found_by(rule_id: &str, text: &str) -> Vec<String> {
    find_secrets(text)
        .into_iter()
        .filter(|m| m.rule_id == rule_id)
        .map(|m| text[m.range].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_rule_lists_agree() {
        assert_eq!(RULES.len(), SECRET_RULES.len());
        for (a, b) in RULES.iter().zip(SECRET_RULES) {
            assert_eq!(a.meta().id, b.meta.id);
        }
        assert!(DETECTORS.len() <= 32);
    }

    #[test]
    fn no_keyword_no_work() {
        assert!(
            find_secrets("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n").is_empty()
        );
        assert!(find_secrets("").is_empty());
    }

    #[test]
    fn a_specific_detector_wins_over_a_generic_assignment() {
        let key = format!("{}{}", "ghp_", "q7Vz9KmP2xLw4NbR8tYcJ3hF6dSa1GeUo5Ti");
        let text = format!("token = \"{key}\"\n");
        let found = find_secrets(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule_id, github::ID);
    }

    #[test]
    fn masking_text_keeps_offsets_and_hides_values() {
        let text = "a = \"AKIAQ3EGUZ7NXTLV2MPR\" # é\nb = 1\n";
        let found = find_secrets(text);
        assert_eq!(found.len(), 1);
        let masked = mask_secrets(text, &found);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("Q3EGUZ7NXTLV"));
        assert_eq!(masked, "a = \"AKIA************2MPR\" # é\nb = 1\n");
    }

    #[test]
    fn findings_carry_location_masked_message_and_distinct_fingerprints() {
        let text = "locals {\n  a = \"AKIAQ3EGUZ7NXTLV2MPR\"\n  b = \"AKIAQ3EGUZ7NXTLV2MPR\"\n}\n";
        let file = SourceFile::new("main.tf", text);
        let found = find_secrets(text);
        let findings = findings(&file, &found, |_| None);
        assert_eq!(findings.len(), 2);
        let span = findings[0].location.as_ref().unwrap();
        assert_eq!((span.start.line, span.start.column), (2, 8));
        assert_eq!((span.end.line, span.end.column), (2, 28));
        assert_eq!(
            findings[0].message,
            "hardcoded AWS access key id `AKIA************2MPR`"
        );
        assert_ne!(findings[0].fingerprint, findings[1].fingerprint);
        assert!(findings.iter().all(|f| !f.message.contains("Q3EGUZ7NXTLV")));
    }

    #[test]
    fn blank_keeps_whitespace_and_bytes() {
        assert_eq!(blank("ab c\né"), "** *\n**");
    }
}
