//! GitHub tokens, by their documented prefixes: `ghp_` (classic personal access token), `gho_`
//! (OAuth), `ghu_` (user-to-server), `ghs_` (server-to-server, e.g. Actions' `GITHUB_TOKEN`),
//! `ghr_` (refresh) followed by 36 or more base62 characters, and `github_pat_` (fine-grained
//! personal access token).

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::{find_tokens, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-github-token";

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "GitHub token is hardcoded",
    severity: Severity::Critical,
    rationale: "A GitHub token acts as its user or app: with repository scope it reads private \
        code and pushes to it, which is a way into every pipeline that builds from it (a supply \
        chain compromise), and it may administer organisations, packages and secrets. Anyone \
        who can read the file, its history, forks, CI logs or artifacts holds it.",
    remediation: "Revoke the token (Settings → Developer settings, or the organisation's \
        token policies), review the audit log for its use, and read a new one at run time: \
        `GITHUB_TOKEN` from the environment for the Terraform GitHub provider, a GitHub App \
        installation token, or a secrets manager. Removing the line does not remove it from Git \
        history.",
    resource_types: &["*"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: concat!(
        "provider \"github\" {\n  owner = \"acme\"\n  token = \"",
        "gh",
        "p_DriftGuardDocs0nly7Qm2Zp9KwLx4Rt8VbN",
        "\" # illustrative\n}\n"
    ),
    example_good: r#"# The provider reads GITHUB_TOKEN from the environment (a CI secret or an app token).
provider "github" {
  owner = "acme"
}
"#,
};

pub(super) static GITHUB_TOKEN: SecretRule = SecretRule {
    meta: &META,
    what: "GitHub token",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    find,
};

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22,40}_[A-Za-z0-9]{40,80}")
        .expect("valid regex")
});

fn find(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    find_tokens(text, line, &PATTERN, ID, out);
}

#[cfg(test)]
mod tests {
    use crate::secrets::found_by;

    fn found(text: &str) -> Vec<String> {
        found_by(super::ID, text)
    }

    #[test]
    fn every_prefix() {
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let token = format!("{prefix}QoaF1LlqsajAIxNKu8iS2G8NPRVdD53X83RZ");
            assert_eq!(found(&format!("token = \"{token}\"")), [token.as_str()]);
            assert_eq!(found(&format!("GITHUB_TOKEN={token}\n")), [token]);
        }
        let fine_grained = format!(
            "{}11AEXQ4RI0kqVw5B3mJ7Zp_{}",
            "github_pat_", "Qx8vLt2NcWd9YhKs4RfUg6JpBa3MeZo1TnXy7CwVb5GiHk0SuDlEq"
        );
        assert_eq!(
            found(&format!("{{\"token\": \"{fine_grained}\"}}")),
            [fine_grained]
        );
    }

    #[test]
    fn short_placeholder_and_embedded_tokens_are_not_reported() {
        for text in [
            format!("token = \"{}\"", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            format!("token = \"{}\"", "ghp_QoaF1LlqsajAIxNKu8iS2G8NPRVdD53X"), // 34
            format!("token = \"{}\"", "ghp_<your-token-here>"),
            format!("x = \"a{}\"", "ghp_QoaF1LlqsajAIxNKu8iS2G8NPRVdD53X83RZ"),
            format!("token = \"{}\"", "ghp_EXAMPLEaajAIxNKu8iS2G8NPRVdD53X83RZ"),
        ] {
            assert!(found(&text).is_empty(), "{text}");
        }
    }
}
