//! Private keys in PEM armour: PKCS#1 (`RSA`), SEC1 (`EC`), `DSA`, PKCS#8 (plain and
//! `ENCRYPTED`), OpenSSH and PGP (`PGP PRIVATE KEY BLOCK`), over real line breaks or `\n` escapes
//! (JSON, HCL strings).

use std::ops::Range;
use std::sync::LazyLock;

use driftguard_model::Severity;
use regex::Regex;

use super::value::{is_placeholder, shannon_entropy};
use super::{blank, Detector, SecretMatch, SecretRule};
use crate::{Mapping, RuleMeta, Topic};

pub(super) const ID: &str = "secret-private-key";

/// How every armoured block starts.
pub(super) const BEGIN: &str = "-----BEGIN ";

/// How far past `BEGIN` the `END` line is looked for (a 16384-bit RSA key is about 13 KB).
const MAX_BLOCK: usize = 64 * 1024;

/// Fewest base64 characters in a key body: shorter bodies are elisions (`...`) or templates.
const MIN_BODY: usize = 64;

static META: RuleMeta = RuleMeta {
    id: ID,
    title: "Private key is hardcoded",
    severity: Severity::Critical,
    rationale: "A private key in a file is a key everyone who can read the repository, its \
        history, forks, CI logs and artifacts holds: they can log in to the hosts that trust it \
        (SSH), impersonate the service whose certificate it signs (TLS), or decrypt and sign as \
        its owner (PGP). A key written into `user_data` or a variable default is also copied into \
        plan files, state and the instance metadata.",
    remediation: "Revoke the key (remove it from `authorized_keys`, revoke the certificate, \
        rotate the deploy key) and generate a new one that never enters the repository: keep it \
        in a secrets manager (AWS Secrets Manager, SSM Parameter Store SecureString, Vault) and \
        read it at run time, or generate it where it is used. Removing the line does not remove \
        it from Git history.",
    resource_types: &["*"],
    checkov: &["CKV_SECRET_13"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    },
    example_bad: r#"resource "aws_instance" "bastion" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    cat > /home/ec2-user/.ssh/id_ed25519 <<'KEY'
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
    QyNTUxOQAAACDrIfTgUaRdDrIfTgUaRdIlLuStRaTiVe0nLyQ2Z7KmPxV9wLbRcAAAAJi4
    -----END OPENSSH PRIVATE KEY-----
    KEY
  EOT
}
"#,
    example_good: r#"resource "aws_instance" "bastion" {
  ami                  = "ami-0c55b159cbfafe1f0"
  instance_type        = "t3.micro"
  iam_instance_profile = "bastion" # fetches the key from Secrets Manager at boot
  user_data            = <<-EOT
    #!/bin/sh
    aws secretsmanager get-secret-value --secret-id bastion/ssh-key \
      --query SecretString --output text > /home/ec2-user/.ssh/id_ed25519
  EOT
}
"#,
};

pub(super) static PRIVATE_KEY: SecretRule = SecretRule {
    meta: &META,
    what: "private key",
};

pub(super) static DETECTOR: Detector = Detector {
    keywords: &["PRIVATE KEY-----", "PRIVATE KEY BLOCK-----"],
    find,
};

static BEGIN_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----").expect("valid regex")
});

fn find(text: &str, line: Range<usize>, out: &mut Vec<SecretMatch>) {
    let slice = &text[line.clone()];
    for captures in BEGIN_PATTERN.captures_iter(slice) {
        let (Some(armour), Some(label)) = (captures.get(0), captures.get(1)) else {
            continue;
        };
        let start = line.start + armour.start();
        let body_start = line.start + armour.end();
        let window_end = floor_char_boundary(text, body_start.saturating_add(MAX_BLOCK));
        let window = &text[body_start..window_end];
        let end_armour = format!("-----END {}-----", label.as_str());
        let (body, end) = match window.find(&end_armour) {
            Some(at) => (&window[..at], body_start + at + end_armour.len()),
            // No END line: the key runs as long as key characters do.
            None => {
                let run = body_run(window);
                (&window[..run], body_start + run)
            }
        };
        if !looks_like_key_material(body) {
            continue;
        }
        out.push(SecretMatch {
            rule_id: ID,
            range: start..end,
            masked: format!("-----BEGIN {}-----********", label.as_str()),
        });
    }
}

/// Whether a block body holds key material: enough base64, random enough, not a stand-in.
fn looks_like_key_material(body: &str) -> bool {
    let mut base64 = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next(); // `\n`, `\r`, `\t` escapes
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' {
            base64.push(c);
        }
    }
    // PEM headers (`Proc-Type: 4,ENCRYPTED`) are words, not key material; placeholders are too.
    base64.len() >= MIN_BODY && shannon_entropy(&base64) >= 4.5 && !is_placeholder(body)
}

