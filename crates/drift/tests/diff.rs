mod common;

use common::{live, resource};
use driftguard_drift::{
    accept_current_drift, diff, DiffKind, DiffOptions, DriftClass, DriftIgnore, Filter,
    LiveCoverage, ScanFailure, Scope,
};
use serde_json::json;

fn declared() -> Vec<driftguard_model::Resource> {
    vec![
        resource(
            "aws_iam_user",
            "alice",
            "alice",
            json!({"name": "alice", "path": "/", "tags": {"team": "a"}, "force_destroy": false}),
        ),
        resource(
            "aws_iam_user",
            "bob",
            "bob",
            json!({"name": "bob", "path": "/"}),
        ),
        resource(
            "aws_s3_bucket",
            "logs",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1"}),
        ),
        resource(
            "aws_kms_key",
            "k-1",
            "k",
            json!({"arn": "arn:aws:kms:eu-west-1:1:key/k-1", "enable_key_rotation": true}),
        ),
    ]
}

#[test]
fn classifies_managed_changed_missing_unmanaged() {
    let live = vec![
        live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "path": "/", "tags": {"team": "b"}, "unique_id": "AIDA1", "arn": "arn:aws:iam::1:user/alice"}),
        ),
        live(
            "aws_iam_user",
            "shadow",
            json!({"name": "shadow", "path": "/"}),
        ),
        live(
            "aws_s3_bucket",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1", "object_lock_enabled": false}),
        ),
        live(
            "aws_kms_key",
            "k-1",
            json!({"arn": "arn:aws:kms:eu-west-1:1:key/k-1", "enable_key_rotation": true, "key_usage": "ENCRYPT_DECRYPT"}),
        ),
    ];
    let report = diff(
        &declared(),
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    let s = &report.summary;
    assert_eq!(
        (s.declared, s.managed, s.changed, s.missing, s.unmanaged),
        (4, 2, 1, 1, 1)
    );
    assert_eq!(s.coverage_percent, 50.0);
    assert!(report.complete);
    assert_eq!(report.exit_code(false), 1);
    let classes: Vec<_> = report
        .drifts
        .iter()
        .map(|d| (d.class, d.cloud_id.as_str()))
        .collect();
    assert_eq!(
        classes,
        [
            (DriftClass::Changed, "alice"),
            (DriftClass::Missing, "bob"),
            (DriftClass::Unmanaged, "shadow")
        ]
    );
    let changed = &report.drifts[0];
    assert_eq!(changed.region, "global");
    assert_eq!(changed.differences.len(), 1);
    assert_eq!(changed.differences[0].path, "tags.team");
    assert_eq!(changed.differences[0].kind, DiffKind::NotEqual);
}

#[test]
fn untouched_infrastructure_is_clean() {
    let live: Vec<_> = declared()
        .into_iter()
        .map(|r| {
            live(
                &r.resource_type,
                r.cloud_id.as_deref().unwrap(),
                r.attributes.to_json(),
            )
        })
        .collect();
    let report = diff(
        &declared(),
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    assert_eq!(report.summary.managed, 4);
    assert!(report.drifts.is_empty());
    assert_eq!(report.exit_code(false), 0);
}

#[test]
fn unreadable_scope_is_never_missing() {
    let coverage = LiveCoverage {
        scanned: vec![
            Scope {
                resource_type: "aws_iam_user".into(),
                region: "global".into(),
            },
            Scope {
                resource_type: "aws_s3_bucket".into(),
                region: "*".into(),
            },
        ],
        not_scanned: vec![ScanFailure {
            resource_type: "aws_kms_key".into(),
            region: "eu-west-1".into(),
            error: "AccessDeniedException: not authorized to perform kms:ListKeys".into(),
        }],
    };
    let live = vec![
        live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "tags": {"team": "a"}}),
        ),
        live("aws_iam_user", "bob", json!({"name": "bob"})),
    ];
    let report = diff(&declared(), &live, &coverage, &DiffOptions::default());
    assert!(!report.complete);
    assert_eq!(report.exit_code(false), 2);
    // The bucket scope was read: it is missing. The key's scope failed: not scanned.
    assert_eq!(report.summary.missing, 1);
    assert_eq!(report.drifts[0].cloud_id, "logs");
    assert_eq!(report.not_scanned.len(), 1);
    assert_eq!(report.not_scanned[0].address, "aws_kms_key.k");
    assert!(report.not_scanned[0].error.contains("AccessDenied"));
    assert_eq!(report.exit_code(true), 1);

    // A scope that was neither read nor reported as failed is not scanned either.
    let coverage = LiveCoverage {
        scanned: vec![],
        not_scanned: vec![],
    };
    let report = diff(&declared(), &[], &coverage, &DiffOptions::default());
    assert_eq!(report.summary.missing, 0);
    assert_eq!(report.summary.not_scanned, 4);
    assert!(!report.complete);
}

