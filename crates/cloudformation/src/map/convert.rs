//! What every mapper needs: reading CloudFormation properties by path, writing Terraform
//! attributes with the span of the property they came from, and the common shape changes.

use std::collections::BTreeMap;

use driftguard_model::{Span, Value};

use crate::CfnResource;

/// Builds one Terraform-shaped resource from a CloudFormation resource's properties, recording
/// for each Terraform attribute path the span of the property it came from, so that findings
/// point at the template line.
pub struct Builder<'r> {
    from: &'r CfnResource,
    attributes: BTreeMap<String, Value>,
    spans: BTreeMap<String, Span>,
}

impl<'r> Builder<'r> {
    pub fn new(from: &'r CfnResource) -> Self {
        Builder {
            from,
            attributes: BTreeMap::new(),
            spans: BTreeMap::new(),
        }
    }

    /// The property at a dotted CloudFormation path (`VersioningConfiguration.Status`,
    /// `SecurityGroupIngress.0.CidrIp`).
    pub fn prop(&self, path: &str) -> Option<&'r Value> {
        self.from.properties.get_path(path)
    }

    /// The span of the property at `path`, else of the nearest enclosing property recorded,
    /// else of the resource.
    pub fn span_of(&self, path: &str) -> Span {
        let mut candidate = path;
        loop {
            if let Some(span) = self.from.property_spans.get(candidate) {
                return span.clone();
            }
            match candidate.rfind('.') {
                Some(dot) => candidate = &candidate[..dot],
                None => return self.from.span.clone(),
            }
        }
    }

    /// Sets Terraform attribute `attribute` to `value`, pointing at CloudFormation `cfn_path`.
    pub fn set(&mut self, attribute: &str, value: Value, cfn_path: &str) {
        self.spans
            .insert(attribute.to_string(), self.span_of(cfn_path));
        self.attributes.insert(attribute.to_string(), value);
    }

    /// Copies property `cfn_path` to `attribute` when the template sets it.
    pub fn copy(&mut self, attribute: &str, cfn_path: &str) {
        if let Some(value) = self.prop(cfn_path) {
            self.set(attribute, value.clone(), cfn_path);
        }
    }

    /// Records that the nested Terraform path `attribute_path` (`ingress.0.cidr_blocks`) comes
    /// from `cfn_path`, for attributes built as a whole with [`Self::set`].
    pub fn point(&mut self, attribute_path: &str, cfn_path: &str) {
        let span = self.span_of(cfn_path);
        self.spans.insert(attribute_path.to_string(), span);
    }

    /// The attributes and their spans.
    pub fn finish(self) -> (BTreeMap<String, Value>, BTreeMap<String, Span>) {
        (self.attributes, self.spans)
    }
}

/// CloudFormation `Tags` (`[{Key, Value}]`) as Terraform's `tags` map; `Null` when absent.
pub fn tags(value: Option<&Value>) -> Value {
    let Some(Value::List(items)) = value else {
        return value.cloned().unwrap_or(Value::Null);
    };
    let mut map = BTreeMap::new();
    for item in items {
        if let (Some(Value::String(key)), Some(v)) = (item.get_path("Key"), item.get_path("Value"))
        {
            map.insert(key.clone(), v.clone());
        }
    }
    Value::Object(map)
}

/// `BucketName` → `bucket_name`, `SSEAlgorithm` → `sse_algorithm`, `Arn` → `arn`: how a
/// CloudFormation attribute name reads in Terraform's schema.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else if *c == '.' || *c == '-' {
            out.push('_');
        } else {
            out.push(*c);
        }
    }
    out
}

