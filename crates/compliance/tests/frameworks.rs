//! Every embedded framework parses and is consistent, with the published ids and counts.

use driftguard_compliance::{framework, frameworks, Framework};
use std::collections::HashSet;

fn get(id: &str) -> &'static Framework {
    framework(id).unwrap_or_else(|| panic!("framework {id} is missing"))
}

fn ids(f: &Framework) -> Vec<&str> {
    f.controls.iter().map(|c| c.id.as_str()).collect()
}

fn group_ids<'a>(f: &'a Framework, group: &'a str) -> Vec<&'a str> {
    f.controls_in(group).map(|c| c.id.as_str()).collect()
}

/// `prefix1` ..= `prefixN`.
fn numbered(prefix: &str, n: u32) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

#[test]
fn all_six_frameworks_load_in_order() {
    let listed: Vec<&str> = frameworks().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        listed,
        [
            "iso27001",
            "cis-aws",
            "soc2",
            "pci-dss",
            "nist-800-53",
            "hipaa"
        ]
    );
    assert!(framework("nope").is_none());
}

#[test]
fn every_framework_is_consistent() {
    for f in frameworks() {
        for field in [&f.id, &f.name, &f.version, &f.publisher] {
            assert!(!field.trim().is_empty(), "{}: empty header field", f.id);
        }
        assert!(f.source.starts_with("https://"), "{}: source URL", f.id);

        let mut groups = HashSet::new();
        for g in &f.groups {
            assert!(
                groups.insert(g.id.as_str()),
                "{}: duplicate group {}",
                f.id,
                g.id
            );
            assert!(
                !g.name.trim().is_empty(),
                "{}: group {} unnamed",
                f.id,
                g.id
            );
            assert!(
                f.controls_in(&g.id).next().is_some() || f.id == "nist-800-53",
                "{}: group {} has no controls",
                f.id,
                g.id
            );
        }

        let mut seen = HashSet::new();
        for c in &f.controls {
            assert!(
                seen.insert(c.id.as_str()),
                "{}: duplicate control {}",
                f.id,
                c.id
            );
            assert!(
                groups.contains(c.group.as_str()),
                "{}: control {} has unknown group {}",
                f.id,
                c.id,
                c.group
            );
            let name = c.name.trim();
            assert!(
                !name.is_empty() && name.len() <= 80 && name == c.name,
                "{}: control {} name must be short and trimmed",
                f.id,
                c.id
            );
            assert_eq!(f.control(&c.id), Some(c));
            if let Some(parent) = &c.parent {
                let p = f
                    .control(parent)
                    .unwrap_or_else(|| panic!("{}: {} has unknown parent", f.id, c.id));
                assert!(p.parent.is_none(), "{}: nested parent of {}", f.id, c.id);
                // A specification is numbered under its standard's paragraph:
                // 164.308(a)(1) -> 164.308(a)(1)(ii)(A), 164.310(d)(1) -> 164.310(d)(2)(i).
                let paragraph =
                    p.id.rsplit_once('(')
                        .map_or(p.id.as_str(), |(head, _)| head);
                assert!(
                    c.id.starts_with(paragraph),
                    "{}: {} under {}",
                    f.id,
                    c.id,
                    p.id
                );
            }
        }
        assert!(f.control("no-such-control").is_none());
    }
}

#[test]
fn iso27001_has_all_93_annex_a_controls_by_theme() {
    let f = get("iso27001");
    assert_eq!(f.version, "2022");
    assert_eq!(f.controls.len(), 93);
    for (theme, clause, count) in [
        ("organisational", 5, 37),
        ("people", 6, 8),
        ("physical", 7, 14),
        ("technological", 8, 34),
    ] {
        assert_eq!(
            group_ids(f, theme),
            numbered(&format!("A.{clause}."), count),
            "{theme}"
        );
    }
    // Controls the mappings rely on.
    for (id, name) in [
        ("A.5.15", "Access control"),
        ("A.5.17", "Authentication information (secrets)"),
        ("A.8.9", "Configuration management"),
        ("A.8.15", "Logging"),
        ("A.8.16", "Monitoring activities"),
        ("A.8.24", "Use of cryptography"),
        ("A.8.32", "Change management"),
    ] {
        assert_eq!(f.control(id).map(|c| c.name.as_str()), Some(name));
    }
}

