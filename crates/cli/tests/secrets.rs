//! End-to-end tests of secret detection: the binary on real files. Secret values must never
//! appear in any output; findings must be located, suppressible and baselined like any other.

use std::fs;
use std::path::Path;

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

/// (rule id, file, line, suppressed) of every secret finding, sorted.
fn secret_findings(report: &Value) -> Vec<(String, String, u64, bool)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("secret-"))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["location"]["file"].as_str().unwrap().to_string(),
                f["location"]["start"]["line"].as_u64().unwrap(),
                !f["suppression"].is_null(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The secrets of the tests, built at run time so that this file does not hold them whole.
struct Secrets {
    key_id: String,
    secret_key: String,
    github: String,
    gitlab: String,
    slack: String,
    stripe: String,
    db_password: String,
    generic: String,
    pem_body: [String; 2],
}

impl Secrets {
    fn new() -> Self {
        Secrets {
            key_id: format!("{}{}", "AKIA", "HUGO274PAFHSG4A7"),
            secret_key: format!("{}{}", "eLO6m4H5x29iI+Vmy0s5", "bla5kzFpfITtaO/rC8qL"),
            github: format!("{}{}", "gh", "p_thgRJK72wuXDMOPTNc7zuMnMDBR4hRx3GR7q"),
            gitlab: format!("{}{}", "gl", "pat-nksXQHNfyuLLKTrXyb92"),
            slack: format!(
                "{}{}",
                "xo", "xb-4669201609-1414213562-udQ1aOpEdoRG3j7V53zTx8Yo"
            ),
            stripe: format!("{}{}", "sk_", "live_F5a8w091HSAYcOlftxIUqiTV"),
            db_password: format!("{}{}", "Qm7vB2xK", "p9Lt"),
            generic: format!("{}{}", "J1rv3mxwDODJ", "ZE5YRLtmkOAj"),
            pem_body: [
                "MIIEpAIBAAKCAQEAHCvP3QP+ZOwz7CSS0WBt4q3IQpOI4HsIDQspIL6ZZcQ0Rm+A".to_string(),
                "2TQhZwbIGqQ189RbeCpIPcA6JVkybmtQC7AvNk1rndI1fxD8RRSO9G/PGe/rc9UG".to_string(),
            ],
        }
    }

    /// Every value, and the parts of them long enough to identify them.
    fn raw(&self) -> Vec<String> {
        let mut raw = vec![
            self.key_id.clone(),
            self.secret_key.clone(),
            self.github.clone(),
            self.gitlab.clone(),
            self.slack.clone(),
            self.stripe.clone(),
            self.db_password.clone(),
            self.generic.clone(),
        ];
        raw.extend(self.pem_body.iter().cloned());
        // Masking keeps at most 4 characters a side: no 9-character piece of the middle may show.
        for value in raw.clone() {
            if value.len() >= 20 {
                raw.push(value[4..13].to_string());
                raw.push(value[value.len() - 13..value.len() - 4].to_string());
            }
        }
        raw
    }

    /// A tree with a secret of every kind, in every kind of file the scan reads.
    fn write_tree(&self, dir: &Path) {
        let s = self;
        write(
            dir,
            &[
                (
                    "main.tf",
                    &format!(
                        r#"provider "aws" {{
  region     = "eu-west-1"
  access_key = "{key_id}"
  secret_key = "{secret_key}"
}}

resource "aws_instance" "app" {{
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    export GITHUB_TOKEN={github}
    cat > /root/.ssh/id_rsa <<'KEY'
    -----BEGIN RSA PRIVATE KEY-----
    {pem0}
    {pem1}
    -----END RSA PRIVATE KEY-----
    KEY
  EOT
  tags = {{
    Name = "app-{generic}"
  }}
}}

resource "aws_lambda_function" "api" {{
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "api.zip"
  environment {{
    variables = {{
      STRIPE_KEY   = "{stripe}"
      DATABASE_URL = "postgresql://api:{db_password}@db.internal.acme.io/api"
    }}
  }}
}}
"#,
                        key_id = s.key_id,
                        secret_key = s.secret_key,
                        github = s.github,
                        pem0 = s.pem_body[0],
                        pem1 = s.pem_body[1],
                        generic = s.generic,
                        stripe = s.stripe,
                        db_password = s.db_password,
                    ),
                ),
                (
                    "prod.tfvars",
                    &format!("client_secret = \"{}\"\n", s.generic),
                ),
                ("values.yaml", &format!("slack:\n  token: {}\n", s.slack)),
                (
                    "scripts/bootstrap.sh",
                    &format!("#!/bin/sh\ngitlab-runner register --token {}\n", s.gitlab),
                ),
                (
                    "config.json",
                    &format!(
                        "{{\"aws\": {{\"SecretAccessKey\": \"{}\"}}}}\n",
                        s.secret_key
                    ),
                ),
                (".env", &format!("GITHUB_TOKEN={}\n", s.github)),
            ],
        );
    }
}

