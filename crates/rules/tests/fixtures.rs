//! Fixture tests: every rule in the registry has a directory `tests/fixtures/<rule-id>/` with
//!
//! - `fail*.tf`: each line the rule must report is marked `# expect: <rule-id>`, at the end of
//!   the line or alone on the line above it; the rule must report exactly those lines;
//! - `pass*.tf`: the rule reports nothing, and nothing is left undecided;
//! - `inconclusive*.tf` (optional): the rule reports nothing, and leaves exactly the lines
//!   marked `# inconclusive: <rule-id>` undecided, because a value is unknown statically.
//!
//! Each file is evaluated on its own with the Terraform evaluator. The rule's `example_bad`
//! and `example_good` (shown by `driftguard explain`) must fail and pass too.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use driftguard_model::{DiagnosticLevel, SourceFile};
use driftguard_rules::{all_rules, Checked, Registry, RuleMeta, RuleSelector, Suppressor};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Evaluates one file and runs one rule over it; evaluation errors are test failures.
fn run(meta: &RuleMeta, name: &str, text: &str) -> Result<Checked, String> {
    let evaluated = driftguard_terraform::evaluate_str(&[(name, text)]);
    let errors: Vec<String> = evaluated
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Err(format!("{name} does not evaluate: {}", errors.join("; ")));
    }
    let selector = RuleSelector {
        select: vec![meta.id.to_string()],
        ignore: vec![],
    };
    let mut checked = Registry::new(&selector).check(&evaluated.resources);
    // Rules about driftguard's own directives are reported from the comments.
    let source = SourceFile::new(name, text);
    let (directive_findings, _) = Suppressor::new("2026-01-01".into(), [&source]).audit();
    checked.findings.extend(directive_findings);
    // Secret rules are reported from the text.
    let secrets = driftguard_rules::secrets::find_secrets(text);
    checked.findings.extend(driftguard_rules::secrets::findings(
        &source,
        &secrets,
        |_| None,
    ));
    checked.findings.retain(|f| f.rule_id == meta.id);
    checked.inconclusive.retain(|i| i.rule_id == meta.id);
    Ok(checked)
}

/// Lines marked `# <marker>: <rule-id>`: the marked line itself, or, for a marker alone on its
/// line, the next line that is not another lone marker (it may be a comment: directives are).
fn marked_lines(text: &str, marker: &str, rule_id: &str) -> BTreeSet<u32> {
    let needle = format!("# {marker}: {rule_id}");
    let lines: Vec<&str> = text.lines().collect();
    let mut marked = BTreeSet::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(at) = line.find(&needle) else {
            continue;
        };
        // The id must end there: `aws-s3-x` does not mark `aws-s3-x-y`.
        let rest = &line[at + needle.len()..];
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if line[..at].trim().is_empty() {
            let next = lines[index + 1..]
                .iter()
                .position(|l| !is_lone_marker(l))
                .map(|offset| index + 1 + offset);
            if let Some(next) = next {
                marked.insert(next as u32 + 1);
            }
        } else {
            marked.insert(index as u32 + 1);
        }
    }
    marked
}

fn is_lone_marker(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("# expect: ") || line.starts_with("# inconclusive: ")
}

fn lines_of<'a>(
    locations: impl Iterator<Item = Option<&'a driftguard_model::Span>>,
) -> BTreeSet<u32> {
    locations
        .map(|span| span.map_or(0, |s| s.start.line))
        .collect()
}

