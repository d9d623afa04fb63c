//! End-to-end tests of `driftguard scan`: the binary on real files.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn driftguard() -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.env_remove("NO_COLOR").env("CI", "1");
    cmd
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// A root module as real repositories have one: providers pinned, lock file committed, so
/// tests see only the findings they are about.
const VERSIONS_TF: &str = "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.40\"\n    }\n  }\n}\n";
const LOCK_FILE: &str =
    "provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"5.40.0\"\n}\n";

fn write_root(dir: &Path, files: &[(&str, &str)]) {
    write(dir, files);
    write(
        dir,
        &[
            ("versions.tf", VERSIONS_TF),
            (".terraform.lock.hcl", LOCK_FILE),
        ],
    );
}

/// Runs a JSON scan in `dir` and returns (exit code, report).
fn scan_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = driftguard()
        .current_dir(dir)
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), report)
}

fn rule_ids(report: &Value, suppressed: bool) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppression"].is_null() != suppressed)
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

const OPEN_SSH: &str = r#"resource "aws_security_group" "ssh" {
  vpc_id      = "vpc-0a1b2c3d"
  description = "admin access"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/terraform")
}

#[test]
fn the_bundled_example_has_findings_and_exits_1() {
    let output = driftguard()
        .args(["scan", "--no-progress"])
        .arg(examples())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("aws-ec2-security-group-ssh-open"),
        "{stdout}"
    );
    assert!(stdout.contains("modules/web-tier/main.tf:38:5"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(tmp.path(), &[("main.tf", OPEN_SSH)]);
    assert_eq!(scan_json(tmp.path(), &[]).0, 1);
    assert_eq!(scan_json(tmp.path(), &["--fail-on", "critical"]).0, 1);
    write_root(
        tmp.path(),
        &[(
            "main.tf",
            "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n",
        )],
    );
    assert_eq!(scan_json(tmp.path(), &[]).0, 0);
}

#[test]
fn malformed_hcl_is_reported_with_location_the_rest_still_scanned_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(
        tmp.path(),
        &[
            ("good.tf", OPEN_SSH),
            ("bad.tf", "resource \"aws_s3_bucket\" \"b\" {\n  acl = \n"),
        ],
    );
    let (code, report) = scan_json(tmp.path(), &[]);
    assert_eq!(code, 2);
    assert!(rule_ids(&report, false).contains(&"aws-ec2-security-group-ssh-open".to_string()));
    let error = &report["diagnostics"][0];
    assert_eq!(error["code"], "parse-error");
    assert_eq!(error["location"]["file"], "bad.tf");
    assert!(error["location"]["start"]["line"].as_u64().unwrap() >= 2);

    let text = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("bad.tf:"), "{stdout}");
}

