use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::{Span, Value};

/// Whether a resource is managed (`resource`), read (`data`), or a piece of configuration that
/// rules check like a resource (a module call, a provider requirement, a root module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceMode {
    Managed,
    Data,
    Config,
}

/// Where a resource was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Terraform or CloudFormation source code.
    Code { language: Arc<str> },
    /// A Terraform state file.
    State { path: Arc<str> },
    /// A live cloud API.
    Live { provider: Arc<str> },
}

/// One resource instance, whatever it was loaded from.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub mode: ResourceMode,
    /// Terraform's type name, e.g. `aws_s3_bucket`.
    pub resource_type: String,
    /// The full instance address, e.g. `module.net.aws_security_group.web[0]`.
    pub address: String,
    /// The module path part of the address, e.g. `module.net` (empty for the root module).
    pub module: String,
    /// The cloud id, where known (always for state and live; rarely for code).
    pub cloud_id: Option<String>,
    /// Attributes in the Terraform state schema; nested blocks are lists of objects.
    pub attributes: Value,
    /// Where the whole resource is declared (the block), when it comes from code.
    pub span: Option<Span>,
    /// Spans of attributes and nested blocks by dotted path (`ingress.0.cidr_blocks`).
    #[serde(skip)]
    pub attribute_spans: BTreeMap<String, Span>,
    pub origin: Origin,
}

impl Resource {
    /// The attribute at a dotted path, see [`Value::get_path`].
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.attributes.get_path(path)
    }

    /// The best span for an attribute path: its own, else the nearest enclosing one that was
    /// recorded, else the resource's.
    pub fn span_of(&self, path: &str) -> Option<&Span> {
        let mut candidate = path;
        loop {
            if let Some(span) = self.attribute_spans.get(candidate) {
                return Some(span);
            }
            match candidate.rfind('.') {
                Some(dot) => candidate = &candidate[..dot],
                None => return self.span.as_ref(),
            }
        }
    }

    /// The resource's name in its address: `web` for `module.x.aws_instance.web[0]`.
    pub fn name(&self) -> &str {
        let local = self
            .address
            .strip_prefix(&self.module)
            .unwrap_or(&self.address)
            .trim_start_matches('.');
        let local = local.strip_prefix("data.").unwrap_or(local);
        let after_type = local
            .strip_prefix(self.resource_type.as_str())
            .unwrap_or(local)
            .trim_start_matches('.');
        after_type.split('[').next().unwrap_or(after_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    fn resource() -> Resource {
        let file = SourceFile::new(
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"x\"\n}\n",
        );
        let mut spans = BTreeMap::new();
        spans.insert("acl".to_string(), file.span(34..43));
        Resource {
            mode: ResourceMode::Managed,
            resource_type: "aws_s3_bucket".into(),
            address: "module.m.aws_s3_bucket.b[0]".into(),
            module: "module.m".into(),
            cloud_id: None,
            attributes: Value::Null,
            span: Some(file.span(0..45)),
            attribute_spans: spans,
            origin: Origin::Code {
                language: "terraform".into(),
            },
        }
    }

    #[test]
    fn span_of_falls_back_to_enclosing_path_then_block() {
        let r = resource();
        assert_eq!(r.span_of("acl").unwrap().start.line, 2);
        assert_eq!(r.span_of("acl.x.y").unwrap().start.line, 2);
        assert_eq!(r.span_of("versioning.0").unwrap().start.line, 1);
    }

    #[test]
    fn name_strips_module_type_and_index() {
        assert_eq!(resource().name(), "b");
    }
}
