//! Intrinsic functions, parameters and conditions, through `load`: every function in its short
//! (YAML tag) and long (`Fn::`, here in JSON) form must evaluate to the same values.

use std::path::{Path, PathBuf};

use driftguard_cloudformation::{load, CfnResource, ParameterValues, Template};
use driftguard_model::{DiagnosticLevel, Unknown, Value};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("fixture exists")
}

fn load_fixture(name: &str, params: &ParameterValues) -> Template {
    load(name, &fixture(name), params)
        .expect("the fixture parses")
        .expect("the fixture is a template")
}

fn resource<'t>(template: &'t Template, id: &str) -> &'t CfnResource {
    template
        .resources
        .iter()
        .find(|r| r.logical_id == id)
        .unwrap_or_else(|| panic!("resource {id} is loaded"))
}

fn prop<'r>(resource: &'r CfnResource, path: &str) -> &'r Value {
    resource
        .properties
        .get_path(path)
        .unwrap_or_else(|| panic!("property {path} is set"))
}

fn unknown(value: &Value) -> &Unknown {
    value
        .as_unknown()
        .unwrap_or_else(|| panic!("{value:?} is unknown"))
}

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::from(*s)).collect())
}

/// The reference of an unknown: (address, attribute, whole).
fn reference(value: &Value) -> (String, String, bool) {
    let reference = unknown(value)
        .reference
        .as_ref()
        .unwrap_or_else(|| panic!("{value:?} refers to a resource"));
    (
        reference.address.clone(),
        reference.attribute.clone(),
        reference.whole,
    )
}

fn refers(address: &str, attribute: &str, whole: bool) -> (String, String, bool) {
    (address.to_string(), attribute.to_string(), whole)
}

fn partial(value: &Value) -> String {
    unknown(value)
        .partial
        .as_deref()
        .unwrap_or_else(|| panic!("{value:?} has partial text"))
        .to_string()
}