/// The fixture files of a rule whose name starts with `prefix`, sorted.
fn files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.starts_with(prefix) && name.ends_with(".tf")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn check_rule(meta: &RuleMeta) -> Vec<String> {
    let mut problems = Vec::new();
    let dir = fixtures_dir().join(meta.id);
    let fails = files(&dir, "fail");
    let passes = files(&dir, "pass");
    if fails.is_empty() || passes.is_empty() {
        problems.push(format!(
            "missing fixtures: {}/{{fail,pass}}.tf",
            dir.display()
        ));
        return problems;
    }
    let read = |path: &Path| fs::read_to_string(path).expect("fixture is readable");
    let name_of = |path: &Path| path.file_name().unwrap().to_string_lossy().into_owned();

    for path in &fails {
        let (name, text) = (name_of(path), read(path));
        let expected = marked_lines(&text, "expect", meta.id);
        if expected.is_empty() {
            problems.push(format!("{name}: no `# expect: {}` marker", meta.id));
            continue;
        }
        match run(meta, &name, &text) {
            Err(e) => problems.push(e),
            Ok(checked) => {
                let found = lines_of(checked.findings.iter().map(|f| f.location.as_ref()));
                if found != expected {
                    problems.push(format!(
                        "{name}: findings on lines {found:?}, expected {expected:?} ({:?}; inconclusive: {:?})",
                        checked.findings.iter().map(|f| &f.message).collect::<Vec<_>>(),
                        checked.inconclusive.iter().map(|i| &i.reason).collect::<Vec<_>>(),
                    ));
                }
                if !checked.inconclusive.is_empty() {
                    problems.push(format!(
                        "{name}: unexpected inconclusive checks: {:?}",
                        checked
                            .inconclusive
                            .iter()
                            .map(|i| &i.reason)
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    for path in &passes {
        let name = name_of(path);
        match run(meta, &name, &read(path)) {
            Err(e) => problems.push(e),
            Ok(checked) => {
                for f in &checked.findings {
                    let line = f.location.as_ref().map_or(0, |s| s.start.line);
                    problems.push(format!("{name}:{line}: unexpected finding: {}", f.message));
                }
                for i in &checked.inconclusive {
                    let line = i.location.as_ref().map_or(0, |s| s.start.line);
                    problems.push(format!(
                        "{name}:{line}: unexpected inconclusive: {}",
                        i.reason
                    ));
                }
            }
        }
    }
    for path in files(&dir, "inconclusive") {
        let (name, text) = (name_of(&path), read(&path));
        let expected = marked_lines(&text, "inconclusive", meta.id);
        match run(meta, &name, &text) {
            Err(e) => problems.push(e),
            Ok(checked) => {
                for f in &checked.findings {
                    problems.push(format!(
                        "{name}: reported from an unknown value: {}",
                        f.message
                    ));
                }
                let found = lines_of(checked.inconclusive.iter().map(|i| i.location.as_ref()));
                if found != expected || expected.is_empty() {
                    problems.push(format!(
                        "{name}: inconclusive on lines {found:?}, expected {expected:?}"
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_rule_has_fixtures_that_fail_and_pass() {
    let problems: Vec<String> = all_rules()
        .iter()
        .flat_map(|rule| {
            check_rule(rule.meta())
                .into_iter()
                .map(move |p| format!("{}: {p}", rule.meta().id))
        })
        .collect();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_rule_example_fails_and_passes() {
    let mut problems = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        match run(meta, "example_bad.tf", meta.example_bad) {
            Err(e) => problems.push(format!("{}: {e}", meta.id)),
            Ok(checked) if checked.findings.is_empty() => {
                problems.push(format!("{}: example_bad yields no finding", meta.id))
            }
            Ok(_) => {}
        }
        match run(meta, "example_good.tf", meta.example_good) {
            Err(e) => problems.push(format!("{}: {e}", meta.id)),
            Ok(checked) => {
                if !checked.findings.is_empty() || !checked.inconclusive.is_empty() {
                    problems.push(format!(
                        "{}: example_good yields {:?} {:?}",
                        meta.id,
                        checked
                            .findings
                            .iter()
                            .map(|f| &f.message)
                            .collect::<Vec<_>>(),
                        checked
                            .inconclusive
                            .iter()
                            .map(|i| &i.reason)
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn no_fixture_directory_without_a_rule() {
    let ids: BTreeSet<&str> = all_rules().iter().map(|r| r.meta().id).collect();
    for entry in fs::read_dir(fixtures_dir()).expect("fixtures directory") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            ids.contains(name.as_str()),
            "fixtures/{name} matches no rule"
        );
    }
}

#[test]
fn markers_name_the_line_or_the_line_below() {
    let text = "a = 1 # expect: r\n# expect: r\n# expect: s\nb = 2\nc = 3 # expect: r-longer\n# expect: r\n# a directive\n";
    assert_eq!(marked_lines(text, "expect", "r"), BTreeSet::from([1, 4, 7]));
}