#[test]
fn cis_aws_v3_has_62_recommendations_in_five_sections() {
    let f = get("cis-aws");
    assert_eq!(f.version, "3.0.0");
    assert_eq!(f.controls.len(), 62);
    assert_eq!(group_ids(f, "iam"), numbered("1.", 22));
    assert_eq!(
        group_ids(f, "storage"),
        ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.3.1", "2.3.2", "2.3.3", "2.4.1"]
    );
    assert_eq!(group_ids(f, "logging"), numbered("3.", 9));
    assert_eq!(group_ids(f, "monitoring"), numbered("4.", 16));
    assert_eq!(group_ids(f, "networking"), numbered("5.", 6));
}

#[test]
fn soc2_has_the_33_common_criteria() {
    let f = get("soc2");
    assert_eq!(f.controls.len(), 33);
    for (series, count) in [
        (1, 5),
        (2, 3),
        (3, 4),
        (4, 2),
        (5, 3),
        (6, 8),
        (7, 5),
        (8, 1),
        (9, 2),
    ] {
        let group = format!("CC{series}");
        assert_eq!(group_ids(f, &group), numbered(&format!("{group}."), count));
    }
}

#[test]
fn pci_dss_has_12_requirements_and_63_second_level_requirements() {
    let f = get("pci-dss");
    assert_eq!(f.groups.len(), 12);
    assert_eq!(f.controls.len(), 63);
    for (req, count) in [5, 3, 7, 2, 4, 5, 3, 6, 5, 7, 6, 10]
        .into_iter()
        .enumerate()
    {
        let req = (req + 1).to_string();
        assert_eq!(group_ids(f, &req), numbered(&format!("{req}."), count));
    }
}

#[test]
fn nist_800_53_has_20_families_and_base_controls_of_ten() {
    let f = get("nist-800-53");
    assert_eq!(f.groups.len(), 20);
    let withdrawn: &[(&str, &[u32])] = &[
        ("AC", &[13, 15]),
        ("AU", &[15]),
        ("CM", &[]),
        ("CP", &[5]),
        ("IA", &[]),
        ("RA", &[4]),
        ("SA", &[6, 7, 12, 13, 14, 18, 19]),
        ("SC", &[9, 14, 19, 33]),
        ("SI", &[9]),
        ("SR", &[]),
    ];
    let highest = [
        ("AC", 25),
        ("AU", 16),
        ("CM", 14),
        ("CP", 13),
        ("IA", 13),
        ("RA", 10),
        ("SA", 23),
        ("SC", 51),
        ("SI", 23),
        ("SR", 12),
    ];
    let mut total = 0;
    for ((family, gone), (same, last)) in withdrawn.iter().zip(highest) {
        assert_eq!(*family, same);
        let expected: Vec<String> = (1..=last)
            .filter(|n| !gone.contains(n))
            .map(|n| format!("{family}-{n}"))
            .collect();
        total += expected.len();
        assert_eq!(group_ids(f, family), expected, "{family}");
    }
    assert_eq!(total, 183);
    assert_eq!(f.controls.len(), total);
}

#[test]
fn hipaa_has_22_standards_and_43_implementation_specifications() {
    let f = get("hipaa");
    let kind = |k: &str| {
        f.controls
            .iter()
            .filter(|c| c.kind.as_deref() == Some(k))
            .count()
    };
    assert_eq!(kind("standard"), 22);
    assert_eq!(kind("required") + kind("addressable"), 43);
    assert_eq!(f.controls.len(), 65);
    for c in &f.controls {
        assert!(c.id.starts_with("164.3"), "{}", c.id);
        assert_eq!(
            c.kind.as_deref() == Some("standard"),
            c.parent.is_none(),
            "{}: standards have no parent, specifications do",
            c.id
        );
    }
    for (group, standards) in [
        ("administrative", 9),
        ("physical", 4),
        ("technical", 5),
        ("organizational", 2),
        ("documentation", 2),
    ] {
        let n = f
            .controls_in(group)
            .filter(|c| c.kind.as_deref() == Some("standard"))
            .count();
        assert_eq!(n, standards, "{group}");
    }
    assert_eq!(f.control("164.312(a)(1)").unwrap().name, "Access control");
    assert_eq!(f.control("164.312(b)").unwrap().name, "Audit controls");
}