#[test]
fn no_output_format_shows_a_secret() {
    let secrets = Secrets::new();
    let tree = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    secrets.write_tree(tree.path());

    let mut outputs = Vec::new();
    for format in ["text", "json", "sarif", "junit", "markdown", "csv"] {
        for extra in [&[][..], &["--show-suppressed"][..]] {
            let file = out.path().join(format!("report{}.{format}", extra.len()));
            let output = driftguard()
                .current_dir(tree.path())
                .args(["scan", "--no-progress", "--format", format, "--output"])
                .arg(&file)
                .args(extra)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "{format}");
            outputs.push((format!("{format} file"), fs::read_to_string(&file).unwrap()));
            outputs.push((
                format!("{format} stderr"),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            ));
        }
        let output = driftguard()
            .current_dir(tree.path())
            .args(["scan", "--no-progress", "--format", format])
            .output()
            .unwrap();
        outputs.push((
            format!("{format} stdout"),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ));
    }
    let baseline = out.path().join("baseline.json");
    let output = driftguard()
        .current_dir(tree.path())
        .args(["scan", "--no-progress", "--baseline-write"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    outputs.push(("baseline".into(), fs::read_to_string(&baseline).unwrap()));

    for (name, text) in &outputs {
        for raw in secrets.raw() {
            assert!(!text.contains(&raw), "{name} shows {raw}:\n{text}");
        }
    }

    // Not vacuous: every secret was found, located and shown masked.
    let json = &outputs
        .iter()
        .find(|(name, _)| name == "json file")
        .unwrap()
        .1;
    let report: Value = serde_json::from_str(json).unwrap();
    let found = secret_findings(&report);
    let expected = [
        ("secret-aws-access-key-id", "main.tf", 3),
        ("secret-aws-secret-access-key", "config.json", 1),
        ("secret-aws-secret-access-key", "main.tf", 4),
        ("secret-database-url-password", "main.tf", 34),
        ("secret-generic-assignment", "prod.tfvars", 1),
        ("secret-github-token", ".env", 1),
        ("secret-github-token", "main.tf", 12),
        ("secret-gitlab-token", "scripts/bootstrap.sh", 2),
        ("secret-private-key", "main.tf", 14),
        ("secret-slack-token", "values.yaml", 2),
        ("secret-stripe-key", "main.tf", 33),
    ];
    assert_eq!(
        found,
        expected
            .iter()
            .map(|(rule, file, line)| (rule.to_string(), file.to_string(), *line, false))
            .collect::<Vec<_>>()
    );
    let text = &outputs
        .iter()
        .find(|(name, _)| name == "text stdout")
        .unwrap()
        .1;
    assert!(text.contains("AKIA************G4A7"), "{text}");
    assert!(text.contains("-----BEGIN RSA PRIVATE KEY-----\n"), "{text}");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "secret-aws-access-key-id")
        .unwrap();
    assert_eq!(finding["location"]["start"]["column"], 17);
    assert_eq!(finding["location"]["end"]["column"], 37);
    assert_eq!(finding["resource_address"], "provider.aws");
    assert_eq!(
        finding["message"],
        "hardcoded AWS access key id `AKIA************G4A7`"
    );
}

