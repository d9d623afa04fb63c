//! Conditions: the `Conditions` section and the condition functions, three-valued (a condition
//! that depends on something known only at deployment is unknown).

use driftguard_model::{format_number, Tri, Value};

use super::{call, ConditionState, Context};
use crate::syntax::{Node, NodeKind};

impl Context<'_> {
    /// The value of the named condition (each is evaluated once; a cycle is reported and
    /// unknown).
    pub(crate) fn condition(&mut self, name: &str, at: &Node) -> Tri {
        match self.condition_values.get(name) {
            Some(ConditionState::Done(value)) => return *value,
            Some(ConditionState::Evaluating) => {
                self.bad(at, format!("condition `{name}` depends on itself"));
                return Tri::Unknown;
            }
            None => {}
        }
        let Some(&definition) = self.conditions.get(name) else {
            self.bad(
                at,
                format!("condition `{name}` is not defined in `Conditions`"),
            );
            return Tri::Unknown;
        };
        self.condition_values
            .insert(name.to_string(), ConditionState::Evaluating);
        let value = self.condition_expr(definition);
        self.condition_values
            .insert(name.to_string(), ConditionState::Done(value));
        value
    }

    /// A condition function, or `{Condition: Name}`.
    fn condition_expr(&mut self, node: &Node) -> Tri {
        if let Some([entry]) = node.as_map() {
            if entry.key == "Condition" {
                return match entry.value.as_str() {
                    Some(name) => self.condition(name, node),
                    None => {
                        self.bad(node, "`Condition` takes a condition's name");
                        Tri::Unknown
                    }
                };
            }
        }
        match call(node) {
            Some((name, arg)) => self.condition_call(name, arg, node),
            None => match &node.kind {
                NodeKind::Bool(b) => Tri::from_bool(*b),
                _ => {
                    self.bad(
                        node,
                        "a condition is `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`",
                    );
                    Tri::Unknown
                }
            },
        }
    }

    /// `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` (any other function is evaluated and its
    /// value read as `true`/`false`).
    pub(super) fn condition_call(&mut self, name: &str, arg: &Node, node: &Node) -> Tri {
        match name {
            "Fn::Equals" => {
                let Some([a, b]) = arg.as_seq() else {
                    self.bad(node, "`Fn::Equals` takes `[Value1, Value2]`");
                    return Tri::Unknown;
                };
                let (a, b) = (self.value(a), self.value(b));
                equals(&a, &b)
            }
            "Fn::And" | "Fn::Or" => {
                let items = match arg.as_seq() {
                    Some(items) if (2..=10).contains(&items.len()) => items,
                    _ => {
                        self.bad(node, format!("`{name}` takes 2 to 10 conditions"));
                        return Tri::Unknown;
                    }
                };
                // Every operand is evaluated (so that its errors are reported), then combined.
                let values: Vec<Tri> = items.iter().map(|c| self.condition_expr(c)).collect();
                if name == "Fn::And" {
                    Tri::all(values)
                } else {
                    Tri::any(values)
                }
            }
            "Fn::Not" => match arg.as_seq() {
                Some([condition]) => self.condition_expr(condition).negate(),
                _ => {
                    self.bad(node, "`Fn::Not` takes `[Condition]`");
                    Tri::Unknown
                }
            },
            _ => {
                let value = self.eval(node, None).unwrap_or(Value::Null);
                match value {
                    Value::Unknown(_) => Tri::Unknown,
                    value => match value.truth() {
                        Tri::Unknown => {
                            self.bad(node, format!("`{name}` is not a condition"));
                            Tri::Unknown
                        }
                        known => known,
                    },
                }
            }
        }
    }
}

/// `Fn::Equals`: values compared as CloudFormation compares them, as text (`22` equals
/// `"22"`, as a `Number` parameter's value is a string).
fn equals(a: &Value, b: &Value) -> Tri {
    if a.contains_unknown() || b.contains_unknown() {
        return Tri::Unknown;
    }
    Tri::from_bool(comparable(a) == comparable(b))
}

fn comparable(value: &Value) -> serde_json::Value {
    match value {
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Number(n) => serde_json::Value::String(format_number(*n)),
        Value::Bool(b) => serde_json::Value::String(b.to_string()),
        Value::Null | Value::Unknown(_) => serde_json::Value::String(String::new()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(comparable).collect()),
        Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), comparable(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_compares_text() {
        assert_eq!(equals(&Value::from("22"), &Value::Number(22.0)), Tri::True);
        assert_eq!(equals(&Value::from("true"), &Value::Bool(true)), Tri::True);
        assert_eq!(equals(&Value::from("a"), &Value::from("b")), Tri::False);
        assert_eq!(
            equals(&Value::unknown("x"), &Value::from("b")),
            Tri::Unknown
        );
        assert_eq!(
            equals(&Value::from(vec!["a", "b"]), &Value::from(vec!["a", "b"])),
            Tri::True
        );
    }
}
