//! Resources AWS creates by itself, as data: not reported as unmanaged unless `strict`.

use std::collections::HashSet;

use driftguard_model::{Resource, Value};

/// How an AWS-created resource is recognised.
#[derive(Debug, Clone, Copy)]
pub enum DefaultMatch {
    /// The attribute equals the value (`is_default = true`, `name = "default"`).
    Equals(&'static str, &'static str),
    /// The string attribute starts with the prefix (`path = "/aws-service-role/…"`).
    Prefix(&'static str, &'static str),
    /// The attribute holds the id of an AWS default of `parent_type` (default subnets of the
    /// default VPC, rules of a default security group, policies of a service-linked role).
    ChildOf {
        attribute: &'static str,
        parent_type: &'static str,
    },
    /// An AWS default of `by_type` refers to this resource's id through `attribute` (the key
    /// behind an `alias/aws/*` alias).
    ReferencedBy {
        by_type: &'static str,
        attribute: &'static str,
    },
    /// The resource satisfies a predicate, for defaults that no single attribute identifies
    /// (an S3 ACL granting only its owner full control).
    Satisfies(fn(&Resource) -> bool),
}

#[derive(Debug, Clone, Copy)]
pub struct AwsDefault {
    pub resource_type: &'static str,
    pub matches: DefaultMatch,
}

use DefaultMatch::*;

const fn d(resource_type: &'static str, matches: DefaultMatch) -> AwsDefault {
    AwsDefault {
        resource_type,
        matches,
    }
}

/// The defaults. Direct matches are evaluated first, then the relational ones against them.
pub static AWS_DEFAULTS: &[AwsDefault] = &[
    // Collectors set `is_default` from DescribeVpcs' IsDefault / DescribeSubnets' DefaultForAz.
    d("aws_vpc", Equals("is_default", "true")),
    d("aws_subnet", Equals("default_for_az", "true")),
    d(
        "aws_subnet",
        ChildOf {
            attribute: "vpc_id",
            parent_type: "aws_vpc",
        },
    ),
    d(
        "aws_internet_gateway",
        ChildOf {
            attribute: "vpc_id",
            parent_type: "aws_vpc",
        },
    ),
    d("aws_security_group", Equals("name", "default")),
    d(
        "aws_security_group_rule",
        ChildOf {
            attribute: "security_group_id",
            parent_type: "aws_security_group",
        },
    ),
    d(
        "aws_vpc_security_group_ingress_rule",
        ChildOf {
            attribute: "security_group_id",
            parent_type: "aws_security_group",
        },
    ),
    d(
        "aws_vpc_security_group_egress_rule",
        ChildOf {
            attribute: "security_group_id",
            parent_type: "aws_security_group",
        },
    ),
    d("aws_iam_role", Prefix("path", "/aws-service-role/")),
    d(
        "aws_iam_role_policy_attachment",
        ChildOf {
            attribute: "role",
            parent_type: "aws_iam_role",
        },
    ),
    d(
        "aws_iam_role_policy",
        ChildOf {
            attribute: "role",
            parent_type: "aws_iam_role",
        },
    ),
    d("aws_kms_alias", Prefix("name", "alias/aws/")),
    // What S3 gives every bucket (since 2023 for encryption, the public access block and
    // ownership controls), read by the S3 collector like any configuration.
    d(
        "aws_s3_bucket_versioning",
        Equals("versioning_configuration.0.status", "Disabled"),
    ),
    d("aws_s3_bucket_acl", Satisfies(s3_acl_is_owner_only)),
    d(
        "aws_s3_bucket_server_side_encryption_configuration",
        Satisfies(s3_encryption_is_sse_s3),
    ),
    d(
        "aws_s3_bucket_public_access_block",
        Satisfies(s3_public_access_is_blocked),
    ),
    d(
        "aws_s3_bucket_ownership_controls",
        Equals("rule.0.object_ownership", "BucketOwnerEnforced"),
    ),
    // The KMS collector emits DescribeKey's KeyManager for every key.
    d("aws_kms_key", Equals("key_manager", "AWS")),
    // RDS reserves the name `default` for the subnet group it creates in the default VPC.
    d("aws_db_subnet_group", Equals("name", "default")),
    d(
        "aws_kms_key",
        ReferencedBy {
            by_type: "aws_kms_alias",
            attribute: "target_key_id",
        },
    ),
];

