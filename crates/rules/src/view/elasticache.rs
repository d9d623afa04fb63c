//! ElastiCache replication groups (Redis OSS and Valkey), with the provider's defaults.

use driftguard_model::{Resource, Tri};

use super::{flag, has_items, is_set, set_value, text_is, value_flag};
use crate::Context;

/// An `aws_elasticache_replication_group`.
pub struct ReplicationGroup<'a> {
    pub resource: &'a Resource,
}

impl<'a> ReplicationGroup<'a> {
    /// The replication groups whose own encryption and authentication settings apply: every
    /// one but the secondaries of a global datastore (`global_replication_group_id`), which
    /// take them from the primary group.
    pub fn primaries<'c>(ctx: &'c Context<'a>) -> impl Iterator<Item = ReplicationGroup<'a>> + 'c {
        ctx.of_type("aws_elasticache_replication_group")
            .filter(|resource| !is_set(resource, "global_replication_group_id"))
            .map(|resource| ReplicationGroup { resource })
    }

    /// Whether the engine is Valkey (`engine` defaults to `redis`).
    pub fn is_valkey(&self) -> Tri {
        text_is(self.resource, "engine", Some("redis"), |e| {
            e.eq_ignore_ascii_case("valkey")
        })
    }

    /// `at_rest_encryption_enabled`: false by default for Redis OSS, true for Valkey.
    pub fn encrypted_at_rest(&self) -> Tri {
        match set_value(self.resource, "at_rest_encryption_enabled") {
            None => self.is_valkey(),
            value => value_flag(value, false),
        }
    }

    /// `transit_encryption_enabled`, false by default.
    pub fn transit_encryption(&self) -> Tri {
        flag(self.resource, "transit_encryption_enabled", false)
    }

    /// Whether the group still accepts unencrypted connections: transit encryption off, or on
    /// with `transit_encryption_mode = "preferred"` (a migration step that accepts both).
    pub fn accepts_plaintext(&self) -> Tri {
        let preferred = text_is(self.resource, "transit_encryption_mode", None, |m| {
            m.eq_ignore_ascii_case("preferred")
        });
        self.transit_encryption().negate().or(preferred)
    }

    /// Whether clients must authenticate: an `auth_token` (Redis AUTH) or RBAC user groups
    /// (`user_group_ids`).
    pub fn authentication(&self) -> Tri {
        if is_set(self.resource, "auth_token") {
            return Tri::True;
        }
        has_items(set_value(self.resource, "user_group_ids"))
    }
}
