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
    }
}

const fn iam(resource_type: &'static str) -> TypeRules {
    TypeRules {
        global: true,
        ..rules(resource_type)
    }
}

const PATH_DEFAULT: &[(&str, Lit)] = &[("path", Lit::Str("/"))];
const POLICY: &[&str] = &["policy"];
const INLINE_POLICY_IGNORE: &[&str] = &["name_prefix"];

/// The table, sorted by type name (checked by a test, looked up by binary search).
pub static TABLE: &[TypeRules] = &[
    TypeRules {
        ignore: &["arn", "home_region"],
        defaults: &[
            ("enable_logging", Lit::Bool(true)),
            ("include_global_service_events", Lit::Bool(true)),
            ("is_multi_region_trail", Lit::Bool(false)),
            ("is_organization_trail", Lit::Bool(false)),
            ("enable_log_file_validation", Lit::Bool(false)),
        ],
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
            "engine_version_actual",
            "final_snapshot_identifier",
            "hosted_zone_id",
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
        ..rules("aws_db_instance")
    },
    TypeRules {
        ignore: &["arn", "final_snapshot"],
        defaults: &[
            ("encrypted", Lit::Bool(false)),
            ("multi_attach_enabled", Lit::Bool(false)),
        ],
        ..rules("aws_ebs_volume")
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
        ..iam("aws_iam_group_membership")
    },
    TypeRules {
        ignore: INLINE_POLICY_IGNORE,
        policies: POLICY,
        ..iam("aws_iam_group_policy")
    },
    iam("aws_iam_group_policy_attachment"),
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
    iam("aws_iam_role_policy_attachment"),
    TypeRules {
        ignore: &["arn", "force_destroy", "unique_id"],
        defaults: PATH_DEFAULT,
        ..iam("aws_iam_user")
    },
    TypeRules {
        sets: &["groups"],
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
    iam("aws_iam_user_policy_attachment"),
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
        ignore: &["expected_bucket_owner"],
        sets: &["access_control_policy.*.grant"],
        ..rules("aws_s3_bucket_acl")
    },
    TypeRules {
        ignore: &[
            "expected_bucket_owner",
            "transition_default_minimum_object_size",
        ],
        ..rules("aws_s3_bucket_lifecycle_configuration")
    },
    TypeRules {
        ignore: &["expected_bucket_owner"],
        sets: &["target_grant"],
        ..rules("aws_s3_bucket_logging")
    },
    rules("aws_s3_bucket_ownership_controls"),
    TypeRules {
        policies: POLICY,
        ..rules("aws_s3_bucket_policy")
    },
    TypeRules {
        defaults: &[
            ("block_public_acls", Lit::Bool(false)),
            ("block_public_policy", Lit::Bool(false)),
            ("ignore_public_acls", Lit::Bool(false)),
            ("restrict_public_buckets", Lit::Bool(false)),
        ],
        ..rules("aws_s3_bucket_public_access_block")
    },
    TypeRules {
        ignore: &["expected_bucket_owner"],
        sets: &["rule"],
        ..rules("aws_s3_bucket_server_side_encryption_configuration")
    },
    TypeRules {
        ignore: &["expected_bucket_owner", "mfa"],
        ..rules("aws_s3_bucket_versioning")
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
        ..rules("aws_vpc_security_group_egress_rule")
    },
    TypeRules {
        ignore: &["arn", "security_group_rule_id"],
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
