//! `.driftignore`: gitignore syntax over `type.id` and `type.id.attribute.path`.
//!
//! Each pattern is split on unescaped dots into segments which become the directories of a
//! gitignore pattern (`aws_iam_user.*.tags` → `aws_iam_user/*/tags`), so wildcards, `**` and `!`
//! negation keep their gitignore meaning. `\.` is a literal dot inside an id or key
//! (`aws_s3_bucket.my\.bucket`). Slashes inside ids (ARNs, `role/policy`) are kept literal.
//! Ignoring a resource ignores all of its attributes; a more specific negation wins.

use std::fmt::Write as _;
use std::path::PathBuf;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::report::{DriftClass, DriftReport};

/// Stand-in for `/` inside a segment (U+2215 DIVISION SLASH), so it is not a path separator.
const SLASH: &str = "\u{2215}";

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: invalid .driftignore pattern `{pattern}`: {message}")]
pub struct DriftIgnoreError {
    pub file: String,
    pub line: usize,
    pub pattern: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct DriftIgnore {
    matcher: Gitignore,
}

/// Splits on dots not preceded by a backslash; `\.` becomes `.`, `/` the stand-in.
fn segments(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                out.last_mut().unwrap().push('.');
            }
            '.' => out.push(String::new()),
            '/' => out.last_mut().unwrap().push_str(SLASH),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn to_gitignore_line(line: &str) -> String {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return String::new();
    }
    let (negate, body) = match trimmed.strip_prefix('!') {
        Some(rest) => ("!", rest),
        None => ("", trimmed),
    };
    // Always anchored at the type, unless the pattern is a single segment (e.g. `tags`),
    // which, as in gitignore, matches at any level.
    format!("{negate}{}", segments(body).join("/"))
}

fn slash_path(resource_type: &str, id: &str, attribute: Option<&str>) -> PathBuf {
    let mut path = String::with_capacity(resource_type.len() + id.len() + 16);
    path.push_str(&resource_type.replace('/', SLASH));
    path.push('/');
    path.push_str(&id.replace('/', SLASH));
    if let Some(attribute) = attribute {
        for segment in segments(attribute) {
            path.push('/');
            path.push_str(&segment);
        }
    }
    PathBuf::from(path)
}

impl DriftIgnore {
    /// Parses `.driftignore` text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, DriftIgnoreError> {
        let mut builder = GitignoreBuilder::new("");
        for (index, line) in text.lines().enumerate() {
            let converted = to_gitignore_line(line);
            if converted.is_empty() {
                continue;
            }
            builder
                .add_line(None, &converted)
                .map_err(|e| DriftIgnoreError {
                    file: file.to_string(),
                    line: index + 1,
                    pattern: line.trim().to_string(),
                    message: e.to_string(),
                })?;
        }
        let matcher = builder.build().map_err(|e| DriftIgnoreError {
            file: file.to_string(),
            line: 0,
            pattern: String::new(),
            message: e.to_string(),
        })?;
        Ok(DriftIgnore { matcher })
    }

    pub fn ignores_resource(&self, resource_type: &str, id: &str) -> bool {
        if self.matcher.is_empty() {
            return false;
        }
        self.matcher
            .matched_path_or_any_parents(slash_path(resource_type, id, None), true)
            .is_ignore()
    }

    /// `path` is a dotted attribute path as in [`crate::Difference::path`].
    pub fn ignores_attribute(&self, resource_type: &str, id: &str, path: &str) -> bool {
        if self.matcher.is_empty() {
            return false;
        }
        self.matcher
            .matched_path_or_any_parents(slash_path(resource_type, id, Some(path)), false)
            .is_ignore()
    }
}

/// Escapes an id for a `.driftignore` line: dots, glob characters and a leading `!`/`#`.
fn escape_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    for (i, c) in id.chars().enumerate() {
        match c {
            '.' | '*' | '?' | '[' | ']' => out.push('\\'),
            '!' | '#' if i == 0 => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A `.driftignore` that accepts the drift in `report`: one line per missing or unmanaged
/// resource and per changed attribute.
pub fn accept_current_drift(report: &DriftReport) -> String {
    let mut out = String::from(
        "# Generated by driftguard: accepts the drift found at the time it was written.\n",
    );
    for drift in &report.drifts {
        let base = format!(
            "{}.{}",
            drift.resource_type,
            escape_segment(&drift.cloud_id)
        );
        match drift.class {
            DriftClass::Missing | DriftClass::Unmanaged => {
                let _ = writeln!(out, "# {} ({})", drift.class.as_str(), drift.display_name());
                let _ = writeln!(out, "{base}");
            }
            DriftClass::Changed => {
                let _ = writeln!(out, "# changed ({})", drift.display_name());
                for difference in &drift.differences {
                    // Paths already escape dots inside keys; escape glob characters.
                    let path: String = difference
                        .path
                        .chars()
                        .flat_map(|c| match c {
                            '*' | '?' | '[' | ']' => vec!['\\', c],
                            c => vec![c],
                        })
                        .collect();
                    let _ = writeln!(out, "{base}.{path}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_negation_and_escaped_dots() {
        let ignore = DriftIgnore::parse(
            "# comment\naws_iam_user.*\n!aws_iam_user.alice\naws_s3_bucket.my\\.logs\\.bucket\naws_security_group.*.tags\ntags_all\naws_iam_policy.arn:aws:iam::1:policy/ci.description\n",
            ".driftignore",
        )
        .unwrap();
        assert!(ignore.ignores_resource("aws_iam_user", "bob"));
        assert!(ignore.ignores_attribute("aws_iam_user", "bob", "path"));
        assert!(!ignore.ignores_resource("aws_iam_user", "alice"));
        assert!(ignore.ignores_resource("aws_s3_bucket", "my.logs.bucket"));
        assert!(!ignore.ignores_resource("aws_s3_bucket", "my.other.bucket"));
        assert!(!ignore.ignores_resource("aws_security_group", "sg-1"));
        assert!(ignore.ignores_attribute("aws_security_group", "sg-1", "tags.env"));
        assert!(!ignore.ignores_attribute("aws_security_group", "sg-1", "ingress.0"));
        assert!(ignore.ignores_attribute("aws_vpc", "vpc-1", "tags_all.x"));
        assert!(ignore.ignores_attribute(
            "aws_iam_policy",
            "arn:aws:iam::1:policy/ci",
            "description"
        ));
        assert!(!ignore.ignores_resource("aws_iam_policy", "arn:aws:iam::1:policy/ci"));
    }

    #[test]
    fn bad_pattern_names_file_and_line() {
        let err = DriftIgnore::parse("ok\naws_iam_user.[z-a]", "x/.driftignore").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("x/.driftignore:2:"), "{err}");
    }
}
