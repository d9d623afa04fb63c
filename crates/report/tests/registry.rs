//! The public `render` against the real rule registry: rule metadata comes from it, and unknown
//! rule ids are rendered all the same.

use driftguard_model::{Finding, ScanReport, Severity, SourceFile, Sources};
use driftguard_report::{render, Format, RenderOptions};

fn finding(rule_id: &str, severity: Severity, title: &str, file: &SourceFile) -> Finding {
    Finding {
        rule_id: rule_id.into(),
        severity,
        title: title.into(),
        message: format!("{rule_id} failed"),
        resource_type: "aws_s3_bucket".into(),
        resource_address: "aws_s3_bucket.b".into(),
        attribute: None,
        location: Some(file.span(0..30)),
        suppression: None,
        fingerprint: "00".repeat(12),
    }
}

#[test]
fn registry_metadata_is_used_and_unknown_rules_fall_back_to_the_finding() {
    let file = SourceFile::new("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n}\n");
    let sources: Sources = [(file.path.clone(), file.clone())].into_iter().collect();
    let known = driftguard_rules::all_rules()
        .first()
        .map(|rule| rule.meta());
    let mut findings = vec![finding(
        "no-such-rule-in-any-registry",
        Severity::High,
        "A rule from elsewhere",
        &file,
    )];
    if let Some(meta) = known {
        findings.push(finding(meta.id, meta.severity, meta.title, &file));
    }
    let report = ScanReport::new(findings, vec![], vec![], 1, 1, 1);

    for format in Format::ALL {
        let out = render(format, &report, &sources, &RenderOptions::default()).unwrap();
        assert!(out.contains("no-such-rule-in-any-registry"), "{format}");
    }

    let sarif = render(Format::Sarif, &report, &sources, &RenderOptions::default()).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let unknown = rules
        .iter()
        .find(|r| r["id"] == "no-such-rule-in-any-registry")
        .unwrap();
    assert_eq!(unknown["shortDescription"]["text"], "A rule from elsewhere");
    assert_eq!(unknown["name"], "NoSuchRuleInAnyRegistry");
    if let Some(meta) = known {
        let described = rules.iter().find(|r| r["id"] == meta.id).unwrap();
        assert_eq!(described["shortDescription"]["text"], meta.title);
        assert_eq!(described["fullDescription"]["text"], meta.rationale);
        let help = described["help"]["text"].as_str().unwrap();
        assert!(help.starts_with(meta.remediation), "{help}");
    }
}
