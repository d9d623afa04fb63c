//! AWS credentials: access key ids (a fact: `AKIA`, `ASIA`, `ABIA` or `ACCA` and 16 base32
//! characters) and secret access keys (40 base64 characters: recognisable only by the name they
//! are assigned to, so they are matched with it).

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::value::{char_classes, is_placeholder, is_whole_token, shannon_entropy};
use super::{matched, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ACCESS_KEY_ID_ID: &str = "secret-aws-access-key-id";
pub(super) const SECRET_ACCESS_KEY_ID: &str = "secret-aws-secret-access-key";

static ACCESS_KEY_ID_META: RuleMeta = RuleMeta {
    id: ACCESS_KEY_ID_ID,
    title: "AWS access key id is hardcoded",
    severity: Severity::High,
    rationale: "An access key id names an IAM user's long-term key. Alone it cannot sign \
        requests, but it tells the account and the user, and its secret access key is almost \
        always written next to it; anyone with read access to the repository, its history, a \
        fork, a CI log or a built artifact holds the pair. Automated scanners find keys pushed to \
        public repositories within minutes. Keys with `EXAMPLE` in them (AWS's documentation \
        uses `AKIAIOSFODNN7EXAMPLE`) are not reported.",
    remediation: "Deactivate and delete the key in IAM (a key in Git history stays readable after \
        the line is removed), check CloudTrail for its use, and give the workload credentials \
        that are not written down: an instance profile, an IAM role for the task or function, \
        OIDC federation in CI, or the standard credential chain (`AWS_PROFILE`, SSO) for people.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_2", "CKV_AWS_41"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIADRIFTGUARDQ2Z7KM" # an illustrative, well-formed key id
}
"#,
    example_good: r#"# Credentials come from the environment: an instance profile, SSO or OIDC in CI.
provider "aws" {
  region = "eu-west-1"
}
"#,
};

pub(super) static ACCESS_KEY_ID: SecretRule = SecretRule {
    meta: &ACCESS_KEY_ID_META,
    what: "AWS access key id",
};

static SECRET_ACCESS_KEY_META: RuleMeta = RuleMeta {
    id: SECRET_ACCESS_KEY_ID,
    title: "AWS secret access key is hardcoded",
    severity: Severity::Critical,
    rationale: "A secret access key, with its key id, signs requests as the IAM user it belongs \
        to, from anywhere, until someone deletes it. Written in a file, it is readable by \
        everyone who can read the repository, its history, forks, CI logs and artifacts. \
        Documentation keys (`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) are not reported.",
    remediation: "Delete the access key in IAM now and review CloudTrail for its use; removing \
        the line does not remove it from Git history. Use credentials that are not written \
        down: an instance profile, an IAM role for the task or function, OIDC federation in CI, \
        or the standard credential chain for people.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_2", "CKV_AWS_41"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIADRIFTGUARDQ2Z7KM"
  secret_key = "dRiFtGuArD/d0cs+0nLy/k7Qm2Zp9KwLx4Rt8VbN" # illustrative
}
"#,
    example_good: r#"# Credentials come from the environment: an instance profile, SSO or OIDC in CI.
provider "aws" {
  region = "eu-west-1"
}
"#,
};

pub(super) static SECRET_ACCESS_KEY: SecretRule = SecretRule {
    meta: &SECRET_ACCESS_KEY_META,
    what: "AWS secret access key",
};

pub(super) static ACCESS_KEY_ID_DETECTOR: Detector = Detector {
    keywords: &["AKIA", "ASIA", "ABIA", "ACCA"],
    find: find_access_key_ids,
};

pub(super) static SECRET_ACCESS_KEY_DETECTOR: Detector = Detector {
    keywords: &["secret"],
    find: find_secret_access_keys,
};

static ACCESS_KEY_ID_PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}").expect("valid regex"));

/// `aws_secret_access_key = …`, `secret_key: …`, `"SecretAccessKey": "…"`, `AWS_SECRET_KEY=…`:
/// a name ending in secret (access) key, an assignment, an optional quote, 40 base64 characters.
static SECRET_ACCESS_KEY_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)secret[_.\-]?(?:access[_.\-]?)?key\\?["']?[ \t]*(?:=>|:=|=|:)[ \t]*(?:\\?["'])?([A-Za-z0-9/+]{40})"#,
    )
    .expect("valid regex")
});

