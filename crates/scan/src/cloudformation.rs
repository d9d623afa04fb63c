//! CloudFormation and SAM templates: found among the YAML and JSON files by their content, loaded
//! through `driftguard-cloudformation` (intrinsics resolved, types mapped onto the Terraform
//! schema) and checked by the same rules as Terraform.
//!
//! Suppressions: `# driftguard:ignore <rule> <reason>` comments on or above a resource's logical
//! id (the same comments as in Terraform), and the resource's `Metadata`:
//!
//! ```yaml
//! Metadata:
//!   driftguard:
//!     ignore:
//!       - id: aws-s3-bucket-versioning
//!         reason: build artefacts, rebuilt from git
//!   checkov:
//!     skip:
//!       - id: CKV_AWS_21
//!         comment: same, in Checkov's form
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use driftguard_cloudformation::{load, map, syntax, CfnResource, ParameterValues, Template};
use driftguard_model::{Finding, ResourceMode, Suppression, SuppressionKind, Value};
use driftguard_rules::{find_rule, Registry};
use rayon::prelude::*;

use crate::{read_text_file, scan_secrets, PathScan};

/// What loading templates needs from the scan.
pub(crate) struct TemplateContext<'a> {
    pub registry: &'a Registry,
    pub params: &'a ParameterValues,
    pub secret_rules: &'a HashSet<&'a str>,
}

/// Finds the templates among `text` (YAML, JSON and `.template` files; a file named on the
/// command line whatever its name), loads and checks them. Returns their results and the text
/// files that are not templates (still read for secrets).
pub(crate) fn load_templates(
    text: Vec<PathBuf>,
    named_file: bool,
    cx: &TemplateContext<'_>,
) -> (Vec<PathScan>, Vec<PathBuf>) {
    let loaded: Vec<(PathBuf, Option<PathScan>)> = text
        .into_par_iter()
        .map(|path| {
            let scan = (named_file || is_candidate(&path))
                .then(|| load_template_file(&path, cx))
                .flatten();
            (path, scan)
        })
        .collect();
    let mut templates = Vec::new();
    let mut rest = Vec::new();
    for (path, scan) in loaded {
        match scan {
            Some(scan) => templates.push(scan),
            None => rest.push(path),
        }
    }
    (templates, rest)
}

/// YAML, JSON and `.template` files may be templates; their content decides.
fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [".yaml", ".yml", ".json", ".template"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Loads and checks one template; `None` when the file is not one.
fn load_template_file(path: &Path, cx: &TemplateContext<'_>) -> Option<PathScan> {
    let source = read_text_file(path)?;
    if !syntax::looks_like_template(&source.text) {
        return None;
    }
    let display = source.path.to_string();
    let mut out = PathScan {
        files: 1,
        ..PathScan::default()
    };
    let template = match load(&display, &source.text, cx.params) {
        Ok(Some(template)) => template,
        Ok(None) => return None,
        Err(error) => {
            out.diagnostics.push(error.to_diagnostic());
            out.add_secrets(scan_secrets(source, None), cx.secret_rules, true);
            return Some(out);
        }
    };
    check_template(template, cx, &mut out);
    Some(out)
}

fn check_template(template: Template, cx: &TemplateContext<'_>, out: &mut PathScan) {
    let Template {
        source,
        resources: cfn_resources,
        mut diagnostics,
        ..
    } = template;
    let resources: Vec<_> = cfn_resources.iter().flat_map(map::map_resource).collect();
    out.resources = resources
        .iter()
        .filter(|r| r.mode == ResourceMode::Managed)
        .count();
    let mut checked = cx.registry.check(&resources);
    suppress_by_metadata(&cfn_resources, &mut checked.findings);
    out.findings = checked.findings;
    out.inconclusive = checked.inconclusive;
    // Comments above a logical id cover every resource mapped from it.
    let file = source.path.to_string();
    out.block_lines = cfn_resources
        .iter()
        .flat_map(|cfn| {
            let line = cfn.span.start.line;
            let file = file.clone();
            resources
                .iter()
                .filter(move |r| r.span.as_ref().is_some_and(|s| within(s, &cfn.span)))
                .map(move |r| ((file.clone(), r.address.clone()), line))
        })
        .collect();
    out.diagnostics.append(&mut diagnostics);
    // The template text (secrets masked) serves code frames and suppression comments.
    out.add_secrets(scan_secrets(source, None), cx.secret_rules, true);
}

/// Whether `inner` lies in `outer` (same file).
fn within(inner: &driftguard_model::Span, outer: &driftguard_model::Span) -> bool {
    inner.file == outer.file
        && inner.bytes.start >= outer.bytes.start
        && inner.bytes.end <= outer.bytes.end
}

/// Marks as suppressed the findings on resources whose `Metadata` accepts their rule:
/// `driftguard.ignore[].id` (a driftguard rule id) or Checkov's `checkov.skip[].id`.
fn suppress_by_metadata(resources: &[CfnResource], findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|f| f.suppression.is_none()) {
        let Some(location) = &finding.location else {
            continue;
        };
        let Some(resource) = resources.iter().find(|r| within(location, &r.span)) else {
            continue;
        };
        finding.suppression = metadata_suppression(&resource.metadata, &finding.rule_id);
    }
}

