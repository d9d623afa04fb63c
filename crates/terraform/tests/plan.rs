//! Terraform plan JSON (`terraform show -json PLANFILE`) loaded into the resource model.

use std::path::{Path, PathBuf};

use driftguard_model::{Reference, Resource, ResourceMode, Value};
use driftguard_terraform::plan::{
    config_dir, looks_like_plan, parse_plan, parse_plan_bytes, Place, Plan, PlanError,
    SENSITIVE_REASON,
};
use driftguard_terraform::VarOptions;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan")
        .join(name)
}

fn load(name: &str) -> Plan {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_plan(name, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn resource<'p>(plan: &'p Plan, address: &str) -> &'p Resource {
    plan.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(plan)))
}

fn addresses(plan: &Plan) -> Vec<&str> {
    plan.resources.iter().map(|r| r.address.as_str()).collect()
}

fn reference(value: Option<&Value>) -> Option<&Reference> {
    value?.as_unknown()?.reference.as_ref()
}

fn is_sensitive(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_unknown)
        .is_some_and(|u| &*u.reason == SENSITIVE_REASON)
}

#[test]
fn modules_count_and_for_each_give_instance_addresses() {
    let plan = load("project/tfplan.json");
    assert_eq!(plan.format_version, "1.2");
    assert_eq!(plan.terraform_version.as_deref(), Some("1.9.5"));
    assert_eq!(
        addresses(&plan),
        [
            "aws_db_instance.main",
            "aws_s3_bucket.data[\"curated\"]",
            "aws_s3_bucket.data[\"raw\"]",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_public_access_block.logs",
            "aws_s3_bucket_versioning.logs",
            "module.net[0].aws_security_group.web[0]",
            "module.net[0].aws_security_group.web[1]",
        ]
    );
    let sg = resource(&plan, "module.net[0].aws_security_group.web[1]");
    assert_eq!(sg.module, "module.net[0]");
    assert_eq!(sg.name(), "web");
    assert_eq!(sg.mode, ResourceMode::Managed);
    assert_eq!(
        sg.get("ingress.0.cidr_blocks.0"),
        Some(&Value::from("0.0.0.0/0"))
    );
    assert_eq!(sg.get("ingress.0.from_port"), Some(&Value::Number(22.0)));
    assert_eq!(sg.get("name"), Some(&Value::from("web-1")));
    assert!(matches!(
        &sg.origin,
        driftguard_model::Origin::Code { language } if &**language == "terraform-plan"
    ));
}

#[test]
fn deleted_instances_are_not_checked() {
    let plan = load("project/tfplan.json");
    assert_eq!(plan.deleted, 1);
    assert!(!addresses(&plan).contains(&"aws_instance.legacy"));

    let plan = load("changes.json");
    // `aws_iam_user.ci` is deleted; the deposed object of `aws_s3_bucket.logs[1]` does not
    // count, and the replaced instance is checked.
    assert_eq!(plan.deleted, 1);
    assert!(!addresses(&plan).contains(&"aws_iam_user.ci"));
    let replaced = resource(&plan, "aws_s3_bucket.logs[1]");
    assert_eq!(replaced.get("bucket"), Some(&Value::from("acme-logs-1")));
}

#[test]
fn values_known_only_after_apply_are_unknown_or_absent_like_in_the_code() {
    let plan = load("project/tfplan.json");
    let bucket = resource(&plan, "aws_s3_bucket.logs");
    // Computed by the provider and not set in the code: absent, as in the HCL.
    for computed in ["arn", "id", "versioning", "logging", "acl", "tags_all"] {
        assert_eq!(bucket.get(computed), None, "{computed}");
    }
    assert_eq!(bucket.get("bucket"), Some(&Value::from("acme-logs")));
    assert_eq!(bucket.cloud_id, None);

    // Set in the code from another resource: an unknown that links the two.
    let versioning = resource(&plan, "aws_s3_bucket_versioning.logs");
    assert_eq!(
        reference(versioning.get("bucket")),
        Some(&Reference {
            address: "aws_s3_bucket.logs".into(),
            attribute: "id".into(),
            whole: true,
        })
    );
    // Nested and computed (`mfa_delete`): absent; configured: known.
    assert_eq!(
        versioning.get("versioning_configuration.0.mfa_delete"),
        None
    );
    assert_eq!(
        versioning.get("versioning_configuration.0.status"),
        Some(&Value::from("Enabled"))
    );

    // An element of a list built around a module output: unknown, no link (the list is not
    // the output).
    let db = resource(&plan, "aws_db_instance.main");
    let element = db.get("vpc_security_group_ids.0").unwrap();
    assert!(element.is_unknown());
    assert!(reference(Some(element)).is_none());
    assert!(element
        .as_unknown()
        .unwrap()
        .reason
        .contains("module.net[0].sg_id"));
}

