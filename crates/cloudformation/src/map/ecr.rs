//! ECR: `AWS::ECR::Repository` (with its inline `RepositoryPolicyText`) and
//! `AWS::ECR::RegistryScanningConfiguration`, onto `aws_ecr_repository`,
//! `aws_ecr_repository_policy` and `aws_ecr_registry_scanning_configuration`.

use super::convert::{push_part, reference, tags, Builder, Field};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::ECR::Repository", repository),
    (
        "AWS::ECR::RegistryScanningConfiguration",
        registry_scanning_configuration,
    ),
];

const REPOSITORY: &[Field] = &[
    Field::Copy("name", "RepositoryName"),
    Field::Copy("image_tag_mutability", "ImageTagMutability"),
    Field::Blocks(
        "image_tag_mutability_exclusion_filter",
        "ImageTagMutabilityExclusionFilters",
        &[
            Field::Copy("filter", "ImageTagMutabilityExclusionFilterValue"),
            Field::Copy("filter_type", "ImageTagMutabilityExclusionFilterType"),
        ],
    ),
    Field::Block(
        "image_scanning_configuration",
        "ImageScanningConfiguration",
        &[Field::Copy("scan_on_push", "ScanOnPush")],
    ),
    Field::Block(
        "encryption_configuration",
        "EncryptionConfiguration",
        &[
            Field::Copy("encryption_type", "EncryptionType"),
            Field::Copy("kms_key", "KmsKey"),
        ],
    ),
    Field::Copy("force_delete", "EmptyOnDelete"),
];

/// The repository, and its `RepositoryPolicyText` as the separate `aws_ecr_repository_policy`
/// Terraform would declare (`<LogicalId>Policy`), since the rules judge repository policies
/// there.
fn repository(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(REPOSITORY);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let has_policy = b.prop("RepositoryPolicyText").is_some_and(|v| !v.is_null());
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_ecr_repository",
        &from.logical_id,
        attributes,
        spans,
    );

    if has_policy {
        let mut p = Builder::new(from);
        p.fields(&[Field::Json("policy", "RepositoryPolicyText")]);
        p.set(
            "repository",
            reference(&from.logical_id, "id"),
            "RepositoryPolicyText",
        );
        push_part(
            out,
            p,
            "aws_ecr_repository_policy",
            &format!("{}Policy", from.logical_id),
            "RepositoryPolicyText",
        );
    }
}

const REGISTRY_SCANNING: &[Field] = &[
    Field::Copy("scan_type", "ScanType"),
    Field::Blocks(
        "rule",
        "Rules",
        &[
            Field::Copy("scan_frequency", "ScanFrequency"),
            Field::Blocks(
                "repository_filter",
                "RepositoryFilters",
                &[
                    Field::Copy("filter", "Filter"),
                    Field::Copy("filter_type", "FilterType"),
                ],
            ),
        ],
    ),
];

fn registry_scanning_configuration(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(REGISTRY_SCANNING);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_ecr_registry_scanning_configuration",
        &from.logical_id,
        attributes,
        spans,
    );
}
