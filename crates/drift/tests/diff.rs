mod common;

use common::{live, resource};
use driftguard_drift::{
    accept_current_drift, diff, render, DiffKind, DiffOptions, DriftClass, DriftIgnore, Filter,
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

    // A region that was not read, for a type read elsewhere, is not scanned either…
    let coverage = LiveCoverage {
        scanned: vec![Scope {
            resource_type: "aws_kms_key".into(),
            region: "us-east-1".into(),
        }],
        not_scanned: vec![],
    };
    let report = diff(&declared(), &[], &coverage, &DiffOptions::default());
    assert_eq!(report.summary.missing, 0);
    assert_eq!(report.summary.not_scanned, 1);
    assert!(!report.complete);
    // …while types without any collector are listed as unsupported: not compared, not
    // missing, not counted as declared.
    assert_eq!(report.summary.declared, 1);
    assert_eq!(report.summary.unsupported, 3);
    let unsupported: Vec<(&str, usize)> = report
        .unsupported
        .iter()
        .map(|u| (u.resource_type.as_str(), u.declared))
        .collect();
    assert_eq!(unsupported, vec![("aws_iam_user", 2), ("aws_s3_bucket", 1)]);
    assert!(render::text(&report).contains(
        "Not compared: 3 declared resource(s) of types the live side does not read: \
         aws_iam_user (2), aws_s3_bucket (1)"
    ));
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
    // Everything but the default group's rule, which its (now reported) group stands for.
    assert_eq!(report.summary.unmanaged, 9);
    assert_eq!(report.summary.covered_by_parent, 1);
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

#[test]
fn invented_ids_match_by_key_and_split_resources_merge() {
    // Two membership resources for alice (the provider invents `terraform-…` ids), and a rule
    // split over two aws_security_group_rule resources with the same ports.
    let declared = vec![
        resource(
            "aws_iam_user_group_membership",
            "terraform-2026112201",
            "alice_devs",
            json!({"user": "alice", "groups": ["devs"]}),
        ),
        resource(
            "aws_iam_user_group_membership",
            "terraform-2026112202",
            "alice_ops",
            json!({"user": "alice", "groups": ["ops"]}),
        ),
        resource(
            "aws_security_group_rule",
            "sgrule-111",
            "office",
            json!({"security_group_id": "sg-1", "type": "ingress", "protocol": "tcp",
                "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"], "self": false}),
        ),
        resource(
            "aws_security_group_rule",
            "sgrule-222",
            "vpn",
            json!({"security_group_id": "sg-1", "type": "ingress", "protocol": "6",
                "from_port": 443, "to_port": 443, "cidr_blocks": ["192.168.0.0/16"], "self": false}),
        ),
    ];
    let live = vec![
        live(
            "aws_iam_user_group_membership",
            "alice",
            json!({"user": "alice", "groups": ["ops", "devs", "admins"]}),
        ),
        live(
            "aws_security_group_rule",
            "sg-1_ingress_tcp_443_443_",
            json!({"security_group_id": "sg-1", "type": "ingress", "protocol": "tcp",
                "from_port": 443, "to_port": 443, "self": false,
                "cidr_blocks": ["192.168.0.0/16", "10.0.0.0/8"]}),
        ),
    ];
    let report = diff(
        &declared,
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    assert_eq!(report.summary.declared, 2, "merged by key");
    assert_eq!(report.summary.managed, 1);
    assert_eq!(report.drifts.len(), 1, "{:?}", report.drifts);
    let d = &report.drifts[0];
    assert_eq!(d.class, DriftClass::Changed);
    assert_eq!(d.cloud_id, "alice");
    assert_eq!(
        d.address.as_deref(),
        Some("aws_iam_user_group_membership.alice_devs, aws_iam_user_group_membership.alice_ops")
    );
    assert_eq!(d.differences.len(), 1);
    assert_eq!(d.differences[0].path, "groups.2");
    assert_eq!(d.differences[0].kind, DiffKind::Add);
}

#[test]
fn rules_of_a_declared_group_are_compared_by_the_group_not_unmanaged() {
    let declared = vec![resource(
        "aws_security_group",
        "sg-1",
        "web",
        json!({"name": "web", "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443,
            "cidr_blocks": ["0.0.0.0/0"]}]}),
    )];
    let rule = |sg: &str, id: &str| {
        live(
            "aws_vpc_security_group_ingress_rule",
            id,
            json!({"security_group_id": sg, "ip_protocol": "tcp", "from_port": 22,
                "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}),
        )
    };
    let live = vec![
        live(
            "aws_security_group",
            "sg-1",
            json!({"name": "web", "ingress": [
                {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
                {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]}),
        ),
        rule("sg-1", "sgr-1"),
        rule("sg-9", "sgr-9"),
    ];
    let report = diff(
        &declared,
        &live,
        &LiveCoverage::everything(),
        &DiffOptions::default(),
    );
    let classes: Vec<(DriftClass, &str)> = report
        .drifts
        .iter()
        .map(|d| (d.class, d.cloud_id.as_str()))
        .collect();
    // The rule on the declared group shows as the group's change; the rule of an unknown
    // group is unmanaged.
    assert_eq!(
        classes,
        vec![
            (DriftClass::Changed, "sg-1"),
            (DriftClass::Unmanaged, "sgr-9")
        ]
    );
    assert_eq!(report.drifts[0].differences[0].path, "ingress.1");
    assert_eq!(report.summary.covered_by_parent, 1);
}

#[test]
fn a_bucket_part_without_a_region_is_filtered_in_its_bucket_region() {
    // Provider v5 states record no region on bucket parts: they are in their bucket's region,
    // for the filter as for the report.
    let declared = vec![
        resource(
            "aws_s3_bucket",
            "logs",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1"}),
        ),
        resource(
            "aws_s3_bucket_versioning",
            "logs",
            "logs",
            json!({"bucket": "logs", "versioning_configuration": [{"status": "Enabled"}]}),
        ),
    ];
    let live = vec![
        live(
            "aws_s3_bucket",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1"}),
        ),
        live(
            "aws_s3_bucket_versioning",
            "logs",
            json!({"bucket": "logs", "region": "eu-west-1",
                "versioning_configuration": [{"status": "Enabled"}]}),
        ),
    ];
    let options = DiffOptions {
        default_region: Some("us-east-1".into()),
        filter: Some(Filter::parse(r#"region == "eu-west-1""#).unwrap()),
        ..Default::default()
    };
    let report = diff(&declared, &live, &LiveCoverage::everything(), &options);
    assert_eq!(report.summary.declared, 2);
    assert_eq!(report.summary.managed, 2);
    assert!(report.drifts.is_empty(), "{:?}", report.drifts);
}
