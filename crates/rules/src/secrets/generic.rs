//! Generic assignments: a literal that looks random, assigned to a name that says it is a
//! secret (`password`, `db_password`, `client_secret`, `api_key`, `GITHUB_TOKEN`, `secretString`,
//! `"name": "DB_PASSWORD", "value": "…"`), in HCL, JSON, YAML, `.env` and shell syntax.
//!
//! The name alone says nothing about the value: most such assignments in IaC are references
//! (`var.db_password`, `${…}`, `{{resolve:…}}`, `$DB_PASSWORD`), identifiers (`prod/db/creds`,
//! `DB_PASSWORD`, an ARN), file names or stand-ins (`changeme`, `P@ssw0rd`). Only a literal of
//! 8 or more printable characters without spaces that mixes character classes and has a Shannon
//! entropy of at least 3 bits per character (a little less for 8 and 9 characters) is reported.
//!
//! A name/value pair may span lines (`- name: DB_PASSWORD` / `  value: …`, a `helm_release`
//! `set` block): the value is looked for on the next 3 lines after a secret-looking `name`,
//! in the same block only (a brace or bracket, another `name`, a new YAML item or a dedent ends
//! the search). Shell and docker-compose expansions (`${DB_PASSWORD}`, `$DB_PASSWORD`) are
//! references; the fallback of `${DB_PASSWORD:-…}` (also `-`, `:=`, `=`) is a literal used when
//! the variable is unset, so it is judged like any other value: a random one is reported, a weak
//! local default (`localdev`, `postgres`) is not. `:?` (error message) and `:+` (alternate
//! value) are not reported.

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::value::{char_classes, is_reference, is_weak_or_placeholder, shannon_entropy};
use super::{matched, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-generic-assignment";

const MIN_LEN: usize = 8;
const MAX_LEN: usize = 200;

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "Secret is hardcoded in an assignment",
    severity: Severity::Medium,
    rationale: "A password, token or key written as a literal is readable by everyone who can \
        read the repository, its history, forks, CI logs and artifacts, and Terraform also \
        copies it into plan files and state. It is reported when the name says secret \
        (`password`, `secret`, `token`, `api_key`, …) and the value looks like one: 8 or more \
        characters, mixed character classes, high entropy; references, stand-ins and \
        identifiers are not. Values that look machine-generated (16 or more characters, at least \
        3.5 bits of entropy per character) are reported as high, others as medium.",
    remediation: "Change the secret, then stop writing it down: let the service manage it \
        (`manage_master_user_password = true` on RDS), generate it (`random_password`) and keep \
        it in AWS Secrets Manager or SSM Parameter Store, or pass it in as a `sensitive` \
        variable from the environment (`TF_VAR_…`). Removing the line does not remove it from \
        Git history.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_6", "CKV_SECRET_19"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = "Zr4tXq9wLk2vN8pQ" # illustrative
}
"#,
    example_good: r#"resource "aws_db_instance" "main" {
  identifier                  = "main"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true # RDS keeps the password in Secrets Manager
}
"#,
};

pub(super) static GENERIC_ASSIGNMENT: SecretRule = SecretRule {
    meta: &META,
    what: "secret",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &[
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "api-key",
        "privatekey",
        "private_key",
        "private-key",
        "encryption_key",
        "encryptionkey",
        "signing_key",
        "signingkey",
        "client_key",
        "clientkey",
        "app_key",
        "appkey",
        "master_key",
        "masterkey",
    ],
    find,
};

/// `key = `, `"key": `, `key: `, `KEY=`, `key => `, `key := ` (and `\"key\": ` inside strings).
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_][A-Za-z0-9_.\-]*)(?:\\?["'])?[ \t]*(=>|:=|==|=|:)[ \t]*"#)
        .expect("valid regex")
});

/// `name = "DB_PASSWORD", value = ` / `"name": "DB_PASSWORD", "value": ` (ECS container
/// definitions, Kubernetes env lists written on one line).
static NAME_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\bname\\?["']?[ \t]*[:=][ \t]*\\?["']([A-Za-z0-9_.\-]+)\\?["'][ \t]*,[ \t]*\\?["']?value\\?["']?[ \t]*[:=][ \t]*"#,
    )
    .expect("valid regex")
});