/// The length of the key material at the start of `window`, for a block whose END line is
/// missing: lines (over real or `\n`-escaped breaks) of base64 and nothing else.
fn body_run(window: &str) -> usize {
    let bytes = window.as_bytes();
    let is_base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let line_break = |at: usize| -> Option<usize> {
        ["\r\n", "\n", "\r", r"\r\n", r"\n"]
            .into_iter()
            .find(|sep| window[at..].starts_with(sep))
            .map(str::len)
    };
    let mut end = 0;
    let mut at = 0;
    loop {
        let mut i = match line_break(at) {
            Some(len) => at + len,
            None if at == 0 => 0,
            None => break,
        };
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let token_start = i;
        while i < bytes.len() && is_base64(bytes[i]) {
            i += 1;
        }
        let ends_line = i == bytes.len()
            || line_break(i).is_some()
            || matches!(bytes[i], b'"' | b'\'' | b' ' | b'\t');
        if i == token_start || !ends_line {
            break;
        }
        end = i;
        at = i;
    }
    end
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The block with its key material blanked: the `BEGIN` and `END` armour lines and all
/// whitespace stay, so lines and byte offsets do not move.
pub(super) fn mask_block(block: &str) -> String {
    let begin_len = block[BEGIN.len()..]
        .find("-----")
        .map_or(block.len(), |i| BEGIN.len() + i + 5);
    let end_at = block
        .rfind("-----END ")
        .filter(|&at| at >= begin_len)
        .unwrap_or(block.len());
    let mut out = String::with_capacity(block.len());
    out.push_str(&block[..begin_len]);
    out.push_str(&blank(&block[begin_len..end_at]));
    out.push_str(&block[end_at..]);
    out
}

#[cfg(test)]
mod tests {
    use crate::secrets::{find_secrets, mask_secrets};

    const BODY: [&str; 3] = [
        "MIIEpAIBAAKCAQEAdi4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY/uCu3ZR1zTOlUc",
        "R64cXQLioDnkHIfxnyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KX",
        "Sc7Tvo+hBKqFYY+kv5ZJr3J1TWDtkwtDQoaF1LlqsajAIxNKu8iS2G8NPRVdD53X",
    ];

    fn pem(label: &str, newline: &str) -> String {
        format!(
            "-----BEGIN {label}-----{newline}{}{newline}-----END {label}-----",
            BODY.join(newline)
        )
    }

    #[test]
    fn finds_every_kind_of_armoured_private_key() {
        for label in [
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
            "PGP PRIVATE KEY BLOCK",
        ] {
            for newline in ["\n", "\\n", "\r\n"] {
                let key = pem(label, newline);
                let text = format!("private_key = <<EOT\n{key}\nEOT\n");
                let found = find_secrets(&text);
                assert_eq!(found.len(), 1, "{label} {newline:?}: {found:?}");
                assert_eq!(&text[found[0].range.clone()], key);
                assert_eq!(found[0].masked, format!("-----BEGIN {label}-----********"));
            }
        }
    }

    #[test]
    fn a_key_without_its_end_line_is_still_found() {
        let text = format!(
            "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  {}\n  {}\nother: 1\n",
            BODY[0], BODY[1]
        );
        let found = find_secrets(&text);
        assert_eq!(found.len(), 1);
        assert!(text[found[0].range.clone()].ends_with(BODY[1]));
    }

    #[test]
    fn public_keys_certificates_and_elided_keys_are_not_reported() {
        for text in [
            format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
                BODY.join("\n")
            ),
            format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                BODY.join("\n")
            ),
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n".to_string(),
            "-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----\n"
                .to_string(),
            "-----BEGIN RSA PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END RSA PRIVATE KEY-----\n".to_string(),
            "if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n".to_string(),
        ] {
            assert!(find_secrets(&text).is_empty(), "{text}");
        }
    }

    #[test]
    fn masking_keeps_armour_and_line_breaks() {
        let key = pem("RSA PRIVATE KEY", "\n");
        let text = format!("k = <<EOT\n{key}\nEOT\n");
        let masked = mask_secrets(&text, &find_secrets(&text));
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(masked.contains("-----BEGIN RSA PRIVATE KEY-----\n****"));
        assert!(masked.contains("****\n-----END RSA PRIVATE KEY-----\nEOT"));
        for line in BODY {
            assert!(!masked.contains(&line[..16]));
        }
    }
}