/// The ACL S3 creates: a single grant, FULL_CONTROL to the owner.
fn s3_acl_is_owner_only(r: &Resource) -> bool {
    let policy = "access_control_policy.0";
    let grant = |path: &str| r.get(&format!("{policy}.grant.{path}"));
    let owner = r
        .get(&format!("{policy}.owner.0.id"))
        .and_then(Value::as_str);
    grant("1").is_none()
        && grant("0.permission").and_then(Value::as_str) == Some("FULL_CONTROL")
        && grant("0.grantee.0.type").and_then(Value::as_str) == Some("CanonicalUser")
        && owner.is_some_and(|o| grant("0.grantee.0.id").and_then(Value::as_str) == Some(o))
}

/// S3's default encryption: one SSE-S3 (AES256) rule.
fn s3_encryption_is_sse_s3(r: &Resource) -> bool {
    r.get("rule.1").is_none()
        && r.get("rule.0.apply_server_side_encryption_by_default.0.sse_algorithm")
            .and_then(Value::as_str)
            == Some("AES256")
}

/// S3's default public access block: all four settings on.
fn s3_public_access_is_blocked(r: &Resource) -> bool {
    [
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ]
    .iter()
    .all(|a| matches!(r.get(a), Some(Value::Bool(true))))
}

fn attr_str<'a>(resource: &'a Resource, attribute: &str) -> Option<std::borrow::Cow<'a, str>> {
    match resource.get(attribute)? {
        Value::String(s) => Some(s.as_str().into()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
        Value::Number(n) => Some(driftguard_model::format_number(*n).into()),
        _ => None,
    }
}

/// Indices of the live resources that are AWS defaults.
pub fn aws_default_indices(live: &[Resource]) -> HashSet<usize> {
    let mut found = HashSet::new();
    let mut ids: HashSet<(&str, &str)> = HashSet::new();
    for (i, r) in live.iter().enumerate() {
        let direct = AWS_DEFAULTS.iter().any(|rule| {
            rule.resource_type == r.resource_type
                && match rule.matches {
                    Equals(attr, value) => attr_str(r, attr).is_some_and(|v| v == value),
                    Prefix(attr, prefix) => {
                        attr_str(r, attr).is_some_and(|v| v.starts_with(prefix))
                    }
                    Satisfies(predicate) => predicate(r),
                    _ => false,
                }
        });
        if direct {
            found.insert(i);
            if let Some(id) = &r.cloud_id {
                ids.insert((r.resource_type.as_str(), id.as_str()));
            }
        }
    }
    // Ids referred to by a default resource, per (referring type, attribute).
    let mut referenced: HashSet<(&str, &str, String)> = HashSet::new();
    for &i in &found {
        let r = &live[i];
        for rule in AWS_DEFAULTS {
            if let ReferencedBy { by_type, attribute } = rule.matches {
                if by_type == r.resource_type {
                    if let Some(v) = attr_str(r, attribute) {
                        referenced.insert((rule.resource_type, attribute, v.into_owned()));
                    }
                }
            }
        }
    }
    for (i, r) in live.iter().enumerate() {
        if found.contains(&i) {
            continue;
        }
        let relational = AWS_DEFAULTS.iter().any(|rule| {
            rule.resource_type == r.resource_type
                && match rule.matches {
                    ChildOf {
                        attribute,
                        parent_type,
                    } => attr_str(r, attribute).is_some_and(|v| ids.contains(&(parent_type, &*v))),
                    ReferencedBy { attribute, .. } => r.cloud_id.as_ref().is_some_and(|id| {
                        referenced.contains(&(rule.resource_type, attribute, id.clone()))
                    }),
                    _ => false,
                }
        });
        if relational {
            found.insert(i);
        }
    }
    found
}
