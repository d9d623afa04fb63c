//! End-to-end tests of `driftguard scan` on Terraform plans (`terraform show -json PLANFILE`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn driftguard() -> Command {
    let mut cmd = Command::cargo_bin("driftguard").unwrap();
    cmd.env_remove("NO_COLOR").env("CI", "1");
    cmd
}

/// The root module of the plan fixture, with its `tfplan.json`.
fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../terraform/tests/fixtures/plan/project")
}

/// Copies the fixture into `to`: its code (`.tf` files and modules), its plan, or both.
fn copy_project(to: &Path, code: bool, plan: bool) {
    fn copy_dir(from: &Path, to: &Path, code: bool, plan: bool) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            let is_plan = entry.file_name() == "tfplan.json";
            if entry.file_type().unwrap().is_dir() {
                if code {
                    copy_dir(&entry.path(), &target, code, plan);
                }
            } else if (is_plan && plan) || (!is_plan && code) {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy_dir(&project(), to, code, plan);
}

/// Runs a JSON scan of `args` in `dir`: (exit code, report).
fn scan_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = driftguard()
        .current_dir(dir)
        .args(["scan", "--no-progress", "--format", "json"])
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

/// `(rule id, resource address, suppressed)` of every finding.
fn findings(report: &Value) -> BTreeSet<(String, String, bool)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["resource_address"].as_str().unwrap().to_owned(),
                !f["suppression"].is_null(),
            )
        })
        .collect()
}

/// `file:line` of every finding, by rule and address.
fn locations(report: &Value) -> BTreeSet<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = &f["location"];
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["resource_address"].as_str().unwrap().to_owned(),
                format!("{}:{}", at["file"].as_str().unwrap(), at["start"]["line"]),
            )
        })
        .collect()
}

#[test]
fn a_plan_gives_the_findings_of_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let code = tmp.path().join("code");
    let plan = tmp.path().join("plan");
    copy_project(&code, true, false);
    copy_project(&plan, false, true);

    let (hcl_exit, hcl) = scan_json(&code, &["."]);
    let (plan_exit, planned) = scan_json(&plan, &["tfplan.json"]);
    assert_eq!((hcl_exit, plan_exit), (1, 1));
    let from_code: BTreeSet<(String, String)> =
        findings(&hcl).into_iter().map(|(r, a, _)| (r, a)).collect();
    let from_plan: BTreeSet<(String, String)> = findings(&planned)
        .into_iter()
        .map(|(r, a, _)| (r, a))
        .collect();
    assert_eq!(from_plan, from_code);
    // Modules with count, resources with count and for_each.
    for expected in [
        (
            "aws-ec2-security-group-ssh-open",
            "module.net[0].aws_security_group.web[1]",
        ),
        ("aws-s3-bucket-versioning", "aws_s3_bucket.data[\"raw\"]"),
        ("aws-rds-storage-unencrypted", "aws_db_instance.main"),
    ] {
        assert!(
            from_plan.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {from_plan:?}"
        );
    }
    // The bucket versioned by a separate resource is linked to it through the plan's
    // configuration, though its id is known only after apply.
    assert!(!from_plan.contains(&(
        "aws-s3-bucket-versioning".to_owned(),
        "aws_s3_bucket.logs".to_owned()
    )));
    // Without the code, findings point into the plan.
    assert!(locations(&planned)
        .iter()
        .all(|(_, _, at)| at.starts_with("tfplan.json:")));
    assert_eq!(planned["summary"]["files_scanned"], 1);
    assert_eq!(planned["summary"]["resources"], 8);
    assert_eq!(planned["summary"]["errors"], 0);
}

#[test]
fn next_to_its_code_a_plan_points_at_the_code_and_honours_its_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let code = tmp.path().join("code");
    let both = tmp.path().join("both");
    copy_project(&code, true, false);
    copy_project(&both, true, true);

    let (_, hcl) = scan_json(&code, &["."]);
    let (_, planned) = scan_json(&both, &["tfplan.json"]);
    assert_eq!(findings(&planned), findings(&hcl));
    assert_eq!(locations(&planned), locations(&hcl));
    // `# driftguard:ignore aws-s3-bucket-logging-disabled` above `aws_s3_bucket.data`.
    assert!(findings(&planned).contains(&(
        "aws-s3-bucket-logging-disabled".to_owned(),
        "aws_s3_bucket.data[\"curated\"]".to_owned(),
        true
    )));

    // Text output: a code frame of the .tf file.
    let output = driftguard()
        .current_dir(&both)
        .args(["scan", "--no-progress", "tfplan.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("modules/net/main.tf:20:5: critical aws-ec2-security-group-ssh-open"),
        "{stdout}"
    );
    assert!(stdout.contains("cidr_blocks = var.admin_cidrs"), "{stdout}");
}