/// A secret-looking `name` with nothing after it on its line (`name = "DB_PASSWORD"`,
/// `"name": "DB_PASSWORD",`, `- name: DB_PASSWORD`): its `value` may follow on one of the next
/// [`NAME_VALUE_WINDOW`] lines (ECS container definitions, Kubernetes env lists, `helm_release`
/// `set` and `kubernetes_deployment` `env` blocks written one key a line).
static NAME_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:^|[ \t{,\[]|-[ \t])\\?["']?name\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Za-z0-9_.\-]+)\\?["']?[ \t]*,?[ \t]*(?:(?:#|//).*)?\r?$"#,
    )
    .expect("valid regex")
});

/// A line that starts with the `value` key of a name/value pair.
static VALUE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^[ \t]*(?:-[ \t]+)?\\?["']?value\\?["']?[ \t]*[:=][ \t]*"#)
        .expect("valid regex")
});

/// A line that starts another key named `name` (the next pair: stop looking for a value).
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^[ \t]*(?:-[ \t]+)?\\?["']?name\\?["']?[ \t]*[:=]"#).expect("valid regex")
});

/// How many lines after a name its value is looked for.
const NAME_VALUE_WINDOW: usize = 3;

/// `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}`, `${NAME=default}`: a shell (or
/// docker-compose) parameter expansion with a fallback literal.
static EXPANSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]").expect("valid regex"));

/// `variable "db_password" {`: its `default` is the value.
static VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bvariable[ \t]+"([^"]+)"[ \t]*\{"#).expect("valid regex"));

static DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)(?:^|\{)[ \t]*default[ \t]*=[ \t]*").expect("valid regex"));

/// How far into a `variable` block its `default` is looked for.
const MAX_VARIABLE_BLOCK: usize = 4096;

/// The assignment right before a value, for messages.
static KEY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_][A-Za-z0-9_.\-]*)(?:\\?["'])?[ \t]*(?:=>|:=|=|:)[ \t]*(?:\\?["'`])?$"#)
        .expect("valid regex")
});

