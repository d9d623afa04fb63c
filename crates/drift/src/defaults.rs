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
    d(
        "aws_kms_key",
        ReferencedBy {
            by_type: "aws_kms_alias",
            attribute: "target_key_id",
        },
    ),
];

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
