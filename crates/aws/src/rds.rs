//! RDS collectors (`aws_db_instance`, `aws_db_subnet_group`), normalised to
//! terraform-provider-aws v5's state schema.
//!
//! `aws_db_instance`'s id is the DBI resource id (`db-…`) since provider v5, the name being
//! `identifier`. Cluster members (Aurora, Multi-AZ DB clusters) are `aws_rds_cluster_instance`
//! in Terraform and are not emitted. `engine_version` is not emitted: the provider keeps the
//! configured prefix (`15`) while the API reports the full version (`15.4`), which only the
//! state's `engine_version_actual` records.

use aws_config::SdkConfig;
use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
use aws_sdk_rds::operation::describe_db_subnet_groups::DescribeDbSubnetGroupsOutput;
use aws_sdk_rds::types::{DbInstance, DbSubnetGroup, Tag};
use aws_sdk_rds::Client;
use futures_util::future::try_join_all;
use serde_json::{json, Value as Json};

use crate::call::{next_token, Caller};
use crate::error::ApiError;
use crate::shape::{item, opt, opt_time, strings, tag_map, Item};
use crate::TypeResult;

const RDS: &str = "rds";

/// Every RDS type collected.
pub const TYPES: &[&str] = &["aws_db_instance", "aws_db_subnet_group"];

pub(crate) async fn collect(sdk: &SdkConfig, caller: &Caller) -> Vec<(&'static str, TypeResult)> {
    let rds = Rds {
        client: Client::new(sdk),
        caller,
    };
    // Boxed: the SDK's request futures are large; the scan joins every service's collector.
    let (instances, subnet_groups) =
        tokio::join!(Box::pin(rds.instances()), Box::pin(rds.subnet_groups()));
    vec![
        ("aws_db_instance", instances),
        ("aws_db_subnet_group", subnet_groups),
    ]
}

fn tags(tags: &[Tag]) -> Json {
    tag_map(
        tags.iter()
            .filter_map(|t| Some((t.key()?, t.value().unwrap_or("")))),
    )
}

/// An instance as the provider's read sets it. Integers the API leaves out are `0` in state
/// (SDKv2 stores unset integers as zero).
fn instance(db: &DbInstance) -> Option<Item> {
    let resource_id = db.dbi_resource_id()?;
    let endpoint = db.endpoint();
    let tags = tags(db.tag_list());
    // The listener port is the endpoint's; DbInstancePort only when there is no endpoint yet.
    let port = endpoint
        .and_then(|e| e.port())
        .or(db.db_instance_port())
        .unwrap_or(0);
    // The provider records the autoscaling ceiling only above the allocated storage.
    let max_allocated = match (db.max_allocated_storage(), db.allocated_storage()) {
        (Some(max), Some(allocated)) if max > allocated => max,
        (Some(max), None) => max,
        _ => 0,
    };
    let endpoint_text = match (
        endpoint.and_then(|e| e.address()),
        endpoint.and_then(|e| e.port()),
    ) {
        (Some(address), Some(port)) => json!(format!("{address}:{port}")),
        _ => Json::Null,
    };
    // Two halves: one `json!` of every attribute exceeds the macro recursion limit.
    let mut attributes = json!({
        "identifier": opt(db.db_instance_identifier()),
        "resource_id": resource_id,
        "arn": opt(db.db_instance_arn()),
        "engine": opt(db.engine()),
        "engine_version_actual": opt(db.engine_version()),
        "instance_class": opt(db.db_instance_class()),
        "allocated_storage": db.allocated_storage().unwrap_or(0),
        "max_allocated_storage": max_allocated,
        "storage_type": opt(db.storage_type()),
        "storage_encrypted": db.storage_encrypted().unwrap_or(false),
        "kms_key_id": opt(db.kms_key_id()),
        "iops": db.iops().unwrap_or(0),
        "storage_throughput": db.storage_throughput().unwrap_or(0),
        "publicly_accessible": db.publicly_accessible().unwrap_or(false),
        "multi_az": db.multi_az().unwrap_or(false),
        "availability_zone": opt(db.availability_zone()),
        "db_subnet_group_name":
            opt(db.db_subnet_group().and_then(|g| g.db_subnet_group_name())),
        "vpc_security_group_ids":
            strings(db.vpc_security_groups().iter().filter_map(|g| g.vpc_security_group_id())),
        "parameter_group_name":
            opt(db.db_parameter_groups().first().and_then(|g| g.db_parameter_group_name())),
        "option_group_name":
            opt(db.option_group_memberships().first().and_then(|g| g.option_group_name())),
    });
    let more = json!({
        "backup_retention_period": db.backup_retention_period().unwrap_or(0),
        "backup_window": opt(db.preferred_backup_window()),
        "maintenance_window": opt(db.preferred_maintenance_window()),
        "deletion_protection": db.deletion_protection().unwrap_or(false),
        "iam_database_authentication_enabled":
            db.iam_database_authentication_enabled().unwrap_or(false),
        "auto_minor_version_upgrade": db.auto_minor_version_upgrade().unwrap_or(false),
        "copy_tags_to_snapshot": db.copy_tags_to_snapshot().unwrap_or(false),
        "performance_insights_enabled": db.performance_insights_enabled().unwrap_or(false),
        "performance_insights_kms_key_id": opt(db.performance_insights_kms_key_id()),
        "performance_insights_retention_period":
            db.performance_insights_retention_period().unwrap_or(0),
        "monitoring_interval": db.monitoring_interval().unwrap_or(0),
        "monitoring_role_arn": opt(db.monitoring_role_arn()),
        "port": port,
        "username": opt(db.master_username()),
        "db_name": opt(db.db_name()),
        "license_model": opt(db.license_model()),
        "ca_cert_identifier": opt(db.ca_certificate_identifier()),
        "enabled_cloudwatch_logs_exports":
            strings(db.enabled_cloudwatch_logs_exports().iter().map(String::as_str)),
        "replicate_source_db": opt(db.read_replica_source_db_instance_identifier()),
        "replicas":
            strings(db.read_replica_db_instance_identifiers().iter().map(String::as_str)),
        "network_type": opt(db.network_type()),
        "character_set_name": opt(db.character_set_name()),
        "timezone": opt(db.timezone()),
        "customer_owned_ip_enabled": db.customer_owned_ip_enabled().unwrap_or(false),
        "status": opt(db.db_instance_status()),
        "latest_restorable_time": opt_time(db.latest_restorable_time()),
        "address": opt(endpoint.and_then(|e| e.address())),
        "endpoint": endpoint_text,
        "hosted_zone_id": opt(endpoint.and_then(|e| e.hosted_zone_id())),
        "tags": tags,
        "tags_all": tags,
    });
    if let (Json::Object(all), Json::Object(more)) = (&mut attributes, more) {
        all.extend(more);
    }
    Some(item(resource_id, attributes))
}

