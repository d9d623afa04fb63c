//! A fixed set of results for the report tests: a small catalog and the JSON outputs of one scan,
//! one drift and one trail run under `tests/fixtures/`.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use driftguard_compliance::{
    assess, framework, parse_input, Catalog, Check, Input, Mapping, Posture, Source, Topic,
};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn check(id: &str, source: Source, title: &str, mapping: Mapping) -> Check {
    Check {
        id: id.to_string(),
        source,
        title: title.to_string(),
        mapping,
    }
}

/// A catalog of nine checks across the three sources; one (KMS rotation) is run by no input.
pub fn catalog() -> Catalog {
    use Topic::*;
    Catalog::new(vec![
        check(
            "aws-s3-bucket-public-read",
            Source::Scan,
            "S3 bucket is publicly readable",
            Mapping {
                topics: &[PublicDataExposure],
                controls: &[],
            },
        ),
        check(
            "aws-s3-bucket-versioning",
            Source::Scan,
            "S3 bucket versioning is not enabled",
            Mapping {
                topics: &[Backup],
                controls: &[],
            },
        ),
        check(
            "aws-ec2-sg-ssh-open",
            Source::Scan,
            "Security group opens SSH to the internet",
            Mapping {
                topics: &[NetworkExposure],
                controls: &["cis-aws:5.2"],
            },
        ),
        check(
            "secret-aws-access-key",
            Source::Scan,
            "AWS access key in code",
            Mapping {
                topics: &[Secrets],
                controls: &[],
            },
        ),
        check(
            "aws-kms-key-rotation",
            Source::Scan,
            "KMS key rotation is disabled",
            Mapping {
                topics: &[KeyManagement],
                controls: &["cis-aws:3.6"],
            },
        ),
        check(
            "drift-changed",
            Source::Drift,
            "Resource changed outside its declaration",
            Mapping {
                topics: &[ConfigurationManagement, ChangeManagement, Monitoring],
                controls: &[],
            },
        ),
        check(
            "drift-missing",
            Source::Drift,
            "Declared resource missing",
            Mapping {
                topics: &[ConfigurationManagement, AssetInventory],
                controls: &[],
            },
        ),
        check(
            "drift-unmanaged",
            Source::Drift,
            "Resource managed by no state",
            Mapping {
                topics: &[AssetInventory, ChangeManagement],
                controls: &[],
            },
        ),
        check(
            "aws-out-of-band-change",
            Source::Trail,
            "Change made outside the IaC workflow",
            Mapping {
                topics: &[ChangeManagement, AccessControl, AuditLogging],
                controls: &[],
            },
        ),
    ])
}

pub fn input(source: Source, file: &str) -> Input {
    let catalog = catalog();
    let text = std::fs::read_to_string(fixtures().join(file)).expect("fixture");
    // Named by file name only, so that golden outputs do not depend on the checkout's path.
    parse_input(source, file, &text, &catalog.ids(source)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The posture of `framework_id` over the three fixture reports, generated at a fixed time.
pub fn posture(framework_id: &str) -> Posture {
    let inputs = vec![
        input(Source::Scan, "scan.json"),
        input(Source::Drift, "drift.json"),
        input(Source::Trail, "trail.json"),
    ];
    assess(
        framework(framework_id).expect("embedded framework"),
        &catalog(),
        inputs,
        "driftguard 0.1.0",
        "2026-11-22T09:00:00Z",
    )
}