static NAME_VALUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\bname\\?["']?[ \t]*[:=][ \t]*\\?["']([A-Za-z0-9_.\-]+)\\?["'][ \t]*,[ \t]*\\?["']?value\\?["']?[ \t]*[:=][ \t]*(?:\\?["'`])?$"#,
    )
    .expect("valid regex")
});

fn find(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    let slice = &text[line.clone()];
    for captures in ASSIGNMENT.captures_iter(slice) {
        let (Some(key), Some(operator), Some(whole)) =
            (captures.get(1), captures.get(2), captures.get(0))
        else {
            continue;
        };
        // `arn:aws:secretsmanager:…:secret:name` and URL paths are not assignments (`:key =>`
        // is a Ruby symbol, and is).
        let bytes = slice.as_bytes();
        let before = key.start().checked_sub(1).map(|i| bytes[i]);
        let after_separator = matches!(before, Some(b'/' | b'@'))
            || (before == Some(b':') && operator.as_str() == ":");
        // `${POSTGRES_PASSWORD:-localdev}`: the name of a shell variable being expanded, not
        // an assignment (its fallback is looked at below).
        let in_expansion =
            before == Some(b'{') && key.start() >= 2 && bytes[key.start() - 2] == b'$';
        if operator.as_str() == "=="
            || after_separator
            || in_expansion
            || !is_secret_name(key.as_str())
        {
            continue;
        }
        report(text, line.start + whole.end(), line.end, out);
    }
    for captures in NAME_VALUE.captures_iter(slice) {
        let (Some(name), Some(whole)) = (captures.get(1), captures.get(0)) else {
            continue;
        };
        if is_secret_name(name.as_str()) {
            report(text, line.start + whole.end(), line.end, out);
        }
    }
    if let Some(name) = NAME_ALONE.captures(slice).and_then(|c| c.get(1)) {
        if is_secret_name(name.as_str()) {
            value_on_next_lines(text, line.clone(), out);
        }
    }
    for captures in EXPANSION.captures_iter(slice) {
        let (Some(name), Some(whole)) = (captures.get(1), captures.get(0)) else {
            continue;
        };
        // The variable's name or the key it is assigned to must say secret:
        // `POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-…}`, `DB_PASSWORD=${PGPW:-…}`.
        let outer = KEY_BEFORE
            .captures(&slice[..whole.start()])
            .and_then(|c| c.get(1))
            .is_some_and(|k| is_secret_name(k.as_str()));
        if outer || is_secret_name(name.as_str()) {
            report_fallback(text, line.start + whole.end(), line.end, out);
        }
    }
    for captures in VARIABLE.captures_iter(slice) {
        let (Some(name), Some(whole)) = (captures.get(1), captures.get(0)) else {
            continue;
        };
        if !is_secret_name(name.as_str()) {
            continue;
        }
        let from = line.start + whole.end();
        let mut to = (from + MAX_VARIABLE_BLOCK).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let block = &text[from..to];
        let block = block.find("\n}").map_or(block, |end| &block[..end]);
        if let Some(default) = DEFAULT.find(block) {
            let at = from + default.end();
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            report(text, at, line_end, out);
        }
    }
}

/// The `value` of a name/value pair whose secret-looking name ends `line`: on one of the next
/// [`NAME_VALUE_WINDOW`] lines, in the same block. A line that opens or closes a block or list
/// (`{`, `}`, `[`, `]`), starts another pair (`name = …`, a YAML `- ` item) or is indented
/// less than the name's line ends the search, so that a name never pairs with the value of
/// an unrelated block; blank lines and comments count toward the window.
fn value_on_next_lines(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let name_indent = indent(&text[line.clone()]);
    let mut at = line.end;
    for _ in 0..NAME_VALUE_WINDOW {
        if at >= text.len() {
            return;
        }
        let start = at + 1; // past the '\n'
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        at = end;
        let next = &text[start..end];
        let trimmed = next.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        if indent(next) < name_indent {
            return;
        }
        if let Some(value) = VALUE_LINE.find(next) {
            report(text, start + value.end(), end, out);
            return;
        }
        if next.contains(['{', '}', '[', ']'])
            || trimmed.starts_with("- ")
            || NAME_LINE.is_match(next)
        {
            return;
        }
    }
}

/// The fallback of a parameter expansion (`localdev` in `${POSTGRES_PASSWORD:-localdev}`),
/// starting at `at`, up to its closing `}`. A fallback is a literal written in the file, used
/// whenever the variable is unset: a random-looking one is reported like any other assignment;
/// stand-ins and weak local defaults (`localdev`, `postgres`, `changeme`) are not, and neither
/// is a fallback that is itself an expansion (`${A:-$B}`).
fn report_fallback(text: &str, at: usize, line_end: usize, out: &mut Vec<SecretMatch>) {
    let rest = &text[at..line_end];
    let Some(close) = rest.find('}') else {
        return;
    };
    let fallback = &rest[..close];
    let (inner, offset) = match fallback.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) if fallback.len() >= 2 && fallback.ends_with(q as char) => {
            (&fallback[1..fallback.len() - 1], 1)
        }
        _ => (fallback, 0),
    };
    if !inner.contains('$') && is_secret_value(inner) {
        let from = at + offset;
        out.push(matched(ID, text, from..from + inner.len()));
    }
}

fn report(text: &str, at: usize, line_end: usize, out: &mut Vec<SecretMatch>) {
    let Some(range) = literal_at(text, at, line_end) else {
        return;
    };
    if is_secret_value(&text[range.clone()]) {
        out.push(matched(ID, text, range));
    }
}

/// The literal starting at `at`: the inside of a quoted string (`"…"`, `'…'`, `` `…` ``, or
/// `\"…\"` inside another string) closed on the same line, or an unquoted token.
fn literal_at(text: &str, at: usize, line_end: usize) -> Option<Range<usize>> {
    let rest = &text[at..line_end];
    if let Some(inner) = rest.strip_prefix("\\\"") {
        let end = inner.find("\\\"")?;
        return Some(at + 2..at + 2 + end);
    }
    let first = rest.chars().next()?;
    if matches!(first, '"' | '\'' | '`') {
        let bytes = rest.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b if b == first as u8 => return Some(at + 1..at + i),
                _ => i += 1,
            }
        }
        return None; // not closed on this line: a multi-line string or not a string at all
    }
    let end = rest
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | ';' | '&' | ')' | '}' | ']')
        })
        .unwrap_or(rest.len());
    Some(at..at + end)
}