/// The values the probe fixtures must produce with parameter defaults, whatever the form.
fn check_probe_with_defaults(template: &Template) {
    let probe = resource(template, "Probe");
    assert_eq!(prop(probe, "RefParam"), &Value::from("dev"));
    // CloudFormation passes Number parameters to functions as strings.
    assert_eq!(prop(probe, "RefNumber"), &Value::from("22"));
    assert_eq!(prop(probe, "RefList"), &strings(&["subnet-a", "subnet-b"]));
    assert!(unknown(prop(probe, "RefSecret")).reason.contains("NoEcho"));
    assert!(!format!("{:?}", template.resources).contains("hunter2"));
    assert!(unknown(prop(probe, "RefRequired"))
        .reason
        .contains("no Default"));
    assert!(unknown(prop(probe, "RefSsm")).reason.contains("SSM"));
    assert_eq!(
        reference(prop(probe, "RefResource")),
        refers("Bucket", "id", true)
    );
    assert_eq!(
        &*unknown(prop(probe, "RefResource")).reason,
        "`Bucket` is known after deployment"
    );
    assert_eq!(prop(probe, "Partition"), &Value::from("aws"));
    assert_eq!(prop(probe, "UrlSuffix"), &Value::from("amazonaws.com"));
    assert!(unknown(prop(probe, "Region"))
        .reason
        .contains("AWS::Region"));
    assert!(prop(probe, "AccountId").is_unknown());
    assert_eq!(probe.properties.get_path("Removed"), None);
    assert_eq!(prop(probe, "List"), &strings(&["a", "b"]));

    assert_eq!(
        reference(prop(probe, "GetAttDot")),
        refers("Bucket", "arn", true)
    );
    assert_eq!(
        reference(prop(probe, "GetAttList")),
        refers("Db", "endpoint_address", true)
    );

    let sub = prop(probe, "SubString");
    assert_eq!(partial(sub), "arn:aws:s3:::${Bucket.id}/dev/*");
    assert_eq!(reference(sub), refers("Bucket", "id", false));
    assert_eq!(prop(probe, "SubKnown"), &Value::from("dev-22"));
    assert_eq!(prop(probe, "SubLiteral"), &Value::from("echo ${HOME} dev"));
    assert_eq!(prop(probe, "SubVars"), &Value::from("www.dev"));
    assert_eq!(
        reference(prop(probe, "SubAttr")),
        refers("Bucket", "arn", true)
    );

    assert_eq!(prop(probe, "Join"), &Value::from("a,dev,3"));
    let join = prop(probe, "JoinUnknown");
    assert_eq!(partial(join), "${Bucket.arn}/*");
    assert_eq!(reference(join), refers("Bucket", "arn", false));

    assert_eq!(prop(probe, "Select"), &Value::from("subnet-b"));
    assert_eq!(prop(probe, "SelectString"), &Value::from("x"));
    assert_eq!(prop(probe, "Split"), &strings(&["a", "b", "", "c"]));
    assert_eq!(prop(probe, "SelectSplit"), &Value::from("dev"));

    assert_eq!(prop(probe, "IfTrue"), &Value::from("yes-dev"));
    assert_eq!(probe.properties.get_path("IfNoValue"), None);
    assert!(unknown(prop(probe, "IfUnknown"))
        .reason
        .contains("`InUsEast`"));
    // IsProd is false, so IsProd ∧ InUsEast is false whatever the region.
    assert_eq!(prop(probe, "IfAnd"), &Value::from("b"));
    // IsDev is true, so IsDev ∨ InUsEast is true whatever the region.
    assert_eq!(prop(probe, "IfOr"), &Value::from("a"));

    assert_eq!(prop(probe, "FindInMap"), &Value::from("small"));
    assert_eq!(prop(probe, "FindDefault"), &Value::from("tiny"));
    assert_eq!(prop(probe, "Base64"), &Value::from("aGVsbG8="));
    let encoded = unknown(prop(probe, "Base64Unknown"));
    let inner = encoded.encodes.as_deref().expect("encodes the string");
    assert_eq!(partial(inner), "x-${?}");
    assert!(prop(probe, "GetAZs").is_unknown());
    assert!(prop(probe, "SelectAz").is_unknown());
    assert!(unknown(prop(probe, "Import")).reason.contains("shared-vpc"));
    assert_eq!(
        prop(probe, "Cidr"),
        &strings(&["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])
    );
    assert_eq!(
        prop(probe, "CidrV6"),
        &strings(&["2001:db8::/64", "2001:db8:0:1::/64"])
    );
    assert_eq!(prop(probe, "Length"), &Value::Number(3.0));
    assert_eq!(prop(probe, "Json"), &Value::from(r#"{"a":1,"b":["x"]}"#));
    assert_eq!(prop(probe, "Equals"), &Value::Bool(true));
    let dynamic = prop(probe, "Dynamic");
    assert_eq!(partial(dynamic), "${?}");
    assert!(unknown(dynamic).reason.contains("dynamic reference"));
    assert_eq!(prop(probe, "Number"), &Value::Number(5.0));
    assert_eq!(prop(probe, "Bool"), &Value::Bool(true));
    assert_eq!(prop(probe, "Null"), &Value::Null);
    assert_eq!(prop(probe, "Quoted"), &Value::from("5"));

    let ids: Vec<&str> = template
        .resources
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    assert_eq!(ids, ["Probe", "Bucket", "Db", "EastOnly"]);
    assert_eq!(template.dropped, ["ProdOnly"]);
    let east = &template.attributes["EastOnly"];
    assert_eq!(east.condition.as_deref(), Some("InUsEast"));
    assert_eq!(east.depends_on, ["Bucket", "Db"]);
    assert_eq!(east.deletion_policy.as_deref(), Some("Retain"));
    assert_eq!(template.diagnostics.len(), 0, "{:#?}", template.diagnostics);
}

#[test]
fn short_forms_evaluate() {
    let template = load_fixture("intrinsics/short.yaml", &ParameterValues::new());
    check_probe_with_defaults(&template);
}

#[test]
fn long_forms_in_json_evaluate_the_same() {
    let template = load_fixture("intrinsics/long.json", &ParameterValues::new());
    check_probe_with_defaults(&template);
}

#[test]
fn property_spans_point_at_the_template_lines() {
    let template = load_fixture("intrinsics/short.yaml", &ParameterValues::new());
    let probe = resource(&template, "Probe");
    assert_eq!(probe.span.start.line, 36);
    assert_eq!(probe.span.start.column, 3);
    assert_eq!(probe.span.to_string(), "intrinsics/short.yaml:36:3");
    let line = |path: &str| probe.property_spans[path].start.line;
    assert_eq!(line("RefParam"), 39);
    assert_eq!(line("SubVars"), 57);
    assert_eq!(line("List"), 51);
    assert_eq!(line("List.1"), 51);
    assert_eq!(line("Cidr"), 80);
    assert_eq!(line("IfTrue"), 68);
    // The removed property has no span.
    assert!(!probe.property_spans.contains_key("Removed"));
    // A property's span is its key and value; a list item's the item.
    let text = |path: &str| &template.source.text[probe.property_spans[path].bytes.clone()];
    assert_eq!(text("RefParam"), "RefParam: !Ref Env");
    assert_eq!(text("List.1"), "b");
    assert_eq!(
        text("SubVars"),
        "SubVars: !Sub\n        - \"${Name}.${Domain}\"\n        - Name: www\n          Domain: !Ref Env"
    );

    let json = load_fixture("intrinsics/long.json", &ParameterValues::new());
    let probe = resource(&json, "Probe");
    assert_eq!(probe.span.start.line, 90);
    assert_eq!(probe.property_spans["SubVars"].start.line, 154);
    // Tabs count as one column.
    assert_eq!(probe.span.start.column, 3);
}

#[test]
fn spans_of_list_items_follow_removed_items() {
    let template = load_fixture("syntax/security_group.yaml", &ParameterValues::new());
    let sg = resource(&template, "WebSg");
    let rules = sg
        .properties
        .get_path("SecurityGroupIngress")
        .and_then(Value::as_list)
        .unwrap();
    // The conditional rule is removed (`NeverTrue` is false): the port 80 rule is second.
    assert_eq!(rules.len(), 2);
    assert_eq!(
        sg.properties.get_path("SecurityGroupIngress.1.FromPort"),
        Some(&Value::Number(80.0))
    );
    let line = |path: &str| sg.property_spans[path].start.line;
    assert_eq!(line("SecurityGroupIngress"), 7);
    assert_eq!(line("SecurityGroupIngress.0.CidrIp"), 11);
    assert_eq!(line("SecurityGroupIngress.1"), 19);
    assert_eq!(line("SecurityGroupIngress.1.CidrIp"), 22);
    assert!(!sg.property_spans.contains_key("SecurityGroupIngress.2"));
}

#[test]
fn parameter_files_in_the_cli_format_set_values() {
    let params = ParameterValues::read(&fixture_path("params/cli.json")).unwrap();
    let template = load_fixture("intrinsics/short.yaml", &params);
    let probe = resource(&template, "Probe");
    assert_eq!(prop(probe, "RefParam"), &Value::from("prod"));
    assert_eq!(prop(probe, "RefNumber"), &Value::from("8443"));
    assert_eq!(
        prop(probe, "RefList"),
        &strings(&["subnet-x", "subnet-y", "subnet-z"])
    );
    assert_eq!(prop(probe, "RefRequired"), &Value::from("given"));
    assert_eq!(prop(probe, "FindInMap"), &Value::from("large"));
    assert_eq!(prop(probe, "IfTrue"), &Value::from("no-dev"));
    assert_eq!(prop(probe, "IfNoValue"), &Value::from("x"));
    assert_eq!(prop(probe, "SubKnown"), &Value::from("prod-8443"));
    // A NoEcho parameter's value is never read into the model, even when given.
    assert!(unknown(prop(probe, "RefSecret")).reason.contains("NoEcho"));
    assert!(!format!("{:?}", template.resources).contains("s3cr3t-from-file"));
    // IsProd is now true: ProdOnly is created.
    assert!(template.dropped.is_empty());
    assert!(template
        .resources
        .iter()
        .any(|r| r.logical_id == "ProdOnly"));
}

#[test]
fn parameter_files_in_the_codepipeline_format_set_values() {
    let params = ParameterValues::read(&fixture_path("params/codepipeline.json")).unwrap();
    let template = load_fixture("intrinsics/short.yaml", &params);
    let probe = resource(&template, "Probe");
    assert_eq!(prop(probe, "RefParam"), &Value::from("prod"));
    assert_eq!(prop(probe, "RefNumber"), &Value::from("8443"));
    assert_eq!(prop(probe, "RefList"), &strings(&["subnet-x", "subnet-y"]));
}

#[test]
fn previous_values_are_unknown() {
    let params = ParameterValues::read(&fixture_path("params/previous.json")).unwrap();
    let template = load_fixture("intrinsics/short.yaml", &params);
    let probe = resource(&template, "Probe");
    assert!(unknown(prop(probe, "RefParam"))
        .reason
        .contains("UsePreviousValue"));
    // IsProd depends on Env: unknown, so ProdOnly is kept and checked.
    assert!(template.dropped.is_empty());
}

#[test]
fn parameter_values_outside_allowed_values_are_reported() {
    let mut params = ParameterValues::new();
    params.insert("Env", "staging");
    let template = load_fixture("intrinsics/short.yaml", &params);
    let warnings: Vec<_> = template
        .diagnostics
        .iter()
        .filter(|d| d.code == "cfn-parameter-value")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].message.contains("`staging`"));
    assert_eq!(warnings[0].location.as_ref().unwrap().start.line, 5);
}

#[test]
fn bad_parameter_files_name_the_file_and_line() {
    let err = ParameterValues::read(&fixture_path("params/missing_key.json")).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("ParameterKey"), "{err}");
    assert!(err
        .to_string()
        .ends_with("missing_key.json:3:3: missing `ParameterKey`"));

    // The comma is missing at the end of line 2.
    let err = ParameterValues::read(&fixture_path("params/malformed.json")).unwrap_err();
    assert_eq!((err.line, err.column), (2, 52), "{err}");
    assert!(err.message.starts_with("invalid JSON"), "{err}");

    let err = ParameterValues::read(&fixture_path("params/wrong_shape.json")).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(err.message.contains("Parameters"), "{err}");

    let err = ParameterValues::read(&fixture_path("params/absent.json")).unwrap_err();
    assert_eq!(err.line, 0);
    assert!(
        err.to_string().contains("absent.json: cannot read"),
        "{err}"
    );
}

#[test]
fn functions_used_wrongly_are_unknown_and_reported() {
    let template = load_fixture("intrinsics/errors.yaml", &ParameterValues::new());
    let broken = resource(&template, "Broken");
    for property in [
        "SelectOutOfRange",
        "RefNothing",
        "GetAttNothing",
        "FindNothing",
        "JoinNotAList",
        "UnknownTag",
        "IfUndefined",
        "IfCycle",
        "CidrTooMany",
        "UnknownFunction",
        "SubNothing",
        "JoinObject",
        "GetAttNumber",
    ] {
        assert!(prop(broken, property).is_unknown(), "{property} is unknown");
    }
    assert_eq!(prop(broken, "Fine"), &Value::from("still-read"));
    // `${Missing}` leaves its text readable.
    assert_eq!(partial(prop(broken, "SubNothing")), "${?}-x");

    let lines: Vec<(u32, &str)> = template
        .diagnostics
        .iter()
        .filter(|d| d.code == "cfn-unresolved-intrinsic")
        .map(|d| (d.location.as_ref().unwrap().start.line, d.message.as_str()))
        .collect();
    let reported = |line: u32, needle: &str| {
        assert!(
            lines
                .iter()
                .any(|(l, message)| *l == line && message.contains(needle)),
            "line {line}: {needle:?} in {lines:#?}"
        );
    };
    reported(10, "index 5 is out of range");
    reported(11, "`NoSuch`");
    reported(12, "`Nothing`");
    reported(13, "`Nope`");
    reported(14, "`Fn::Join` takes");
    reported(15, "`!Foo`");
    reported(16, "`Undefined` is not defined");
    reported(5, "depends on itself");
    reported(18, "subnets");
    reported(19, "`Fn::Frobnicate`");
    reported(20, "`${Missing}`");
    reported(21, "not an object");
    reported(22, "`Fn::GetAtt` takes");
    assert!(template
        .diagnostics
        .iter()
        .all(|d| d.level <= DiagnosticLevel::Warning || d.code == "cfn-invalid-template"));

    // A resource without `Type` is an error, and the others are still read.
    let no_type = template
        .diagnostics
        .iter()
        .find(|d| d.code == "cfn-invalid-template")
        .expect("NoType is reported");
    assert_eq!(no_type.level, DiagnosticLevel::Error);
    assert_eq!(no_type.location.as_ref().unwrap().start.line, 24);
    assert!(template.resources.iter().any(|r| r.logical_id == "Fine"));
    assert!(!template.resources.iter().any(|r| r.logical_id == "NoType"));
}

#[test]
fn sam_globals_merge_into_functions() {
    let template = load_fixture("intrinsics/sam.yaml", &ParameterValues::new());
    assert!(template.is_serverless());
    let api = resource(&template, "Api");
    // Scalars: the function's own value wins, globals fill in the rest.
    assert_eq!(prop(api, "Timeout"), &Value::Number(30.0));
    assert_eq!(prop(api, "Runtime"), &Value::from("python3.12"));
    assert_eq!(prop(api, "Tracing"), &Value::from("Active"));
    // Mappings merge key by key.
    assert_eq!(
        prop(api, "Environment.Variables.LOG_LEVEL"),
        &Value::from("debug")
    );
    assert_eq!(
        prop(api, "Environment.Variables.STAGE"),
        &Value::from("prod")
    );
    // Lists concatenate, globals first.
    let layers = prop(api, "Layers").as_list().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(
        layers[0],
        Value::from("arn:aws:lambda:us-east-1:123456789012:layer:shared:1")
    );
    assert_eq!(reference(&layers[1]), refers("LocalLayer", "id", true));
    // A global value points at the Globals section, a merged one at the function.
    assert_eq!(api.property_spans["Runtime"].start.line, 5);
    assert_eq!(api.property_spans["Timeout"].start.line, 19);
    assert_eq!(
        reference(prop(api, "Policies.0.S3ReadPolicy.BucketName")),
        refers("Data", "id", true)
    );

    // `ApiRole` is created by the SAM transform: a reference, not an error.
    let worker = resource(&template, "Worker");
    assert_eq!(
        reference(prop(worker, "Role")),
        refers("ApiRole", "arn", true)
    );
    assert_eq!(prop(worker, "Timeout"), &Value::Number(10.0));
    assert!(
        template.diagnostics.is_empty(),
        "{:#?}",
        template.diagnostics
    );

    // Globals do not apply to other types.
    let data = resource(&template, "Data");
    assert_eq!(data.properties, Value::Null);
}