fn find_access_key_ids(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    let slice = &text[line.clone()];
    for m in ACCESS_KEY_ID_PATTERN.find_iter(slice) {
        let range = line.start + m.start()..line.start + m.end();
        let value = m.as_str();
        if is_whole_token(text, range.start, range.end)
            && !is_placeholder(value)
            && shannon_entropy(&value[4..]) >= 2.5
        {
            out.push(matched(ACCESS_KEY_ID_ID, text, range));
        }
    }
}

fn find_secret_access_keys(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    let slice = &text[line.clone()];
    for captures in SECRET_ACCESS_KEY_PATTERN.captures_iter(slice) {
        let Some(m) = captures.get(1) else { continue };
        let range = line.start + m.start()..line.start + m.end();
        let followed_by_base64 = text[range.end..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+' || b == b'=');
        let value = m.as_str();
        let mixed_case = value.bytes().any(|b| b.is_ascii_lowercase())
            && value.bytes().any(|b| b.is_ascii_uppercase());
        if !followed_by_base64
            && mixed_case
            && char_classes(value) >= 3
            && shannon_entropy(value) >= 4.0
            && !is_placeholder(value)
        {
            out.push(matched(SECRET_ACCESS_KEY_ID, text, range));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::secrets::find_secrets;

    fn ids(text: &str) -> Vec<(&'static str, String)> {
        find_secrets(text)
            .into_iter()
            .map(|m| (m.rule_id, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn access_key_ids_of_every_prefix_in_any_syntax() {
        for (text, key) in [
            (
                "access_key = \"AKIAUJZDEGXDNCF32EPF\"",
                "AKIAUJZDEGXDNCF32EPF",
            ),
            (
                "export AWS_ACCESS_KEY_ID=ASIA3DHODZDOCIS2JHTL\n",
                "ASIA3DHODZDOCIS2JHTL",
            ),
            (
                "{\"AccessKeyId\": \"ABIAUJZDEGXDNCF32EPF\"}",
                "ABIAUJZDEGXDNCF32EPF",
            ),
            ("# old key ACCAUJZDEGXDNCF32EPF", "ACCAUJZDEGXDNCF32EPF"),
        ] {
            assert_eq!(
                ids(text),
                [("secret-aws-access-key-id", key.to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn access_key_id_lookalikes_and_placeholders_are_not_reported() {
        for text in [
            "access_key = \"AKIAIOSFODNN7EXAMPLE\"", // AWS's documentation key
            "access_key = \"AKIAAAAAAAAAAAAAAAAA\"", // one repeated character
            "access_key = \"AKIAABABABABABABABAB\"", // too regular
            "access_key = \"AKIA1234567890123456\"", // 0, 1, 8, 9 are not base32
            "x = \"XAKIAUJZDEGXDNCF32EPF\"",         // inside a longer token
            "x = \"AKIAUJZDEGXDNCF32EPFQ\"",         // too long
            "region = \"asia-east1\" # Asia/Tokyo",  // keyword, no key
            "access_key = var.aws_access_key",
        ] {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
    }

    #[test]
    fn secret_access_keys_next_to_their_name() {
        let key = "nyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS+6il";
        for text in [
            format!("  secret_key = \"{key}\""),
            format!("aws_secret_access_key = {key}"),
            format!("AWS_SECRET_ACCESS_KEY='{key}'"),
            format!("{{\"SecretAccessKey\": \"{key}\"}}"),
            format!("\"[{{\\\"aws_secret_key\\\": \\\"{key}\\\"}}]\""),
        ] {
            assert_eq!(
                ids(&text),
                [("secret-aws-secret-access-key", key.to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn secret_access_key_placeholders_and_references_are_not_reported() {
        for text in [
            "secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
            "secret_key = var.aws_secret_key",
            "secret_key = \"${var.aws_secret_key}\"",
            "secret_key = \"0123456789abcdef0123456789abcdef01234567\"", // hex: not base64 mix
            "secret_key = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
            "secret_key = \"nyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS+6ilEXTRA\"", // 45: not a key
        ] {
            let found = ids(text);
            assert!(
                found
                    .iter()
                    .all(|(rule, _)| *rule != "secret-aws-secret-access-key"),
                "{text}: {found:?}"
            );
        }
    }
}
