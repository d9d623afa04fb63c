//! The mapping of CloudFormation resource types onto the Terraform schema the rules read.
//!
//! One module per service family, each exporting `MAPPERS`: the CloudFormation types it maps and
//! the function that maps one. [`map_resource`] looks the type up; an unmapped type yields no
//! resource (it is listed as not checked, never guessed).

use std::collections::BTreeMap;
use std::sync::Arc;

use driftguard_model::{Origin, Resource, ResourceMode, Span, Value};

use crate::CfnResource;

mod analytics;
mod apigateway;
pub mod convert;
mod data;
mod ec2;
mod ecr;
mod edge;
mod elb;
mod iam;
mod kms;
mod lambda;
mod logging;
mod messaging;
mod network;
mod rds;
mod s3;
mod sam;
mod sam_policies;
mod secrets;

/// Maps one CloudFormation resource, pushing the Terraform-shaped resources it stands for.
pub type Mapper = fn(&CfnResource, &mut Mapped);

/// What mapping one CloudFormation resource produced.
#[derive(Debug, Default)]
pub struct Mapped {
    pub resources: Vec<Resource>,
}

impl Mapped {
    /// Adds a resource of Terraform type `terraform_type` at `address` (the logical id, or the
    /// logical id and a suffix for extra resources), declared where `from` is.
    pub fn push(
        &mut self,
        from: &CfnResource,
        terraform_type: &str,
        address: impl Into<String>,
        attributes: BTreeMap<String, Value>,
        attribute_spans: BTreeMap<String, Span>,
    ) {
        self.resources.push(Resource {
            mode: ResourceMode::Managed,
            resource_type: terraform_type.to_string(),
            address: address.into(),
            module: String::new(),
            cloud_id: None,
            attributes: Value::Object(attributes),
            span: Some(from.span.clone()),
            attribute_spans,
            origin: Origin::Code {
                language: Arc::from("cloudformation"),
            },
        });
    }
}

/// Every family's table, in lookup order.
const FAMILIES: &[&[(&str, Mapper)]] = &[
    rds::MAPPERS,
    lambda::MAPPERS,
    data::MAPPERS,
    analytics::MAPPERS,
    secrets::MAPPERS,
    messaging::MAPPERS,
    ecr::MAPPERS,
    elb::MAPPERS,
    edge::MAPPERS,
    apigateway::MAPPERS,
    sam::MAPPERS,
    s3::MAPPERS,
    network::MAPPERS,
    ec2::MAPPERS,
    iam::MAPPERS,
    kms::MAPPERS,
    logging::MAPPERS,
];

/// The mapper of a CloudFormation type, if driftguard maps it.
pub fn mapper(resource_type: &str) -> Option<Mapper> {
    FAMILIES
        .iter()
        .flat_map(|family| family.iter())
        .find(|(cfn_type, _)| *cfn_type == resource_type)
        .map(|(_, mapper)| *mapper)
}

/// Every CloudFormation type driftguard maps, for `driftguard rules` and the coverage figures.
pub fn mapped_types() -> impl Iterator<Item = &'static str> {
    FAMILIES
        .iter()
        .flat_map(|family| family.iter())
        .map(|(cfn_type, _)| *cfn_type)
}

/// Maps one resource; empty when its type is not mapped.
pub fn map_resource(resource: &CfnResource) -> Vec<Resource> {
    let mut out = Mapped::default();
    if let Some(mapper) = mapper(&resource.resource_type) {
        mapper(resource, &mut out);
    }
    out.resources
}