fn subnet_group(group: &DbSubnetGroup, tags: Json) -> Option<Item> {
    let name = group.db_subnet_group_name()?;
    Some(item(
        name,
        json!({
            "name": name,
            "arn": opt(group.db_subnet_group_arn()),
            "description": opt(group.db_subnet_group_description()),
            "subnet_ids": strings(group.subnets().iter().filter_map(|s| s.subnet_identifier())),
            "supported_network_types":
                strings(group.supported_network_types().iter().map(String::as_str)),
            "vpc_id": opt(group.vpc_id()),
            "tags": tags,
            "tags_all": tags,
        }),
    ))
}

struct Rds<'a> {
    client: Client,
    caller: &'a Caller,
}

impl Rds<'_> {
    /// DescribeDBInstances lists every instance with its tags: no call per instance.
    async fn instances(&self) -> TypeResult {
        let pages = self
            .caller
            .pages(
                RDS,
                "DescribeDBInstances",
                |m| self.client.describe_db_instances().set_marker(m).send(),
                |p: &DescribeDbInstancesOutput| next_token(p.marker()),
            )
            .await?;
        Ok(pages
            .iter()
            .flat_map(|p| p.db_instances())
            .filter(|db| db.db_cluster_identifier().is_none())
            .filter_map(instance)
            .collect())
    }

    /// DescribeDBSubnetGroups, then ListTagsForResource per group (the list has no tags).
    async fn subnet_groups(&self) -> TypeResult {
        let pages = self
            .caller
            .pages(
                RDS,
                "DescribeDBSubnetGroups",
                |m| self.client.describe_db_subnet_groups().set_marker(m).send(),
                |p: &DescribeDbSubnetGroupsOutput| next_token(p.marker()),
            )
            .await?;
        let groups: Vec<&DbSubnetGroup> = pages.iter().flat_map(|p| p.db_subnet_groups()).collect();
        let items = try_join_all(groups.into_iter().map(|g| self.subnet_group(g))).await?;
        Ok(items.into_iter().flatten().collect())
    }

    async fn subnet_group(&self, group: &DbSubnetGroup) -> Result<Option<Item>, ApiError> {
        let Some(arn) = group.db_subnet_group_arn() else {
            return Err(ApiError::malformed(
                RDS,
                "DescribeDBSubnetGroups",
                "a subnet group without DBSubnetGroupArn",
            ));
        };
        let request = self
            .client
            .list_tags_for_resource()
            .resource_name(arn)
            .send();
        // Deleted since DescribeDBSubnetGroups: none.
        let gone = &["DBSubnetGroupNotFoundFault"];
        let out = self
            .caller
            .call_unless(RDS, "ListTagsForResource", gone, request)
            .await?;
        Ok(out.and_then(|out| subnet_group(group, tags(out.tag_list()))))
    }
}
