//! Passwords in database and message-broker connection URLs:
//! `scheme://user:password@host`, for PostgreSQL, MySQL/MariaDB, MongoDB, Redis, AMQP,
//! SQL Server, Oracle, ClickHouse and CockroachDB (SQLAlchemy's `postgresql+psycopg2://` too).

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::value::{is_reference, is_weak_or_placeholder};
use super::{matched, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-database-url-password";

/// Fewest characters in a password worth reporting (shorter ones are stand-ins).
const MIN_PASSWORD: usize = 6;

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "Database connection URL has a hardcoded password",
    severity: Severity::High,
    rationale: "A connection URL with a password in it logs anyone who reads it into the \
        database, cache or broker it names: application data, often personal data, and \
        sometimes the way into the host. It travels with the file into every clone, fork, CI log \
        and artifact, and with Terraform into plan files and state. URLs to `localhost` are not \
        reported, nor passwords that are references (`${var.db_password}`, `$DB_PASSWORD`) or \
        stand-ins.",
    remediation: "Change the password, then build the URL at run time from a secret: \
        `aws_db_instance`'s `manage_master_user_password` (RDS keeps it in Secrets Manager), a \
        Secrets Manager or SSM Parameter Store reference read by the application, or a \
        `sensitive` variable fed from the environment. Removing the line does not remove it \
        from Git history.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_4"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"resource "aws_ssm_parameter" "database_url" {
  name  = "/app/database_url"
  type  = "String"
  value = "postgresql://app:Zr4tXq9wLk2v@db.internal.acme.io:5432/app" # illustrative
}
"#,
    example_good: r#"variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "database_url" {
  name  = "/app/database_url"
  type  = "SecureString"
  value = "postgresql://app:${var.db_password}@db.internal.acme.io:5432/app"
}
"#,
};

pub(super) static DATABASE_URL_PASSWORD: SecretRule = SecretRule {
    meta: &META,
    what: "password in a connection URL",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &[
        "postgres://",
        "postgresql://",
        "postgres+",
        "postgresql+",
        "mysql://",
        "mysql+",
        "mariadb://",
        "mariadb+",
        "mongodb://",
        "mongodb+srv://",
        "redis://",
        "rediss://",
        "amqp://",
        "amqps://",
        "mssql://",
        "mssql+",
        "sqlserver://",
        "oracle://",
        "oracle+",
        "clickhouse://",
        "cockroachdb://",
    ],
    find,
};

/// scheme, user, password, host.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse|cockroachdb)(?:\+[a-z0-9_]+)?://([^\s:/@"'`]*):([^\s/@"'`]+)@([^\s/"'`?#,;]*)"#,
    )
    .expect("valid regex")
});

fn find(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    for captures in PATTERN.captures_iter(&text[line.clone()]) {
        let (Some(user), Some(password), Some(host)) =
            (captures.get(1), captures.get(2), captures.get(3))
        else {
            continue;
        };
        let value = password.as_str();
        let host = host.as_str().to_ascii_lowercase();
        let loopback = [
            "localhost",
            "127.0.0.1",
            "[::1]",
            "0.0.0.0",
            "host.docker.internal",
        ]
        .iter()
        .any(|local| host == *local || host.starts_with(&format!("{local}:")));
        if value.len() < MIN_PASSWORD
            || !value.is_ascii()
            || value == user.as_str()
            || loopback
            || is_reference(value)
            || value.starts_with('{')
            || value.contains('*')
            || is_weak_or_placeholder(value)
        {
            continue;
        }
        let start = line.start + password.start();
        out.push(matched(ID, text, start..start + value.len()));
    }
}

#[cfg(test)]
mod tests {
    use crate::secrets::{find_secrets, found_by};

    fn found(text: &str) -> Vec<String> {
        found_by(super::ID, text)
    }

    #[test]
    fn passwords_in_connection_urls() {
        for text in [
            "DATABASE_URL=postgres://app:Zr4tXq9wLk2v@db.acme.io:5432/app",
            "url = \"postgresql+psycopg2://app:Zr4tXq9wLk2v@${aws_db_instance.main.address}/app\"",
            "{\"uri\": \"mongodb+srv://svc:Zr4tXq9wLk2v@cluster0.mongodb.net/db\"}",
            "REDIS_URL: rediss://:Zr4tXq9wLk2v@cache.acme.io:6380/0",
            "jdbc_url = \"jdbc:mysql://root:Zr4tXq9wLk2v@10.0.1.5:3306/app\"",
            "broker: amqp://celery:Zr4tXq9wLk2v@mq.acme.io//",
        ] {
            assert_eq!(found(text), ["Zr4tXq9wLk2v"], "{text}");
        }
        let text = "u = \"postgres://app:Zr4tXq9wLk2v@db\"";
        assert_eq!(find_secrets(text)[0].masked, "Z**********v");
    }

    #[test]
    fn references_placeholders_defaults_and_local_urls_are_not_reported() {
        for text in [
            "url = \"postgres://app:${var.db_password}@db.acme.io/app\"",
            "url = \"postgres://app:${random_password.db.result}@db/app\"",
            "DATABASE_URL=postgres://app:$DB_PASSWORD@db/app",
            "url: postgres://app:{{ db_password }}@db/app",
            "url = \"postgres://user:password@db.acme.io/app\"",
            "url = \"postgres://app:<password>@db.acme.io/app\"",
            "url = \"postgres://postgres:postgres@db.acme.io/app\"",
            "url = \"mysql://app:changeme@db.acme.io/app\"",
            "url = \"amqp://guest:guest@mq.acme.io\"",
            "url = \"postgres://app:Zr4tXq9wLk2v@localhost:5432/app\"",
            "url = \"redis://:Zr4tXq9wLk2v@127.0.0.1:6379\"",
            "url = \"postgres://app:****@db.acme.io/app\"",
            "url = \"postgres://app:pw@db.acme.io/app\"",
            "url = \"postgres://db.acme.io:5432/app\"",
            "url = \"https://user:Zr4tXq9wLk2v@git.acme.io\"", // not a database
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
