//! A fixed scan of three small Terraform files: findings of every severity, two suppressed (inline
//! and baseline), one without a location, one inconclusive check, a parse error and a warning.
//! Deterministic: duration 0 and a fixed tool version.

use driftguard_model::{
    Diagnostic, Finding, Inconclusive, ScanReport, Severity, SourceFile, Sources, Span,
    Suppression, SuppressionKind,
};
use driftguard_rules::{Mapping, RuleMeta, Topic, TrivyId};

pub const MAIN_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}

resource "aws_s3_bucket" "website" {
  # driftguard:ignore aws-s3-bucket-public-read static website, public by design
  bucket = "acme-www"
  acl    = "public-read"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data-${data.aws_caller_identity.me.account_id}"
}
"#;

pub const NET_TF: &str = r#"resource "aws_security_group" "web" {
  count  = 2
  name   = "web-${count.index}"
  vpc_id = var.vpc_id

  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

pub const VARIABLES_TF: &str =
    "variable \"vpc_id\" {\n  type    = string\n  default = \"vpc-123\n}\n";

pub fn sources() -> Sources {
    [
        ("main.tf", MAIN_TF),
        ("modules/net/main.tf", NET_TF),
        ("modules/net/variables.tf", VARIABLES_TF),
    ]
    .into_iter()
    .map(|(path, text)| (path.into(), SourceFile::new(path, text)))
    .collect()
}

/// The span of the `nth` (0-based) occurrence of `needle` in `path`.
fn span_of(sources: &Sources, path: &str, needle: &str, nth: usize) -> Span {
    let file = &sources[path];
    let start = file
        .text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in {path}"))
        .0;
    file.span(start..start + needle.len())
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule_id: &str,
    severity: Severity,
    title: &str,
    message: &str,
    resource_type: &str,
    resource_address: &str,
    attribute: Option<&str>,
    location: Option<Span>,
    fingerprint: &str,
) -> Finding {
    Finding {
        rule_id: rule_id.into(),
        severity,
        title: title.into(),
        message: message.into(),
        resource_type: resource_type.into(),
        resource_address: resource_address.into(),
        attribute: attribute.map(Into::into),
        location,
        suppression: None,
        fingerprint: fingerprint.into(),
    }
}

