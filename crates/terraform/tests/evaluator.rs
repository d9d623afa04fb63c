//! Evaluator tests: one per language feature, each asserting the evaluated values.

use std::fs;
use std::path::Path;

use driftguard_model::{DiagnosticLevel, Resource, Value};
use driftguard_terraform::{
    evaluate_root, evaluate_str, evaluate_str_with, Evaluated, Loader, VarOptions,
};
use serde_json::json;

fn resource<'a>(evaluated: &'a Evaluated, address: &str) -> &'a Resource {
    evaluated
        .resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| {
            let all: Vec<_> = evaluated
                .resources
                .iter()
                .map(|r| r.address.as_str())
                .collect();
            panic!(
                "no resource {address}; have {all:?}; diagnostics {:?}",
                evaluated.diagnostics
            )
        })
}

fn attr(evaluated: &Evaluated, address: &str, path: &str) -> serde_json::Value {
    resource(evaluated, address)
        .get(path)
        .unwrap_or_else(|| panic!("{address} has no {path}"))
        .to_json()
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn evaluate_dir(dir: &Path, options: &VarOptions) -> Evaluated {
    evaluate_root(&Loader::new(dir), dir, options)
}

#[test]
fn variables_follow_terraform_precedence() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        &[
            (
                "main.tf",
                r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
resource "null_resource" "x" {
  triggers = { a = var.a, b = var.b, c = var.c, d = var.d, e = var.e, f = var.f }
}
"#,
            ),
            (
                "terraform.tfvars",
                "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
            ),
            ("a.auto.tfvars", "c = \"auto-a\"\nd = \"auto-a\"\n"),
            ("b.auto.tfvars", "d = \"auto-b\"\ne = \"auto-b\"\n"),
            ("extra.tfvars", "e = \"var-file\"\nf = \"var-file\"\n"),
        ],
    );
    let options = VarOptions {
        vars: vec![("f".into(), "cli".into())],
        var_files: vec![dir.join("extra.tfvars")],
        env: vec![("a".into(), "env".into()), ("b".into(), "env".into())],
    };
    let evaluated = evaluate_dir(dir, &options);
    assert_eq!(
        attr(&evaluated, "null_resource.x", "triggers"),
        json!({"a": "env", "b": "tfvars", "c": "auto-a", "d": "auto-b", "e": "var-file", "f": "cli"})
    );
}

#[test]
fn typed_defaults_and_cli_values_are_converted() {
    let src = r#"
variable "ports" {
  type    = list(number)
  default = ["22", 443]
}
variable "settings" {
  type = object({ name = string, public = optional(bool, false), tags = map(string) })
  default = { name = "svc", tags = { team = "a" } }
}
variable "cidrs" { type = list(string) }
resource "null_resource" "x" {
  triggers = { ports = var.ports, settings = var.settings, cidrs = var.cidrs }
}
"#;
    let options = VarOptions {
        vars: vec![("cidrs".into(), "[\"0.0.0.0/0\"]".into())],
        ..Default::default()
    };
    let evaluated = evaluate_str_with(&[("main.tf", src)], &options);
    assert_eq!(
        attr(&evaluated, "null_resource.x", "triggers"),
        json!({"ports": [22, 443], "settings": {"name": "svc", "public": false, "tags": {"team": "a"}}, "cidrs": ["0.0.0.0/0"]})
    );
}

#[test]
fn missing_variables_are_unknown_not_guessed() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        "variable \"acl\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  acl = var.acl\n}\n",
    )]);
    let acl = resource(&evaluated, "aws_s3_bucket.b").get("acl").unwrap();
    assert!(acl.is_unknown(), "{acl:?}");
}

#[test]
fn locals_evaluate_in_dependency_order_across_files() {
    let evaluated = evaluate_str(&[
        ("a.tf", "locals {\n  full = \"${local.prefix}-${local.name}\"\n}\nresource \"aws_s3_bucket\" \"b\" { bucket = local.full }\n"),
        ("b.tf", "locals {\n  prefix = upper(\"acme\")\n  name = \"logs\"\n}\n"),
    ]);
    assert_eq!(
        attr(&evaluated, "aws_s3_bucket.b", "bucket"),
        json!("ACME-logs")
    );
}