#[test]
fn unreadable_paths_and_unknown_rules_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "does-not-exist"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--select", "aws-nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("aws-nope"));
    let output = driftguard()
        .args(["scan", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn select_and_ignore_by_id_or_prefix() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(
        tmp.path(),
        &[(
            "main.tf",
            &format!("{OPEN_SSH}resource \"aws_ebs_volume\" \"v\" {{\n  size = 1\n}}\n"),
        )],
    );
    let (_, report) = scan_json(tmp.path(), &["--select", "aws-ec2-security-group"]);
    assert_eq!(
        rule_ids(&report, false),
        ["aws-ec2-security-group-ssh-open"]
    );
    let (_, report) = scan_json(tmp.path(), &["--ignore", "aws-ec2-security-group-ssh-open"]);
    assert_eq!(rule_ids(&report, false), ["aws-ec2-ebs-volume-unencrypted"]);
}

#[test]
fn inline_checkov_and_trivy_suppressions() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(
        tmp.path(),
        &[(
            "main.tf",
            r#"# driftguard:ignore aws-ec2-security-group-ssh-open bastion, reviewed by security
resource "aws_security_group" "a" {
  description = "a"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "b" {
  description = "b"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # checkov:skip=CKV_AWS_24:legacy VPN range
  }
}

#trivy:ignore:AVD-AWS-0026
resource "aws_ebs_volume" "c" {
  size = 1
}

# driftguard:ignore aws-ec2-ebs-volume-unencrypted scratch volume exp:2001-01-01
resource "aws_ebs_volume" "d" {
  size = 1
}

# driftguard:ignore aws-ec2-security-group-ssh-open
resource "aws_security_group" "e" {
  description = "e"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        )],
    );
    let (_, report) = scan_json(tmp.path(), &[]);
    let suppressed: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["suppression"].is_null())
        .map(|f| {
            (
                f["resource_address"].as_str().unwrap().to_string(),
                f["suppression"]["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        suppressed.contains(&("aws_security_group.a".into(), "inline".into())),
        "{suppressed:?}"
    );
    assert!(
        suppressed.contains(&("aws_security_group.b".into(), "checkov".into())),
        "{suppressed:?}"
    );
    assert!(
        suppressed.contains(&("aws_ebs_volume.c".into(), "trivy".into())),
        "{suppressed:?}"
    );
    assert!(
        suppressed.contains(&("aws_security_group.e".into(), "inline".into())),
        "a reasonless suppression still suppresses"
    );
    let active = rule_ids(&report, false);
    assert!(
        active.contains(&"aws-ec2-ebs-volume-unencrypted".to_string()),
        "expired suppression no longer applies: {active:?}"
    );
    assert!(
        active.contains(&"driftguard-suppression-without-reason".to_string()),
        "{active:?}"
    );
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "suppression-expired"));
}

#[test]
fn baseline_reports_only_new_findings_even_when_lines_move() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(tmp.path(), &[("main.tf", OPEN_SSH)]);
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--baseline-write", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let baseline: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 1);

    // Lines move, and a new problem appears.
    write_root(
        tmp.path(),
        &[(
            "main.tf",
            &format!(
                "\n\n# moved\n{OPEN_SSH}\nresource \"aws_ebs_volume\" \"v\" {{\n  size = 1\n}}\n"
            ),
        )],
    );
    let (code, report) = scan_json(tmp.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&report, false), ["aws-ec2-ebs-volume-unencrypted"]);
    assert_eq!(rule_ids(&report, true), ["aws-ec2-security-group-ssh-open"]);

    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--baseline", "missing.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn config_is_found_upward_and_flags_override_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("driftguard.toml", "[scan]\nfail-on = \"critical\"\nignore = [\"aws-ec2-ebs\"]\n\n[scan.vars]\nport = \"22\"\n"),
            (
                "infra/main.tf",
                "variable \"port\" {}\nresource \"aws_security_group\" \"s\" {\n  vpc_id = \"vpc-0a1b2c3d\"\n  description = \"s\"\n  ingress {\n    description = \"x\"\n    from_port = var.port\n    to_port = var.port\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\nresource \"aws_ebs_volume\" \"v\" {\n  size = 1\n}\n",
            ),
        ],
    );
    let dir = tmp.path().join("infra");
    write_root(&dir, &[]);
    let (code, report) = scan_json(&dir, &[]);
    assert_eq!(
        rule_ids(&report, false),
        ["aws-ec2-security-group-ssh-open"],
        "config ignore and vars apply"
    );
    assert_eq!(code, 1);
    let (_, report) = scan_json(&dir, &["--var", "port=3389"]);
    assert_eq!(
        rule_ids(&report, false),
        ["aws-ec2-security-group-rdp-open"],
        "--var overrides the config's vars"
    );
    let (code, _) = scan_json(
        &dir,
        &[
            "--var",
            "port=3389",
            "--fail-on",
            "info",
            "--ignore",
            "aws-ec2-security-group-rdp-open",
        ],
    );
    assert_eq!(
        code, 1,
        "--ignore replaces the configured list, so the EBS rule runs again"
    );
}

