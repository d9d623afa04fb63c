//! What every detector asks of a candidate value: is it a placeholder or a reference rather than
//! a secret, how random does it look, and how is it shown.

/// Shannon entropy of `value` in bits per character (over bytes: candidates are ASCII).
pub(crate) fn shannon_entropy(value: &str) -> f64 {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// How many of lower case, upper case, digits and other characters `value` mixes.
pub(crate) fn char_classes(value: &str) -> usize {
    let mut classes = [false; 4];
    for c in value.chars() {
        let class = if c.is_ascii_lowercase() {
            0
        } else if c.is_ascii_uppercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        };
        classes[class] = true;
    }
    classes.iter().filter(|&&c| c).count()
}

/// Words that mark a value as an example or a stand-in, in any detector (case-insensitive).
/// AWS documents `AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`: keys with
/// `EXAMPLE` in them are documentation, not credentials, and are not reported.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "redacted",
    "notreal",
    "not_real",
    "not-real",
    "fake",
    "xxxx",
    "****",
    "...",
    "…",
    "your_",
    "your-",
    "todo",
    "insert",
];

/// Extra words for values a person chose (generic assignments, URL passwords), matched after
/// undoing common letter substitutions (`p@ssw0rd` → `password`).
const WEAK_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "changeme",
    "default",
    "letmein",
    "qwerty",
    "welcome",
    "foobar",
    "hunter",
    "postgres",
    "apikey",
    "yourkey",
    "undefined",
    "example",
];

/// Short weak words: a long random value contains one now and then by chance, so they count
/// only in values that do not look random.
const SHORT_WEAK_WORDS: &[&str] = &[
    "admin", "test", "demo", "mysql", "root", "guest", "token", "none", "null", "empty", "enter",
    "value", "string",
];

/// Whether `value` is a stand-in rather than a credential: an example or dummy word, a markup
/// placeholder (`<token>`), one repeated character, or a run like `abcdef` / `123456`.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if value.contains('<') && value.contains('>') {
        return true;
    }
    is_degenerate(value)
}

/// Whether a value a person may have typed is a stand-in or a well-known weak default.
pub(crate) fn is_weak_or_placeholder(value: &str) -> bool {
    if is_placeholder(value) {
        return true;
    }
    let normalized: String = value
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect();
    if WEAK_WORDS.iter().any(|w| normalized.contains(w)) {
        return true;
    }
    let looks_random = value.len() >= 24 && shannon_entropy(value) >= 4.0;
    !looks_random && SHORT_WEAK_WORDS.iter().any(|w| normalized.contains(w))
}

