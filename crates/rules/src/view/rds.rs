//! RDS instances and Aurora clusters, with the provider's defaults and the cases where a
//! setting is inherited (read replicas, restores from snapshots) rather than declared.

use driftguard_model::{Resource, Tri, Value};

use super::{flag, has_items, is_set, set_value, text_is};

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
        let declared = match set_value(self.resource, "storage_encrypted") {
            None => self.is_serverless_v1(),
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

    /// Whether this is an Aurora Serverless v1 cluster (`engine_mode = "serverless"`), which
    /// supports neither IAM database authentication nor log exports.
    pub fn is_serverless_v1(&self) -> Tri {
        if self.resource.resource_type != "aws_rds_cluster" {
            return Tri::False;
        }
        text_is(self.resource, "engine_mode", Some("provisioned"), |m| {
            m == "serverless"
        })
    }

    /// Whether the engine supports IAM database authentication: MySQL and PostgreSQL, MariaDB
    /// from 10.11, Aurora MySQL and Aurora PostgreSQL (not Aurora Serverless v1); not Oracle,
    /// SQL Server or Db2. Unknown when the engine is (an instance restored from a snapshot or a
    /// replica inherits it).
    pub fn supports_iam_auth(&self) -> Tri {
        let cluster = self.resource.resource_type == "aws_rds_cluster";
        let serverless_v1 = self.is_serverless_v1();
        if cluster && serverless_v1 != Tri::False {
            return serverless_v1.negate();
        }
        let engine = match set_value(self.resource, "engine") {
            // `engine` is required for clusters (it defaulted to `aurora` in provider v4) and for
            // instances that are neither replicas nor restores, which inherit theirs.
            None if cluster => return Tri::True,
            None => return Tri::Unknown,
            Some(Value::String(engine)) => engine.to_ascii_lowercase(),
            Some(_) => return Tri::Unknown,
        };
        match engine.as_str() {
            "mysql" | "postgres" | "aurora" | "aurora-mysql" | "aurora-postgresql" => Tri::True,
            "mariadb" => self.mariadb_supports_iam_auth(),
            _ => Tri::False,
        }
    }

    /// MariaDB supports IAM database authentication from version 10.11; without an
    /// `engine_version` RDS picks the current default, which does.
    fn mariadb_supports_iam_auth(&self) -> Tri {
        match set_value(self.resource, "engine_version") {
            None => Tri::True,
            Some(Value::String(version)) => {
                let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
                match (parts.next().flatten(), parts.next().flatten()) {
                    (Some(major), _) if major > 10 => Tri::True,
                    (Some(10), Some(minor)) => Tri::from_bool(minor >= 11),
                    (Some(10), None) => Tri::Unknown,
                    (Some(_), _) => Tri::False,
                    (None, _) => Tri::Unknown,
                }
            }
            Some(_) => Tri::Unknown,
        }
    }

    /// `iam_database_authentication_enabled`, false by default.
    pub fn iam_auth_enabled(&self) -> Tri {
        flag(self.resource, "iam_database_authentication_enabled", false)
    }

    /// Whether any log type is exported to CloudWatch Logs (`enabled_cloudwatch_logs_exports`).
    pub fn exports_logs(&self) -> Tri {
        has_items(set_value(self.resource, "enabled_cloudwatch_logs_exports"))
    }
}
