//! Normalisation rules per resource type, as data.
//!
//! One [`TypeRules`] entry per Terraform AWS resource type, from the provider's attribute
//! reference: attributes that are computed-only or Terraform-only (never read back from the API)
//! are ignored, set-like lists are compared order-insensitively, policy JSON is compared
//! canonicalised, and defaults the API fills in are applied to both sides when absent.
//! Paths are dotted attribute paths where `*` stands for any list index (`ingress.*.cidr_blocks`).

use driftguard_model::Value;

/// A default value that the API fills in when an attribute is not set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lit {
    Str(&'static str),
    Bool(bool),
    Num(f64),
}

impl Lit {
    pub fn to_value(self) -> Value {
        match self {
            Lit::Str(s) => Value::String(s.to_string()),
            Lit::Bool(b) => Value::Bool(b),
            Lit::Num(n) => Value::Number(n),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct TypeRules {
    pub resource_type: &'static str,
    /// IAM and other account-wide resources live in the pseudo-region `global`.
    pub global: bool,
    /// Computed-only or Terraform-only attributes, never compared.
    pub ignore: &'static [&'static str],
    /// Lists compared as sets.
    pub sets: &'static [&'static str],
    /// Attributes holding a policy JSON document (compared canonicalised).
    pub policies: &'static [&'static str],
    /// Top-level defaults the API fills in.
    pub defaults: &'static [(&'static str, Lit)],
    /// The match key, for types whose provider id the API cannot reproduce (the provider makes
    /// it up: `terraform-2026…`, `sgrule-<hash>`). Computed from the attributes on both sides;
    /// `None`: the cloud id is the key.
    pub match_key: Option<MatchKey>,
    /// List attributes unioned when several declared resources share one match key (two
    /// `aws_iam_user_group_membership` for one user; rules split over resources).
    pub merge: &'static [&'static str],
    /// The resource this type belongs to (see [`Parent`]): the rules of a security group, the
    /// configuration parts of a bucket, the volumes of an instance.
    pub parent: Option<Parent>,
    /// The cloud objects a resource stands for when several Terraform types model the same
    /// ones (see [`Atoms`]).
    pub atoms: Option<Atoms>,
}

/// A child type's link to its parent type, and what that means for the comparison.
///
/// - A live child that matches no declared one is not reported unmanaged when its parent
///   speaks for it: the parent is declared and compares the child through the attributes in
///   `replaces` (inline rules in `ingress`), or is itself unmanaged (reported once), or could not
///   be read.
/// - When a child of this type is declared, the parent's `replaces` attributes are not compared:
///   Terraform computes them from the children and refreshes them only on the next plan, so
///   right after an apply they are stale. The children are compared instead, and live children
///   nobody declared are then reported unmanaged.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    /// The child's attribute holding the parent's id (`security_group_id`, `bucket`).
    pub attribute: &'static str,
    pub parent_type: &'static str,
    /// The parent's attributes that describe children of this type.
    pub replaces: &'static [&'static str],
}

const fn parent(
    attribute: &'static str,
    parent_type: &'static str,
    replaces: &'static [&'static str],
) -> Option<Parent> {
    Some(Parent {
        attribute,
        parent_type,
        replaces,
    })
}

const SECURITY_GROUP_RULES: Option<Parent> = parent(
    "security_group_id",
    "aws_security_group",
    &["ingress", "egress"],
);

/// How a type's match key is computed from a resource's attributes (on both sides).
#[derive(Debug, Clone, Copy)]
pub enum MatchKey {
    /// The value of one string attribute (`user`, `bucket`, `arn`).
    Attribute(&'static str),
    /// An attachment's import id, `{principal}/{policy_arn}`, the principal attribute named.
    Attachment(&'static str),
    /// A key built by a function ([`security_group_rule_key`]).
    Computed(fn(&Value) -> Option<String>),
}

impl MatchKey {
    /// The key, or `None` when an attribute it is made of is missing.
    pub fn of(self, attributes: &Value) -> Option<String> {
        match self {
            MatchKey::Attribute(name) => attr(attributes, name).map(str::to_string),
            MatchKey::Attachment(principal) => Some(format!(
                "{}/{}",
                attr(attributes, principal)?,
                attr(attributes, "policy_arn")?
            )),
            MatchKey::Computed(key) => key(attributes),
        }
    }
}

/// Attributes never compared on any type: the id is the match key, `region` is where it lives,
/// `timeouts` is Terraform-only; `tags_all` is folded into `tags` (see [`crate::diff`]).
pub const COMMON_IGNORE: &[&str] = &["id", "region", "timeouts"];

const NONE: &[&str] = &[];
const NO_DEFAULTS: &[(&str, Lit)] = &[];

const fn rules(resource_type: &'static str) -> TypeRules {
    TypeRules {
        resource_type,
        global: false,
        ignore: NONE,
        sets: NONE,
        policies: NONE,
        defaults: NO_DEFAULTS,
        match_key: None,
        merge: NONE,
        parent: None,
        atoms: None,
    }
}

fn attr<'v>(attributes: &'v Value, name: &str) -> Option<&'v str> {
    attributes.get_path(name).and_then(|v| v.as_str())
}

