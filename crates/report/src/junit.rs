//! JUnit XML, for CI test-report views: one `<testsuite>` per rule, one `<testcase>` per rule and
//! resource. A resource with an unsuppressed finding is a `<failure>`; one whose findings are all
//! suppressed, or on which the rule was inconclusive, is `<skipped>` with the reason. Problems with
//! the input (parse errors) are `<error>` cases of a `driftguard` suite, so a CI run that could
//! not read a file does not look green.

use std::collections::BTreeMap;

use driftguard_model::{DiagnosticLevel, Finding, Inconclusive, ScanReport};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::common::suppression_kind;
use crate::RenderError;

/// What happened to one rule on one resource.
#[derive(Default)]
struct Case<'a> {
    findings: Vec<&'a Finding>,
    inconclusive: Vec<&'a Inconclusive>,
}

pub(crate) fn render(report: &ScanReport) -> Result<String, RenderError> {
    // rule id → resource address → case
    let mut rules: BTreeMap<&str, BTreeMap<&str, Case<'_>>> = BTreeMap::new();
    for finding in &report.findings {
        rules
            .entry(&finding.rule_id)
            .or_default()
            .entry(&finding.resource_address)
            .or_default()
            .findings
            .push(finding);
    }
    for check in &report.inconclusive {
        rules
            .entry(&check.rule_id)
            .or_default()
            .entry(&check.resource_address)
            .or_default()
            .inconclusive
            .push(check);
    }

    let mut junit = Report::new(report.tool.name);
    for (rule_id, resources) in &rules {
        let mut suite = TestSuite::new(*rule_id);
        for (address, case) in resources {
            suite.add_test_case(test_case(rule_id, address, case));
        }
        junit.add_test_suite(suite);
    }

    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .collect();
    if !errors.is_empty() {
        let mut suite = TestSuite::new(report.tool.name);
        for diagnostic in errors {
            let name = match (&diagnostic.location, &diagnostic.file) {
                (Some(span), _) => span.to_string(),
                (None, Some(file)) => file.clone(),
                (None, None) => diagnostic.code.to_string(),
            };
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(diagnostic.message.as_str())
                .set_type(diagnostic.code)
                .set_description(diagnostic.to_string());
            let mut case = TestCase::new(name, status);
            case.set_classname(diagnostic.code);
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }

    let mut out = Vec::new();
    junit.serialize(&mut out)?;
    Ok(String::from_utf8(out)?)
}

fn test_case(rule_id: &str, address: &str, case: &Case<'_>) -> TestCase {
    let active: Vec<&Finding> = case
        .findings
        .iter()
        .copied()
        .filter(|f| !f.is_suppressed())
        .collect();
    let status = if let Some(first) = active.first() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        let message = match active.len() {
            1 => first.message.clone(),
            n => format!("{} ({n} findings)", first.message),
        };
        let description = active
            .iter()
            .map(|f| describe(f))
            .collect::<Vec<_>>()
            .join("\n");
        status
            .set_message(message)
            .set_type(first.severity.as_str())
            .set_description(description);
        status
    } else if let Some(suppressed) = case.findings.first() {
        let suppression = suppressed
            .suppression
            .as_ref()
            .expect("findings that are not active are suppressed");
        let mut message = format!("suppressed ({})", suppression_kind(suppression.kind));
        if let Some(reason) = &suppression.reason {
            message.push_str(": ");
            message.push_str(reason);
        }
        let mut status = TestCaseStatus::skipped();
        status
            .set_message(message)
            .set_type("suppressed")
            .set_description(describe(suppressed));
        status
    } else {
        let check = case.inconclusive[0];
        let mut status = TestCaseStatus::skipped();
        status
            .set_message(format!("inconclusive: {}", check.reason))
            .set_type("inconclusive");
        if let Some(span) = &check.location {
            status.set_description(format!("{span}: {}", check.reason));
        }
        status
    };
    let mut test_case = TestCase::new(address, status);
    test_case.set_classname(rule_id);
    test_case
}

/// `file:line:col: [severity] message`, or without the location when there is none.
fn describe(finding: &Finding) -> String {
    let place = finding
        .location
        .as_ref()
        .map_or_else(|| finding.resource_address.clone(), ToString::to_string);
    format!("{place}: [{}] {}", finding.severity, finding.message)
}