#[test]
fn aws_defaults_are_unmanaged_only_when_strict() {
    let live = vec![
        live("aws_vpc", "vpc-def", json!({"is_default": true})),
        live("aws_subnet", "subnet-1", json!({"vpc_id": "vpc-def"})),
        live(
            "aws_security_group",
            "sg-def",
            json!({"name": "default", "vpc_id": "vpc-def"}),
        ),
        live(
            "aws_vpc_security_group_ingress_rule",
            "sgr-1",
            json!({"security_group_id": "sg-def"}),
        ),
        live(
            "aws_iam_role",
            "AWSServiceRoleForSupport",
            json!({"path": "/aws-service-role/support.amazonaws.com/"}),
        ),
        live(
            "aws_iam_role_policy_attachment",
            "AWSServiceRoleForSupport-x",
            json!({"role": "AWSServiceRoleForSupport"}),
        ),
        live(
            "aws_kms_alias",
            "alias/aws/s3",
            json!({"name": "alias/aws/s3", "target_key_id": "k-aws"}),
        ),
        live("aws_kms_key", "k-aws", json!({})),
        live("aws_kms_key", "k-mine", json!({})),
        live("aws_iam_role", "admin", json!({"path": "/"})),
    ];
    let report = diff(
        &[],
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    let unmanaged: Vec<_> = report.drifts.iter().map(|d| d.cloud_id.as_str()).collect();
    assert_eq!(unmanaged, ["admin", "k-mine"]);
    assert_eq!(report.summary.aws_defaults, 8);
    let strict = DiffOptions {
        strict: true,
        ..Default::default()
    };
    let report = diff(&[], &live, &LiveCoverage::everything(), &strict);
    assert_eq!(report.summary.unmanaged, 10);
}

#[test]
fn driftignore_and_filter_narrow_the_report() {
    let live = vec![
        live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "tags": {"team": "b"}}),
        ),
        live("aws_iam_user", "shadow", json!({"name": "shadow"})),
    ];
    let ignore = DriftIgnore::parse(
        "aws_iam_user.alice.tags\naws_iam_user.shadow\naws_s3_bucket.*\n",
        ".driftignore",
    )
    .unwrap();
    let options = DiffOptions {
        ignore: Some(ignore),
        ..Default::default()
    };
    let report = diff(&declared(), &live, &LiveCoverage::everything(), &options);
    assert_eq!(report.summary.ignored, 2);
    assert_eq!(report.summary.managed, 1); // alice: only her tags differ, and they are ignored
    let ids: Vec<_> = report
        .drifts
        .iter()
        .map(|d| (d.class, d.cloud_id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [(DriftClass::Missing, "bob"), (DriftClass::Missing, "k-1")]
    );

    let filter = Filter::parse(r#"type == "aws_iam_user" && id =~ "^(alice|shadow)$""#).unwrap();
    let options = DiffOptions {
        filter: Some(filter),
        ..Default::default()
    };
    let report = diff(&declared(), &live, &LiveCoverage::everything(), &options);
    assert_eq!(report.summary.declared, 1);
    let ids: Vec<_> = report.drifts.iter().map(|d| d.cloud_id.as_str()).collect();
    assert_eq!(ids, ["alice", "shadow"]);
}

#[test]
fn accepted_drift_file_silences_the_same_drift() {
    let live = vec![
        live(
            "aws_iam_user",
            "alice",
            json!({"name": "alice", "tags": {"team": "b", "k8s.io/role": "x"}}),
        ),
        live(
            "aws_iam_user",
            "shadow.user",
            json!({"name": "shadow.user"}),
        ),
        live(
            "aws_kms_key",
            "k-1",
            json!({"arn": "arn:aws:kms:eu-west-1:1:key/k-1", "enable_key_rotation": true}),
        ),
    ];
    let coverage = LiveCoverage::everything();
    let report = diff(&declared(), &live, &coverage, &DiffOptions::default());
    assert!(report.has_drift());
    let text = accept_current_drift(&report);
    assert!(text.contains("aws_iam_user.shadow\\.user\n"), "{text}");
    assert!(
        text.contains("aws_iam_user.alice.tags.k8s\\.io/role\n"),
        "{text}"
    );
    let ignore = DriftIgnore::parse(&text, ".driftignore").unwrap();
    let options = DiffOptions {
        ignore: Some(ignore),
        ..Default::default()
    };
    let report = diff(&declared(), &live, &coverage, &options);
    assert!(!report.has_drift(), "{:?}", report.drifts);
}

#[test]
fn data_sources_and_duplicate_declarations_are_handled() {
    let mut data = resource("aws_iam_user", "ghost", "ghost", json!({}));
    data.mode = driftguard_model::ResourceMode::Data;
    let report = diff(
        &[data],
        &[],
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    assert_eq!(report.summary.declared, 0);
    assert_eq!(report.summary.coverage_percent, 100.0);
}