/// A number or numeric string attribute, as an integer string.
fn int_attr(attributes: &Value, name: &str) -> Option<String> {
    match attributes.get_path(name)? {
        Value::Number(n) => Some(format!("{}", *n as i64)),
        Value::String(s) => s.parse::<i64>().ok().map(|n| n.to_string()),
        _ => None,
    }
}

/// The protocol as EC2 reports it: names for tcp/udp/icmp/icmpv6, `-1` for all.
pub fn normalize_protocol(protocol: &str) -> String {
    match protocol.to_ascii_lowercase().as_str() {
        "6" | "tcp" => "tcp".into(),
        "17" | "udp" => "udp".into(),
        "1" | "icmp" => "icmp".into(),
        "58" | "icmpv6" => "icmpv6".into(),
        "-1" | "all" => "-1".into(),
        other => other.into(),
    }
}

/// `{group}_{direction}_{protocol}_{from}_{to}_`: what every EC2 rule key starts with, the
/// ports read from `from_port`/`to_port` (`0` for all protocols).
fn rule_key_prefix(a: &Value, group: &str, direction: &str, protocol: &str) -> Option<String> {
    let protocol = normalize_protocol(protocol);
    let (from, to) = if protocol == "-1" {
        ("0".to_string(), "0".to_string())
    } else {
        (int_attr(a, "from_port")?, int_attr(a, "to_port")?)
    };
    Some(format!("{group}_{direction}_{protocol}_{from}_{to}_"))
}

/// `aws_security_group_rule`: `{security_group_id}_{type}_{protocol}_{from}_{to}_{source}`, the
/// source being the source security group, `self`, or empty for address ranges (CIDR blocks,
/// IPv6 blocks and prefix lists of one port range form one key, as EC2 groups them).
pub fn security_group_rule_key(a: &Value) -> Option<String> {
    let group = attr(a, "security_group_id")?;
    let prefix = rule_key_prefix(a, group, attr(a, "type")?, attr(a, "protocol")?)?;
    // The provider stores a self rule's own group in source_security_group_id too, and keeps
    // an `account/` prefix when configured with one.
    let source = match attr(a, "source_security_group_id").filter(|sg| !sg.is_empty()) {
        Some(sg) => match sg.rsplit('/').next().unwrap_or(sg) {
            own if own == group => "self",
            other => other,
        },
        None if matches!(a.get_path("self"), Some(Value::Bool(true))) => "self",
        None => "",
    };
    Some(format!("{prefix}{source}"))
}

