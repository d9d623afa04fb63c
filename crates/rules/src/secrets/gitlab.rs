//! GitLab tokens, by their documented prefixes: `glpat-` (personal, project and group access
//! tokens), `gldt-` (deploy tokens), `glrt-` (runner authentication tokens), `glptt-` (pipeline
//! trigger tokens) and `GR1348941` (runner registration tokens, often in runner `user_data`).

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::{find_tokens, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-gitlab-token";

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "GitLab token is hardcoded",
    severity: Severity::Critical,
    rationale: "A GitLab access token acts as its user, project or group: it reads private code \
        and, with write scope, pushes to it and to the pipelines that build from it. A runner \
        token registers a machine that receives CI jobs, with their variables and secrets. \
        Anyone who can read the file, its history, forks, CI logs or artifacts holds it.",
    remediation: "Revoke the token in GitLab (access tokens, deploy tokens or the runner's \
        settings), review the audit events for its use, and read a new one at run time from a \
        secrets manager or a protected, masked CI/CD variable. Removing the line does not remove \
        it from Git history.",
    resource_types: &["*"],
    checkov: &[],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: concat!(
        "resource \"aws_instance\" \"runner\" {\n",
        "  ami           = \"ami-0c55b159cbfafe1f0\"\n",
        "  instance_type = \"t3.medium\"\n",
        "  user_data     = <<-EOT\n",
        "    #!/bin/sh\n",
        "    gitlab-runner register --non-interactive --url https://gitlab.com \\\n",
        "      --token ",
        "gl",
        "rt-DriftGuardDocs0nly7Qm2Z",
        " --executor docker\n",
        "  EOT\n",
        "}\n"
    ),
    example_good: r#"resource "aws_instance" "runner" {
  ami                  = "ami-0c55b159cbfafe1f0"
  instance_type        = "t3.medium"
  iam_instance_profile = "gitlab-runner" # may read the token, nothing else
  user_data            = <<-EOT
    #!/bin/sh
    TOKEN=$(aws ssm get-parameter --name /ci/runner-token --with-decryption \
      --query Parameter.Value --output text)
    gitlab-runner register --non-interactive --url https://gitlab.com \
      --token "$TOKEN" --executor docker
  EOT
}
"#,
};

pub(super) static GITLAB_TOKEN: SecretRule = SecretRule {
    meta: &META,
    what: "GitLab token",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &["glpat-", "gldt-", "glrt-", "glptt-", "GR1348941"],
    find,
};

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\-]{20,80}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,12})?|GR1348941[A-Za-z0-9_\-]{20,40}",
    )
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
        for token in [
            format!("{}GSU8po_799NksnRH9ucA", "glpat-"),
            format!("{}GSU8po_799NksnRH9ucA", "gldt-"),
            format!("{}GSU8po_799NksnRH9ucA", "glrt-"),
            format!("{}GSU8po_799NksnRH9ucA", "glptt-"),
            format!("{}GSU8po-799NksnRH9ucA", "GR1348941"),
            format!("{}GSU8po_799NksnRH9ucAw5DQL05H.01.1a2b3c4d5", "glpat-"),
        ] {
            assert_eq!(found(&format!("token = \"{token}\"")), [token.as_str()]);
            assert_eq!(
                found(&format!("gitlab-runner register --token {token} --url x\n")),
                [token]
            );
        }
    }

    #[test]
    fn short_and_placeholder_tokens_are_not_reported() {
        for text in [
            format!("token = \"{}\"", "glpat-xxxxxxxxxxxxxxxxxxxx"),
            format!("token = \"{}\"", "glpat-GSU8po799N"),
            format!("token = \"{}\"", "glpat-<your_access_token>"),
        ] {
            assert!(found(&text).is_empty(), "{text}");
        }
    }
}
