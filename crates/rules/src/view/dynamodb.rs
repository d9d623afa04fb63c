//! DynamoDB tables and DAX clusters, with the provider's defaults.

use driftguard_model::{Resource, Tri};

use super::{flag, set_value, text_is};
use crate::view::kms::is_customer_managed_key;
use crate::Context;

/// An `aws_dynamodb_table`.
pub struct Table<'a> {
    pub resource: &'a Resource,
}

impl<'a> Table<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Table { resource }
    }

    /// `point_in_time_recovery.enabled`, false by default (and without the block).
    pub fn point_in_time_recovery(&self) -> Tri {
        flag(self.resource, "point_in_time_recovery.0.enabled", false)
    }

    /// Whether the table is encrypted with a customer managed key: `server_side_encryption`
    /// enabled with a `kms_key_arn` other than `alias/aws/dynamodb`. Without the block DynamoDB
    /// uses an AWS owned key; enabled without a key, the AWS managed `aws/dynamodb` key.
    pub fn customer_managed_key(&self, ctx: &Context<'_>) -> Tri {
        let enabled = flag(self.resource, "server_side_encryption.0.enabled", false);
        let key = set_value(self.resource, "server_side_encryption.0.kms_key_arn");
        enabled.and(is_customer_managed_key(ctx, key))
    }
}

/// An `aws_dax_cluster`.
pub struct DaxCluster<'a> {
    pub resource: &'a Resource,
}

impl<'a> DaxCluster<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        DaxCluster { resource }
    }

    /// `server_side_encryption.enabled`, false by default (and without the block).
    pub fn encrypted_at_rest(&self) -> Tri {
        flag(self.resource, "server_side_encryption.0.enabled", false)
    }

    /// Whether clients connect over TLS: `cluster_endpoint_encryption_type = "TLS"` (the
    /// default is `NONE`).
    pub fn endpoint_tls(&self) -> Tri {
        text_is(
            self.resource,
            "cluster_endpoint_encryption_type",
            Some("NONE"),
            |t| t.eq_ignore_ascii_case("TLS"),
        )
    }
}
