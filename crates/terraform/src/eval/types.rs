//! Variable type constraints (`list(string)`, `object({a = optional(number, 1)})`) and the
//! conversions Terraform applies to values assigned to variables.

use std::collections::BTreeMap;

use driftguard_model::Value;
use hcl_edit::expr::{Expression, ObjectKey};

/// A parsed `type = …` constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeConstraint {
    Any,
    String,
    Number,
    Bool,
    List(Box<TypeConstraint>),
    Set(Box<TypeConstraint>),
    Map(Box<TypeConstraint>),
    Tuple(Vec<TypeConstraint>),
    Object(BTreeMap<String, ObjectAttr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAttr {
    pub ty: TypeConstraint,
    pub optional: bool,
    pub default: Option<Value>,
}

impl TypeConstraint {
    /// Parses a type expression; anything unrecognised is `any` (the conversion is then a no-op).
    pub fn parse(
        expr: &Expression,
        eval_default: &dyn Fn(&Expression) -> Option<Value>,
    ) -> TypeConstraint {
        match expr {
            Expression::Variable(ident) => match ident.as_str() {
                "string" => TypeConstraint::String,
                "number" => TypeConstraint::Number,
                "bool" => TypeConstraint::Bool,
                "list" => TypeConstraint::List(Box::new(TypeConstraint::Any)),
                "map" => TypeConstraint::Map(Box::new(TypeConstraint::Any)),
                "set" => TypeConstraint::Set(Box::new(TypeConstraint::Any)),
                _ => TypeConstraint::Any,
            },
            Expression::String(s) => match s.as_str() {
                // Terraform 0.11-style quoted types.
                "string" => TypeConstraint::String,
                "list" => TypeConstraint::List(Box::new(TypeConstraint::Any)),
                "map" => TypeConstraint::Map(Box::new(TypeConstraint::Any)),
                _ => TypeConstraint::Any,
            },
            Expression::FuncCall(call) => {
                let arg = |i: usize| {
                    call.args
                        .get(i)
                        .map(|e| TypeConstraint::parse(e, eval_default))
                };
                let inner = || Box::new(arg(0).unwrap_or(TypeConstraint::Any));
                match call.name.name.as_str() {
                    "list" => TypeConstraint::List(inner()),
                    "set" => TypeConstraint::Set(inner()),
                    "map" => TypeConstraint::Map(inner()),
                    "tuple" => match call.args.get(0) {
                        Some(Expression::Array(items)) => TypeConstraint::Tuple(
                            items
                                .iter()
                                .map(|e| TypeConstraint::parse(e, eval_default))
                                .collect(),
                        ),
                        _ => TypeConstraint::Any,
                    },
                    "object" => match call.args.get(0) {
                        Some(Expression::Object(object)) => {
                            let mut attrs = BTreeMap::new();
                            for (key, value) in object.iter() {
                                let name = match key {
                                    ObjectKey::Ident(ident) => ident.as_str().to_string(),
                                    ObjectKey::Expression(Expression::String(s)) => {
                                        s.as_str().to_string()
                                    }
                                    ObjectKey::Expression(_) => continue,
                                };
                                attrs.insert(name, ObjectAttr::parse(value.expr(), eval_default));
                            }
                            TypeConstraint::Object(attrs)
                        }
                        _ => TypeConstraint::Any,
                    },
                    _ => TypeConstraint::Any,
                }
            }
            _ => TypeConstraint::Any,
        }
    }

    /// Converts `value` to this type the way Terraform does for variable values: strings to
    /// numbers and bools, missing optional object attributes filled with their defaults, sets
    /// deduplicated. Unknowns pass through.
    pub fn convert(&self, value: Value) -> Result<Value, String> {
        if value.is_unknown() || value.is_null() {
            return Ok(value);
        }
        match self {
            TypeConstraint::Any => Ok(value),
            TypeConstraint::String => match value {
                Value::String(_) => Ok(value),
                Value::Number(n) => Ok(Value::String(driftguard_model::format_number(n))),
                Value::Bool(b) => Ok(Value::String(b.to_string())),
                other => Err(format!("a string is required, got {}", other.type_name())),
            },
            TypeConstraint::Number => match &value {
                Value::Number(_) => Ok(value),
                Value::String(s) => s
                    .trim()
                    .parse::<f64>()
                    .map(Value::Number)
                    .map_err(|_| format!("a number is required, got {s:?}")),
                other => Err(format!("a number is required, got {}", other.type_name())),
            },
            TypeConstraint::Bool => match value.truth() {
                driftguard_model::Tri::True => Ok(Value::Bool(true)),
                driftguard_model::Tri::False => Ok(Value::Bool(false)),
                driftguard_model::Tri::Unknown => {
                    Err(format!("a bool is required, got {}", value.type_name()))
                }
            },
            TypeConstraint::List(inner) | TypeConstraint::Set(inner) => {
                let items = match value {
                    Value::List(items) => items,
                    other => return Err(format!("a list is required, got {}", other.type_name())),
                };
                let mut converted = items
                    .into_iter()
                    .map(|item| inner.convert(item))
                    .collect::<Result<Vec<_>, _>>()?;
                if matches!(self, TypeConstraint::Set(_)) {
                    let mut unique: Vec<Value> = Vec::with_capacity(converted.len());
                    for item in converted.drain(..) {
                        if !unique.contains(&item) {
                            unique.push(item);
                        }
                    }
                    converted = unique;
                }
                Ok(Value::List(converted))
            }
            TypeConstraint::Map(inner) => match value {
                Value::Object(map) => Ok(Value::Object(
                    map.into_iter()
                        .map(|(k, v)| inner.convert(v).map(|v| (k, v)))
                        .collect::<Result<_, _>>()?,
                )),
                other => Err(format!("a map is required, got {}", other.type_name())),
            },
            TypeConstraint::Tuple(types) => match value {
                Value::List(items) if items.len() == types.len() => Ok(Value::List(
                    items
                        .into_iter()
                        .zip(types)
                        .map(|(item, ty)| ty.convert(item))
                        .collect::<Result<_, _>>()?,
                )),
                other => Err(format!(
                    "a tuple of {} elements is required, got {other}",
                    types.len()
                )),
            },
            TypeConstraint::Object(attrs) => {
                let mut map = match value {
                    Value::Object(map) => map,
                    other => {
                        return Err(format!("an object is required, got {}", other.type_name()))
                    }
                };
                let mut out = BTreeMap::new();
                for (name, attr) in attrs {
                    match map.remove(name) {
                        Some(v) if !v.is_null() => {
                            out.insert(
                                name.clone(),
                                attr.ty
                                    .convert(v)
                                    .map_err(|e| format!("attribute {name:?}: {e}"))?,
                            );
                        }
                        _ if attr.optional => {
                            let default = attr.default.clone().unwrap_or(Value::Null);
                            out.insert(name.clone(), attr.ty.convert(default)?);
                        }
                        Some(_) => {
                            out.insert(name.clone(), Value::Null);
                        }
                        None => return Err(format!("attribute {name:?} is required")),
                    }
                }
                Ok(Value::Object(out))
            }
        }
    }
}

impl ObjectAttr {
    fn parse(expr: &Expression, eval_default: &dyn Fn(&Expression) -> Option<Value>) -> ObjectAttr {
        if let Expression::FuncCall(call) = expr {
            if call.name.name.as_str() == "optional" {
                return ObjectAttr {
                    ty: call.args.get(0).map_or(TypeConstraint::Any, |e| {
                        TypeConstraint::parse(e, eval_default)
                    }),
                    optional: true,
                    default: call.args.get(1).and_then(eval_default),
                };
            }
        }
        ObjectAttr {
            ty: TypeConstraint::parse(expr, eval_default),
            optional: false,
            default: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> TypeConstraint {
        let expr = hcl_edit::parser::parse_expr(src).unwrap();
        TypeConstraint::parse(&expr, &|e| match e {
            Expression::Number(n) => n.as_f64().map(Value::Number),
            Expression::String(s) => Some(Value::from(s.as_str())),
            _ => None,
        })
    }

    #[test]
    fn converts_primitives_like_terraform() {
        assert_eq!(
            parse("number").convert("22".into()).unwrap(),
            Value::Number(22.0)
        );
        assert_eq!(
            parse("bool").convert("true".into()).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            parse("string").convert(Value::Number(3.0)).unwrap(),
            Value::from("3")
        );
        assert!(parse("number").convert("x".into()).is_err());
    }

    #[test]
    fn fills_optional_object_attributes_and_dedups_sets() {
        let ty = parse("object({ port = number, cidr = optional(string, \"10.0.0.0/8\"), x = optional(bool) })");
        let value = Value::from_json(&serde_json::json!({"port": "22"}));
        let converted = ty.convert(value).unwrap();
        assert_eq!(
            converted.to_json(),
            serde_json::json!({"port": 22, "cidr": "10.0.0.0/8", "x": null})
        );
        let set = parse("set(string)")
            .convert(Value::from(vec!["a", "b", "a"]))
            .unwrap();
        assert_eq!(set, Value::from(vec!["a", "b"]));
        assert!(ty
            .convert(Value::from_json(&serde_json::json!({})))
            .is_err());
    }
}