/// How one Terraform attribute is read from CloudFormation properties, for [`Builder::fields`]:
/// most of a mapping is renaming and reshaping, written as data so that each mapper reads like
/// the table it is.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// `Copy(terraform, cloudformation)`: the value as it is. The CloudFormation name may be a
    /// dotted path (`DistributionConfig.WebACLId`).
    Copy(&'static str, &'static str),
    /// A nested object, as Terraform's one-element block list (`encrypt_at_rest = [{…}]`).
    Block(&'static str, &'static str, &'static [Field]),
    /// A list of objects, as a list of blocks (`Origins` → `origin`).
    Blocks(&'static str, &'static str, &'static [Field]),
    /// A JSON document (a policy, a redrive policy) as the JSON text Terraform holds
    /// ([`policy_json`]).
    Json(&'static str, &'static str),
}

impl Field {
    fn names(&self) -> (&'static str, &'static str) {
        match *self {
            Field::Copy(tf, cfn)
            | Field::Block(tf, cfn, _)
            | Field::Blocks(tf, cfn, _)
            | Field::Json(tf, cfn) => (tf, cfn),
        }
    }
}

impl Builder<'_> {
    /// Sets every attribute of `fields` whose property the template sets, each pointing at its
    /// property (nested ones too: `origin.0.custom_origin_config.0.origin_protocol_policy` at
    /// `DistributionConfig.Origins.0.CustomOriginConfig.OriginProtocolPolicy`). An unknown
    /// object or list stays one unknown value: its attributes read as unknown.
    pub fn fields(&mut self, fields: &[Field]) {
        let from = self.from;
        for field in fields {
            if let Some((name, value)) = self.field(field, &from.properties, "", "") {
                self.attributes.insert(name.to_string(), value);
            }
        }
    }

    fn field(
        &mut self,
        field: &Field,
        parent: &Value,
        cfn_parent: &str,
        tf_parent: &str,
    ) -> Option<(&'static str, Value)> {
        let (tf, cfn) = field.names();
        let value = match parent {
            Value::Object(_) => parent.get_path(cfn)?,
            // `Properties` decided by an unresolved condition: every attribute is unknown.
            Value::Unknown(_) => parent,
            _ => return None,
        };
        if value.is_null() {
            return None;
        }
        let cfn_path = join_path(cfn_parent, cfn);
        let tf_path = join_path(tf_parent, tf);
        self.point(&tf_path, &cfn_path);
        let out = match (field, value) {
            (Field::Json(..), value) => policy_json(value),
            (Field::Block(_, _, inner), Value::Object(_)) => Value::List(vec![self.object(
                inner,
                value,
                &cfn_path,
                &format!("{tf_path}.0"),
            )]),
            (Field::Blocks(_, _, inner), Value::List(items)) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let cfn_item = format!("{cfn_path}.{index}");
                        let tf_item = format!("{tf_path}.{index}");
                        self.point(&tf_item, &cfn_item);
                        match item {
                            Value::Object(_) => self.object(inner, item, &cfn_item, &tf_item),
                            other => other.clone(),
                        }
                    })
                    .collect(),
            ),
            (_, value) => {
                self.point_within(&tf_path, &cfn_path, value);
                value.clone()
            }
        };
        Some((tf, out))
    }

    /// Points every element and key inside a value copied as it is (a map of environment
    /// variables, a list of CIDRs) at its own property.
    fn point_within(&mut self, tf_path: &str, cfn_path: &str, value: &Value) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (key, child) in children {
            let (tf_child, cfn_child) = (format!("{tf_path}.{key}"), format!("{cfn_path}.{key}"));
            self.point(&tf_child, &cfn_child);
            self.point_within(&tf_child, &cfn_child, child);
        }
    }

    fn object(&mut self, fields: &[Field], value: &Value, cfn_path: &str, tf_path: &str) -> Value {
        let mut map = BTreeMap::new();
        for field in fields {
            if let Some((name, inner)) = self.field(field, value, cfn_path, tf_path) {
                map.insert(name.to_string(), inner);
            }
        }
        Value::Object(map)
    }

    /// The Terraform attribute at a dotted path (`domain_endpoint_options.0`), as set so far.
    pub fn attribute(&self, path: &str) -> Option<&Value> {
        let (first, rest) = path.split_once('.').unwrap_or((path, ""));
        self.attributes.get(first)?.get_path(rest)
    }

    /// The logical id of the resource being mapped.
    pub fn logical_id(&self) -> &str {
        &self.from.logical_id
    }
}

