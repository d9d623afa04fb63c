//! Reading templates: YAML and JSON with spans, detection by content, and bad input.

use std::path::Path;

use driftguard_cloudformation::syntax::{self, NodeKind};
use driftguard_cloudformation::{load, ParameterValues, Template};
use driftguard_model::{DiagnosticLevel, Value};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

fn load_text(name: &str, text: &str) -> Option<Template> {
    load(name, text, &ParameterValues::new()).unwrap_or_else(|err| panic!("{err}"))
}

fn load_fixture(name: &str) -> Template {
    load_text(name, &fixture(name)).expect("the fixture is a template")
}

#[test]
fn spans_of_non_ascii_text_are_byte_ranges_with_character_columns() {
    let template = load_fixture("syntax/non_ascii.yaml");
    let bucket = &template.resources[0];
    assert_eq!(bucket.logical_id, "Bücket");
    assert_eq!(bucket.span.start.line, 5);
    assert_eq!(bucket.span.start.column, 3);

    let value = &bucket.property_spans["Tags.0.Value"];
    // The quoted scalar ends at its quote, not after the comment that follows it.
    assert_eq!(
        &template.source.text[value.bytes.clone()],
        "Value: \"groß ✓\""
    );
    assert_eq!((value.start.line, value.start.column), (10, 11));
    assert_eq!((value.end.line, value.end.column), (10, 26));

    let key = &bucket.property_spans["Tags.1.Key"];
    assert_eq!(&template.source.text[key.bytes.clone()], "Key: 名前");
    assert_eq!((key.start.line, key.start.column), (11, 11));
    assert_eq!((key.end.line, key.end.column), (11, 18));
    let value = &bucket.property_spans["Tags.1.Value"];
    assert_eq!(&template.source.text[value.bytes.clone()], "Value: 値");
    assert_eq!(
        bucket.properties.get_path("Tags.0.Key"),
        Some(&Value::from("Größe"))
    );
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_keep_lines_right() {
    let text = "\u{feff}AWSTemplateFormatVersion: \"2010-09-09\"\r\nResources:\r\n  Queue:\r\n    Type: AWS::SQS::Queue\r\n    Properties:\r\n      QueueName: \"orders\"\r\n";
    let template = load_text("crlf.yaml", text).unwrap();
    let queue = &template.resources[0];
    let name = &queue.property_spans["QueueName"];
    assert_eq!(&text[name.bytes.clone()], "QueueName: \"orders\"");
    assert_eq!((name.start.line, name.start.column), (6, 7));
    assert_eq!(queue.span.start.line, 3);
}

#[test]
fn duplicate_keys_keep_the_last_value_and_are_reported() {
    let template = load_fixture("syntax/duplicates.yaml");
    let ids: Vec<_> = template
        .resources
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    assert_eq!(ids, ["Bucket", "Topic"]);
    let bucket = &template.resources[0];
    assert_eq!(
        bucket.properties.get_path("BucketName"),
        Some(&Value::from("second"))
    );
    assert_eq!(bucket.property_spans["BucketName"].start.line, 9);
    let topic = &template.resources[1];
    assert_eq!(
        topic.properties.get_path("TopicName"),
        Some(&Value::from("two"))
    );
    assert_eq!(topic.span.start.line, 14);

    let messages: Vec<String> = template
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.code, "cfn-duplicate-key");
            assert_eq!(d.level, DiagnosticLevel::Warning);
            d.to_string()
        })
        .collect();
    assert_eq!(
        messages,
        [
            "syntax/duplicates.yaml:9:7: warning: duplicate key `BucketName` (first on line 6): \
             the last value is used, as CloudFormation does [cfn-duplicate-key]",
            "syntax/duplicates.yaml:14:3: warning: duplicate key `Topic` (first on line 10): \
             the last value is used, as CloudFormation does [cfn-duplicate-key]",
        ]
    );
}

#[test]
fn json_duplicate_keys_are_reported_too() {
    let text = "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\",\n \"Type\": \"AWS::SNS::Topic\"}}}";
    let template = load_text("dup.json", text).unwrap();
    assert_eq!(template.resources[0].resource_type, "AWS::SNS::Topic");
    assert_eq!(template.diagnostics.len(), 1);
    let at = template.diagnostics[0].location.as_ref().unwrap();
    assert_eq!((at.start.line, at.start.column), (3, 2));
}