#[test]
fn a_cycle_between_locals_is_an_error_naming_them() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\nresource \"aws_s3_bucket\" \"x\" { bucket = local.a }\n",
    )]);
    let cycles: Vec<_> = evaluated
        .diagnostics
        .iter()
        .filter(|d| d.code == "cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{:?}", evaluated.diagnostics);
    assert_eq!(cycles[0].level, DiagnosticLevel::Error);
    assert_eq!(
        cycles[0].message,
        "cycle between local.a → local.b → local.c → local.a"
    );
    assert!(resource(&evaluated, "aws_s3_bucket.x")
        .get("bucket")
        .unwrap()
        .is_unknown());
}

#[test]
fn count_and_for_each_expand_instances_with_addresses() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
resource "aws_iam_user" "counted" {
  count = 2
  name  = "user-${count.index}"
}
resource "aws_iam_user" "mapped" {
  for_each = { alice = "admin", bob = "dev" }
  name     = each.key
  path     = "/${each.value}/"
}
resource "aws_iam_user" "set" {
  for_each = toset(["carol"])
  name     = each.value
}
resource "aws_iam_user" "none" {
  count = 0
  name  = "never"
}
"#,
    )]);
    assert_eq!(
        attr(&evaluated, "aws_iam_user.counted[1]", "name"),
        json!("user-1")
    );
    assert_eq!(
        attr(&evaluated, "aws_iam_user.mapped[\"alice\"]", "path"),
        json!("/admin/")
    );
    assert_eq!(
        attr(&evaluated, "aws_iam_user.set[\"carol\"]", "name"),
        json!("carol")
    );
    assert!(!evaluated
        .resources
        .iter()
        .any(|r| r.address.starts_with("aws_iam_user.none")));
}

#[test]
fn dynamic_blocks_conditionals_for_and_splats() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
variable "rules" {
  default = [
    { port = 22, cidr = "0.0.0.0/0" },
    { port = 443, cidr = "10.0.0.0/8" },
  ]
}
variable "public" { default = true }
resource "aws_security_group" "web" {
  name = var.public ? "public" : "private"
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      cidr_blocks = [rule.value.cidr]
    }
  }
  egress {
    from_port = 0
    to_port   = 0
  }
}
resource "null_resource" "x" {
  triggers = {
    ports   = [for r in var.rules : r.port if r.port != 443]
    by_port = { for r in var.rules : tostring(r.port) => r.cidr }
    grouped = { for r in var.rules : r.cidr => r.port... }
    splat   = var.rules[*].port
  }
}
"#,
    )]);
    assert_eq!(
        attr(&evaluated, "aws_security_group.web", "name"),
        json!("public")
    );
    assert_eq!(
        attr(&evaluated, "aws_security_group.web", "ingress"),
        json!([{"from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}, {"from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]}])
    );
    assert_eq!(
        attr(&evaluated, "aws_security_group.web", "egress.0.to_port"),
        json!(0)
    );
    let sg = resource(&evaluated, "aws_security_group.web");
    assert_eq!(
        sg.span_of("ingress.1.cidr_blocks").unwrap().start.line,
        17,
        "dynamic content spans point at the template"
    );
    let triggers = attr(&evaluated, "null_resource.x", "triggers");
    assert_eq!(triggers["ports"], json!([22]));
    assert_eq!(
        triggers["by_port"],
        json!({"22": "0.0.0.0/0", "443": "10.0.0.0/8"})
    );
    assert_eq!(
        triggers["grouped"],
        json!({"0.0.0.0/0": [22], "10.0.0.0/8": [443]})
    );
    assert_eq!(triggers["splat"], json!([22, 443]));
}

#[test]
fn templates_heredocs_and_directives() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
locals {
  names = ["a", "b"]
}
resource "aws_iam_policy" "p" {
  name   = "policy-${length(local.names)}"
  policy = <<-EOT
    {
      "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    }
  EOT
  description = "%{ for n in local.names }${n};%{ endfor }%{ if length(local.names) > 1 }many%{ else }one%{ endif }"
}
"#,
    )]);
    assert_eq!(
        attr(&evaluated, "aws_iam_policy.p", "name"),
        json!("policy-2")
    );
    assert_eq!(
        attr(&evaluated, "aws_iam_policy.p", "description"),
        json!("a;b;many")
    );
    let policy = attr(&evaluated, "aws_iam_policy.p", "policy");
    assert!(
        policy.as_str().unwrap().starts_with("{\n  \"Statement\""),
        "heredoc is dedented: {policy}"
    );
}