pub fn report() -> ScanReport {
    let sources = sources();
    let s = |path, needle, nth| Some(span_of(&sources, path, needle, nth));
    let logs_block = &MAIN_TF[..MAIN_TF.find("}\n").unwrap() + 2];
    let ingress_block =
        &NET_TF[NET_TF.find("ingress {").unwrap()..NET_TF.find("  }\n").unwrap() + 3];

    let public_read = "S3 bucket is publicly readable";
    let open_ingress = "Security group allows ingress from 0.0.0.0/0";
    let versioning = "S3 bucket versioning is not enabled";
    let findings = vec![
        finding(
            "aws-s3-bucket-public-read",
            Severity::Critical,
            public_read,
            "the canned ACL `public-read` grants READ on every object to AllUsers",
            "aws_s3_bucket",
            "aws_s3_bucket.logs",
            Some("acl"),
            s("main.tf", "acl    = \"public-read\"", 0),
            "5d0e0c6f4a1b9e27c3d8a4f1",
        ),
        finding(
            "aws-ec2-security-group-open-ingress",
            Severity::High,
            open_ingress,
            "port 22 (ssh) is open to *anywhere* | 0.0.0.0/0",
            "aws_security_group",
            "module.net.aws_security_group.web[0]",
            Some("ingress.0"),
            s("modules/net/main.tf", ingress_block, 0),
            "a39f17c2e8d04b5619e7c0d2",
        ),
        finding(
            "aws-ec2-security-group-open-ingress",
            Severity::High,
            open_ingress,
            "port 22 (ssh) is open to *anywhere* | 0.0.0.0/0",
            "aws_security_group",
            "module.net.aws_security_group.web[1]",
            Some("ingress.0"),
            s("modules/net/main.tf", ingress_block, 0),
            "0b8e52d7f61a3c94e2d05a7b",
        ),
        finding(
            "aws-s3-bucket-versioning",
            Severity::Medium,
            versioning,
            "bucket `aws_s3_bucket.logs` has no versioning configuration",
            "aws_s3_bucket",
            "aws_s3_bucket.logs",
            None,
            s("main.tf", logs_block, 0),
            "e4c1a8b07d2f69350a1e8c4d",
        ),
        finding(
            "aws-s3-bucket-access-logging",
            Severity::Low,
            "S3 bucket access logging is not enabled",
            "no `aws_s3_bucket_logging` targets bucket `aws_s3_bucket.data`",
            "aws_s3_bucket",
            "aws_s3_bucket.data",
            None,
            None,
            "7f2b9c0e1d4a8365b0c7e2f9",
        ),
        finding(
            "aws-s3-bucket-tags",
            Severity::Info,
            "S3 bucket has no tags",
            "add at least an `owner` tag",
            "aws_s3_bucket",
            "aws_s3_bucket.data",
            None,
            s("main.tf", "resource \"aws_s3_bucket\" \"data\"", 0),
            "c60d3e9a2b7f14e85d0a9c31",
        ),
        Finding {
            suppression: Some(Suppression {
                kind: SuppressionKind::Inline,
                reason: Some("static website, public by design".into()),
                expires: Some("2031-01-01".into()),
            }),
            ..finding(
                "aws-s3-bucket-public-read",
                Severity::Critical,
                public_read,
                "the canned ACL `public-read` grants READ on every object to AllUsers",
                "aws_s3_bucket",
                "aws_s3_bucket.website",
                Some("acl"),
                s("main.tf", "acl    = \"public-read\"", 1),
                "91a4e0f7c3b82d5e6f0a1b2c",
            )
        },
        Finding {
            suppression: Some(Suppression {
                kind: SuppressionKind::Baseline,
                reason: None,
                expires: None,
            }),
            ..finding(
                "aws-s3-bucket-versioning",
                Severity::Medium,
                versioning,
                "bucket `aws_s3_bucket.website` has no versioning configuration",
                "aws_s3_bucket",
                "aws_s3_bucket.website",
                None,
                s("main.tf", "resource \"aws_s3_bucket\" \"website\"", 0),
                "2e7d0c5b9a4f81e36c0b2d8a",
            )
        },
    ];

    let inconclusive = vec![Inconclusive {
        rule_id: "aws-s3-bucket-versioning".into(),
        resource_type: "aws_s3_bucket".into(),
        resource_address: "aws_s3_bucket.data".into(),
        attribute: Some("bucket".into()),
        location: s(
            "main.tf",
            "bucket = \"acme-data-${data.aws_caller_identity.me.account_id}\"",
            0,
        ),
        reason: "data.aws_caller_identity.me.account_id is known only after apply".into(),
    }];

    let diagnostics = vec![
        Diagnostic::warning(
            "module-not-resolved",
            "module `vpc` (git::https://example.com/vpc.git) is not available offline: its \
             resources were not scanned",
        )
        .in_file("main.tf"),
        Diagnostic::error("parse-error", "unterminated string literal").at(span_of(
            &sources,
            "modules/net/variables.tf",
            "\"vpc-123",
            0,
        )),
    ];

    let mut report = ScanReport::new(findings, inconclusive, diagnostics, 3, 4, 12);
    report.tool.version = "0.0.0-test";
    report
}

/// An empty scan: nothing found, nothing wrong.
pub fn clean_report() -> ScanReport {
    let mut report = ScanReport::new(vec![], vec![], vec![], 2, 5, 12);
    report.tool.version = "0.0.0-test";
    report
}

/// The rule registry of the fixture: two rules with full metadata; every other id is unknown.
pub fn rules(id: &str) -> Option<&'static RuleMeta> {
    [&PUBLIC_READ, &VERSIONING]
        .into_iter()
        .find(|meta| meta.id == id)
}

static PUBLIC_READ: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-public-read",
    title: "S3 bucket is publicly readable",
    severity: Severity::Critical,
    rationale: "Anyone on the internet can list and download the bucket's objects.",
    remediation: "Remove the public canned ACL and enable the bucket's public access block.",
    resource_types: &["aws_s3_bucket", "aws_s3_bucket_acl"],
    checkov: &["CKV_AWS_20"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::PublicDataExposure],
        controls: &["cis-aws:2.1.4"],
    },
    example_bad: "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n",
    example_good: "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n",
};

static VERSIONING: RuleMeta = RuleMeta {
    id: "aws-s3-bucket-versioning",
    title: "S3 bucket versioning is not enabled",
    severity: Severity::Medium,
    rationale: "Without versioning, an overwritten or deleted object is gone.",
    remediation: "Enable versioning with an `aws_s3_bucket_versioning` resource.",
    resource_types: &["aws_s3_bucket", "aws_s3_bucket_versioning"],
    checkov: &["CKV_AWS_21"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0090",
        long: "aws-s3-enable-versioning",
    }],
    compliance: Mapping {
        topics: &[Topic::Backup],
        controls: &[],
    },
    example_bad: "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
    example_good: "resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n",
};
