use std::collections::HashMap;
use std::sync::OnceLock;

use driftguard_model::{Finding, Inconclusive, Value};

use crate::aws;
use crate::{Rule, RuleMeta};

/// Every built-in rule, in id order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static RULES: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = aws::rules();
        rules.extend_from_slice(crate::meta::RULES);
        rules.extend_from_slice(crate::secrets::RULES);
        rules.extend_from_slice(crate::terraform::RULES);
        rules.sort_by_key(|rule| rule.meta().id);
        rules
    })
}

pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    all_rules()
        .iter()
        .copied()
        .find(|rule| rule.meta().id == id)
}

/// `--select` / `--ignore`: rule ids or id prefixes (`aws-s3` selects every S3 rule).
#[derive(Debug, Clone, Default)]
pub struct RuleSelector {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelector {
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        let hit = |pattern: &String| {
            meta.id == pattern
                || meta
                    .id
                    .strip_prefix(pattern.as_str())
                    .is_some_and(|rest| rest.starts_with('-') || pattern.ends_with('-'))
        };
        (self.select.is_empty() || self.select.iter().any(hit)) && !self.ignore.iter().any(hit)
    }

    /// Selectors that match no rule: a typo the user should hear about.
    pub fn unmatched(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|pattern| {
                let single = RuleSelector {
                    select: vec![(*pattern).clone()],
                    ignore: vec![],
                };
                !all_rules().iter().any(|rule| single.matches(rule.meta()))
            })
            .map(String::as_str)
            .collect()
    }
}

/// The rules a scan runs.
pub struct Registry {
    rules: Vec<&'static dyn Rule>,
}

impl Registry {
    pub fn new(selector: &RuleSelector) -> Self {
        Registry {
            rules: all_rules()
                .iter()
                .copied()
                .filter(|rule| selector.matches(rule.meta()))
                .collect(),
        }
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// Runs every selected rule over one module tree's resources.
    pub fn check(&self, resources: &[driftguard_model::Resource]) -> crate::Checked {
        let ctx = crate::Context::new(resources);
        let mut out = crate::Checked::default();
        for rule in &self.rules {
            let mut reporter = crate::Reporter::new(rule.meta(), &mut out);
            rule.check(&ctx, &mut reporter);
        }
        defer_to_unresolved_modules(&ctx, &mut out);
        out
    }
}

/// A finding about something a resource lacks (it points at no attribute: no versioning, no
/// flow log, no encryption configuration) cannot be trusted when the resource is handed to a
/// module that was not resolved (`terraform init` not run): that module may well add what is
/// missing. Such findings become inconclusive checks, naming the module.
fn defer_to_unresolved_modules(ctx: &crate::Context<'_>, out: &mut crate::Checked) {
    let mut handed: HashMap<&str, &str> = HashMap::new();
    for call in ctx.of_type("terraform_module_call") {
        if call.get("resolved") != Some(&Value::Bool(false)) {
            continue;
        }
        for address in call
            .get("inputs_refer_to")
            .and_then(Value::as_list)
            .unwrap_or_default()
        {
            if let Some(address) = address.as_str() {
                handed.entry(address).or_insert(call.address.as_str());
            }
        }
    }
    if handed.is_empty() {
        return;
    }
    let (deferred, kept): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut out.findings)
        .into_iter()
        .partition(|f| f.attribute.is_none() && handed.contains_key(f.resource_address.as_str()));
    out.findings = kept;
    for finding in deferred {
        let module = handed[finding.resource_address.as_str()];
        out.inconclusive.push(Inconclusive {
            reason: format!(
                "`{}` is passed to `{module}`, whose source is not resolved (run `terraform init`): it may configure what is missing",
                finding.resource_address
            ),
            rule_id: finding.rule_id,
            resource_type: finding.resource_type,
            resource_address: finding.resource_address,
            attribute: None,
            location: finding.location,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for rule in all_rules() {
            let meta = rule.meta();
            assert!(seen.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(
                meta.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                meta.id
            );
            assert!(
                !meta.title.is_empty()
                    && !meta.rationale.is_empty()
                    && !meta.remediation.is_empty()
            );
            assert!(
                !meta.resource_types.is_empty(),
                "{} lists no resource types",
                meta.id
            );
            assert!(!meta.example_bad.is_empty() && !meta.example_good.is_empty());
        }
    }

    #[test]
    fn selector_matches_ids_and_dash_prefixes() {
        let meta = all_rules()[0].meta();
        let by_id = RuleSelector {
            select: vec![meta.id.into()],
            ignore: vec![],
        };
        assert!(by_id.matches(meta));
        let prefix: String = meta.id.split('-').take(2).collect::<Vec<_>>().join("-");
        let by_prefix = RuleSelector {
            select: vec![prefix],
            ignore: vec![],
        };
        assert!(by_prefix.matches(meta));
        let partial_word = RuleSelector {
            select: vec![meta.id[..meta.id.len() - 1].into()],
            ignore: vec![],
        };
        assert!(!partial_word.matches(meta), "a prefix must end at a dash");
        let ignored = RuleSelector {
            select: vec![],
            ignore: vec![meta.id.into()],
        };
        assert!(!ignored.matches(meta));
        assert_eq!(
            RuleSelector {
                select: vec!["aws-nope".into()],
                ignore: vec![]
            }
            .unmatched(),
            vec!["aws-nope"]
        );
    }
}