#[test]
fn references_between_resources_resolve_to_the_resource() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket            = aws_s3_bucket.logs.id
  block_public_acls = true
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.bucket
}
"#,
    )]);
    let pab = resource(&evaluated, "aws_s3_bucket_public_access_block.logs");
    let reference = pab
        .get("bucket")
        .unwrap()
        .as_unknown()
        .unwrap()
        .reference
        .clone()
        .unwrap();
    assert_eq!(reference.address, "aws_s3_bucket.logs");
    assert_eq!(reference.attribute, "id");
    assert_eq!(
        attr(&evaluated, "aws_s3_bucket_versioning.logs", "bucket"),
        json!("acme-logs")
    );
}

#[test]
fn data_sources_are_unknown_except_policy_documents() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
data "aws_caller_identity" "me" {}
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  name   = "acct-${data.aws_caller_identity.me.account_id}"
  policy = data.aws_iam_policy_document.admin.json
}
"#,
    )]);
    assert!(resource(&evaluated, "aws_iam_policy.p")
        .get("name")
        .unwrap()
        .is_unknown());
    let policy: serde_json::Value = serde_json::from_str(
        attr(&evaluated, "aws_iam_policy.p", "policy")
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        policy["Statement"][0],
        json!({"Effect": "Allow", "Action": "*", "Resource": "*"})
    );
    assert_eq!(
        resource(&evaluated, "data.aws_caller_identity.me").mode,
        driftguard_model::ResourceMode::Data
    );
}

#[test]
fn local_modules_nested_with_inputs_outputs_count_and_for_each() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        &[
            (
                "env/main.tf",
                r#"
module "net" {
  source = "../modules/net"
  name   = "prod"
}
module "buckets" {
  source   = "../modules/bucket"
  for_each = toset(["logs", "data"])
  name     = "${module.net.prefix}-${each.key}"
}
module "counted" {
  source = "../modules/bucket"
  count  = 2
  name   = "c${count.index}"
}
resource "null_resource" "out" {
  triggers = { logs = module.buckets["logs"].bucket_name, first = module.counted[0].bucket_name }
}
"#,
            ),
            (
                "modules/net/main.tf",
                r#"
variable "name" { type = string }
module "sg" {
  source = "./sg"
  vpc    = "vpc-${var.name}"
}
output "prefix" { value = "acme-${var.name}" }
"#,
            ),
            (
                "modules/net/sg/main.tf",
                "variable \"vpc\" {}\nresource \"aws_security_group\" \"this\" {\n  vpc_id = var.vpc\n}\n",
            ),
            (
                "modules/bucket/main.tf",
                "variable \"name\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\noutput \"bucket_name\" { value = aws_s3_bucket.this.bucket }\n",
            ),
        ],
    );
    let evaluated = evaluate_dir(&dir.join("env"), &VarOptions::default());
    assert_eq!(
        attr(
            &evaluated,
            "module.net.module.sg.aws_security_group.this",
            "vpc_id"
        ),
        json!("vpc-prod")
    );
    assert_eq!(
        attr(
            &evaluated,
            "module.buckets[\"logs\"].aws_s3_bucket.this",
            "bucket"
        ),
        json!("acme-prod-logs")
    );
    assert_eq!(
        attr(&evaluated, "module.counted[1].aws_s3_bucket.this", "bucket"),
        json!("c1")
    );
    assert_eq!(
        attr(&evaluated, "null_resource.out", "triggers"),
        json!({"logs": "acme-prod-logs", "first": "c0"})
    );
    let sg = resource(&evaluated, "module.net.module.sg.aws_security_group.this");
    assert!(sg
        .span
        .as_ref()
        .unwrap()
        .file
        .ends_with("modules/net/sg/main.tf"));
    assert_eq!(sg.module, "module.net.module.sg");
}

#[test]
fn remote_modules_resolve_from_the_manifest_or_are_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        &[
            (
                "main.tf",
                r#"
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  cidr    = "10.0.0.0/16"
}
module "other" {
  source = "git::https://example.com/x.git?ref=v1"
}
module "other_again" {
  source = "git::https://example.com/x.git?ref=v1"
}
resource "null_resource" "x" {
  triggers = { vpc = module.vpc.cidr, other = module.other.id }
}
"#,
            ),
            (
                ".terraform/modules/modules.json",
                r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":".terraform/modules/vpc"}]}"#,
            ),
            (
                ".terraform/modules/vpc/main.tf",
                "variable \"cidr\" {}\nresource \"aws_vpc\" \"this\" { cidr_block = var.cidr }\noutput \"cidr\" { value = aws_vpc.this.cidr_block }\n",
            ),
        ],
    );
    let evaluated = evaluate_dir(dir, &VarOptions::default());
    assert_eq!(
        attr(&evaluated, "module.vpc.aws_vpc.this", "cidr_block"),
        json!("10.0.0.0/16")
    );
    let triggers = resource(&evaluated, "null_resource.x")
        .get("triggers")
        .unwrap();
    assert_eq!(
        triggers.get_path("vpc").unwrap(),
        &Value::from("10.0.0.0/16")
    );
    assert!(triggers.get_path("other").unwrap().is_unknown());
    let unresolved: Vec<_> = evaluated
        .diagnostics
        .iter()
        .filter(|d| d.code == "module-not-resolved")
        .collect();
    assert_eq!(
        unresolved.len(),
        1,
        "reported once per source: {unresolved:?}"
    );
    assert_eq!(unresolved[0].level, DiagnosticLevel::Info);
}