#[test]
fn aliases_and_merge_keys_are_expanded() {
    let template = load_fixture("syntax/aliases.yaml");
    assert!(
        template.diagnostics.is_empty(),
        "{:#?}",
        template.diagnostics
    );
    let get = |id: &str, path: &str| {
        template
            .resources
            .iter()
            .find(|r| r.logical_id == id)
            .and_then(|r| r.properties.get_path(path))
            .cloned()
    };
    assert_eq!(
        get("First", "VersioningConfiguration.Status"),
        Some(Value::from("Enabled"))
    );
    // Explicit keys win over merged ones, and are not duplicates.
    assert_eq!(
        get("Second", "VersioningConfiguration.Status"),
        Some(Value::from("Suspended"))
    );
    assert_eq!(get("Second", "Tags.0.Key"), Some(Value::from("team")));
    assert_eq!(get("Third", "Tags.0.Value"), Some(Value::from("core")));
    // An alias's span is where the alias is written.
    let third = &template.resources[2];
    assert_eq!(third.property_spans["Tags"].start.line, 20);
}

#[test]
fn alias_bombs_fail_instead_of_exhausting_memory() {
    let err = load(
        "syntax/alias_bomb.yaml",
        &fixture("syntax/alias_bomb.yaml"),
        &ParameterValues::new(),
    )
    .unwrap_err();
    assert!(err.message.contains("alias bomb"), "{err}");
    assert!(err.message.contains("100000"), "{err}");
    // At the first alias of `f` (after `e`, about 75k nodes have been copied).
    assert_eq!(
        (err.span.start.line, err.span.start.column),
        (8, 10),
        "{err}"
    );
    assert_eq!(err.to_diagnostic().code, "cfn-parse-error");
}