#[test]
fn references_follow_variables_outputs_and_instance_keys() {
    let plan = load("changes.json");
    let link = |address: &str, path: &str| {
        reference(resource(&plan, address).get(path))
            .map(|r| (r.address.as_str(), r.attribute.as_str(), r.whole))
    };
    // In a nested block.
    assert_eq!(
        link("aws_s3_bucket.logs[0]", "logging.0.target_bucket"),
        Some(("aws_s3_bucket.assets", "id", true))
    );
    // Into a module through a variable, then an attribute of a whole resource passed in.
    assert_eq!(
        link("module.audit.aws_cloudtrail.main", "kms_key_id"),
        Some(("aws_kms_key.main", "arn", true))
    );
    assert_eq!(
        link("module.audit.aws_cloudtrail.main", "s3_bucket_name"),
        Some(("aws_s3_bucket.logs[0]", "id", true))
    );
    // Two module levels down, through a `for_each` module instance.
    assert_eq!(
        link(
            "module.audit.module.store[\"eu\"].aws_s3_bucket_server_side_encryption_configuration.this",
            "bucket"
        ),
        Some(("aws_s3_bucket.logs[0]", "id", true))
    );
    // A data source deferred to apply.
    let document = resource(&plan, "data.aws_iam_policy_document.deploy");
    assert_eq!(document.mode, ResourceMode::Data);
    assert_eq!(
        link(
            "data.aws_iam_policy_document.deploy",
            "statement.0.resources"
        ),
        Some(("aws_s3_bucket.assets", "arn", true))
    );
    // A data source's computed results stay unknown (they are what it is read for).
    assert!(document.get("json").unwrap().is_unknown());
    assert_eq!(
        link("aws_rds_cluster.main", "kms_key_id"),
        Some(("aws_kms_key.main", "arn", true))
    );
    // Several references: no link, but the reason names one.
    let groups = resource(&plan, "aws_rds_cluster.main")
        .get("vpc_security_group_ids")
        .unwrap();
    assert!(reference(Some(groups)).is_none());
    assert!(groups
        .as_unknown()
        .unwrap()
        .reason
        .contains("aws_security_group.db[0].id"));
    // A local the plan does not describe: unknown, kept (the code sets it).
    let sse = resource(&plan, "aws_s3_bucket.logs[0]")
        .get("server_side_encryption_configuration")
        .unwrap();
    assert!(sse.is_unknown() && reference(Some(sse)).is_none());
    // Known values of an existing resource: its id is the cloud id.
    let assets = resource(&plan, "aws_s3_bucket.assets");
    assert_eq!(assets.cloud_id.as_deref(), Some("acme-assets"));
    assert_eq!(
        assets.get("versioning.0.enabled"),
        Some(&Value::Bool(false))
    );
}

#[test]
fn sensitive_values_are_hidden_from_the_model_and_the_text() {
    let plan = load("project/tfplan.json");
    let db = resource(&plan, "aws_db_instance.main");
    assert!(is_sensitive(db.get("password")));
    let hidden = plan.hide_sensitive(&plan.source.text);
    assert!(
        !hidden.contains("Zq8mW2vR7pLx4tQe"),
        "password left in the text"
    );
    assert_eq!(hidden.len(), plan.source.text.len());
    assert_eq!(hidden.lines().count(), plan.source.text.lines().count());
    assert!(hidden.contains("\"password\": \"****************\""));

    let plan = load("changes.json");
    let assets = resource(&plan, "aws_s3_bucket.assets");
    assert!(is_sensitive(assets.get("tags.ApiToken")));
    assert_eq!(assets.get("tags.Environment"), Some(&Value::from("prod")));
    // A secret the provider stores in clear, though the plan does not mark it.
    let cluster = resource(&plan, "aws_rds_cluster.main");
    assert!(is_sensitive(cluster.get("master_password")));
    assert_eq!(plan.masked, 2);
    let hidden = plan.hide_sensitive(&plan.source.text);
    // Variables, outputs, before/after values, prior state.
    for secret in ["tok-5f2b9c7e1d", "tok-old-1a2b3c"] {
        assert!(!hidden.contains(secret), "{secret} left in the text");
    }
    // A secret hardcoded in the code stays in `configuration`, where the HCL scan reports it;
    // in the values it is hidden.
    assert_eq!(hidden.matches("Hx7Lq2Vn9Rt4Wp6Z").count(), 1);
}

