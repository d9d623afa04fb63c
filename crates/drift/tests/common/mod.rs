#![allow(dead_code)]

use driftguard_model::{Origin, Resource, ResourceMode, Value};

pub fn resource(resource_type: &str, id: &str, name: &str, attrs: serde_json::Value) -> Resource {
    Resource {
        mode: ResourceMode::Managed,
        resource_type: resource_type.into(),
        address: format!("{resource_type}.{name}"),
        module: String::new(),
        cloud_id: Some(id.into()),
        attributes: Value::from_json(&attrs),
        span: None,
        attribute_spans: Default::default(),
        origin: Origin::State {
            path: "terraform.tfstate".into(),
        },
    }
}

pub fn live(resource_type: &str, id: &str, attrs: serde_json::Value) -> Resource {
    Resource {
        address: String::new(),
        origin: Origin::Live {
            provider: "aws".into(),
        },
        ..resource(resource_type, id, "", attrs)
    }
}
