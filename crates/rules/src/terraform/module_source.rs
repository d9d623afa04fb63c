//! What a module `source` string is, following Terraform's module source syntax.

/// The kind of a module source and, where it has one, its pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleSource<'s> {
    /// `./x`, `../x`: part of this repository.
    Local,
    /// `namespace/name/provider` or `host/namespace/name/provider`: pinned by `version`.
    Registry,
    /// `git::…`, `github.com/…`, `bitbucket.org/…`, `git@…`: pinned by `?ref=`.
    Git { reference: Option<&'s str> },
    /// Any other remote (`https://…zip`, `s3::…`, `gcs::…`, `hg::…`).
    Other,
}

impl<'s> ModuleSource<'s> {
    pub fn parse(source: &'s str) -> Self {
        let source = source.trim();
        if source.starts_with("./") || source.starts_with("../") {
            return ModuleSource::Local;
        }
        let is_git = source.starts_with("git::")
            || source.starts_with("git@")
            || source.starts_with("github.com/")
            || source.starts_with("bitbucket.org/")
            || source.contains(".git?")
            || source.ends_with(".git");
        if is_git {
            return ModuleSource::Git {
                reference: query_param(source, "ref"),
            };
        }
        if !source.contains("::") && !source.contains("://") && is_registry_address(source) {
            return ModuleSource::Registry;
        }
        ModuleSource::Other
    }
}

/// `ns/name/provider` or `host.tld/ns/name/provider`, optionally with a `//subdir`.
fn is_registry_address(source: &str) -> bool {
    let address = source.split("//").next().unwrap_or(source);
    let parts: Vec<&str> = address.split('/').collect();
    let valid = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    match parts.len() {
        3 => parts.iter().all(valid),
        4 => parts[0].contains('.') && parts.iter().all(valid),
        _ => false,
    }
}

fn query_param<'s>(source: &'s str, name: &str) -> Option<&'s str> {
    let query = source.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.split("//").next().unwrap_or(value))
}

/// Whether a URL-ish source downloads over plain HTTP (no TLS), behind any `getter::` forcing.
pub fn is_plain_http(source: &str) -> bool {
    let url = source.rsplit("::").next().unwrap_or(source).trim();
    url.to_ascii_lowercase().starts_with("http://")
}

/// Git refs that are branches by near-universal convention. Any other ref may be a tag or a
/// branch: statically we cannot tell, so only these are reported.
pub const BRANCH_NAMES: &[&str] = &[
    "main",
    "master",
    "develop",
    "development",
    "dev",
    "trunk",
    "head",
    "latest",
    "stable",
    "staging",
    "production",
    "prod",
    "release",
    "next",
    "nightly",
];

pub fn is_branch_name(reference: &str) -> bool {
    let name = reference.strip_prefix("refs/heads/").unwrap_or(reference);
    reference.starts_with("refs/heads/")
        || BRANCH_NAMES.iter().any(|b| b.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources() {
        assert_eq!(ModuleSource::parse("./modules/net"), ModuleSource::Local);
        assert_eq!(
            ModuleSource::parse("terraform-aws-modules/vpc/aws"),
            ModuleSource::Registry
        );
        assert_eq!(
            ModuleSource::parse("app.terraform.io/acme/vpc/aws//modules/x"),
            ModuleSource::Registry
        );
        assert_eq!(
            ModuleSource::parse("git::https://example.com/vpc.git?ref=v1.2.0"),
            ModuleSource::Git {
                reference: Some("v1.2.0")
            }
        );
        assert_eq!(
            ModuleSource::parse("github.com/acme/terraform-vpc//modules/x?depth=1&ref=main"),
            ModuleSource::Git {
                reference: Some("main")
            }
        );
        assert_eq!(
            ModuleSource::parse("git@github.com:acme/vpc.git"),
            ModuleSource::Git { reference: None }
        );
        assert_eq!(
            ModuleSource::parse("https://example.com/vpc.zip"),
            ModuleSource::Other
        );
        assert_eq!(
            ModuleSource::parse("s3::https://s3.amazonaws.com/b/vpc.zip"),
            ModuleSource::Other
        );
    }

    #[test]
    fn plain_http_and_branch_names() {
        assert!(is_plain_http("http://example.com/vpc.zip"));
        assert!(is_plain_http("git::http://example.com/vpc.git"));
        assert!(!is_plain_http("https://example.com/vpc.zip"));
        assert!(is_branch_name("master") && is_branch_name("refs/heads/feature-x"));
        assert!(!is_branch_name("v1.2.0") && !is_branch_name("3f2c1a9"));
    }
}
