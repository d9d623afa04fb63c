//! A failing and a passing template per rule family, end to end: the real front end (`load`),
//! the mappers, and one check of the real rules over all the resources of the template, as a
//! scan does.
//!
//! `tests/fixtures/rules/<family>/fail.yaml` (or `fail.json`) starts with what must fire:
//!
//! ```text
//! # expect: aws-s3-bucket-versioning@LogsBucket, aws-s3-bucket-public-read-acl@LogsBucket:8
//! # allow: aws-s3-bucket-logging-disabled@LogsBucket
//! ```
//!
//! (rule id @ resource address, then optionally the line the finding points at, counted from
//! the top of the file, notes included; an `allow:` entry may name only the rule). JSON has no
//! comments, so a JSON template's notes live in a sibling `fail.expect` (or `pass.expect`), one
//! `expect:`/`allow:` per line. A failing template must raise exactly its expected findings and
//! what its `allow:` lines accept; a passing template (the same resources, fixed) only what its
//! `allow:` lines accept. Run with `--nocapture` to see every template's findings. [`driftguard_cloudformation::coverage::COVERED_RULES`] is the union of the
//! expected rules: a rule counts as covering CloudFormation only when a template here proves it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use driftguard_cloudformation::coverage::COVERED_RULES;
use driftguard_cloudformation::map::map_resource;
use driftguard_cloudformation::{load, ParameterValues};
use driftguard_model::{DiagnosticLevel, Finding, Resource};
use driftguard_rules::{all_rules, Checked, Registry, RuleSelector};

/// Every family with a fixture directory.
const FAMILIES: &[&str] = &[
    "apigateway",
    "cloudfront",
    "cloudtrail",
    "config",
    "dynamodb",
    "ec2-compute",
    "ec2-network",
    "ecr",
    "efs",
    "elasticache",
    "elb",
    "guardduty",
    "iam",
    "kinesis",
    "kms",
    "lambda",
    "opensearch",
    "rds",
    "redshift",
    "s3",
    "sam",
    "secretsmanager",
    "sns",
    "sqs",
];

/// A finding a template must (`expect:`) or may (`allow:`) raise.
#[derive(Debug)]
struct Expected {
    rule: String,
    /// `None` in an `allow:` entry that names only the rule: any address.
    address: Option<String>,
    line: Option<u32>,
}

impl Expected {
    fn parse(entry: &str, origin: &str) -> Expected {
        let (rule, rest) = match entry.split_once('@') {
            Some((rule, rest)) => (rule, Some(rest)),
            None => (entry, None),
        };
        let (address, line) =
            match rest.map(|rest| rest.split_once(':').unwrap_or((rest, ""))) {
                None => (None, None),
                Some((address, "")) => (Some(address.to_string()), None),
                Some((address, line)) => (
                    Some(address.to_string()),
                    Some(line.parse().unwrap_or_else(|_| {
                        panic!("{origin}: `{entry}`: the line is not a number")
                    })),
                ),
            };
        assert!(
            !rule.is_empty()
                && rule
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{origin}: `{entry}` does not name a rule"
        );
        Expected {
            rule: rule.to_string(),
            address,
            line,
        }
    }

    fn matches(&self, finding: &Finding) -> bool {
        finding.rule_id == self.rule
            && self
                .address
                .as_ref()
                .is_none_or(|address| *address == finding.resource_address)
            && self
                .line
                .is_none_or(|line| finding.location.as_ref().map(|l| l.start.line) == Some(line))
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rule)?;
        if let Some(address) = &self.address {
            write!(f, "@{address}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// A template of a family and what it must and may raise.
struct Case {
    path: PathBuf,
    expect: Vec<Expected>,
    allow: Vec<Expected>,
}

fn family_dir(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(family)
}

/// The `fail` or `pass` template of `family`, YAML or JSON, and its notes.
fn case(family: &str, kind: &str) -> Case {
    let dir = family_dir(family);
    let path = ["yaml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{kind}.{ext}")))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("no {kind}.yaml or {kind}.json in {}", dir.display()));
    // A YAML template's notes are its leading comment lines; a JSON template's are the lines of
    // its `.expect` file (optional for a passing template), where `#` starts a comment.
    let sidecar = path.extension().is_some_and(|e| e == "json");
    let notes_path = if sidecar {
        dir.join(format!("{kind}.expect"))
    } else {
        path.clone()
    };
    let origin = notes_path.display().to_string();
    let notes = match std::fs::read_to_string(&notes_path) {
        Ok(notes) => notes,
        Err(_) if sidecar && kind == "pass" => String::new(),
        Err(err) => panic!("{origin}: {err}"),
    };
    let mut expect = Vec::new();
    let mut allow = Vec::new();
    for line in notes.lines().map(str::trim) {
        let note = match line.strip_prefix('#') {
            Some(comment) if !sidecar => comment.trim(),
            Some(_) => continue,
            None if sidecar && line.is_empty() => continue,
            None if sidecar => line,
            None => break,
        };
        let (list, entries) = if let Some(entries) = note.strip_prefix("expect:") {
            (&mut expect, entries)
        } else if let Some(entries) = note.strip_prefix("allow:") {
            (&mut allow, entries)
        } else if sidecar {
            panic!("{origin}: `{line}` is neither `expect:` nor `allow:`");
        } else {
            continue;
        };
        list.extend(
            entries
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| Expected::parse(e, &origin)),
        );
    }
    if kind == "fail" {
        assert!(!expect.is_empty(), "{origin}: no `expect:` line");
        assert!(
            expect.iter().all(|e| e.address.is_some()),
            "{origin}: every expected finding names its resource"
        );
    } else {
        assert!(
            expect.is_empty(),
            "{origin}: a passing template expects nothing"
        );
    }
    Case {
        path,
        expect,
        allow,
    }
}

