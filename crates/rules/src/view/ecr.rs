//! ECR repositories, with the registry-level settings and the separate policies that apply to
//! them.

use driftguard_model::{Resource, Tri, Value};

use super::{flag, list_items, set_value, text_is, value_text_is};
use crate::Context;

/// An `aws_ecr_repository`.
pub struct Repository<'a> {
    pub resource: &'a Resource,
}

impl<'a> Repository<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Repository { resource }
    }

    /// `image_scanning_configuration.scan_on_push`, false by default.
    pub fn scan_on_push(&self) -> Tri {
        flag(
            self.resource,
            "image_scanning_configuration.0.scan_on_push",
            false,
        )
    }

    /// Whether an `aws_ecr_registry_scanning_configuration` rule scans this repository on
    /// push or continuously: a rule whose `scan_frequency` is not `MANUAL` and one of whose
    /// `repository_filter`s matches the repository name.
    pub fn scanned_by_registry(&self, ctx: &Context<'_>) -> Tri {
        let name = set_value(self.resource, "name");
        Tri::any(
            ctx.of_type("aws_ecr_registry_scanning_configuration")
                .map(|config| registry_rules_match(config, name)),
        )
    }

    /// Whether image tags can be overwritten: `image_tag_mutability` `MUTABLE` (the default)
    /// or `MUTABLE_WITH_EXCLUSION` (mutable except for the excluded tags).
    pub fn tags_mutable(&self) -> Tri {
        text_is(
            self.resource,
            "image_tag_mutability",
            Some("MUTABLE"),
            |m| m == "MUTABLE" || m == "MUTABLE_WITH_EXCLUSION",
        )
    }

    /// The `aws_ecr_repository_policy` resources attached to this repository.
    pub fn policies(&self, ctx: &Context<'a>) -> Vec<&'a Resource> {
        ctx.referring_to(
            self.resource,
            "aws_ecr_repository_policy",
            "repository",
            &["name", "id"],
        )
    }
}

/// Whether a registry scanning configuration has a rule that scans a repository named `name`.
fn registry_rules_match(config: &Resource, name: Option<&Value>) -> Tri {
    let rules = match set_value(config, "rule") {
        None => return Tri::False,
        Some(value) if value.is_unknown() => return Tri::Unknown,
        rules => list_items(rules),
    };
    Tri::any(rules.into_iter().map(|rule| {
        let scans = value_text_is(rule.get_path("scan_frequency"), None, |f| {
            !f.eq_ignore_ascii_case("MANUAL")
        });
        let filters = match rule.get_path("repository_filter") {
            Some(value) if value.is_unknown() => return scans.and(Tri::Unknown),
            filters => list_items(filters),
        };
        let matches = Tri::any(filters.into_iter().map(|filter| {
            let pattern = filter.get_path("filter");
            match (pattern, name) {
                (Some(Value::String(pattern)), Some(Value::String(name))) => {
                    Tri::from_bool(wildcard_matches(pattern, name))
                }
                // A filter of `*` matches every name, known or not.
                (Some(Value::String(pattern)), _) if pattern.chars().all(|c| c == '*') => Tri::True,
                _ => Tri::Unknown,
            }
        }));
        scans.and(matches)
    }))
}

/// ECR `WILDCARD` filters: `*` matches any run of characters.
fn wildcard_matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::wildcard_matches;

    #[test]
    fn wildcards_match_like_ecr_filters() {
        assert!(wildcard_matches("*", "anything"));
        assert!(wildcard_matches("prod-*", "prod-api"));
        assert!(!wildcard_matches("prod-*", "dev-api"));
        assert!(wildcard_matches("*-api", "prod-api"));
        assert!(wildcard_matches("a*b*c", "axxbyyc"));
        assert!(!wildcard_matches("a*b*c", "axxbyy"));
        assert!(wildcard_matches("exact", "exact"));
        assert!(!wildcard_matches("exact", "exactly"));
    }
}
