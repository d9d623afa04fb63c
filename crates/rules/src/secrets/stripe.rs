//! Stripe live-mode API keys: secret (`sk_live_`) and restricted (`rk_live_`) keys. Test-mode
//! keys (`sk_test_`, `rk_test_`) reach only test data and are not reported; publishable keys
//! (`pk_`) are meant to be public.

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::{find_tokens, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-stripe-key";

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "Stripe live API key is hardcoded",
    severity: Severity::Critical,
    rationale: "A live secret key acts as the Stripe account: it reads customers and payment \
        data, creates charges and refunds and pays out; a restricted key does whatever its \
        permissions allow. Anyone who can read the file, its history, forks, CI logs or \
        artifacts holds it. Test-mode keys (`sk_test_`) reach only test data and are not \
        reported.",
    remediation: "Roll the key in the Stripe dashboard (Developers → API keys), review the \
        request logs for its use, and read the new key at run time from a secrets manager \
        (AWS Secrets Manager, SSM Parameter Store SecureString, Vault). Prefer restricted keys \
        with only the permissions the service needs.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_17"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: concat!(
        "resource \"aws_lambda_function\" \"billing\" {\n",
        "  function_name = \"billing\"\n",
        "  role          = \"arn:aws:iam::111122223333:role/billing\"\n",
        "  runtime       = \"python3.12\"\n",
        "  handler       = \"app.handler\"\n",
        "  filename      = \"billing.zip\"\n",
        "  environment {\n",
        "    variables = {\n",
        "      STRIPE_API_KEY = \"",
        "sk_",
        "live_DriftGuardDocs0nly7Qm2Zp9Kw",
        "\" # illustrative\n",
        "    }\n  }\n}\n"
    ),
    example_good: r#"resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = "arn:aws:iam::111122223333:role/billing"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "billing.zip"
  environment {
    variables = {
      # The function reads the key from Secrets Manager at start.
      STRIPE_API_KEY_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stripe"
    }
  }
}
"#,
};

pub(super) static STRIPE_KEY: SecretRule = SecretRule {
    meta: &META,
    what: "Stripe live API key",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &["sk_live_", "rk_live_"],
    find,
};

static PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[rs]k_live_[A-Za-z0-9]{24,247}").expect("valid regex"));

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
    fn live_secret_and_restricted_keys() {
        for prefix in ["sk_", "rk_"] {
            let short = format!("{prefix}live_88HxjSI6bWHtP3fS2qHx6kwX");
            let long = format!("{prefix}live_oIIXGvOoNZYW2mZp0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Qh6yYTWmE4lBYOvfZ8UzDzV8fUkkibjL5");
            assert_eq!(found(&format!("STRIPE_KEY = \"{short}\"")), [short]);
            assert_eq!(found(&format!("stripe_key: {long}\n")), [long]);
        }
    }

    #[test]
    fn test_mode_publishable_and_placeholder_keys_are_not_reported() {
        for text in [
            format!("k = \"{}\"", "sk_test_88HxjSI6bWHtP3fS2qHx6kwX"),
            format!("k = \"{}\"", "pk_live_88HxjSI6bWHtP3fS2qHx6kwX"),
            format!("k = \"{}\"", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
            format!("k = \"{}\"", "sk_live_88HxjSI6bWHt"), // too short
        ] {
            assert!(found(&text).is_empty(), "{text}");
        }
    }
}
