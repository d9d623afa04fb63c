//! The allow-list of pipeline principals: the identities that deploy infrastructure as code.
//!
//! A user agent is whatever the client says it is, so `Terraform/1.9` from a laptop proves nothing.
//! With an allow-list, an IaC agent from a principal that is not on it is reported as a spoofed or
//! unsanctioned IaC run, and a write by a listed principal is in band whatever agent it sends (a
//! pipeline step that runs the CLI). Patterns are ARN globs as IAM writes them: `*` matches any run
//! of characters (including `/` and `:`), `?` one character, matched case-sensitively against the
//! caller's ARN and, for sessions, the ARN of the role (or user) behind the session — so
//! `arn:aws:iam::*:role/terraform-*` covers `arn:aws:sts::123456789012:assumed-role/terraform-ci/run-42`.

use crate::record::UserIdentity;

/// A pattern that cannot be an ARN glob.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("pipeline principal pattern #{index} is empty")]
    Empty { index: usize },
    #[error(
        "pipeline principal pattern #{index} `{pattern}` is not an ARN pattern (expected `arn:…`)"
    )]
    NotArn { index: usize, pattern: String },
}

/// Compiled allow-list; cheap to clone and share between threads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelinePrincipals {
    patterns: Vec<String>,
}

impl PipelinePrincipals {
    /// Validates the patterns (from `driftguard.toml`); each must start with `arn:` (a glob may
    /// stand in any later part).
    pub fn new<I, S>(patterns: I) -> Result<Self, PatternError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut out = Vec::new();
        for (index, p) in patterns.into_iter().enumerate() {
            let p: String = p.into();
            let p = p.trim().to_string();
            if p.is_empty() {
                return Err(PatternError::Empty { index });
            }
            if !p.starts_with("arn:") {
                return Err(PatternError::NotArn { index, pattern: p });
            }
            out.push(p);
        }
        Ok(PipelinePrincipals { patterns: out })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether the caller, or the role behind its session, matches a pattern.
    pub fn contains(&self, identity: &UserIdentity) -> bool {
        [&identity.arn, &identity.session_issuer_arn]
            .into_iter()
            .flatten()
            .any(|arn| self.matches_arn(arn))
    }

    /// Whether one ARN matches a pattern.
    pub fn matches_arn(&self, arn: &str) -> bool {
        self.patterns.iter().any(|p| glob_match(p, arn))
    }
}

/// `*` / `?` glob over bytes, iterative with single backtracking point (linear in practice, never
/// exponential).
fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match(
            "arn:aws:iam::*:role/tf-*",
            "arn:aws:iam::1:role/tf-ci"
        ));
        assert!(glob_match(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::1:role/a/b"
        ));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        assert!(!glob_match(
            "arn:aws:iam::*:role/tf-*",
            "arn:aws:iam::1:user/tf-ci"
        ));
        assert!(glob_match("*", ""));
        assert!(glob_match("**a**", "xxaxx"));
        assert!(!glob_match("abc", "abcd"));
    }
}