/// The single EC2 rules (one source each) a rule resource stands for, as
/// `{group}_{direction}_{protocol}_{from}_{to}_{source}`: Terraform has two resource types for
/// the same EC2 rules, and a rule declared as one type must not make its live twin of the other
/// type unmanaged.
#[derive(Debug, Clone, Copy)]
pub enum Atoms {
    /// `aws_security_group_rule`: one atom per address range, or its source group.
    SecurityGroupRule,
    /// `aws_vpc_security_group_{ingress,egress}_rule`, in this direction: one source each.
    VpcRule(&'static str),
}

impl Atoms {
    pub fn of(self, a: &Value) -> Vec<String> {
        match self {
            Atoms::SecurityGroupRule => security_group_rule_atoms(a),
            Atoms::VpcRule(direction) => vpc_rule_atoms(direction, a).into_iter().collect(),
        }
    }
}

fn security_group_rule_atoms(a: &Value) -> Vec<String> {
    let Some(key) = security_group_rule_key(a) else {
        return Vec::new();
    };
    if !key.ends_with('_') {
        // A source group or `self`: the key is the one atom.
        return vec![key];
    }
    ["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"]
        .iter()
        .filter_map(|name| a.get_path(name)?.as_list())
        .flatten()
        .filter_map(|v| v.as_str())
        .map(|range| format!("{key}{range}"))
        .collect()
}

fn vpc_rule_atoms(direction: &str, a: &Value) -> Option<String> {
    let group = attr(a, "security_group_id")?;
    let prefix = rule_key_prefix(a, group, direction, attr(a, "ip_protocol")?)?;
    let source = [
        "cidr_ipv4",
        "cidr_ipv6",
        "prefix_list_id",
        "referenced_security_group_id",
    ]
    .iter()
    .find_map(|name| attr(a, name).filter(|s| !s.is_empty()))?;
    Some(if source == group {
        format!("{prefix}self")
    } else {
        format!("{prefix}{source}")
    })
}

const fn iam(resource_type: &'static str) -> TypeRules {
    TypeRules {
        global: true,
        ..rules(resource_type)
    }
}

/// A bucket's sub-resource (versioning, encryption…): one per bucket, keyed by the bucket name
/// (the provider's id adds `,expected_bucket_owner` when that is set), in the bucket's region.
/// Parts the bucket has no inline attribute for (public access block, ownership controls)
/// replace nothing.
const fn s3_part(resource_type: &'static str) -> TypeRules {
    TypeRules {
        match_key: Some(MatchKey::Attribute("bucket")),
        parent: bucket_part(&[]),
        ..rules(resource_type)
    }
}

/// Sub-resources that `aws_s3_bucket` also reads inline (`policy`, `grant`, `versioning`,
/// `logging`, `server_side_encryption_configuration`): the declared bucket compares them, also
/// when its configuration sets them inline rather than as separate resources.
const fn bucket_part(replaces: &'static [&'static str]) -> Option<Parent> {
    parent("bucket", "aws_s3_bucket", replaces)
}

const PATH_DEFAULT: &[(&str, Lit)] = &[("path", Lit::Str("/"))];
const POLICY: &[&str] = &["policy"];
const INLINE_POLICY_IGNORE: &[&str] = &["name_prefix"];