/// Whether a name says its value is a secret: its last word is `password`, `secret`, `token`,
/// …, or it ends in `api key`, `private key`, `secret string`, … (`dbPassword`, `DB_PASSWORD`,
/// `spring.datasource.password`, `clientSecret`, `x-api-key`, `secretString`).
fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    let Some(last) = words.last() else {
        return false;
    };
    let joined = words.join("_");
    if [
        "creation_token",
        "idempotency_token",
        "client_request_token",
        "next_token",
        "page_token",
        "pagination_token",
        "continuation_token",
        "sync_token",
        "client_token",
        "change_token",
    ]
    .contains(&joined.as_str())
    {
        return false;
    }
    let previous = words.len().checked_sub(2).map(|i| words[i].as_str());
    // `PGPASSWORD`, `clientsecret`, `accesstoken`: run-together words.
    if ["password", "passwd", "secret", "token", "apikey"]
        .iter()
        .any(|w| last.ends_with(w))
    {
        return true;
    }
    match last.as_str() {
        "pwd" | "pass" | "passphrase" | "secretkey" | "privatekey" => true,
        "key" => {
            matches!(
                previous,
                Some(
                    "api"
                        | "secret"
                        | "private"
                        | "encryption"
                        | "signing"
                        | "client"
                        | "app"
                        | "master"
                        | "auth"
                )
            ) || (previous == Some("access") && words.iter().any(|w| w == "secret"))
        }
        "string" => previous == Some("secret"),
        _ => false,
    }
}

/// Lower-case words of a name: split at `_`, `-`, `.` and camel-case humps (`DBPassword` →
/// `db`, `password`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let hump = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || (chars[i - 1].is_ascii_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if hump && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether a literal assigned to a secret name is a secret rather than a reference, an
/// identifier, a path or a stand-in.
fn is_secret_value(value: &str) -> bool {
    let len = value.len();
    (MIN_LEN..=MAX_LEN).contains(&len)
        && value.bytes().all(|b| b.is_ascii_graphic())
        && !is_reference(value)
        && !looks_like_name_or_path(value)
        && char_classes(value) >= 2
        && shannon_entropy(value) >= (3.0f64).min((len as f64).log2() - 0.25)
        && !is_weak_or_placeholder(value)
}

/// File paths, URLs, ARNs, secret names (`prod/db/creds`), file names and identifiers
/// (`DB_PASSWORD`, `my-app-secret`, `ProductionDatabase`).
fn looks_like_name_or_path(value: &str) -> bool {
    static PATH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[a-z0-9_.\-]+(?:/[a-z0-9_.\-]+)+/?$").expect("valid regex"));
    static FILE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^[A-Za-z0-9_.\-/]+\.(?:pem|key|crt|cer|pub|p12|pfx|jks|json|ya?ml|txt|env|cfg|conf|ini|sh|tpl|tftpl|tfvars)$",
        )
        .expect("valid regex")
    });
    // Words and numbers joined by `_`, `-` or `.`: `DB_PASSWORD`, `gpl-2.0-libgit2`.
    static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[A-Za-z]+[0-9]*|[0-9]+)(?:[_\-.](?:[A-Za-z]+[0-9]*|[0-9]+))+$")
            .expect("valid regex")
    });
    // Camel-case words: `ProductionDatabase`, `ExclusiveStartShardId`.
    static CAMEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[A-Z]?[a-z]+)+[0-9]*$").expect("valid regex"));
    let lower = value.to_ascii_lowercase();
    // Camel-case words have runs of lower-case letters; random letters rarely do.
    let has_word = value
        .as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_lowercase));
    value.starts_with(['/', '~'])
        || value.starts_with("./")
        || value.starts_with("../")
        || lower.starts_with("arn:")
        || lower.starts_with("alias/")
        || value.contains("://")
        || PATH.is_match(value)
        || FILE.is_match(value)
        || SEPARATED.is_match(value)
        || (has_word && CAMEL.is_match(value))
}

