//! Slack credentials: API tokens by their documented prefixes (`xoxb-` bot, `xoxp-` user,
//! `xoxa-`/`xoxr-` app and refresh, `xoxs-`/`xoxo-` legacy, `xapp-` app-level) and incoming
//! webhook URLs (`https://hooks.slack.com/services/T…/B…/…`), whose path is the secret.

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::value::{is_placeholder, shannon_entropy};
use super::{find_tokens, matched, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-slack-token";

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "Slack token or webhook URL is hardcoded",
    severity: Severity::High,
    rationale: "A Slack token acts as its bot, user or app: it reads the channels and messages \
        it can see (often incident and deployment channels, where more credentials get pasted) \
        and posts as a trusted sender. An incoming webhook URL lets anyone post into its channel, \
        a ready-made phishing channel. Anyone who can read the file, its history, forks, CI logs \
        or artifacts holds them.",
    remediation: "Revoke the token or regenerate the webhook in the Slack app's settings, and \
        read the new one at run time from a secrets manager (AWS Secrets Manager, SSM Parameter \
        Store SecureString, Vault), for example in the function that posts alerts.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_14"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: concat!(
        "resource \"aws_lambda_function\" \"alerts\" {\n",
        "  function_name = \"alerts-to-slack\"\n",
        "  role          = \"arn:aws:iam::111122223333:role/alerts\"\n",
        "  runtime       = \"python3.12\"\n",
        "  handler       = \"app.handler\"\n",
        "  filename      = \"alerts.zip\"\n",
        "  environment {\n",
        "    variables = {\n",
        "      SLACK_BOT_TOKEN = \"",
        "xo",
        "xb-2718281828-3141592653-DriftGuardDocs0nly7Qm2Z",
        "\" # illustrative\n",
        "    }\n  }\n}\n"
    ),
    example_good: r#"resource "aws_lambda_function" "alerts" {
  function_name = "alerts-to-slack"
  role          = "arn:aws:iam::111122223333:role/alerts"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "alerts.zip"
  environment {
    variables = {
      # The function reads the token from Secrets Manager at start.
      SLACK_TOKEN_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack"
    }
  }
}
"#,
};

pub(super) static SLACK_TOKEN: SecretRule = SecretRule {
    meta: &META,
    what: "Slack credential",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &[
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "xoxr-",
        "xoxs-",
        "xoxo-",
        "xapp-",
        "hooks.slack.com",
    ],
    find,
};

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"xox[abposr]-[0-9]{6,}-[0-9A-Za-z\-]{8,250}|xapp-[0-9]-[A-Za-z0-9\-]{20,250}")
        .expect("valid regex")
});

static WEBHOOK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"hooks\.slack\.com/services/(T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})")
        .expect("valid regex")
});

fn find(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    find_tokens(text, line.clone(), &TOKEN, ID, out);
    for captures in WEBHOOK.captures_iter(&text[line.clone()]) {
        let Some(path) = captures.get(1) else {
            continue;
        };
        let secret = path.as_str().rsplit('/').next().unwrap_or("");
        let range = line.start + path.start()..line.start + path.end();
        let followed_by_token = text[range.end..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
        if !followed_by_token && !is_placeholder(path.as_str()) && shannon_entropy(secret) >= 3.0 {
            out.push(matched(ID, text, range));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::secrets::{find_secrets, found_by};

    fn found(text: &str) -> Vec<String> {
        found_by(super::ID, text)
    }

    #[test]
    fn tokens_and_webhooks() {
        for token in [
            format!("{}-2718281828-3141592653-DZPjN0MEQ7wjJJibaZUPgHV7", "xoxb"),
            format!(
                "{}-2718281828-3141592653-1618033988-4f1c8a7e9b2d6c3a5e8f0b1d7c4a9e2f",
                "xoxp"
            ),
            format!(
                "{}-1-A04ABCD1EFG-5772156649-8d3f1a9c7b2e4d6f0a8c1e3b5d7f9a2c",
                "xapp"
            ),
        ] {
            assert_eq!(
                found(&format!("SLACK_TOKEN = \"{token}\"")),
                [token.as_str()]
            );
        }
        let text = format!(
            "url = \"https://{}/services/T04QX1Z2R/B05RT7K9M/iB3m03nbqnsGpWLuqIA1id6V\"",
            "hooks.slack.com"
        );
        assert_eq!(
            found(&text),
            ["T04QX1Z2R/B05RT7K9M/iB3m03nbqnsGpWLuqIA1id6V"]
        );
        let masked = &find_secrets(&text)[0].masked;
        assert_eq!(*masked, format!("T04Q{}id6V", "*".repeat(36)));
    }

    #[test]
    fn documentation_webhooks_and_placeholders_are_not_reported() {
        for text in [
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
                .to_string(),
            format!(
                "t = \"{}\"",
                "xoxb-000000000000-000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"
            ),
            format!("t = \"{}\"", "xoxb-your-token"),
        ] {
            assert!(found(&text).is_empty(), "{text}");
        }
    }
}
