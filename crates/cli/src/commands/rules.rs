use std::fmt::Write as _;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use driftguard_rules::{all_rules, find_rule, RuleMeta};
use serde_json::json;

use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    /// The reference document committed as docs/rules.md.
    Markdown,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: ListFormat,
    /// Only rules whose id starts with this prefix.
    pub prefix: Option<String>,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. aws-s3-bucket-versioning.
    pub id: String,
}

pub fn list(args: RulesArgs) -> Result<u8> {
    let rules: Vec<&RuleMeta> = all_rules()
        .iter()
        .map(|r| r.meta())
        .filter(|m| args.prefix.as_deref().is_none_or(|p| m.id.starts_with(p)))
        .collect();
    let out = match args.format {
        ListFormat::Markdown => driftguard_rules::reference::markdown(),
        ListFormat::Json => {
            serde_json::to_string_pretty(&rules.iter().map(|m| meta_json(m)).collect::<Vec<_>>())?
                + "\n"
        }
        ListFormat::Text => {
            let width = rules.iter().map(|m| m.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for m in &rules {
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<8}  {:<4}  {}",
                    m.id,
                    m.severity.as_str(),
                    source_letters(m),
                    m.title
                );
            }
            let _ = writeln!(
                out,
                "\n{} rules. Sources: T Terraform, P plan JSON, C CloudFormation, F any other \
                 text file. `driftguard explain <id>` shows one.",
                rules.len()
            );
            out
        }
    };
    print!("{out}");
    Ok(exit::CLEAN)
}

/// What a rule checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RuleSource {
    Terraform,
    Plan,
    CloudFormation,
    /// Any other text file read for secrets (`.env`, scripts, YAML, JSON…).
    TextFiles,
}

impl RuleSource {
    fn name(self) -> &'static str {
        match self {
            RuleSource::Terraform => "terraform",
            RuleSource::Plan => "terraform-plan",
            RuleSource::CloudFormation => "cloudformation",
            RuleSource::TextFiles => "text-files",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RuleSource::Terraform => "Terraform",
            RuleSource::Plan => "Terraform plan JSON",
            RuleSource::CloudFormation => "CloudFormation and SAM",
            RuleSource::TextFiles => "other text files",
        }
    }

    fn letter(self) -> char {
        match self {
            RuleSource::Terraform => 'T',
            RuleSource::Plan => 'P',
            RuleSource::CloudFormation => 'C',
            RuleSource::TextFiles => 'F',
        }
    }
}

/// The inputs a rule checks. AWS rules read resources in the Terraform schema, which plans carry
/// as they are and CloudFormation reaches through its type mappings (the covered rules are proven
/// by a failing and a passing template each: `driftguard_cloudformation::coverage`). Supply-chain
/// rules read Terraform's module and provider blocks; secrets are looked for in every file; the
/// suppression audit reads comments in code.
fn sources(m: &RuleMeta) -> Vec<RuleSource> {
    use RuleSource::*;
    let cloudformation = driftguard_cloudformation::coverage::COVERED_RULES.contains(&m.id);
    if driftguard_rules::secrets::is_secret_rule(m.id) {
        vec![Terraform, Plan, CloudFormation, TextFiles]
    } else if m.id.starts_with("aws-") {
        let mut sources = vec![Terraform, Plan];
        if cloudformation {
            sources.push(CloudFormation);
        }
        sources
    } else if m.id.starts_with("driftguard-") {
        vec![Terraform, CloudFormation]
    } else {
        vec![Terraform]
    }
}

/// `TPC-`: the sources as one letter each, in a fixed position.
fn source_letters(m: &RuleMeta) -> String {
    let have = sources(m);
    [
        RuleSource::Terraform,
        RuleSource::Plan,
        RuleSource::CloudFormation,
        RuleSource::TextFiles,
    ]
    .iter()
    .map(|s| if have.contains(s) { s.letter() } else { '-' })
    .collect()
}

fn meta_json(m: &RuleMeta) -> serde_json::Value {
    json!({
        "id": m.id,
        "title": m.title,
        "severity": m.severity,
        "rationale": m.rationale,
        "remediation": m.remediation,
        "resource_types": m.resource_types,
        "checkov": m.checkov,
        "trivy": m.trivy.iter().map(|t| json!({"avd": t.avd, "long": t.long})).collect::<Vec<_>>(),
        "sources": sources(m).iter().map(|s| s.name()).collect::<Vec<_>>(),
        "topics": m.compliance.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "controls": m.compliance.references(),
    })
}

pub fn explain(args: ExplainArgs) -> Result<u8> {
    let Some(rule) = find_rule(&args.id) else {
        let close: Vec<&str> = all_rules()
            .iter()
            .map(|r| r.meta().id)
            .filter(|id| id.contains(args.id.as_str()) || args.id.contains(id))
            .take(5)
            .collect();
        if close.is_empty() {
            bail!("no rule {:?} (see `driftguard rules`)", args.id);
        }
        bail!("no rule {:?}; did you mean {}?", args.id, close.join(", "));
    };
    let m = rule.meta();
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})\n", m.title, m.id);
    let _ = writeln!(out, "Severity:       {}", m.severity);
    let _ = writeln!(out, "Resource types: {}", m.resource_types.join(", "));
    let names: Vec<&str> = sources(m).iter().map(|s| s.label()).collect();
    let _ = writeln!(out, "Sources:        {}", names.join(", "));
    if !m.checkov.is_empty() {
        let _ = writeln!(out, "Checkov:        {}", m.checkov.join(", "));
    }
    if !m.trivy.is_empty() {
        let ids: Vec<String> = m
            .trivy
            .iter()
            .map(|t| format!("{} ({})", t.avd, t.long))
            .collect();
        let _ = writeln!(out, "Trivy / tfsec:  {}", ids.join(", "));
    }
    let _ = writeln!(out, "\nWhy it matters\n  {}", m.rationale);
    let _ = writeln!(out, "\nHow to fix it\n  {}", m.remediation);
    out.push_str(&controls_section(m));
    let _ = writeln!(out, "\nFails:\n{}", indent(m.example_bad));
    let _ = writeln!(out, "Passes:\n{}", indent(m.example_good));
    let _ = writeln!(out, "Suppress one finding with a comment above the resource:\n    # driftguard:ignore {} <reason> [exp:YYYY-MM-DD]", m.id);
    print!("{out}");
    Ok(exit::CLEAN)
}

/// The `Controls` section of `explain`: the rule's topics, then per framework the controls it
/// gives evidence on, with their names. Frameworks with no such control are left out.
fn controls_section(m: &RuleMeta) -> String {
    let mut out = String::new();
    let topics: Vec<&str> = m.compliance.topics.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(out, "\nControls (topics: {})", topics.join(", "));
    for f in driftguard_compliance::frameworks() {
        let controls = m.compliance.controls_in(f);
        if controls.is_empty() {
            continue;
        }
        if f.name.contains(&f.version) {
            let _ = writeln!(out, "  {}", f.name);
        } else {
            let _ = writeln!(out, "  {}, {}", f.name, f.version);
        }
        let width = controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in controls {
            let _ = writeln!(out, "    {:<width$}  {}", c.id, c.name);
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