/// One character repeated for most of the value, or an ascending run of 6 (`abcdef`, `123456`).
fn is_degenerate(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return true;
    }
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b.to_ascii_lowercase() as usize] += 1;
    }
    if counts.iter().any(|&c| c * 2 > bytes.len()) {
        return true;
    }
    let mut run = 1;
    for pair in bytes.windows(2) {
        if pair[1].to_ascii_lowercase() == pair[0].to_ascii_lowercase().wrapping_add(1) {
            run += 1;
            if run >= 6 {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// Whether `value` is (or contains) an expression rather than a literal: a Terraform
/// interpolation or directive, a template (`{{ … }}`, CloudFormation `{{resolve:…}}`), a shell
/// expansion (`$VAR`, `$(…)`), a YAML tag (`!Ref`), a printf verb or a reference such as
/// `var.x`, `local.x` or `aws_db_instance.main.password`.
pub(crate) fn is_reference(value: &str) -> bool {
    if value.contains("${")
        || value.contains("%{")
        || value.contains("{{")
        || value.contains("$(")
        || value.starts_with('$')
        || value.starts_with('!')
        || value.starts_with('%')
        || value.contains("%s")
        || value.contains('(')
    {
        return true;
    }
    // A dotted path of identifiers: var.x, local.x, module.m.out, data.t.n.attr, each.value.
    let mut segments = value.split('.');
    let first_is_identifier = segments.next().is_some_and(|s| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    let dotted = value.contains('.')
        && first_is_identifier
        && value.split('.').skip(1).all(|s| {
            !s.is_empty()
                && s.chars().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '[' | ']' | '"' | '*')
                })
        });
    // A path of plain words: `Jobs[-1].JobId`, `StreamDescription.Shards`.
    let word_path = value.contains('.')
        && value.split('.').all(|segment| {
            let name = segment.split('[').next().unwrap_or("");
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        });
    word_path
        || dotted
            && value.split('.').next().is_some_and(|root| {
                matches!(
                    root,
                    "var"
                        | "local"
                        | "module"
                        | "data"
                        | "each"
                        | "count"
                        | "path"
                        | "terraform"
                        | "self"
                ) || root.contains('_')
            })
}

/// Whether the characters around `range` leave it a whole token (not the middle of a longer
/// run of letters and digits).
pub(crate) fn is_whole_token(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(end).copied();
    !before.is_some_and(|b| b.is_ascii_alphanumeric())
        && !after.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// How many characters of a value of `len` characters may be shown on each side: 4 for values
/// of 20 or more (`AKIA************MPLE`), fewer for shorter ones, none up to 10.
pub(crate) fn kept_per_side(len: usize) -> usize {
    if len >= 20 {
        4
    } else {
        (len.saturating_sub(8) / 3).min(4)
    }
}

/// The value as it may be shown: the same length, with all but the first and last
/// [`kept_per_side`] characters replaced by `*`.
pub(crate) fn mask(value: &str) -> String {
    let len = value.chars().count();
    let keep = kept_per_side(len);
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i < keep || i >= len - keep { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_grows_with_randomness() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy("q7Vz9KmP2xLw4NbR8tYc") > 4.0);
    }

    #[test]
    fn masks_keep_at_most_four_characters_a_side_and_the_length() {
        assert_eq!(mask("AKIAQ3EGUZ7NXTLV2MPR"), "AKIA************2MPR");
        assert_eq!(mask("0123456789abcdef"), "01************ef");
        assert_eq!(mask("s3cr3tv4lu"), "**********");
        assert_eq!(mask("abc"), "***");
        for len in 0..80 {
            let value: String = "x".repeat(len);
            let masked = mask(&value);
            assert_eq!(masked.len(), len);
            assert!(len == 0 || masked.contains('*'), "{len}");
            assert!(masked.chars().filter(|&c| c != '*').count() <= 8);
        }
    }

    #[test]
    fn placeholders() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "<your-token>",
            "changeme",
            "xxxxxxxxxxxxxxxx",
            "aaaaaaaaaaaaaaaaaaaa",
            "abcdefgh12",
            "12345678",
            "REPLACE_WITH_TOKEN",
            "dummy-token-value",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in ["q7Vz9KmP2xLw4NbR8tYc", "Zr4tXq9w"] {
            assert!(!is_placeholder(value), "{value}");
        }
        assert!(is_weak_or_placeholder("P@ssw0rd2024"));
        assert!(is_weak_or_placeholder("Sup3rS3cr3t!"));
        assert!(!is_weak_or_placeholder("Zr4tXq9wLk"));
    }

    #[test]
    fn references() {
        for value in [
            "${var.db_password}",
            "var.db_password",
            "local.token",
            "random_password.db.result",
            "module.secrets.token",
            "{{resolve:secretsmanager:prod/db}}",
            "$DB_PASSWORD",
            "$(cat /run/secrets/db)",
            "!Ref DbPassword",
            "data.aws_ssm_parameter.db.value",
            "each.value.password",
            "jsondecode(data.x.y)",
            "Jobs[-1].JobId",
            "StreamDescription.Shards[-1].ShardId",
        ] {
            assert!(is_reference(value), "{value}");
        }
        for value in [
            "q7Vz9KmP2xLw4NbR8tYc",
            "Zr4t.Xq9w",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ] {
            assert!(!is_reference(value), "{value}");
        }
    }
}