/// High for values that look machine-generated, medium for the rest.
pub(super) fn severity(value: &str) -> Severity {
    if value.len() >= 16 && shannon_entropy(value) >= 3.5 {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// The name a value at `start` is assigned to, for messages (`db_password`, or `DB_PASSWORD`
/// in a name/value pair).
pub(super) fn key_before(text: &str, start: usize) -> Option<&str> {
    static EXPANSION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]["']?$"#).expect("valid regex")
    });
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..start];
    if let Some(name) = EXPANSION_BEFORE.captures(prefix).and_then(|c| c.get(1)) {
        // A fallback: name the key it is assigned to if that says secret, else the variable.
        let outer = KEY_BEFORE
            .captures(&prefix[..name.start().saturating_sub(2)])
            .and_then(|c| c.get(1))
            .filter(|k| is_secret_name(k.as_str()));
        return Some(outer.unwrap_or(name).as_str());
    }
    if VALUE_LINE.is_match(prefix) && !prefix.contains(',') {
        // A value on its own line: name the `name` of the pair on one of the lines above.
        let mut end = line_start;
        for _ in 0..NAME_VALUE_WINDOW {
            let Some(newline) = end.checked_sub(1) else {
                break;
            };
            let begin = text[..newline].rfind('\n').map_or(0, |i| i + 1);
            if let Some(name) = NAME_ALONE
                .captures(&text[begin..newline])
                .and_then(|c| c.get(1))
            {
                if is_secret_name(name.as_str()) {
                    return Some(name.as_str());
                }
            }
            end = begin;
        }
    }
    let key = NAME_VALUE_BEFORE
        .captures(prefix)
        .or_else(|| KEY_BEFORE.captures(prefix))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())?;
    if key != "default" {
        return Some(key);
    }
    // A variable's default: name the variable.
    let before = &text[..line_start];
    let variable = before.rfind("variable")?;
    VARIABLE
        .captures(&before[variable..])
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .or(Some(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::{find_secrets, found_by};

    fn found(text: &str) -> Vec<String> {
        found_by(ID, text)
    }

    #[test]
    fn names_that_say_secret() {
        for name in [
            "password",
            "db_password",
            "DB_PASSWORD",
            "dbPassword",
            "DBPassword",
            "master_password",
            "spring.datasource.password",
            "client_secret",
            "clientSecret",
            "api_key",
            "x-api-key",
            "apiKey",
            "GITHUB_TOKEN",
            "auth_token",
            "secret_string",
            "secretString",
            "aws_secret_access_key",
            "private_key",
            "ansible_ssh_pass",
            "PGPASSWORD",
        ] {
            assert!(is_secret_name(name), "{name}: {:?}", words(name));
        }
        for name in [
            "password_length",
            "secret_arn",
            "secret_name",
            "token_url",
            "creation_token",
            "passwordless",
            "bypass",
            "access_key",
            "kms_key",
            "key",
            "secretKeyRef",
            "manage_master_user_password_rotation",
        ] {
            assert!(!is_secret_name(name), "{name}: {:?}", words(name));
        }
        assert_eq!(words("DBPassword"), ["db", "password"]);
        assert_eq!(words("x-api-key"), ["x", "api", "key"]);
    }

    #[test]
    fn secrets_in_every_syntax() {
        let v = "w5DQL05HA064GiIjHGb3CXlM";
        for text in [
            format!("  password = \"{v}\""),
            format!("  \"db_password\": \"{v}\","),
            format!("  DB_PASSWORD: {v}"),
            format!("  DB_PASSWORD: '{v}' # prod"),
            format!("export API_TOKEN={v}"),
            format!("API_KEY=\"{v}\""),
            format!("      CLIENT_SECRET = \"{v}\""),
            format!("  :password => '{v}',"),
            format!("{{ name = \"DB_PASSWORD\", value = \"{v}\" }}"),
            format!("[{{\"name\": \"DB_PASSWORD\", \"value\": \"{v}\"}}]"),
            format!("\"[{{\\\"name\\\":\\\"API_TOKEN\\\",\\\"value\\\":\\\"{v}\\\"}}]\""),
            format!("curl -H 'x-api-key: {v}' https://api.acme.io"),
            format!("variable \"db_password\" {{\n  type    = string\n  default = \"{v}\"\n}}"),
            format!("variable \"api_token\" {{ default = \"{v}\" }}"),
        ] {
            assert_eq!(found(&text), [v], "{text}");
        }
    }

    #[test]
    fn human_chosen_passwords_with_enough_entropy() {
        for v in ["Tr0ub4dor&3", "Zr4tXq9w", "kX8#mQ2!vL", "QxRtLmWpZkVb"] {
            assert_eq!(found(&format!("password = \"{v}\"")), [v], "{v}");
        }
        assert_eq!(severity("Tr0ub4dor&3"), Severity::Medium);
        assert_eq!(severity("w5DQL05HA064GiIjHGb3CXlM"), Severity::High);
    }

    #[test]
    fn references_identifiers_paths_and_stand_ins_are_not_reported() {
        for text in [
            "password = var.db_password",
            "password = local.db_password",
            "password = random_password.db.result",
            "password = \"${var.db_password}\"",
            "password = \"${random_password.db.result}\"",
            "password = \"%{if var.x}a%{endif}\"",
            "password = data.aws_ssm_parameter.db.value",
            "password = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)[\"password\"]",
            "MasterUserPassword: !Ref DbPassword",
            "MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'",
            "token: ${{ secrets.GITHUB_TOKEN }}",
            "DB_PASSWORD=$DB_PASSWORD_FROM_VAULT",
            "DB_PASSWORD=$(aws ssm get-parameter --name /db/pw)",
            "password = \"changeme\"",
            "password = \"P@ssw0rd123\"",
            "password = \"Sup3rS3cr3t!\"",
            "password = \"<db-password>\"",
            "password = \"xxxxxxxxxxxx\"",
            "password = \"********\"",
            "password = \"abcdefgh1234\"",
            "password = \"hunter22\"",
            "password = \"short1A\"",
            "password = \"\"",
            "password = true",
            "secret = \"DB_PASSWORD_SECRET\"",
            "secret = \"my-app-api-credentials\"",
            "token = \"MY_APP_CONFIG\"",
            "secret = \"ProductionDatabase\"",
            "secret_id = \"prod/db/master\"",
            "token = \"prod/app/slack-token\"",
            "private_key = \"keys/deploy.pem\"",
            "private_key = \"deploy-2024.pem\"",
            "secret = \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf\"",
            "token = \"https://vault.acme.io/v1/auth/token\"",
            "password_length = 24",
            "secret_arn = \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:x\"",
            "creation_token = \"3f2a1b4c-9d8e-4f7a-b6c5-d4e3f2a1b0c9\"",
            "condition = var.password == \"Zr4tXq9wLk2v\"",
            "description = \"the password is Zr4tXq9wLk2v\"",
            "password = <<EOT",
            "# set the token: see docs/tokens.md",
            "password = \"correct horse battery staple\"",
            "\"license_key\": \"gpl-2.0-libgit2\",",
            "\"spdx_license_key\": \"LicenseRef-scancode-aes-128-3.0\",",
            "\"api_key\": \"nvidia-sdk-12.8\",",
            "\"Password\": \"SomeKindOfPassword123!@#\",",
            "\"clientToken\": \"5dd59182-3917-421c-9b2c-7c92954b66ee\",",
            "\"input_token\": \"ExclusiveStartShardId\",",
            "\"output_token\": \"StreamDescription.Shards[-1].ShardId\",",
            "\"PurchaseToken\": \"eyJ2IjoiMSIsInMiOjEsImMiOi...\",",
            "\"requestID\":\"Msg:arn:aws:secretsmanager:us-east-1:123837392027:secret:db-0-xehWok:2023-07-10T12:07:00Z\"",
            "variable \"db_password\" {\n  type = string\n}\nlocals {\n  default = \"w5DQL05HA064GiIjHGb3CXlM\"\n}",
            "variable \"region\" {\n  default = \"w5DQL05HA064GiIjHGb3CXlM\"\n}",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn name_value_pairs_over_several_lines() {
        let v = "Qz8vK2mPx7Lw4NtR";
        for text in [
            // ECS container definitions in jsonencode and in a .json file.
            format!("environment = [\n  {{ name = \"DB_PASSWORD\"\n    value = \"{v}\" }},\n]"),
            format!("environment = [\n  {{\n    name  = \"DB_PASSWORD\"\n    value = \"{v}\"\n  }},\n]"),
            format!("\"environment\": [\n  {{\n    \"name\": \"DB_PASSWORD\",\n    \"value\": \"{v}\"\n  }}\n]"),
            format!("{{ \"name\": \"DB_PASSWORD\",\r\n  \"value\": \"{v}\" }}"),
            // Kubernetes env.
            format!("env:\n- name: DB_PASSWORD\n  value: \"{v}\"\n- name: LOG_LEVEL\n  value: info"),
            format!("        env:\n          - name: DB_PASSWORD # from vault later\n            value: {v}"),
            // helm_release set, kubernetes_deployment env.
            format!("set {{\n  name  = \"auth.password\"\n  value = \"{v}\"\n}}"),
            format!("set {{\n  name  = \"auth.password\"\n  type  = \"string\"\n  value = \"{v}\"\n}}"),
            format!("env {{\n  name = \"API_TOKEN\"\n\n  value = \"{v}\"\n}}"),
        ] {
            assert_eq!(found(&text), [v], "{text}");
        }
    }

    #[test]
    fn names_do_not_pair_with_values_of_other_blocks() {
        let v = "Qz8vK2mPx7Lw4NtR";
        for text in [
            // The value belongs to the next pair, or to another block.
            format!("env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {{name: db, key: pw}}\n- name: LOG_FORMAT\n  value: \"{v}\""),
            format!("- name: DB_PASSWORD\n- name: BUILD_ID\n  value: \"{v}\""),
            format!("env {{\n  name = \"DB_PASSWORD\"\n}}\nenv {{\n  value = \"{v}\"\n}}"),
            format!("{{ \"name\": \"DB_PASSWORD\",\n  \"valueFrom\": \"arn:aws:ssm:eu-west-1:1:parameter/db\" }},\n{{ \"name\": \"BUILD\", \"value\": \"{v}\" }}"),
            format!("  - name: API_TOKEN\nimage: x\nvalue: \"{v}\""),
            // Too far away.
            format!("name = \"DB_PASSWORD\"\na = 1\nb = 2\nc = 3\nvalue = \"{v}\""),
            // Not a secret name, or a reference / stand-in value.
            format!("name = \"BUILD_ID\"\nvalue = \"{v}\""),
            "set {\n  name  = \"auth.password\"\n  value = var.db_password\n}".to_string(),
            "- name: DB_PASSWORD\n  value: changeme123".to_string(),
            "- name: DB_PASSWORD\n  value: \"${DB_PASSWORD}\"".to_string(),
        ] {
            assert!(found(&text).is_empty(), "{text}: {:?}", found(&text));
        }
    }

    #[test]
    fn shell_expansions_and_their_fallbacks() {
        for text in [
            "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-localdev}",
            "      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-localdev}",
            "DB_PASSWORD=\"${DB_PASSWORD:-postgres}\"",
            "DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD must be set}",
            "DB_PASSWORD: ${DB_PASSWORD:?Set-DbPassword1}",
            "DB_PASSWORD: ${DB_PASSWORD:=changeme}",
            "DB_PASSWORD: ${DB_PASSWORD-dev-pass}",
            "DB_PASSWORD: ${DB_PASSWORD:-$FALLBACK_PASSWORD}",
            "DB_PASSWORD: ${DB_PASSWORD:-${VAULT_PASSWORD}}",
            "DB_PASSWORD: ${DB_PASSWORD:+Qz8vK2mPx7Lw4NtR}",
            "DB_PASSWORD: $DB_PASSWORD",
            "API_TOKEN: ${API_TOKEN}",
            "BUILD: ${BUILD_ID:-Qz8vK2mPx7Lw4NtR}",
            "echo ${#DB_PASSWORD}",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        let v = "Qz8vK2mPx7Lw4NtR";
        for text in [
            format!("POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD:-{v}}}"),
            format!("export DB_PASSWORD=\"${{DB_PASSWORD:={v}}}\""),
            format!("DB_PASSWORD=${{PGPW-{v}}}"),
            format!("DB_PASSWORD=${{PGPW:-'{v}'}}"),
        ] {
            assert_eq!(found(&text), [v], "{text}");
        }
    }

    #[test]
    fn messages_name_the_key() {
        let text = "  db_password = \"w5DQL05HA064GiIjHGb3CXlM\"\n";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("db_password"));
        let text = "{ name = \"DB_PASSWORD\", value = \"w5DQL05HA064GiIjHGb3CXlM\" }";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("DB_PASSWORD"));
        assert_eq!(m.masked, "w5DQ****************CXlM");
        let text = "variable \"db_password\" {\n  default = \"w5DQL05HA064GiIjHGb3CXlM\"\n}\n";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("db_password"));
        let text = "- name: DB_PASSWORD\n  value: \"w5DQL05HA064GiIjHGb3CXlM\"\n";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("DB_PASSWORD"));
        let text = "set {\n  name  = \"auth.password\"\n  value = \"w5DQL05HA064GiIjHGb3CXlM\"\n}";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("auth.password"));
        let text = "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-w5DQL05HA064GiIjHGb3CXlM}";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("POSTGRES_PASSWORD"));
        let text = "DB_PASSWORD=${PGPW:-w5DQL05HA064GiIjHGb3CXlM}";
        let m = &find_secrets(text)[0];
        assert_eq!(key_before(text, m.range.start), Some("DB_PASSWORD"));
    }
}
