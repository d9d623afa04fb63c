use std::collections::HashMap;

use driftguard_model::{Resource, ResourceMode, Value};

use crate::view::iam::{IdentityGrants, PolicyUse};
use crate::view::network::{NaclRule, SgRule};

/// The resources of one evaluated module tree, indexed for rules.
pub struct Context<'a> {
    resources: &'a [Resource],
    by_type: HashMap<&'a str, Vec<&'a Resource>>,
    data_by_type: HashMap<&'a str, Vec<&'a Resource>>,
    by_address: HashMap<&'a str, &'a Resource>,
    /// Views that several rules read, built once per module tree.
    pub(crate) memo: Memo<'a>,
}

/// Views shared by many rules (every security-group rule, every network ACL rule, every
/// identity-policy and trust-policy rule), built once per module tree when the context is made.
#[derive(Default)]
pub(crate) struct Memo<'a> {
    pub sg_rules: Vec<SgRule<'a>>,
    pub nacl_rules: Vec<NaclRule<'a>>,
    pub identity_grants: IdentityGrants<'a>,
    pub trust_policies: Vec<PolicyUse<'a>>,
}

impl<'a> Context<'a> {
    pub fn new(resources: &'a [Resource]) -> Self {
        let mut by_type: HashMap<&str, Vec<&Resource>> = HashMap::new();
        let mut data_by_type: HashMap<&str, Vec<&Resource>> = HashMap::new();
        let mut by_address = HashMap::new();
        for resource in resources {
            // Configuration resources have types of their own (`terraform_module_call`), so
            // they share the managed index without meeting AWS rules.
            let index = match resource.mode {
                ResourceMode::Managed | ResourceMode::Config => &mut by_type,
                ResourceMode::Data => &mut data_by_type,
            };
            index
                .entry(resource.resource_type.as_str())
                .or_default()
                .push(resource);
            by_address.insert(resource.address.as_str(), resource);
        }
        let mut ctx = Context {
            resources,
            by_type,
            data_by_type,
            by_address,
            memo: Memo::default(),
        };
        ctx.memo = Memo {
            sg_rules: SgRule::collect(&ctx),
            nacl_rules: NaclRule::collect(&ctx),
            identity_grants: crate::view::iam::collect_identity_grants(&ctx),
            trust_policies: crate::view::iam::collect_trust_policies(&ctx),
        };
        ctx
    }

    pub fn resources(&self) -> &'a [Resource] {
        self.resources
    }

    /// Managed resources of one type, in declaration order.
    pub fn of_type(&self, resource_type: &str) -> impl Iterator<Item = &'a Resource> + '_ {
        self.by_type
            .get(resource_type)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Data sources (`data "…" "…"`) of one type, in declaration order.
    pub fn data_of_type(&self, resource_type: &str) -> impl Iterator<Item = &'a Resource> + '_ {
        self.data_by_type
            .get(resource_type)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The resource an unknown value refers to (`aws_s3_bucket.logs.id` → `aws_s3_bucket.logs`),
    /// with the referenced attribute name.
    pub fn referenced<'v>(&self, value: &'v Value) -> Option<(&'a Resource, &'v str)> {
        let reference = value.as_unknown()?.reference.as_ref().filter(|r| r.whole)?;
        Some((
            self.by_address(&reference.address)?,
            reference.attribute.as_str(),
        ))
    }

    pub fn by_address(&self, address: &str) -> Option<&'a Resource> {
        self.by_address.get(address).copied()
    }

    /// Resources of `resource_type` whose `attribute` points at `target`: either a reference to
    /// it (`bucket = aws_s3_bucket.b.id`) or a literal equal to one of its identifying attributes
    /// (`bucket = "my-bucket"` where the target has `bucket = "my-bucket"`).
    pub fn referring_to(
        &self,
        target: &Resource,
        resource_type: &str,
        attribute: &str,
        identifying: &[&str],
    ) -> Vec<&'a Resource> {
        self.of_type(resource_type)
            .filter(|candidate| match candidate.get(attribute) {
                Some(value) => points_at(value, target, identifying),
                None => false,
            })
            .collect()
    }

    /// The resource of one of `resource_types` that `value` points at ([`points_at`]): the
    /// other direction of [`Context::referring_to`] (`rest_api_id = aws_api_gateway_rest_api.a.id`
    /// or `"abc123"` → the REST API whose `id` that is).
    pub fn pointed_at(
        &self,
        value: &Value,
        resource_types: &[&str],
        identifying: &[&str],
    ) -> Option<&'a Resource> {
        resource_types
            .iter()
            .flat_map(|resource_type| self.of_type(resource_type))
            .find(|candidate| points_at(value, candidate, identifying))
    }
}

/// Whether `value` refers to `target` by reference or by one of its identifying literals.
pub fn points_at(value: &Value, target: &Resource, identifying: &[&str]) -> bool {
    match value {
        Value::Unknown(unknown) => unknown
            .reference
            .as_ref()
            .is_some_and(|r| r.whole && r.address == target.address),
        Value::String(s) => {
            target.cloud_id.as_deref() == Some(s.as_str())
                || identifying
                    .iter()
                    .any(|attr| target.get(attr).and_then(Value::as_str) == Some(s.as_str()))
        }
        _ => false,
    }
}
