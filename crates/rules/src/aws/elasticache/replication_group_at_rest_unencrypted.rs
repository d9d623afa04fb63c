use driftguard_model::Severity;

use crate::view::elasticache::ReplicationGroup;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ReplicationGroupAtRestUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-elasticache-replication-group-at-rest-unencrypted",
    title: "ElastiCache replication group does not encrypt data at rest",
    severity: Severity::Medium,
    rationale: "Without encryption at rest, the group's swap files and the backups it writes to \
        S3 hold cached data unencrypted: a backup exported or copied to another account is \
        readable as is, and data protection audits (PCI DSS 3.5, HIPAA) fail. \
        `at_rest_encryption_enabled` defaults to false for Redis OSS and to true for Valkey; it \
        can only be chosen when the group is created. Secondary groups of a global datastore, \
        which take their settings from the primary, are not reported.",
    remediation: "Set `at_rest_encryption_enabled = true` (with `kms_key_id` for a customer \
        managed key). For an existing group: take a backup and restore it into a new, encrypted \
        group.",
    resource_types: &["aws_elasticache_replication_group"],
    checkov: &["CKV_AWS_29"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0045",
        long: "aws-elasticache-enable-at-rest-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}
"#,
    example_good: r#"resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
}
"#,
};

impl Rule for ReplicationGroupAtRestUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for group in ReplicationGroup::primaries(ctx) {
            let resource = group.resource;
            let path = path_if_set(resource, "at_rest_encryption_enabled");
            report.verdict(resource, path, group.encrypted_at_rest().negate(), || {
                format!(
                    "replication group `{}` does not encrypt its data at rest",
                    resource.address
                )
            });
        }
    }
}