#[test]
fn every_control_of_a_framework_is_reachable_by_id() {
    for f in frameworks() {
        assert_eq!(ids(f).len(), f.controls.len());
        for id in ids(f) {
            assert_eq!(framework(&f.id).unwrap().control(id).unwrap().id, id);
        }
    }
}

#[test]
fn every_crosswalk_names_real_topics_and_controls() {
    for f in frameworks() {
        for (topic, controls) in &f.topics {
            assert!(
                driftguard_compliance::Topic::from_name(topic).is_some(),
                "{}: [topics] names unknown topic `{topic}`",
                f.id
            );
            assert!(
                !controls.is_empty(),
                "{}: topic `{topic}` maps to nothing",
                f.id
            );
            for id in controls {
                assert!(
                    f.control(id).is_some(),
                    "{}: topic `{topic}` maps to undefined control `{id}`",
                    f.id
                );
            }
        }
    }
}

#[test]
fn iso27001_maps_every_topic() {
    let iso = get("iso27001");
    for topic in driftguard_compliance::Topic::ALL {
        assert!(
            !iso.topic_controls(*topic).is_empty(),
            "ISO/IEC 27001 crosswalk lacks topic `{topic}`"
        );
    }
}

#[test]
fn crosswalks_cover_every_topic_except_where_nothing_fits() {
    use driftguard_compliance::Topic;
    // CIS recommendations are one setting each: checks reference them directly.
    assert!(
        get("cis-aws").topics.is_empty(),
        "cis-aws must have no [topics] table"
    );
    // HIPAA has nothing on pinned third-party code.
    for (id, unmapped) in [
        ("soc2", &[][..]),
        ("pci-dss", &[][..]),
        ("nist-800-53", &[][..]),
        ("hipaa", &[Topic::SupplyChain][..]),
    ] {
        let f = get(id);
        for topic in Topic::ALL {
            assert_eq!(
                f.topic_controls(*topic).is_empty(),
                unmapped.contains(topic),
                "{id}: crosswalk entry for topic `{topic}`"
            );
        }
    }
}

#[test]
fn a_mapping_expands_topics_and_direct_references_in_document_order() {
    use driftguard_compliance::{Mapping, Topic};
    let mapping = Mapping {
        topics: &[Topic::EncryptionAtRest, Topic::AuditLogging],
        controls: &["cis-aws:2.1.1", "iso27001:A.8.9"],
    };
    let iso: Vec<&str> = mapping
        .controls_in(get("iso27001"))
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(iso, ["A.8.9", "A.8.15", "A.8.24"]);
    let refs = mapping.references();
    assert!(refs.contains(&"cis-aws:2.1.1".to_string()), "{refs:?}");
    assert_eq!(refs[0], "iso27001:A.8.9");
    assert!(mapping.problems().is_empty(), "{:?}", mapping.problems());
}

#[test]
fn invalid_mappings_are_reported() {
    use driftguard_compliance::{Mapping, Topic};
    let bad = Mapping {
        topics: &[],
        controls: &["cis-aws:9.9", "nope:1", "A.8.9"],
    };
    let problems = bad.problems().join("\n");
    assert!(problems.contains("defines no control `9.9`"), "{problems}");
    assert!(problems.contains("no framework `nope`"), "{problems}");
    assert!(
        problems.contains("`A.8.9` is not a `framework:control`"),
        "{problems}"
    );
    assert!(
        problems.contains("no ISO/IEC 27001:2022 control"),
        "{problems}"
    );
    let fine = Mapping {
        topics: &[Topic::Secrets],
        controls: &[],
    };
    assert!(fine.problems().is_empty());
}