#[test]
fn a_plan_on_one_line_is_located_by_column() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(project().join("tfplan.json")).unwrap();
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap();
    fs::write(tmp.path().join("tfplan.json"), &compact).unwrap();
    let (exit, report) = scan_json(tmp.path(), &["tfplan.json"]);
    assert_eq!(exit, 1);
    let ssh = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule_id"] == "aws-ec2-security-group-ssh-open"
                && f["resource_address"] == "module.net[0].aws_security_group.web[0]"
        })
        .unwrap();
    assert_eq!(ssh["location"]["start"]["line"], 1);
    let column = ssh["location"]["start"]["column"].as_u64().unwrap() as usize;
    assert!(compact[column - 1..].starts_with("\"cidr_blocks\":[\"0.0.0.0/0\"]"));
}

#[test]
fn secrets_in_a_plan_are_reported_once_by_resource_and_never_shown() {
    let key = "AKIAQ3EGRNXVPKT5JW2D";
    let password = "Xv9Tq2Lm7Rw4Zp8K";
    let values = format!(
        r#"{{"ami": "ami-0c55b159cbfafe1f0", "instance_type": "t3.micro", "user_data": "export AWS_ACCESS_KEY_ID={key}"}}"#
    );
    let plan = format!(
        r#"{{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "variables": {{ "db_password": {{ "value": "{password}" }} }},
  "planned_values": {{
    "root_module": {{
      "resources": [
        {{
          "address": "aws_instance.web",
          "mode": "managed",
          "type": "aws_instance",
          "name": "web",
          "values": {values},
          "sensitive_values": {{}}
        }},
        {{
          "address": "aws_db_instance.main",
          "mode": "managed",
          "type": "aws_db_instance",
          "name": "main",
          "values": {{ "engine": "postgres", "password": "{password}", "storage_encrypted": true }},
          "sensitive_values": {{ "password": true }}
        }}
      ]
    }}
  }},
  "resource_changes": [
    {{
      "address": "aws_instance.web",
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "change": {{ "actions": ["create"], "before": null, "after": {values}, "after_unknown": {{ "id": true }} }}
    }}
  ],
  "configuration": {{
    "root_module": {{ "variables": {{ "db_password": {{ "sensitive": true }} }} }}
  }}
}}
"#
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("plan.json"), &plan).unwrap();
    let (_, report) = scan_json(tmp.path(), &["plan.json"]);
    let secrets: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "secret-aws-access-key-id")
        .collect();
    assert_eq!(secrets.len(), 1, "{report:#}");
    assert_eq!(secrets[0]["resource_address"], "aws_instance.web");
    // The rule on user data fires as on HCL.
    assert!(findings(&report).contains(&(
        "aws-ec2-instance-user-data-secret".to_owned(),
        "aws_instance.web".to_owned(),
        false
    )));

    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--no-progress", "plan.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("aws_instance.web"), "{stdout}");
    assert!(!stdout.contains(key), "{stdout}");
    assert!(!stdout.contains(password), "{stdout}");
    assert!(!report.to_string().contains(key));
    assert!(!report.to_string().contains(password));
}

#[test]
fn a_malformed_plan_is_an_input_error_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(project().join("tfplan.json")).unwrap();
    // Truncated in the middle of a key on line 40, as an interrupted `terraform show -json >` leaves it.
    let cut: usize = text.lines().take(39).map(|l| l.len() + 1).sum::<usize>() + 25;
    fs::write(tmp.path().join("tfplan.json"), &text[..cut]).unwrap();
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--no-progress", "tfplan.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("tfplan.json:40:26: error parse-error invalid JSON"),
        "{stdout}"
    );

    fs::write(
        tmp.path().join("tfplan.json"),
        "{\"format_version\": \"2.0\", \"planned_values\": {}}",
    )
    .unwrap();
    let (exit, report) = scan_json(tmp.path(), &["tfplan.json"]);
    assert_eq!(exit, 2);
    assert_eq!(report["diagnostics"][0]["code"], "unsupported-plan-format");
}

#[test]
fn other_json_is_not_a_plan() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("state.json"),
        "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {}}}",
    )
    .unwrap();
    fs::write(tmp.path().join("package.json"), "{\"name\": \"app\"").unwrap();
    let (exit, report) = scan_json(tmp.path(), &["."]);
    assert_eq!(exit, 0, "{report:#}");
    assert_eq!(report["summary"]["files_scanned"], 2);
    assert_eq!(report["summary"]["resources"], 0);
}