fn join_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// A CloudFormation policy document (`PolicyDocument`, `AccessPolicies`,
/// `RepositoryPolicyText`) as Terraform holds one: JSON text, which the policy views parse. A
/// document with unknown parts becomes an unknown encoding of it, so that its known statements
/// are still checked (as `jsonencode({…})` of a partly unknown value is); JSON text (which
/// CloudFormation accepts too) and unknown values are kept as they are.
pub fn policy_json(value: &Value) -> Value {
    match value {
        Value::Object(_) | Value::List(_) if value.contains_unknown() => {
            Value::encoding_of(first_unknown_reason(value), value.clone())
        }
        Value::Object(_) | Value::List(_) => Value::String(value.to_json().to_string()),
        other => other.clone(),
    }
}

fn first_unknown_reason(value: &Value) -> String {
    fn find(value: &Value) -> Option<&driftguard_model::Unknown> {
        match value {
            Value::Unknown(unknown) => Some(unknown),
            Value::List(items) => items.iter().find_map(find),
            Value::Object(map) => map.values().find_map(find),
            _ => None,
        }
    }
    find(value).map_or_else(
        || "the document has values known only after deployment".to_string(),
        |unknown| unknown.reason.to_string(),
    )
}

/// What `Ref` / `Fn::GetAtt` to another resource of the template evaluate to: a value known
/// after deployment that links to that resource (`attribute` in Terraform's spelling: `id`,
/// `arn`).
pub fn reference(logical_id: &str, attribute: &str) -> Value {
    Value::Unknown(Box::new(driftguard_model::Unknown {
        reason: format!("`{logical_id}` is known after deployment").into(),
        reference: Some(driftguard_model::Reference {
            address: logical_id.to_string(),
            attribute: attribute.to_string(),
            whole: true,
        }),
        encodes: None,
        partial: None,
    }))
}

/// A value known only after deployment, for a reason of the mapping's own.
pub fn unknown(reason: impl Into<String>) -> Value {
    Value::unknown(reason.into())
}

/// One nested block, as Terraform's one-element list of objects.
pub fn block<'k>(entries: impl IntoIterator<Item = (&'k str, Value)>) -> Value {
    Value::List(vec![Value::Object(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )])
}

/// The Terraform type a CloudFormation value is reshaped into, for [`Builder::reshape`]: YAML
/// templates quote numbers (`FromPort: "22"`) and booleans (`Encrypted: "true"`), write
/// protocol numbers unquoted (`IpProtocol: -1`), and give single values where Terraform holds
/// lists (`CidrIp` → `cidr_blocks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `true`/`false`, also from the strings CloudFormation accepts for them.
    Bool,
    /// A number, also from a numeric string.
    Number,
    /// A string, also from an unquoted number or boolean.
    Text,
    /// A list: a single value (unknown ones included) becomes a one-element list.
    List,
}

/// `value` in `shape`; a value that does not fit (a string that is no number) is kept as it
/// is, for the views to judge, and an unknown value stays unknown (in a list for
/// [`Shape::List`]: a single unknown CIDR is still one CIDR).
pub fn shaped(value: Value, shape: Shape) -> Value {
    match (shape, value) {
        (Shape::List, value @ (Value::List(_) | Value::Null)) => value,
        (Shape::List, value) => Value::List(vec![value]),
        (Shape::Bool, Value::String(text)) if text.trim().eq_ignore_ascii_case("true") => {
            Value::Bool(true)
        }
        (Shape::Bool, Value::String(text)) if text.trim().eq_ignore_ascii_case("false") => {
            Value::Bool(false)
        }
        (Shape::Number, Value::String(text)) => match text.trim().parse::<f64>() {
            Ok(number) => Value::Number(number),
            Err(_) => Value::String(text),
        },
        (Shape::Text, Value::Number(number)) => {
            Value::String(driftguard_model::format_number(number))
        }
        (Shape::Text, Value::Bool(flag)) => Value::String(flag.to_string()),
        (_, value) => value,
    }
}