#[test]
fn offsets_name_the_resource_variable_or_section_they_are_in() {
    let plan = load("changes.json");
    let text = &plan.source.text;
    let at = |needle: &str| text.find(needle).unwrap();
    assert_eq!(
        plan.place_of(at("\"force_destroy\": false,\n            \"logging\": [ { \"target_prefix\": \"self/\" } ],\n            \"tags\": null\n          },\n          \"sensitive_values\": { \"logging\": [ {} ], \"tags_all\": {} }\n        },\n        {\n          \"address\": \"aws_s3_bucket.logs[1]\"")),
        Place::Resource {
            resource_type: "aws_s3_bucket",
            address: "aws_s3_bucket.logs[0]"
        }
    );
    assert_eq!(
        plan.place_of(at("\"prod\" }")),
        Place::Variable("environment")
    );
    assert_eq!(plan.place_of(at("tok-5f2b9c7e1d")), Place::Sensitive);
    assert_eq!(plan.place_of(at("\"token\": {")), Place::Output("token"));
    assert_eq!(plan.place_of(at("tok-old-1a2b3c")), Place::Sensitive);
    assert_eq!(
        plan.place_of(at("\"actions\": [ \"update\" ]")),
        Place::Repeated
    );
    assert_eq!(plan.place_of(at("\"timestamp\"")), Place::Other);
}

#[test]
fn spans_point_at_the_address_in_the_plan() {
    let plan = load("project/tfplan.json");
    let sg = resource(&plan, "module.net[0].aws_security_group.web[1]");
    let span = sg.span.as_ref().unwrap();
    assert_eq!(&*span.file, "project/tfplan.json");
    let line = plan
        .source
        .text
        .lines()
        .nth(span.start.line as usize - 1)
        .unwrap();
    assert!(
        line.contains("\"address\": \"module.net[0].aws_security_group.web[1]\""),
        "{line}"
    );
    let cidr = sg.span_of("ingress.0.cidr_blocks").unwrap();
    let line = plan
        .source
        .text
        .lines()
        .nth(cidr.start.line as usize - 1)
        .unwrap();
    assert!(line.trim_start().starts_with("\"cidr_blocks\""), "{line}");
    assert_eq!(
        &plan.source.text[cidr.bytes.clone()][..13],
        "\"cidr_blocks\""
    );

    // On one line, as `terraform show -json` prints it: columns instead of lines.
    let compact: serde_json::Value = serde_json::from_str(&plan.source.text).unwrap();
    let compact = serde_json::to_string(&compact).unwrap();
    let plan = parse_plan("tfplan.json", &compact).unwrap();
    let sg = resource(&plan, "module.net[0].aws_security_group.web[1]");
    let span = sg.span.as_ref().unwrap();
    assert_eq!(span.start.line, 1);
    assert!(compact[span.bytes.clone()]
        .starts_with("\"address\":\"module.net[0].aws_security_group.web[1]\""));
    assert_eq!(span.start.column as usize, span.bytes.start + 1);
}

