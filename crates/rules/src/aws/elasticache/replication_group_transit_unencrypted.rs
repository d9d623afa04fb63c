use driftguard_model::{Severity, Tri};

use crate::view::elasticache::ReplicationGroup;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct ReplicationGroupTransitUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-elasticache-replication-group-transit-unencrypted",
    title: "ElastiCache replication group accepts unencrypted connections",
    severity: Severity::Medium,
    rationale: "Without in-transit encryption, clients and replicas exchange cached data \
        (sessions, tokens, personal data) and any AUTH password in plaintext: anyone who can \
        capture traffic in the VPC reads or replays them, and an AUTH token cannot even be set. \
        `transit_encryption_enabled` defaults to false; `transit_encryption_mode = \"preferred\"` \
        still accepts plaintext clients and is reported too. Secondary groups of a global \
        datastore, which take their settings from the primary, are not reported.",
    remediation: "Set `transit_encryption_enabled = true` (with `transit_encryption_mode = \
        \"required\"` once clients connect with TLS). Engine 7.0.5 and later switch an existing \
        group without downtime through the `preferred` mode; older engines need a new group.",
    resource_types: &["aws_elasticache_replication_group"],
    checkov: &["CKV_AWS_30"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0051",
        long: "aws-elasticache-enable-in-transit-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
}
"#,
    example_good: r#"resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
"#,
};

impl Rule for ReplicationGroupTransitUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for group in ReplicationGroup::primaries(ctx) {
            let resource = group.resource;
            let path = path_if_set(resource, "transit_encryption_mode")
                .filter(|_| group.transit_encryption() == Tri::True)
                .or_else(|| path_if_set(resource, "transit_encryption_enabled"));
            report.verdict(resource, path, group.accepts_plaintext(), || {
                format!(
                    "replication group `{}` accepts unencrypted connections",
                    resource.address
                )
            });
        }
    }
}