#[test]
fn secret_findings_are_suppressed_inline_by_baseline_and_by_selection() {
    let key = format!("{}{}", "AKIA", "HUGO274PAFHSG4A7");
    let other = format!("{}{}", "AKIA", "XX53FZ7H37ZQ26BO");
    let tmp = tempfile::tempdir().unwrap();
    let main = format!(
        "provider \"aws\" {{\n  region = \"eu-west-1\"\n  # driftguard:ignore secret-aws-access-key-id a revoked key kept for the incident record\n  access_key = \"{key}\"\n}}\n"
    );
    write(
        tmp.path(),
        &[
            ("main.tf", &main),
            (
                "deploy.sh",
                &format!("#!/bin/sh\nexport AWS_ACCESS_KEY_ID={other} # driftguard:ignore secret test account, no permissions\n"),
            ),
        ],
    );
    let (code, report) = scan_json(tmp.path(), &["--select", "secret"]);
    assert_eq!(
        secret_findings(&report),
        [
            (
                "secret-aws-access-key-id".to_string(),
                "deploy.sh".to_string(),
                2,
                true
            ),
            (
                "secret-aws-access-key-id".to_string(),
                "main.tf".to_string(),
                4,
                true
            ),
        ]
    );
    assert_eq!(code, 0, "{report}");

    // A suppression above the block covers the secrets inside it.
    write(
        tmp.path(),
        &[(
            "main.tf",
            &format!(
                "# driftguard:ignore secret-aws-access-key-id rotated\nprovider \"aws\" {{\n  region = \"eu-west-1\"\n  access_key = \"{key}\"\n}}\n"
            ),
        )],
    );
    let (_, report) = scan_json(tmp.path(), &["--select", "secret"]);
    assert!(secret_findings(&report).iter().all(|f| f.3), "{report}");

    // A baseline accepts them, and keeps accepting them when lines move.
    write(
        tmp.path(),
        &[
            (
                "main.tf",
                &format!("provider \"aws\" {{\n  access_key = \"{key}\"\n}}\n"),
            ),
            ("deploy.sh", &format!("export AWS_ACCESS_KEY_ID={other}\n")),
        ],
    );
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--no-progress", "--select", "secret"])
        .args(["--baseline-write", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    write(
        tmp.path(),
        &[(
            "main.tf",
            &format!("\n\n# moved\nprovider \"aws\" {{\n  region = \"eu-west-1\"\n  access_key = \"{key}\"\n}}\n"),
        )],
    );
    let (code, report) = scan_json(
        tmp.path(),
        &["--select", "secret", "--baseline", "baseline.json"],
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(secret_findings(&report).len(), 2);
    assert!(secret_findings(&report).iter().all(|f| f.3));

    // A new key is a new finding.
    let new_key = format!("{}{}", "AKIA", "IDG36J6OH56QZT6Z");
    write(
        tmp.path(),
        &[(
            "main.tf",
            &format!("provider \"aws\" {{\n  access_key = \"{new_key}\"\n}}\n"),
        )],
    );
    let (code, report) = scan_json(
        tmp.path(),
        &["--select", "secret", "--baseline", "baseline.json"],
    );
    assert_eq!(code, 1);
    assert!(secret_findings(&report).iter().any(|f| !f.3));

    // --ignore turns the secret rules off.
    let (_, report) = scan_json(tmp.path(), &["--ignore", "secret-"]);
    assert!(secret_findings(&report).is_empty(), "{report}");
}

#[test]
fn which_files_are_read_for_secrets() {
    let key = format!("{}{}", "AKIA", "HUGO274PAFHSG4A7");
    let line = format!("access_key = \"{key}\"\n");
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (".gitignore", "ignored/\nsecret.auto.tfvars\n"),
            ("ignored/main.tf", &line),
            ("secret.auto.tfvars", &line),
            (".terraform/modules/x/main.tf", &line),
            (".hidden/values.yaml", &line),
            ("notes.md", &line),
            ("app.py", &line),
            ("user-data.txt", &line),
            ("cloud-init.yaml", &line),
            ("terragrunt.hcl", &line),
            ("templates/boot.tftpl", &line),
            ("keys/credentials", &line),
            ("package-lock.json", &line),
        ],
    );
    // Binary and oversized files are skipped.
    let mut binary = line.clone().into_bytes();
    binary.push(0);
    fs::write(tmp.path().join("blob.json"), binary).unwrap();
    let big = format!("{line}{}", "x".repeat(3 * 1024 * 1024));
    fs::write(tmp.path().join("big.json"), big).unwrap();

    let (_, report) = scan_json(tmp.path(), &[]);
    let files: Vec<String> = secret_findings(&report)
        .into_iter()
        .map(|(_, file, _, _)| file)
        .collect();
    assert_eq!(
        files,
        [
            "cloud-init.yaml",
            "keys/credentials",
            "templates/boot.tftpl",
            "terragrunt.hcl",
            "user-data.txt"
        ]
    );
    assert_eq!(report["summary"]["files_scanned"], 5, "{report}");

    // A file named on the command line is read for secrets too.
    let (_, report) = scan_json(tmp.path(), &["secret.auto.tfvars"]);
    assert_eq!(secret_findings(&report).len(), 1);
}

#[test]
fn a_terraform_file_that_does_not_parse_is_still_read_for_secrets() {
    let key = format!("{}{}", "AKIA", "HUGO274PAFHSG4A7");
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[(
            "main.tf",
            &format!("provider \"aws\" {{\n  access_key = \"{key}\"\n  broken = \n"),
        )],
    );
    let output = driftguard()
        .current_dir(tmp.path())
        .args(["scan", "--no-progress"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("secret-aws-access-key-id"), "{text}");
    assert!(!text.contains(&key), "{text}");
}