#[test]
fn with_the_configuration_spans_point_at_the_code() {
    let dir = fixture("project");
    let mut plan = load("project/tfplan.json");
    let sources = plan.locate_in_config(&dir, &dir, &VarOptions::default());
    let mut files: Vec<String> = sources
        .iter()
        .map(|s| {
            Path::new(&*s.path)
                .strip_prefix(&dir)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    assert_eq!(files, ["main.tf", "modules/net/main.tf", "versions.tf"]);

    let sg = resource(&plan, "module.net[0].aws_security_group.web[1]");
    let span = sg.span.as_ref().unwrap();
    assert!(span.file.ends_with("modules/net/main.tf"), "{span}");
    assert_eq!(span.start.line, 9);
    assert_eq!(sg.span_of("ingress.0.cidr_blocks").unwrap().start.line, 20);
    // Attributes the code does not write point at the block.
    assert_eq!(sg.span_of("revoke_rules_on_delete").unwrap().start.line, 9);

    let raw = resource(&plan, "aws_s3_bucket.data[\"raw\"]");
    assert_eq!(raw.span.as_ref().unwrap().start.line, 26);
    // The evaluation says exactly what an unknown is: a list holding the module output, whose
    // element is the security group's id.
    let db = resource(&plan, "aws_db_instance.main");
    assert_eq!(
        reference(db.get("vpc_security_group_ids.0")).map(|r| r.address.as_str()),
        Some("module.net[0].aws_security_group.web[0]")
    );
    // Sensitive values stay hidden.
    assert!(is_sensitive(db.get("password")));
}

#[test]
fn the_configuration_directory_is_the_plans() {
    assert_eq!(
        config_dir(&fixture("project/tfplan.json")),
        Some(fixture("project"))
    );
    assert_eq!(config_dir(&fixture("changes.json")), None);
}

#[test]
fn malformed_json_is_an_error_with_line_and_column() {
    let text = std::fs::read_to_string(fixture("malformed.json")).unwrap();
    assert!(looks_like_plan(text.as_bytes()));
    let err = parse_plan("malformed.json", &text).unwrap_err();
    let PlanError::Json { at, message } = &err else {
        panic!("{err}")
    };
    assert_eq!(at.start.line, 47);
    assert!(message.contains("truncated"), "{message}");
    assert!(err.to_string().starts_with("malformed.json:47:"), "{err}");
    let diagnostic = err.to_diagnostic();
    assert_eq!(diagnostic.code, "parse-error");
    assert_eq!(diagnostic.location.unwrap().start.line, 47);

    let err = parse_plan(
        "p.json",
        "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {}\n  \"x\": 1\n}\n",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("p.json:4:3: malformed JSON: expected `,`"),
        "{err}"
    );

    // Nesting that would overflow a recursive parser is an error too.
    let deep = format!(
        "{{\"format_version\": \"1.0\", \"planned_values\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(matches!(
        parse_plan("deep.json", &deep),
        Err(PlanError::Json { .. })
    ));
}

#[test]
fn other_format_versions_are_refused_and_other_documents_are_not_plans() {
    let text = std::fs::read_to_string(fixture("format-2.json")).unwrap();
    let err = parse_plan("format-2.json", &text).unwrap_err();
    assert!(matches!(err, PlanError::UnsupportedFormat { ref version, .. } if version == "2.0"));
    assert!(err.to_string().contains("1.x"), "{err}");
    assert_eq!(err.to_diagnostic().code, "unsupported-plan-format");

    let text = std::fs::read_to_string(fixture("state.json")).unwrap();
    assert!(looks_like_plan(text.as_bytes()), "a candidate by its head");
    assert!(matches!(
        parse_plan("state.json", &text),
        Err(PlanError::NotPlan { .. })
    ));
    for other in ["[1, 2]", "{\"planned_values\": {}}", "{\"name\": \"app\"}"] {
        assert!(matches!(
            parse_plan("other.json", other),
            Err(PlanError::NotPlan { .. })
        ));
    }
    assert!(!looks_like_plan(
        b"{\"name\": \"app\", \"version\": \"1.0.0\"}"
    ));
    assert!(!looks_like_plan(b"[{\"format_version\": \"1.0\"}]"));
    assert!(looks_like_plan(
        "\u{feff}\n  {\"format_version\":\"1.2\"}".as_bytes()
    ));
}

#[test]
fn a_plan_saved_as_utf16_is_refused_clearly() {
    let text = std::fs::read_to_string(fixture("project/tfplan.json")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert!(looks_like_plan(&utf16));
    let err = parse_plan_bytes("tfplan.json", &utf16).unwrap_err();
    assert!(matches!(err, PlanError::Encoding { .. }));
    assert!(err.to_string().contains("UTF-16"), "{err}");
    assert!(parse_plan_bytes("tfplan.json", text.as_bytes()).is_ok());
}

#[test]
fn a_byte_order_mark_keeps_offsets_right() {
    let text = std::fs::read_to_string(fixture("project/tfplan.json")).unwrap();
    let with_bom = format!("\u{feff}{text}");
    let plan = parse_plan("bom.json", &with_bom).unwrap();
    let sg = resource(&plan, "module.net[0].aws_security_group.web[0]");
    assert!(with_bom[sg.span.as_ref().unwrap().bytes.clone()].starts_with("\"address\""));
}
