//! Snapshot and structural tests of every renderer, on the fixture of [`fixture`].
//!
//! These live inside the crate so that they can give the renderers a fixture rule registry:
//! snapshots must not change when the real registry gains rules or rewords one.

mod fixture;

use driftguard_model::{Finding, ScanReport, Severity};

use crate::{render_with, Format, RenderOptions};

fn render(format: Format, report: &ScanReport, options: &RenderOptions) -> String {
    render_with(
        format,
        report,
        &fixture::sources(),
        options,
        &fixture::rules,
    )
    .unwrap_or_else(|e| panic!("{format} failed: {e}"))
}

fn plain() -> RenderOptions {
    RenderOptions::default()
}

fn with_suppressed() -> RenderOptions {
    RenderOptions {
        show_suppressed: true,
        ..RenderOptions::default()
    }
}

const SARIF_SCHEMA: &str = include_str!("../../tests/data/sarif-schema-2.1.0.json");

#[test]
fn text_snapshot() {
    insta::assert_snapshot!(render(Format::Text, &fixture::report(), &plain()));
}

#[test]
fn text_with_suppressed_snapshot() {
    insta::assert_snapshot!(render(Format::Text, &fixture::report(), &with_suppressed()));
}

#[test]
fn text_clean_snapshot() {
    insta::assert_snapshot!(render(Format::Text, &fixture::clean_report(), &plain()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render(Format::Json, &fixture::report(), &plain()));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!(render(Format::Sarif, &fixture::report(), &plain()));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(render(Format::Junit, &fixture::report(), &plain()));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(render(
        Format::Markdown,
        &fixture::report(),
        &with_suppressed()
    ));
}

#[test]
fn markdown_clean_snapshot() {
    insta::assert_snapshot!(render(Format::Markdown, &fixture::clean_report(), &plain()));
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!(render(Format::Csv, &fixture::report(), &plain()));
}

#[test]
fn every_format_ends_with_a_newline_and_renders_an_empty_report() {
    for format in Format::ALL {
        for report in [fixture::report(), fixture::clean_report()] {
            let out = render(format, &report, &plain());
            assert!(
                out.ends_with('\n'),
                "{format} output does not end with a newline"
            );
        }
    }
}

#[test]
fn text_has_no_ansi_escapes_without_color_and_some_with_it() {
    let report = fixture::report();
    for format in Format::ALL {
        let out = render(format, &report, &with_suppressed());
        assert!(!out.contains('\x1b'), "{format} output has an escape code");
    }
    let colored = RenderOptions {
        color: true,
        show_suppressed: true,
    };
    let out = render(Format::Text, &report, &colored);
    assert!(out.contains("\x1b["), "no ANSI escape in colored text");
    // Only colour differs: the text is the same once escapes are stripped.
    assert_eq!(
        strip_ansi(&out),
        render(Format::Text, &report, &with_suppressed())
    );
    // Other formats ignore `color`.
    for format in Format::ALL.into_iter().filter(|f| *f != Format::Text) {
        assert!(!render(format, &report, &colored).contains('\x1b'));
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn text_lists_every_active_finding_with_header_and_resource() {
    let report = fixture::report();
    let out = render(Format::Text, &report, &plain());
    for finding in report.active_findings() {
        let place = finding
            .location
            .as_ref()
            .map_or_else(|| finding.resource_address.clone(), ToString::to_string);
        let header = format!(
            "{place}: {} {} {}",
            finding.severity, finding.rule_id, finding.title
        );
        assert!(out.contains(&header), "missing header {header:?}");
        assert!(out.contains(&format!("resource: {}", finding.resource_address)));
    }
    assert!(
        !out.contains("aws_s3_bucket.website"),
        "suppressed findings are hidden"
    );
    assert!(out.contains("modules/net/variables.tf:3:13: error parse-error"));
    let error = out.find("error parse-error").unwrap();
    let warning = out.find("warning module-not-resolved").unwrap();
    assert!(error < warning, "errors come first");
    assert!(out.contains("Found 6 findings: 1 critical, 2 high, 1 medium, 1 low, 1 info."));
    assert!(out.contains("2 suppressed, 1 inconclusive, 1 input error."));
}

#[test]
fn text_says_no_findings() {
    let out = render(Format::Text, &fixture::clean_report(), &plain());
    assert!(out.starts_with("No findings."), "{out}");
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let mut schema: serde_json::Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
    // The OASIS schema's pattern for `language` (of `run` and `toolComponent`) has a stray `]`,
    // which the validator's meta-schema check rejects as an invalid regex (`format: regex`).
    // Restore its evident intent (`en` or `en-US`) here rather than edit the copied file.
    // We never emit `language`.
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    // The schema's `$ref`s are all local (`#/definitions/…`) and its meta-schema (draft-07) is
    // built into the validator; the crate is built without its HTTP resolver, so nothing is fetched.
    let validator = jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    for report in [fixture::report(), fixture::clean_report()] {
        let sarif: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &report, &plain())).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF schema violations:\n{}",
            errors.join("\n")
        );
    }
    // And the validator does reject what it should.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(
        !validator.is_valid(&broken),
        "a run without a tool must be invalid"
    );
}

