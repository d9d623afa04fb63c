//! RDS instances and Aurora clusters, with the provider's defaults and the cases where a
//! setting is inherited (read replicas, restores from snapshots) rather than declared.

use driftguard_model::{Resource, Tri};

use super::{flag, is_set, set_value, text_is};

/// An `aws_db_instance`, `aws_rds_cluster` or `aws_rds_cluster_instance`.
pub struct Database<'a> {
    pub resource: &'a Resource,
}

impl<'a> Database<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Database { resource }
    }

    /// Whether the database copies another: a read replica (`replicate_source_db`) or a
    /// cluster replicating from another (`replication_source_identifier`).
    pub fn is_replica(&self) -> bool {
        is_set(self.resource, "replicate_source_db")
            || is_set(self.resource, "replication_source_identifier")
    }

    /// Whether the database is created from a snapshot or a point in time, and so inherits
    /// its encryption from there.
    pub fn is_restored(&self) -> bool {
        [
            "snapshot_identifier",
            "restore_to_point_in_time",
            "s3_import",
        ]
        .iter()
        .any(|attribute| is_set(self.resource, attribute))
    }

    /// `publicly_accessible`, false by default.
    pub fn publicly_accessible(&self) -> Tri {
        flag(self.resource, "publicly_accessible", false)
    }

    /// Whether storage is encrypted. `storage_encrypted` defaults to false, except for Aurora
    /// Serverless v1 clusters (`engine_mode = "serverless"`), which are always encrypted.
    /// Replicas and restores inherit their source's encryption when not set to true here.
    pub fn storage_encrypted(&self) -> Tri {
        let serverless_v1 = if self.resource.resource_type == "aws_rds_cluster" {
            text_is(self.resource, "engine_mode", Some("provisioned"), |m| {
                m == "serverless"
            })
        } else {
            Tri::False
        };
        let declared = match set_value(self.resource, "storage_encrypted") {
            None => serverless_v1,
            Some(value) => value.truth(),
        };
        if declared != Tri::True && (self.is_replica() || self.is_restored()) {
            declared.or(Tri::Unknown)
        } else {
            declared
        }
    }

    /// `deletion_protection`, false by default.
    pub fn deletion_protection(&self) -> Tri {
        flag(self.resource, "deletion_protection", false)
    }

    /// Whether automated backups are off: `backup_retention_period = 0`. Absent, AWS keeps
    /// backups for one day.
    pub fn backups_disabled(&self) -> Tri {
        super::number_is(
            self.resource,
            "backup_retention_period",
            Some(1.0),
            |days| days < 1.0,
        )
    }
}
