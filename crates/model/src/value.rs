use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A value in the Terraform type system, plus an explicit *unknown*.
///
/// Nested blocks are lists of objects, as in Terraform state (`versioning { … }` becomes
/// `versioning = [{ … }]`), so that code, state and live resources share one shape.
/// Sets are lists without duplicates; object and map keys are sorted, as Terraform sorts them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// A value that cannot be known statically. Rules never report a finding from one.
    /// Boxed: unknowns are rare, and this keeps every other value small (a 100k-resource state
    /// holds millions of values).
    Unknown(Box<Unknown>),
}

/// Why a value is unknown, and — for attributes of other resources — which one it refers to,
/// so that `bucket = aws_s3_bucket.logs.id` still links the two resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub reason: Arc<str>,
    pub reference: Option<Reference>,
    /// For an encoding of a partly unknown value (`jsonencode({ Statement = [{ Resource =
    /// aws_s3_bucket.b.arn, … }] })`): that value, so its known parts can still be checked.
    pub encodes: Option<Arc<Value>>,
    /// For a string template with unknown parts: its text, each unknown part written as
    /// `${address.attribute}` when it refers to a resource, else `${?}` — so that the known
    /// parts (`arn:aws:iam::${?}:oidc-provider/token.actions.githubusercontent.com`) can still
    /// be read.
    pub partial: Option<Arc<str>>,
}

/// A reference to an attribute of another resource, e.g. `aws_s3_bucket.logs` / `id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    /// Full address of the resource instance, e.g. `module.net.aws_vpc.main[0]`.
    pub address: String,
    pub attribute: String,
    /// Whether the value *is* that attribute (`bucket = aws_s3_bucket.b.id`), rather than a
    /// string built from it (`"${aws_s3_bucket.b.id}-logs"`): only a whole reference links
    /// two resources.
    pub whole: bool,
}

/// A three-valued truth: what a rule sees when a value may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }

    /// Logical negation; unknown stays unknown.
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Kleene conjunction: false wins over unknown.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    /// Kleene disjunction: true wins over unknown.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// `Tri::any` over an iterator: true if any is true, unknown if none is true but one is unknown.
    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::False, Tri::or)
    }

    pub fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::True, Tri::and)
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        self.negate()
    }
}

impl Value {
    pub fn unknown(reason: impl Into<Arc<str>>) -> Value {
        Value::Unknown(Box::new(Unknown {
            reason: reason.into(),
            reference: None,
            encodes: None,
            partial: None,
        }))
    }

    /// The unknown encoding (e.g. the JSON text) of `value`, which has unknown parts.
    pub fn encoding_of(reason: impl Into<Arc<str>>, value: Value) -> Value {
        Value::Unknown(Box::new(Unknown {
            reason: reason.into(),
            reference: None,
            encodes: Some(Arc::new(value)),
            partial: None,
        }))
    }

    pub fn reference(address: impl Into<String>, attribute: impl Into<String>) -> Value {
        let address = address.into();
        let attribute = attribute.into();
        Value::Unknown(Box::new(Unknown {
            reason: format!("{address}.{attribute} is known only after apply").into(),
            reference: Some(Reference {
                address,
                attribute,
                whole: true,
            }),
            encodes: None,
            partial: None,
        }))
    }

    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// True when this value or anything nested in it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::List(items) => items.iter().any(Value::contains_unknown),
            Value::Object(map) => map.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    /// The type name Terraform's `type()` would print, roughly.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Unknown(_) => "unknown",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_unknown(&self) -> Option<&Unknown> {
        match self {
            Value::Unknown(unknown) => Some(&**unknown),
            _ => None,
        }
    }

    /// Truthiness with Terraform's string conversions (`"true"`/`"false"`); anything else that is
    /// not a bool is unknown to the caller.
    pub fn truth(&self) -> Tri {
        match self {
            Value::Bool(b) => Tri::from_bool(*b),
            Value::String(s) if s == "true" => Tri::True,
            Value::String(s) if s == "false" => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// Looks up a dotted path such as `versioning.0.enabled` or `tags.Name`.
    ///
    /// Returns `None` when the path does not exist, and the unknown value itself when the path
    /// runs into one (an unknown object has unknown attributes).
    pub fn get_path(&self, path: &str) -> Option<&Value> {
        if path.is_empty() {
            return Some(self);
        }
        let mut current = self;
        for segment in path.split('.') {
            current = match current {
                Value::Object(map) => map.get(segment)?,
                Value::List(items) => items.get(segment.parse::<usize>().ok()?)?,
                Value::Unknown(_) => return Some(current),
                _ => return None,
            };
        }
        Some(current)
    }

    /// The value as JSON; unknowns become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
        }
    }

    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Formats a number the way Terraform prints it: integers without a fraction.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Value {
    /// Terraform-like rendering, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
            Value::Unknown(_) => f.write_str("(known after apply)"),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => number_to_json(*n).serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(obj) => {
                let mut map = serializer.serialize_map(Some(obj.len()))?;
                for (k, v) in obj {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Unknown(_) => serializer.serialize_str("(known after apply)"),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n as f64)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_path_walks_objects_and_lists_and_stops_at_unknowns() {
        let json = serde_json::json!({"versioning": [{"enabled": true}], "tags": {"Name": "x"}});
        let mut value = Value::from_json(&json);
        assert_eq!(
            value.get_path("versioning.0.enabled"),
            Some(&Value::Bool(true))
        );
        assert_eq!(value.get_path("tags.Name"), Some(&Value::from("x")));
        assert_eq!(value.get_path("versioning.1"), None);
        if let Value::Object(map) = &mut value {
            map.insert("policy".into(), Value::unknown("data source"));
        }
        assert!(value.get_path("policy.Statement.0").unwrap().is_unknown());
    }

    #[test]
    fn tri_follows_kleene_logic() {
        assert_eq!(Tri::any([Tri::False, Tri::Unknown]), Tri::Unknown);
        assert_eq!(Tri::any([Tri::Unknown, Tri::True]), Tri::True);
        assert_eq!(Tri::all([Tri::True, Tri::Unknown, Tri::False]), Tri::False);
    }

    #[test]
    fn values_stay_small() {
        // States of 100k resources hold millions of values: keep the enum at four words.
        assert!(
            std::mem::size_of::<Value>() <= 32,
            "{}",
            std::mem::size_of::<Value>()
        );
    }

    #[test]
    fn numbers_print_like_terraform() {
        assert_eq!(Value::Number(22.0).to_string(), "22");
        assert_eq!(Value::Number(0.5).to_string(), "0.5");
        assert_eq!(Value::Number(3.0).to_json(), serde_json::json!(3));
    }
}