#[test]
fn json_syntax_evaluates_like_hcl() {
    let evaluated = evaluate_str(&[(
        "main.tf.json",
        r#"{
  "variable": {"name": {"default": "acme"}},
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "${var.name}-logs",
        "versioning": {"enabled": true},
        "tags": {"Owner": "me"}
      }
    }
  }
}"#,
    )]);
    assert_eq!(
        attr(&evaluated, "aws_s3_bucket.b", "bucket"),
        json!("acme-logs")
    );
    assert_eq!(
        attr(&evaluated, "aws_s3_bucket.b", "versioning"),
        json!([{"enabled": true}])
    );
    assert_eq!(
        attr(&evaluated, "aws_s3_bucket.b", "tags"),
        json!({"Owner": "me"})
    );
    assert_eq!(
        resource(&evaluated, "aws_s3_bucket.b")
            .span_of("bucket")
            .unwrap()
            .start
            .line,
        6
    );
}

#[test]
fn unknown_count_yields_one_instance_standing_for_all() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        "variable \"n\" {}\nresource \"aws_instance\" \"web\" {\n  count = var.n\n  ami = \"ami-1\"\n}\n",
    )]);
    assert_eq!(
        attr(&evaluated, "aws_instance.web[*]", "ami"),
        json!("ami-1")
    );
}

#[test]
fn deep_nesting_and_self_referencing_modules_do_not_crash() {
    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let evaluated = evaluate_str(&[("deep.tf", &deep)]);
    assert!(evaluated
        .diagnostics
        .iter()
        .any(|d| d.code == "parse-error"));

    let chain: String = (0..1000)
        .map(|i| format!("locals {{\n  l{i} = local.l{}\n}}\n", i + 1))
        .collect();
    let evaluated = evaluate_str(&[("chain.tf", &format!("{chain}locals {{\n  l1000 = 1\n}}\n"))]);
    assert!(
        evaluated
            .diagnostics
            .iter()
            .any(|d| d.message.contains("deeper than")),
        "{:?}",
        evaluated.diagnostics.first()
    );

    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[(
            "main.tf",
            "module \"me\" {\n  source = \"./\"\n}\nresource \"null_resource\" \"x\" {}\n",
        )],
    );
    let evaluated = evaluate_dir(tmp.path(), &VarOptions::default());
    assert!(evaluated
        .diagnostics
        .iter()
        .any(|d| d.code == "module-depth"));
}

#[test]
fn runaway_evaluation_is_bounded() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        "locals {\n  grid = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : i * j * k]]]\n  other = local.grid\n}\n",
    )]);
    let stopped = evaluated
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("evaluation stopped after"))
        .count();
    assert_eq!(stopped, 1, "reported once: {:?}", evaluated.diagnostics);

    let evaluated = evaluate_str(&[(
        "main.tf",
        "resource \"aws_instance\" \"many\" {\n  count = 1000000000\n}\n",
    )]);
    assert!(evaluated
        .diagnostics
        .iter()
        .any(|d| d.code == "too-many-instances"));
    let instances = evaluated
        .resources
        .iter()
        .filter(|r| r.resource_type == "aws_instance")
        .count();
    assert_eq!(instances, 10_000);
}

/// Every prefix of every example file (a truncated write, an editor mid-save) must give a
/// diagnostic or a result, never a panic.
#[test]
fn truncated_inputs_never_panic() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/terraform");
    let mut files = vec![];
    for dir in [
        examples.clone(),
        examples.join("modules/web-tier"),
        examples.join("modules/data-bucket"),
    ] {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tf") {
                files.push(fs::read_to_string(path).unwrap());
            }
        }
    }
    assert!(files.len() >= 5);
    for text in &files {
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = evaluate_str(&[("t.tf", &text[..cut])]);
                let json = serde_json::json!({"resource": {"aws_s3_bucket": {"b": {"bucket": &text[..cut]}}}}).to_string();
                let _ = evaluate_str(&[("t.tf.json", &json[..json.len() / 2])]);
            }
            cut += 13;
        }
    }
}