#[test]
fn tf_var_environment_variables_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(tmp.path(),
        &[("main.tf", "variable \"encrypted\" {\n  type = bool\n}\nresource \"aws_ebs_volume\" \"v\" {\n  size = 1\n  encrypted = var.encrypted\n}\n")],
    );
    let output = driftguard()
        .current_dir(tmp.path())
        .env("TF_VAR_encrypted", "true")
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let (code, report) = scan_json(tmp.path(), &[]);
    assert_eq!(code, 0, "unknown variable: no finding");
    assert_eq!(
        report["inconclusive"][0]["rule_id"],
        "aws-ec2-ebs-volume-unencrypted"
    );
}

#[test]
fn gitignore_is_respected_without_a_git_checkout() {
    let tmp = tempfile::tempdir().unwrap();
    write_root(
        tmp.path(),
        &[
            (".gitignore", "generated/\n"),
            ("generated/main.tf", OPEN_SSH),
            (
                "main.tf",
                "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n",
            ),
        ],
    );
    let (code, report) = scan_json(tmp.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        report["summary"]["files_scanned"], 2,
        "main.tf and versions.tf"
    );
}

#[test]
fn output_file_and_formats() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &[("main.tf", OPEN_SSH)]);
    for format in ["text", "json", "sarif", "junit", "markdown", "csv"] {
        let out = tmp.path().join(format!("report.{format}"));
        let output = driftguard()
            .current_dir(tmp.path())
            .args(["scan", "--format", format, "--output"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            output.stdout.is_empty(),
            "{format}: nothing on stdout with --output"
        );
        let written = fs::read_to_string(&out).unwrap();
        assert!(
            written.contains("aws-ec2-security-group-ssh-open"),
            "{format}: {written}"
        );
    }
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("report.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "main.tf"
    );
}

#[test]
fn rules_and_explain() {
    let output = driftguard()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(rules.as_array().unwrap().len() >= 15);
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "aws-s3-bucket-versioning" && r["checkov"][0] == "CKV_AWS_21"));
    let bpa = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "aws-s3-account-public-access-block-disabled")
        .unwrap();
    let controls: Vec<&str> = bpa["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        controls.contains(&"cis-aws:2.1.4") && controls.contains(&"iso27001:A.8.12"),
        "{controls:?}"
    );
    assert_eq!(bpa["topics"][0], "public-data-exposure");

    let output = driftguard()
        .args(["explain", "aws-s3-bucket-versioning"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Why it matters")
            && text.contains("aws_s3_bucket_versioning")
            && text.contains("CKV_AWS_21")
            && text.contains("Controls (topics: backup)")
            && text.contains("A.8.13  Backup"),
        "{text}"
    );

    let output = driftguard()
        .args(["explain", "s3-bucket-versioning"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("did you mean aws-s3-bucket-versioning")
    );
}

#[test]
fn supply_chain_lock_file_and_module_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let main = r#"module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

module "dns" {
  source = "git::https://github.com/acme/terraform-dns.git?ref=v1.4.0"
}

resource "aws_iam_user" "u" {
  name = "u"
}
"#;
    write(
        tmp.path(),
        &[("main.tf", main), ("versions.tf", VERSIONS_TF)],
    );
    let (code, report) = scan_json(tmp.path(), &["--select", "terraform"]);
    assert_eq!(code, 1);
    let mut ids = rule_ids(&report, false);
    ids.sort();
    assert_eq!(
        ids,
        [
            "terraform-lock-file-missing",
            "terraform-module-registry-version-missing"
        ]
    );
    let unresolved = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "module-not-resolved")
        .count();
    assert_eq!(
        unresolved, 2,
        "both remote modules are reported as not resolved, once each"
    );

    write(tmp.path(), &[(".terraform.lock.hcl", LOCK_FILE)]);
    let (_, report) = scan_json(tmp.path(), &["--select", "terraform"]);
    assert_eq!(
        rule_ids(&report, false),
        ["terraform-module-registry-version-missing"],
        "the lock file on disk counts"
    );
}