/// The table, sorted by type name (checked by a test, looked up by binary search).
pub static TABLE: &[TypeRules] = &[
    TypeRules {
        ignore: &["arn", "home_region", "sns_topic_arn"],
        sets: &[
            "event_selector.*.exclude_management_event_sources",
            "advanced_event_selector.*.field_selector",
        ],
        defaults: &[
            ("enable_logging", Lit::Bool(true)),
            ("include_global_service_events", Lit::Bool(true)),
            ("is_multi_region_trail", Lit::Bool(false)),
            ("is_organization_trail", Lit::Bool(false)),
            ("enable_log_file_validation", Lit::Bool(false)),
        ],
        // Trails by ARN: the provider's id since v5.25 (earlier releases used the name).
        match_key: Some(MatchKey::Attribute("arn")),
        ..rules("aws_cloudtrail")
    },
    TypeRules {
        ignore: &[
            "address",
            "allow_major_version_upgrade",
            "apply_immediately",
            "arn",
            "delete_automated_backups",
            "endpoint",
            "final_snapshot_identifier",
            "hosted_zone_id",
            "identifier_prefix",
            "latest_restorable_time",
            "listener_endpoint",
            "master_user_secret",
            "password",
            "replicas",
            "resource_id",
            "skip_final_snapshot",
            "status",
        ],
        sets: &["vpc_security_group_ids", "enabled_cloudwatch_logs_exports"],
        defaults: &[
            ("publicly_accessible", Lit::Bool(false)),
            ("storage_encrypted", Lit::Bool(false)),
            ("multi_az", Lit::Bool(false)),
            ("deletion_protection", Lit::Bool(false)),
            ("auto_minor_version_upgrade", Lit::Bool(true)),
            ("copy_tags_to_snapshot", Lit::Bool(false)),
        ],
        // DB instances by DBI resource id: the provider's id since v5 (v4 used the identifier).
        match_key: Some(MatchKey::Attribute("resource_id")),
        ..rules("aws_db_instance")
    },
    TypeRules {
        ignore: &["arn", "name_prefix"],
        sets: &["subnet_ids", "supported_network_types"],
        defaults: &[("description", Lit::Str("Managed by Terraform"))],
        ..rules("aws_db_subnet_group")
    },
    TypeRules {
        ignore: &["arn", "final_snapshot"],
        defaults: &[
            ("encrypted", Lit::Bool(false)),
            ("multi_attach_enabled", Lit::Bool(false)),
        ],
        // A volume attached to a declared instance is compared by the instance's
        // root_block_device / ebs_block_device (`attached_instance_id` is set by the collector).
        // `attached_instance_id` is read from the live attachment (not a state attribute).
        parent: parent(
            "attached_instance_id",
            "aws_instance",
            &["root_block_device", "ebs_block_device"],
        ),
        ..rules("aws_ebs_volume")
    },
    TypeRules {
        ignore: &[
            "address",
            "allocation_id",
            "arn",
            "associate_with_private_ip",
            "association_id",
            "carrier_ip",
            "customer_owned_ip",
            "private_dns",
            "ptr_record",
            "public_dns",
        ],
        defaults: &[("domain", Lit::Str("vpc"))],
        ..rules("aws_eip")
    },
    TypeRules {
        ignore: &[
            "create_date",
            "encrypted_secret",
            "encrypted_ses_smtp_password_v4",
            "key_fingerprint",
            "pgp_key",
            "secret",
            "ses_smtp_password_v4",
        ],
        defaults: &[("status", Lit::Str("Active"))],
        ..iam("aws_iam_access_key")
    },
    TypeRules {
        ignore: &["expire_passwords"],
        ..iam("aws_iam_account_password_policy")
    },
    TypeRules {
        ignore: &["arn", "unique_id"],
        defaults: PATH_DEFAULT,
        ..iam("aws_iam_group")
    },
    TypeRules {
        ignore: &["name"],
        sets: &["users"],
        match_key: Some(MatchKey::Attribute("group")),
        merge: &["users"],
        ..iam("aws_iam_group_membership")
    },
    TypeRules {
        ignore: INLINE_POLICY_IGNORE,
        policies: POLICY,
        ..iam("aws_iam_group_policy")
    },
    TypeRules {
        match_key: Some(MatchKey::Attachment("group")),
        ..iam("aws_iam_group_policy_attachment")
    },
    TypeRules {
        ignore: &["arn", "create_date", "name_prefix", "unique_id"],
        defaults: PATH_DEFAULT,
        ..iam("aws_iam_instance_profile")
    },
    TypeRules {
        ignore: &["arn", "attachment_count", "name_prefix", "policy_id"],
        policies: POLICY,
        defaults: &[("path", Lit::Str("/")), ("description", Lit::Str(""))],
        ..iam("aws_iam_policy")
    },
    TypeRules {
        ignore: &["name"],
        sets: &["users", "groups", "roles"],
        ..iam("aws_iam_policy_attachment")
    },
    TypeRules {
        // inline_policy / managed_policy_arns are computed unless set, and covered by the
        // separate aws_iam_role_policy(_attachment) resources.
        ignore: &[
            "arn",
            "create_date",
            "force_detach_policies",
            "inline_policy",
            "managed_policy_arns",
            "name_prefix",
            "unique_id",
        ],
        policies: &["assume_role_policy"],
        defaults: &[
            ("path", Lit::Str("/")),
            ("max_session_duration", Lit::Num(3600.0)),
            ("description", Lit::Str("")),
        ],
        ..iam("aws_iam_role")
    },
    TypeRules {
        ignore: INLINE_POLICY_IGNORE,
        policies: POLICY,
        ..iam("aws_iam_role_policy")
    },
    TypeRules {
        match_key: Some(MatchKey::Attachment("role")),
        ..iam("aws_iam_role_policy_attachment")
    },
    TypeRules {
        ignore: &["arn", "force_destroy", "unique_id"],
        defaults: PATH_DEFAULT,
        ..iam("aws_iam_user")
    },
    TypeRules {
        sets: &["groups"],
        match_key: Some(MatchKey::Attribute("user")),
        merge: &["groups"],
        ..iam("aws_iam_user_group_membership")
    },
    TypeRules {
        ignore: &[
            "encrypted_password",
            "key_fingerprint",
            "password",
            "password_length",
            "pgp_key",
        ],
        ..iam("aws_iam_user_login_profile")
    },
    TypeRules {
        ignore: INLINE_POLICY_IGNORE,
        policies: POLICY,
        ..iam("aws_iam_user_policy")
    },
    TypeRules {
        match_key: Some(MatchKey::Attachment("user")),
        ..iam("aws_iam_user_policy_attachment")
    },
    TypeRules {
        ignore: &[
            "arn",
            "cpu_core_count",
            "cpu_threads_per_core",
            "get_password_data",
            "instance_state",
            "outpost_arn",
            "password_data",
            "primary_network_interface_id",
            "private_dns",
            "public_dns",
            "public_ip",
            "user_data_replace_on_change",
            "root_block_device.*.volume_id",
            "ebs_block_device.*.volume_id",
            // Read only when the configuration has no volume_tags: configuration-dependent.
            "root_block_device.*.tags",
            "root_block_device.*.tags_all",
            "ebs_block_device.*.tags",
            "ebs_block_device.*.tags_all",
        ],
        sets: &[
            "vpc_security_group_ids",
            "security_groups",
            "ebs_block_device",
            "secondary_private_ips",
            "ipv6_addresses",
        ],
        defaults: &[
            ("source_dest_check", Lit::Bool(true)),
            ("monitoring", Lit::Bool(false)),
            ("ebs_optimized", Lit::Bool(false)),
            ("tenancy", Lit::Str("default")),
        ],
        ..rules("aws_instance")
    },
    TypeRules {
        ignore: &["arn", "owner_id"],
        ..rules("aws_internet_gateway")
    },
    TypeRules {
        ignore: &["arn", "key_pair_id", "key_name_prefix", "public_key"],
        ..rules("aws_key_pair")
    },
    TypeRules {
        ignore: &["arn", "name_prefix", "target_key_arn"],
        ..rules("aws_kms_alias")
    },
    TypeRules {
        ignore: &[
            "arn",
            "bypass_policy_lockout_safety_check",
            "deletion_window_in_days",
            "key_id",
        ],
        policies: POLICY,
        defaults: &[
            ("enable_key_rotation", Lit::Bool(false)),
            ("is_enabled", Lit::Bool(true)),
            ("key_usage", Lit::Str("ENCRYPT_DECRYPT")),
            ("customer_master_key_spec", Lit::Str("SYMMETRIC_DEFAULT")),
            ("multi_region", Lit::Bool(false)),
        ],
        ..rules("aws_kms_key")
    },
    TypeRules {
        ignore: &[
            "acceleration_status",
            "arn",
            "bucket_domain_name",
            "bucket_prefix",
            "bucket_regional_domain_name",
            "force_destroy",
            "hosted_zone_id",
            "website_domain",
            "website_endpoint",
        ],
        sets: &[
            "grant",
            "grant.*.permissions",
            "cors_rule",
            "lifecycle_rule",
        ],
        policies: POLICY,
        defaults: &[("object_lock_enabled", Lit::Bool(false))],
        ..rules("aws_s3_bucket")
    },
    TypeRules {
        // S3 stopped returning display names in 2025: a state refreshed before has them.
        ignore: &[
            "access_control_policy.*.grant.*.grantee.*.display_name",
            "access_control_policy.*.owner.*.display_name",
            "expected_bucket_owner",
        ],
        sets: &["access_control_policy.*.grant"],
        parent: bucket_part(&["grant", "acl"]),
        ..s3_part("aws_s3_bucket_acl")
    },
    TypeRules {
        ignore: &[
            "expected_bucket_owner",
            "transition_default_minimum_object_size",
        ],
        ..s3_part("aws_s3_bucket_lifecycle_configuration")
    },
    TypeRules {
        ignore: &[
            "expected_bucket_owner",
            "target_grant.*.grantee.*.display_name",
        ],
        sets: &["target_grant"],
        parent: bucket_part(&["logging"]),
        ..s3_part("aws_s3_bucket_logging")
    },
    s3_part("aws_s3_bucket_ownership_controls"),
    TypeRules {
        policies: POLICY,
        parent: bucket_part(&["policy"]),
        ..s3_part("aws_s3_bucket_policy")
    },
    TypeRules {
        defaults: &[
            ("block_public_acls", Lit::Bool(false)),
            ("block_public_policy", Lit::Bool(false)),
            ("ignore_public_acls", Lit::Bool(false)),
            ("restrict_public_buckets", Lit::Bool(false)),
        ],
        ..s3_part("aws_s3_bucket_public_access_block")
    },
    TypeRules {
        ignore: &["expected_bucket_owner"],
        sets: &["rule"],
        parent: bucket_part(&["server_side_encryption_configuration"]),
        ..s3_part("aws_s3_bucket_server_side_encryption_configuration")
    },
    TypeRules {
        ignore: &["expected_bucket_owner", "mfa"],
        parent: bucket_part(&["versioning"]),
        ..s3_part("aws_s3_bucket_versioning")
    },
    TypeRules {
        ignore: &["arn", "name_prefix", "owner_id", "revoke_rules_on_delete"],
        sets: &[
            "egress",
            "egress.*.cidr_blocks",
            "egress.*.ipv6_cidr_blocks",
            "egress.*.prefix_list_ids",
            "egress.*.security_groups",
            "ingress",
            "ingress.*.cidr_blocks",
            "ingress.*.ipv6_cidr_blocks",
            "ingress.*.prefix_list_ids",
            "ingress.*.security_groups",
        ],
        defaults: &[("description", Lit::Str("Managed by Terraform"))],
        ..rules("aws_security_group")
    },
    TypeRules {
        ignore: &["security_group_rule_id"],
        sets: &["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"],
        defaults: &[("self", Lit::Bool(false))],
        match_key: Some(MatchKey::Computed(security_group_rule_key)),
        merge: &["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"],
        parent: SECURITY_GROUP_RULES,
        atoms: Some(Atoms::SecurityGroupRule),
        ..rules("aws_security_group_rule")
    },
    TypeRules {
        ignore: &["arn", "ipv6_cidr_block_association_id", "owner_id"],
        defaults: &[
            ("map_public_ip_on_launch", Lit::Bool(false)),
            ("assign_ipv6_address_on_creation", Lit::Bool(false)),
        ],
        ..rules("aws_subnet")
    },
    TypeRules {
        ignore: &[
            "arn",
            "default_network_acl_id",
            "default_route_table_id",
            "default_security_group_id",
            "dhcp_options_id",
            "ipv6_association_id",
            "ipv6_cidr_block_network_border_group",
            "main_route_table_id",
            "owner_id",
        ],
        defaults: &[
            ("instance_tenancy", Lit::Str("default")),
            ("enable_dns_support", Lit::Bool(true)),
            ("enable_dns_hostnames", Lit::Bool(false)),
            ("assign_generated_ipv6_cidr_block", Lit::Bool(false)),
        ],
        ..rules("aws_vpc")
    },
    TypeRules {
        ignore: &["arn", "security_group_rule_id"],
        parent: SECURITY_GROUP_RULES,
        atoms: Some(Atoms::VpcRule("egress")),
        ..rules("aws_vpc_security_group_egress_rule")
    },
    TypeRules {
        ignore: &["arn", "security_group_rule_id"],
        parent: SECURITY_GROUP_RULES,
        atoms: Some(Atoms::VpcRule("ingress")),
        ..rules("aws_vpc_security_group_ingress_rule")
    },
];