#[test]
fn sarif_links_results_to_rules_and_marks_suppressions() {
    let report = fixture::report();
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &report, &plain())).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for (result, finding) in results.iter().zip(&report.findings) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], finding.rule_id.as_str());
        assert_eq!(
            result["partialFingerprints"]["driftguard/v1"],
            finding.fingerprint.as_str()
        );
        assert_eq!(
            result.get("suppressions").is_some(),
            finding.is_suppressed()
        );
        let location = &result["locations"][0];
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            finding.resource_address.as_str()
        );
        assert_eq!(
            location.get("physicalLocation").is_some(),
            finding.location.is_some()
        );
    }
    let kinds: Vec<&str> = results
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["inSource", "external"]);

    // A rule the registry knows is described from its metadata…
    let known = rules
        .iter()
        .find(|r| r["id"] == "aws-s3-bucket-public-read")
        .unwrap();
    assert_eq!(known["name"], "AwsS3BucketPublicRead");
    assert_eq!(
        known["fullDescription"]["text"],
        fixture::rules("aws-s3-bucket-public-read")
            .unwrap()
            .rationale
    );
    assert_eq!(known["properties"]["security-severity"], "9.0");
    assert_eq!(known["defaultConfiguration"]["level"], "error");
    assert!(known["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("```hcl"));
    // …and one it does not know, from the finding.
    let unknown = rules
        .iter()
        .find(|r| r["id"] == "aws-s3-bucket-access-logging")
        .unwrap();
    assert_eq!(
        unknown["shortDescription"]["text"],
        "S3 bucket access logging is not enabled"
    );
    assert_eq!(unknown["defaultConfiguration"]["level"], "note");
    assert_eq!(unknown["properties"]["security-severity"], "3.0");
    assert!(unknown.get("help").is_none());
}

#[test]
fn csv_parses_back_with_one_row_per_finding() {
    let report = fixture::report();
    let out = render(Format::Csv, &report, &plain());
    let mut reader = ::csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, crate::csv::HEADER);
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), report.findings.len());
    for (row, finding) in rows.iter().zip(&report.findings) {
        assert_eq!(row.len(), header.len());
        assert_eq!(&row[1], finding.rule_id);
        assert_eq!(&row[10], finding.message);
        assert_eq!(
            &row[11],
            if finding.is_suppressed() {
                "true"
            } else {
                "false"
            }
        );
        assert_eq!(&row[14], finding.fingerprint);
    }
    let no_location = rows
        .iter()
        .find(|r| &r[1] == "aws-s3-bucket-access-logging")
        .unwrap();
    assert_eq!((&no_location[5], &no_location[6]), ("", ""));
}

#[test]
fn junit_parses_with_a_case_per_rule_and_resource() {
    let report = fixture::report();
    let out = render(Format::Junit, &report, &plain());
    assert_eq!(out.matches("<testcase ").count(), 10, "{out}");
    assert_eq!(out.matches("<failure").count(), 6, "{out}");
    assert_eq!(out.matches("<skipped").count(), 3, "{out}");
    assert_eq!(out.matches("<error").count(), 1, "{out}");

    let parsed = quick_junit::Report::deserialize_from_str(&out).expect("valid JUnit XML");
    assert_eq!(parsed.tests, 10);
    assert_eq!(parsed.failures, 6);
    assert_eq!(parsed.errors, 1);
    let suites: Vec<&str> = parsed.test_suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        suites,
        [
            "aws-ec2-security-group-open-ingress",
            "aws-s3-bucket-access-logging",
            "aws-s3-bucket-public-read",
            "aws-s3-bucket-tags",
            "aws-s3-bucket-versioning",
            "driftguard",
        ]
    );
    let versioning = &parsed.test_suites[4];
    let cases: Vec<(&str, &str)> = versioning
        .test_cases
        .iter()
        .map(|c| {
            let kind = match &c.status {
                quick_junit::TestCaseStatus::Success { .. } => "success",
                quick_junit::TestCaseStatus::NonSuccess { .. } => "failure",
                quick_junit::TestCaseStatus::Skipped { .. } => "skipped",
            };
            (c.name.as_str(), kind)
        })
        .collect();
    assert_eq!(
        cases,
        [
            ("aws_s3_bucket.data", "skipped"),
            ("aws_s3_bucket.logs", "failure"),
            ("aws_s3_bucket.website", "skipped"),
        ]
    );
}

#[test]
fn markdown_caps_the_findings_table() {
    let template = fixture::report().findings[0].clone();
    let findings: Vec<Finding> = (0..250)
        .map(|i| Finding {
            resource_address: format!("aws_s3_bucket.b{i}"),
            ..template.clone()
        })
        .collect();
    let report = ScanReport::new(findings, vec![], vec![], 1, 250, 1);
    let out = render(Format::Markdown, &report, &plain());
    let rows = out
        .lines()
        .filter(|l| l.contains("`aws_s3_bucket.b"))
        .count();
    assert_eq!(rows, crate::markdown::MAX_ROWS);
    assert!(out.contains("…and 50 more"), "{out}");
    assert!(out.contains("| **Critical** | 250 |"));
}

#[test]
fn markdown_lists_suppressed_findings_only_when_asked() {
    let report = fixture::report();
    let hidden = render(Format::Markdown, &report, &plain());
    assert!(!hidden.contains("suppressed findings</summary>"));
    assert!(!hidden.contains("aws_s3_bucket.website"));
    let shown = render(Format::Markdown, &report, &with_suppressed());
    assert!(shown.contains("<summary>2 suppressed findings</summary>"));
    assert!(shown.contains("static website, public by design"));
}

#[test]
fn json_is_the_report() {
    let report = fixture::report();
    let json: serde_json::Value =
        serde_json::from_str(&render(Format::Json, &report, &plain())).unwrap();
    // The report, with each finding's compliance controls added.
    let mut expected = serde_json::to_value(&report).unwrap();
    for finding in expected["findings"].as_array_mut().unwrap() {
        let controls = fixture::rules(finding["rule_id"].as_str().unwrap())
            .map_or_else(Vec::new, |m| m.compliance.references());
        finding["controls"] = controls.into();
    }
    assert_eq!(json, expected);
    assert_eq!(
        json["findings"][0]["controls"][0], "iso27001:A.5.15",
        "public read concerns access control"
    );
    assert_eq!(json["schema_version"], 1);
    assert_eq!(
        json["findings"][0]["location"],
        serde_json::json!({"file": "main.tf", "start": {"line": 3, "column": 3}, "end": {"line": 3, "column": 25}})
    );
}

#[test]
fn formats_parse_and_display() {
    for format in Format::ALL {
        assert_eq!(format.to_string().parse::<Format>().unwrap(), format);
        assert_eq!(
            format.as_str().to_uppercase().parse::<Format>().unwrap(),
            format
        );
    }
    assert_eq!("md".parse::<Format>().unwrap(), Format::Markdown);
    assert_eq!("xml".parse::<Format>().unwrap(), Format::Junit);
    let err = "html".parse::<Format>().unwrap_err();
    assert!(err.to_string().contains("unknown format `html`"));
}

#[test]
fn severities_in_the_fixture_cover_every_level() {
    let report = fixture::report();
    for severity in Severity::ALL {
        assert!(report.findings.iter().any(|f| f.severity == severity));
    }
}

#[test]
fn text_names_the_resource_only_when_there_is_one() {
    let mut report = fixture::report();
    let with_resource = render(Format::Text, &report, &plain());
    assert!(with_resource.contains("= resource: "));
    for finding in &mut report.findings {
        finding.resource_address.clear();
    }
    let without = render(Format::Text, &report, &plain());
    assert!(!without.contains("= resource"), "{without}");
}
