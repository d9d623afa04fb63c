use driftguard_model::Severity;

use crate::view::elasticache::ReplicationGroup;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct ReplicationGroupAuthDisabled;

static META: RuleMeta = RuleMeta {
    id: "aws-elasticache-replication-group-auth-disabled",
    title: "ElastiCache replication group lets clients in without authentication",
    severity: Severity::Medium,
    rationale: "Without an AUTH token or RBAC user groups, anything that can reach the port \
        (any workload in an allowed security group, or one compromised instance) can read every \
        key, overwrite sessions and cached permissions, or `FLUSHALL`: the security group is \
        the only control. Secondary groups of a global datastore, which take their settings \
        from the primary, are not reported.",
    remediation: "Enable in-transit encryption and set `auth_token` (from a secret, not a \
        literal), or better, `user_group_ids` with RBAC users that each get only the commands \
        and keys they need.",
    resource_types: &["aws_elasticache_replication_group"],
    checkov: &["CKV_AWS_31"],
    trivy: &[],
    compliance: Mapping {
        topics: &[Topic::Authentication, Topic::AccessControl],
        controls: &[],
    },
    example_bad: r#"resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
"#,
    example_good: r#"resource "aws_elasticache_user_group" "app" {
  engine        = "redis"
  user_group_id = "app"
  user_ids      = ["default-disabled", "app"]
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  user_group_ids             = [aws_elasticache_user_group.app.user_group_id]
}
"#,
};

impl Rule for ReplicationGroupAuthDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for group in ReplicationGroup::primaries(ctx) {
            let resource = group.resource;
            let path = path_if_set(resource, "user_group_ids");
            report.verdict(resource, path, group.authentication().negate(), || {
                format!(
                    "replication group `{}` accepts clients without authentication",
                    resource.address
                )
            });
        }
    }
}