impl Builder<'_> {
    /// Reshapes the attribute at `path` already set (by [`Builder::fields`] or
    /// [`Builder::set`]) into `shape`; a `*` segment stands for every element of a list
    /// (`ingress.*.from_port`). Absent attributes are left absent; spans are unchanged.
    pub fn reshape(&mut self, path: &str, shape: Shape) {
        let (first, rest) = match path.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (path, None),
        };
        if let Some(value) = self.attributes.get_mut(first) {
            reshape_at(value, rest, shape);
        }
    }

    /// [`Builder::reshape`] for each `(path, shape)`.
    pub fn reshape_all(&mut self, paths: &[(&str, Shape)]) {
        for (path, shape) in paths {
            self.reshape(path, *shape);
        }
    }

    /// Whether the template sets the property at `path` (to anything but null).
    pub fn has(&self, path: &str) -> bool {
        self.prop(path).is_some_and(|value| !value.is_null())
    }

    /// Points each element of the list attribute `attribute` at its element of the list
    /// property `cfn_path` (`managed_policy_arns.1` at `ManagedPolicyArns.1`), so that a
    /// finding about one element lands on its line.
    pub fn point_items(&mut self, attribute: &str, cfn_path: &str) {
        let count = self
            .prop(cfn_path)
            .and_then(Value::as_list)
            .map_or(0, <[Value]>::len);
        for index in 0..count {
            self.point(
                &format!("{attribute}.{index}"),
                &format!("{cfn_path}.{index}"),
            );
        }
    }
}

fn reshape_at(value: &mut Value, path: Option<&str>, shape: Shape) {
    let Some(path) = path else {
        *value = shaped(std::mem::take(value), shape);
        return;
    };
    let (segment, rest) = match path.split_once('.') {
        Some((segment, rest)) => (segment, Some(rest)),
        None => (path, None),
    };
    match value {
        Value::List(items) if segment == "*" => {
            for item in items {
                reshape_at(item, rest, shape);
            }
        }
        Value::List(items) => {
            if let Some(item) = segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                reshape_at(item, rest, shape);
            }
        }
        Value::Object(map) => {
            if let Some(inner) = map.get_mut(segment) {
                reshape_at(inner, rest, shape);
            }
        }
        _ => {}
    }
}

/// Pushes a resource that one property of a CloudFormation resource stands for (a bucket's
/// `PublicAccessBlockConfiguration` is Terraform's `aws_s3_bucket_public_access_block`), at
/// `address`, declared where that property is written: its findings point there.
pub fn push_part(
    out: &mut super::Mapped,
    builder: Builder<'_>,
    terraform_type: &str,
    address: &str,
    cfn_path: &str,
) {
    let from = builder.from;
    let span = builder.span_of(cfn_path);
    let (attributes, spans) = builder.finish();
    out.push(from, terraform_type, address, attributes, spans);
    if let Some(pushed) = out.resources.last_mut() {
        pushed.span = Some(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_terraform_writes_them() {
        assert_eq!(snake_case("BucketName"), "bucket_name");
        assert_eq!(snake_case("SSEAlgorithm"), "sse_algorithm");
        assert_eq!(snake_case("Arn"), "arn");
        assert_eq!(snake_case("KMSMasterKeyID"), "kms_master_key_id");
        assert_eq!(snake_case("Endpoint.Address"), "endpoint_address");
    }

    #[test]
    fn tags_become_a_map() {
        let list = Value::List(vec![Value::Object(BTreeMap::from([
            ("Key".to_string(), Value::String("team".into())),
            ("Value".to_string(), Value::String("a".into())),
        ]))]);
        assert_eq!(
            tags(Some(&list)),
            Value::Object(BTreeMap::from([(
                "team".to_string(),
                Value::String("a".into())
            )]))
        );
        assert_eq!(tags(None), Value::Null);
    }
}