#[test]
fn file_and_templatefile_read_inside_the_root_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    write(
        tmp.path(),
        &[
            ("secret.txt", "outside"),
            ("repo/policy.json.tpl", "{\"Action\": \"${action}\", \"Resources\": [%{ for r in resources }\"${r}\",%{ endfor }\"end\"]}"),
            (
                "repo/main.tf",
                r#"
resource "aws_iam_policy" "p" {
  policy = templatefile("${path.module}/policy.json.tpl", { action = "s3:*", resources = ["a", "b"] })
}
resource "aws_iam_policy" "q" {
  policy = file("${path.module}/../secret.txt")
}
"#,
            ),
        ],
    );
    let evaluated = evaluate_dir(&root, &VarOptions::default());
    assert_eq!(
        attr(&evaluated, "aws_iam_policy.p", "policy"),
        json!("{\"Action\": \"s3:*\", \"Resources\": [\"a\",\"b\",\"end\"]}")
    );
    assert!(resource(&evaluated, "aws_iam_policy.q")
        .get("policy")
        .unwrap()
        .is_unknown());
    let outside = evaluated
        .diagnostics
        .iter()
        .find(|d| d.code == "evaluation-error")
        .expect("reading outside the root is refused");
    assert!(
        outside.message.contains("secret.txt"),
        "{}",
        outside.message
    );
}

#[test]
fn module_calls_and_provider_requirements_become_config_resources() {
    let evaluated = evaluate_str(&[
        (
            "main.tf",
            "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"~> 5.0\" }\n    legacy = \"1.2.3\"\n  }\n}\nmodule \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.8.1\"\n}\nresource \"random_id\" \"x\" {\n  byte_length = 2\n}\n",
        ),
        (".terraform.lock.hcl", ""),
    ]);
    assert_eq!(attr(&evaluated, "module.vpc", "version"), json!("5.8.1"));
    assert_eq!(
        resource(&evaluated, "module.vpc").mode,
        driftguard_model::ResourceMode::Config
    );
    assert_eq!(
        attr(&evaluated, "terraform.required_providers.aws", "version"),
        json!("~> 5.0")
    );
    assert_eq!(
        attr(&evaluated, "terraform.required_providers.legacy", "version"),
        json!("1.2.3")
    );
    assert_eq!(attr(&evaluated, "terraform", "lock_file"), json!(true));
    assert_eq!(
        attr(&evaluated, "terraform", "undeclared_providers"),
        json!({"random": "random_id.x"})
    );
}

#[test]
fn partly_unknown_jsonencode_keeps_its_structure_and_templates_are_not_whole_references() {
    let evaluated = evaluate_str(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "acme"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Resource = "${aws_s3_bucket.b.arn}/*" }] })
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = "${aws_s3_bucket.b.id}-copy"
}
"#,
    )]);
    let policy = resource(&evaluated, "aws_s3_bucket_policy.p")
        .get("policy")
        .unwrap()
        .as_unknown()
        .unwrap()
        .clone();
    let structure = policy.encodes.expect("the encoded value is kept");
    assert_eq!(
        structure.get_path("Statement.0.Effect"),
        Some(&Value::from("Allow"))
    );
    let resource_ref = structure
        .get_path("Statement.0.Resource")
        .unwrap()
        .as_unknown()
        .unwrap();
    assert!(
        !resource_ref.reference.as_ref().unwrap().whole,
        "a string built from an ARN is not the ARN"
    );
    let whole = resource(&evaluated, "aws_s3_bucket_policy.p")
        .get("bucket")
        .unwrap()
        .as_unknown()
        .unwrap();
    assert!(whole.reference.as_ref().unwrap().whole);
    assert_eq!(
        resource_ref.partial.as_deref(),
        Some("${aws_s3_bucket.b.arn}/*"),
        "the known parts of a template stay readable"
    );
    let copy = resource(&evaluated, "aws_s3_bucket_versioning.v")
        .get("bucket")
        .unwrap()
        .as_unknown()
        .unwrap();
    assert!(!copy.reference.as_ref().unwrap().whole);
}
