//! Every rule declares the compliance controls it gives evidence on, beside its metadata; these
//! tests keep those declarations valid against the embedded framework files.

use driftguard_compliance::{framework, Topic, ISO27001};
use driftguard_rules::{all_rules, find_rule};

/// Fails when a rule has no ISO/IEC 27001 control, or references a framework or control that the
/// framework files do not define.
#[test]
fn every_rule_maps_to_defined_controls_including_iso27001() {
    let problems: Vec<String> = all_rules()
        .iter()
        .map(|rule| rule.meta())
        .filter_map(|meta| {
            let problems = meta.compliance.problems();
            (!problems.is_empty()).then(|| format!("{}: {}", meta.id, problems.join("; ")))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "rules with invalid compliance mappings:\n  {}",
        problems.join("\n  ")
    );
}

/// A topic listed twice, or a direct reference that a topic of the same rule already implies, is
/// noise a reviewer has to read past.
#[test]
fn mappings_are_free_of_repetition() {
    let mut problems = Vec::new();
    for meta in all_rules().iter().map(|rule| rule.meta()) {
        let m = &meta.compliance;
        let mut topics = m.topics.to_vec();
        topics.sort_unstable();
        topics.dedup();
        if topics.len() != m.topics.len() {
            problems.push(format!("{}: a topic is listed twice", meta.id));
        }
        for (i, reference) in m.controls.iter().enumerate() {
            if m.controls[..i].contains(reference) {
                problems.push(format!("{}: `{reference}` is listed twice", meta.id));
            }
            let Some((framework_id, control)) = reference.split_once(':') else {
                continue;
            };
            let Some(f) = framework(framework_id) else {
                continue;
            };
            if let Some(topic) = m
                .topics
                .iter()
                .find(|t| f.topic_controls(**t).iter().any(|c| c == control))
            {
                problems.push(format!(
                    "{}: `{reference}` is already implied by topic {topic}",
                    meta.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_account_public_access_block_maps_to_cis_and_iso27001() {
    let meta = find_rule("aws-s3-account-public-access-block-disabled")
        .expect("rule exists")
        .meta();
    assert!(meta.compliance.topics.contains(&Topic::PublicDataExposure));
    let references = meta.compliance.references();
    assert!(
        references.iter().any(|r| r == "cis-aws:2.1.4"),
        "{references:?}"
    );
    assert!(
        references.iter().any(|r| r.starts_with("iso27001:A.")),
        "{references:?}"
    );
    let iso = framework(ISO27001).unwrap();
    let ids: Vec<&str> = meta
        .compliance
        .controls_in(iso)
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert!(ids.contains(&"A.8.12"), "{ids:?}"); // data leakage prevention
}

#[test]
fn cis_recommendations_are_referenced_by_the_rules_that_check_them() {
    let expected = [
        ("aws-cloudtrail-log-validation-disabled", "3.2"),
        ("aws-cloudtrail-trail-not-kms-encrypted", "3.5"),
        ("aws-kms-key-rotation-disabled", "3.6"),
        ("aws-ec2-vpc-flow-logs-disabled", "3.7"),
        ("aws-ec2-default-security-group-allows-traffic", "5.4"),
        ("aws-ec2-security-group-ssh-open", "5.2"),
        ("aws-ec2-instance-imdsv1-allowed", "5.6"),
        ("aws-rds-storage-unencrypted", "2.3.1"),
        ("aws-iam-policy-admin-access", "1.16"),
    ];
    let cis = framework("cis-aws").unwrap();
    for (rule, control) in expected {
        let meta = find_rule(rule).expect(rule).meta();
        assert!(
            meta.compliance
                .controls_in(cis)
                .iter()
                .any(|c| c.id == control),
            "{rule} should reference cis-aws:{control}"
        );
    }
}