#[test]
fn malformed_yaml_is_an_error_at_file_line_column() {
    let err = load(
        "syntax/malformed.yaml",
        &fixture("syntax/malformed.yaml"),
        &ParameterValues::new(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        // The unclosed flow sequence runs on until the `:` of the next key.
        "syntax/malformed.yaml:7:30: illegal placement of ':' indicator"
    );
    let diagnostic = err.to_diagnostic();
    assert_eq!(diagnostic.level, DiagnosticLevel::Error);
    assert_eq!(diagnostic.file.as_deref(), Some("syntax/malformed.yaml"));
}

#[test]
fn malformed_json_is_an_error_at_file_line_column() {
    let err = load(
        "syntax/malformed.json",
        &fixture("syntax/malformed.json"),
        &ParameterValues::new(),
    )
    .unwrap_err();
    // The comma is missing at the end of line 5.
    assert_eq!(
        err.to_string(),
        "syntax/malformed.json:5:29: invalid JSON: Expected comma"
    );
}

#[test]
fn files_that_are_not_templates_are_skipped() {
    for name in [
        "syntax/k8s.yaml",
        "syntax/workflow.yml",
        "syntax/package.json",
        // Not even YAML, and nothing like a template: skipped, not failed.
        "syntax/helm.yaml",
        // The Serverless Framework's `resources.Resources` is not a template's `Resources`.
        "syntax/serverless.yml",
    ] {
        let loaded = load(name, &fixture(name), &ParameterValues::new());
        assert!(matches!(loaded, Ok(None)), "{name}: {loaded:?}");
    }
    for text in [
        "",
        "   \n",
        "# only a comment\n",
        "just text",
        "- a\n- b\n",
        "[1, 2]",
    ] {
        assert!(load_text("x.yaml", text).is_none(), "{text:?}");
    }
}

#[test]
fn templates_are_detected_by_content_without_a_version() {
    let template = load_fixture("syntax/detected.yaml");
    let types: Vec<_> = template
        .resources
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    assert_eq!(types, ["AWS::SQS::Queue", "Custom::Thing"]);
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| {
        format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  Deep: {}1{}\nResources: {{}}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    // The root mapping and `Metadata` are two levels.
    assert!(load_text("ok.yaml", &nested(126)).is_some());
    let err = load("deep.yaml", &nested(127), &ParameterValues::new()).unwrap_err();
    assert!(err.message.contains("nested deeper than 128"), "{err}");
    assert_eq!(err.span.start.line, 3);

    let json = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Metadata\": {}1{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let err = load("deep.json", &json, &ParameterValues::new()).unwrap_err();
    assert!(err.message.contains("nested deeper than 128"), "{err}");

    let mut block = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n");
    for level in 0..200 {
        block.push_str(&"  ".repeat(level + 1));
        block.push_str("a:\n");
    }
    let err = load("block.yaml", &block, &ParameterValues::new()).unwrap_err();
    assert!(err.message.contains("nested deeper than 128"), "{err}");
}

#[test]
fn json_that_yaml_parsers_reject_still_parses() {
    let long_key = "k".repeat(1100);
    let text = format!(
        "{{\n\t\"AWSTemplateFormatVersion\":\t\"2010-09-09\",\n\t\"Resources\": {{\n\t\t\"Topic\": {{\"Type\": \"AWS::SNS::Topic\", \"Properties\": {{\"DisplayName\": \"\\ud83d\\ude00\", \"Tags\": [{{\"Key\": \"{long_key}\", \"Value\": \"v\"}}]}}}}\n\t}}\n}}\n"
    );
    let template = load_text("emoji.json", &text).unwrap();
    let topic = &template.resources[0];
    assert_eq!(
        topic.properties.get_path("DisplayName"),
        Some(&Value::from("😀"))
    );
    assert_eq!(topic.property_spans["DisplayName"].start.line, 4);
}

#[test]
fn only_the_first_yaml_document_is_read() {
    let text = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n---\nother: document\n";
    let template = load_text("two.yaml", text).unwrap();
    assert_eq!(template.diagnostics.len(), 1);
    assert!(template.diagnostics[0].message.contains("more than one"));
}

#[test]
fn short_forms_become_long_forms_with_their_tag() {
    let document =
        syntax::parse("a: !GetAtt Bucket.Arn\nb: !Foo x\nc: !!str 12\nd: 0123\n").unwrap();
    let root = document.root.unwrap();
    let a = root.get("a").unwrap();
    assert_eq!(a.tag.as_deref(), Some("GetAtt"));
    assert_eq!(a.span, 3..21);
    assert_eq!(
        a.get("Fn::GetAtt").and_then(|n| n.as_str()),
        Some("Bucket.Arn")
    );
    let b = root.get("b").unwrap();
    assert_eq!(b.tag.as_deref(), Some("Foo"));
    assert_eq!(b.kind, NodeKind::String("x".into()));
    assert_eq!(root.get("c").unwrap().kind, NodeKind::String("12".into()));
    assert_eq!(root.get("d").unwrap().kind, NodeKind::String("0123".into()));
}

#[test]
fn scalars_are_typed_by_the_core_schema() {
    let text = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Int: 42\n      Float: 1.5\n      True: true\n      Yes: yes\n      Null: null\n      Empty:\n      Quoted: 'true'\n      Account: 012345678901\n      Version: 2010-09-09\n      Literal: |\n        line 1\n        line 2\n";
    let template = load_text("types.yaml", text).unwrap();
    let get = |path: &str| template.resources[0].properties.get_path(path).cloned();
    assert_eq!(get("Int"), Some(Value::Number(42.0)));
    assert_eq!(get("Float"), Some(Value::Number(1.5)));
    assert_eq!(get("True"), Some(Value::Bool(true)));
    assert_eq!(get("Yes"), Some(Value::from("yes")));
    assert_eq!(get("Null"), Some(Value::Null));
    assert_eq!(get("Empty"), Some(Value::Null));
    assert_eq!(get("Quoted"), Some(Value::from("true")));
    assert_eq!(get("Account"), Some(Value::from("012345678901")));
    assert_eq!(get("Version"), Some(Value::from("2010-09-09")));
    assert_eq!(get("Literal"), Some(Value::from("line 1\nline 2\n")));
}

#[test]
fn truncated_and_mangled_templates_never_panic() {
    for name in [
        "intrinsics/short.yaml",
        "intrinsics/long.json",
        "intrinsics/errors.yaml",
        "syntax/non_ascii.yaml",
        "syntax/aliases.yaml",
    ] {
        let text = fixture(name);
        let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for pair in boundaries.windows(2).step_by(11) {
            let (cut, next) = (pair[0], pair[1]);
            let _ = load(name, &text[..cut], &ParameterValues::new());
            // The same text with one character dropped.
            let mangled = format!("{}{}", &text[..cut], &text[next..]);
            let _ = load(name, &mangled, &ParameterValues::new());
        }
    }
}