/// The suppression `metadata` declares for `rule_id`, if any.
fn metadata_suppression(metadata: &Value, rule_id: &str) -> Option<Suppression> {
    let entries = |path: &str| -> Vec<&Value> {
        match metadata.get_path(path) {
            Some(Value::List(items)) => items.iter().collect(),
            _ => Vec::new(),
        }
    };
    let text = |entry: &Value, key: &str| match entry.get_path(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    if let Some(entry) = entries("driftguard.ignore")
        .into_iter()
        .find(|e| text(e, "id").as_deref() == Some(rule_id))
    {
        return Some(Suppression {
            kind: SuppressionKind::Inline,
            reason: text(entry, "reason"),
            expires: None,
        });
    }
    let checkov_ids = find_rule(rule_id).map_or(&[][..], |r| r.meta().checkov);
    entries("checkov.skip")
        .into_iter()
        .find(|e| {
            text(e, "id").is_some_and(|id| checkov_ids.contains(&id.as_str()) || id == rule_id)
        })
        .map(|entry| Suppression {
            kind: SuppressionKind::Checkov,
            reason: text(entry, "comment").or_else(|| text(entry, "reason")),
            expires: None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(yaml_like: serde_json::Value) -> Value {
        fn convert(v: &serde_json::Value) -> Value {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(*b),
                serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
                serde_json::Value::String(s) => Value::String(s.clone()),
                serde_json::Value::Array(a) => Value::List(a.iter().map(convert).collect()),
                serde_json::Value::Object(o) => {
                    Value::Object(o.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
                }
            }
        }
        convert(&yaml_like)
    }

    #[test]
    fn metadata_accepts_driftguard_ids_and_checkov_ids() {
        let m = metadata(serde_json::json!({
            "driftguard": {"ignore": [{"id": "aws-s3-bucket-versioning", "reason": "rebuilt from git"}]},
            "checkov": {"skip": [{"id": "CKV_AWS_18", "comment": "logs elsewhere"}]}
        }));
        let versioning = metadata_suppression(&m, "aws-s3-bucket-versioning").unwrap();
        assert_eq!(versioning.kind, SuppressionKind::Inline);
        assert_eq!(versioning.reason.as_deref(), Some("rebuilt from git"));
        let logging = metadata_suppression(&m, "aws-s3-bucket-logging-disabled").unwrap();
        assert_eq!(logging.kind, SuppressionKind::Checkov);
        assert_eq!(logging.reason.as_deref(), Some("logs elsewhere"));
        assert!(metadata_suppression(&m, "aws-s3-bucket-public-read-acl").is_none());
        assert!(metadata_suppression(&Value::Null, "aws-s3-bucket-versioning").is_none());
    }

    #[test]
    fn json_yaml_and_template_files_are_candidates() {
        for name in [
            "a/stack.yaml",
            "b.yml",
            "c.json",
            "d.template",
            "E.TEMPLATE",
        ] {
            assert!(is_candidate(Path::new(name)), "{name}");
        }
        assert!(!is_candidate(Path::new("main.tf")));
    }
}