/// Loads the template, maps every resource and checks them all at once, as a scan does.
fn scan(case: &Case) -> Checked {
    let display = case.path.display().to_string();
    let text = std::fs::read_to_string(&case.path).expect("readable fixture");
    let template = load(&display, &text, &ParameterValues::default())
        .unwrap_or_else(|err| panic!("{display} does not load: {err}"))
        .unwrap_or_else(|| panic!("{display} is not recognised as a template"));
    let problems: Vec<String> = template
        .diagnostics
        .iter()
        .filter(|d| d.level >= DiagnosticLevel::Warning)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(problems.is_empty(), "{display}: {problems:#?}");
    let resources: Vec<Resource> = template.resources.iter().flat_map(map_resource).collect();
    Registry::new(&RuleSelector::default()).check(&resources)
}

fn describe(checked: &Checked) -> String {
    let mut out = String::from("findings:\n");
    for f in &checked.findings {
        let line = f.location.as_ref().map_or(0, |l| l.start.line);
        let _ = writeln!(
            out,
            "  {}@{}:{line} ({}) {}",
            f.rule_id,
            f.resource_address,
            f.attribute.as_deref().unwrap_or("-"),
            f.message
        );
    }
    out.push_str("inconclusive:\n");
    for i in &checked.inconclusive {
        let _ = writeln!(out, "  {}@{} {}", i.rule_id, i.resource_address, i.reason);
    }
    out
}

/// Checks one template against its notes; returns the problems, empty when it holds.
fn verify(family: &str, kind: &str) -> Vec<String> {
    let case = case(family, kind);
    let checked = scan(&case);
    let mut problems = Vec::new();
    for expected in &case.expect {
        if !checked.findings.iter().any(|f| expected.matches(f)) {
            problems.push(format!("{}: expected {expected}", case.path.display()));
        }
    }
    for finding in &checked.findings {
        let accepted = case
            .expect
            .iter()
            .chain(&case.allow)
            .any(|e| e.matches(finding));
        if !accepted {
            let line = finding.location.as_ref().map_or(0, |l| l.start.line);
            problems.push(format!(
                "{}: unexpected {}@{}:{line}",
                case.path.display(),
                finding.rule_id,
                finding.resource_address
            ));
        }
    }
    // Shown with `--nocapture`, to write or review a template's notes.
    println!("{}:\n{}", case.path.display(), describe(&checked));
    if !problems.is_empty() {
        problems.push(describe(&checked));
    }
    problems
}

fn verify_family(family: &str) {
    let mut problems = verify(family, "fail");
    problems.extend(verify(family, "pass"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

macro_rules! families {
    ($($test:ident => $family:literal,)*) => {
        $(
            #[test]
            fn $test() {
                verify_family($family);
            }
        )*

        #[test]
        fn every_family_has_a_test() {
            let tested = [$($family),*];
            assert_eq!(tested, FAMILIES);
        }
    };
}

families! {
    apigateway => "apigateway",
    cloudfront => "cloudfront",
    cloudtrail => "cloudtrail",
    config => "config",
    dynamodb => "dynamodb",
    ec2_compute => "ec2-compute",
    ec2_network => "ec2-network",
    ecr => "ecr",
    efs => "efs",
    elasticache => "elasticache",
    elb => "elb",
    guardduty => "guardduty",
    iam => "iam",
    kinesis => "kinesis",
    kms => "kms",
    lambda => "lambda",
    opensearch => "opensearch",
    rds => "rds",
    redshift => "redshift",
    s3 => "s3",
    sam => "sam",
    secretsmanager => "secretsmanager",
    sns => "sns",
    sqs => "sqs",
}

#[test]
fn every_fixture_directory_is_a_family() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixture directory exists")
        .map(|entry| {
            entry
                .expect("readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(found, FAMILIES);
}

/// The rules the failing templates prove.
fn proven_rules() -> BTreeSet<String> {
    FAMILIES
        .iter()
        .flat_map(|family| case(family, "fail").expect)
        .map(|e| e.rule)
        .collect()
}

#[test]
fn the_covered_rules_are_exactly_those_a_failing_template_proves() {
    let listed: Vec<&str> = COVERED_RULES.to_vec();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(listed, sorted, "COVERED_RULES is sorted, without repeats");
    let proven = proven_rules();
    let listed: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
    let unproven: Vec<&String> = listed.difference(&proven).collect();
    let unlisted: Vec<&String> = proven.difference(&listed).collect();
    assert!(
        unproven.is_empty() && unlisted.is_empty(),
        "listed but proven by no failing template: {unproven:?}\n\
         proven but not listed: {unlisted:?}"
    );
}

#[test]
fn at_least_80_percent_of_the_aws_rules_cover_cloudformation() {
    let aws: BTreeSet<&str> = all_rules()
        .iter()
        .map(|rule| rule.meta().id)
        .filter(|id| id.starts_with("aws-"))
        .collect();
    let unknown: Vec<&&str> = COVERED_RULES
        .iter()
        .filter(|id| !aws.contains(**id))
        .collect();
    assert!(unknown.is_empty(), "not AWS rules: {unknown:?}");
    let covered = COVERED_RULES.len();
    let share = covered as f64 * 100.0 / aws.len() as f64;
    let uncovered: Vec<&&str> = aws
        .iter()
        .filter(|id| !COVERED_RULES.contains(id))
        .collect();
    println!(
        "CloudFormation coverage: {covered} of {} AWS rules ({share:.1}%); not covered: {uncovered:?}",
        aws.len()
    );
    assert!(
        share >= 80.0,
        "{share:.1}% of the AWS rules cover CloudFormation"
    );
}