/// The rules for a type; types not in the table get the empty rule set (compare everything).
pub fn rules_for(resource_type: &str) -> &'static TypeRules {
    static EMPTY: TypeRules = rules("");
    TABLE
        .binary_search_by(|r| r.resource_type.cmp(resource_type))
        .map_or(&EMPTY, |i| &TABLE[i])
}

impl TypeRules {
    pub(crate) fn is_ignored(&self, pattern: &str) -> bool {
        COMMON_IGNORE.contains(&pattern) || self.ignore.contains(&pattern)
    }

    pub(crate) fn is_set(&self, pattern: &str) -> bool {
        self.sets.contains(&pattern)
    }

    pub(crate) fn is_policy(&self, attribute: &str) -> bool {
        self.policies.contains(&attribute)
    }

    pub(crate) fn default_of(&self, attribute: &str) -> Option<Value> {
        self.defaults
            .iter()
            .find(|(name, _)| *name == attribute)
            .map(|(_, lit)| lit.to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_covers_the_issue_types() {
        for pair in TABLE.windows(2) {
            assert!(
                pair[0].resource_type < pair[1].resource_type,
                "{} must sort before {}",
                pair[0].resource_type,
                pair[1].resource_type
            );
        }
        assert!(TABLE.len() >= 35, "{} types", TABLE.len());
        assert!(rules_for("aws_iam_user").global);
        assert!(rules_for("aws_security_group").is_set("ingress.*.cidr_blocks"));
        assert_eq!(rules_for("aws_unknown_thing").resource_type, "");
    }
}
