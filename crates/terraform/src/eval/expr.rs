//! Expression evaluation: operators, templates, `for`, splats, conditionals and function calls.
//!
//! Name resolution (`var.x`, `aws_s3_bucket.b.id`, `module.m.out`) is the [`Env`]'s job, so that
//! this file knows nothing about modules or resources.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

use driftguard_model::{format_number, Tri, Value};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Strip, Template};
use hcl_edit::{Decorated, Span as _};

use crate::config::{Expr, JsonExpr};
use crate::functions::{self, FunctionContext};

/// Deepest evaluation recursion, counting lazy evaluation of referenced locals and outputs.
pub const MAX_EVAL_DEPTH: u32 = 200;
/// Largest number of elements a `for` expression may iterate.
const MAX_COLLECTION: usize = 100_000;
/// Most expression evaluations for one root module: nested `for` expressions over large
/// collections would otherwise run for hours. Large real root modules use a few percent of this.
pub const MAX_EVAL_STEPS: u64 = 5_000_000;

/// Limits shared by every evaluator of one root module.
#[derive(Debug, Default)]
pub struct Budget {
    depth: Cell<u32>,
    steps: Cell<u64>,
    /// The step limit was hit and reported: later failures are not reported again.
    exhausted: Cell<bool>,
}

pub type Ops = [Decorated<TraversalOperator>];

/// An evaluation failure, with the byte span of the expression that caused it when known.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub message: String,
    pub span: Option<Range<usize>>,
    /// Already reported as a diagnostic (e.g. a cycle): callers only propagate it.
    pub reported: bool,
}

impl EvalError {
    pub fn new(message: impl Into<String>) -> Self {
        EvalError {
            message: message.into(),
            span: None,
            reported: false,
        }
    }

    fn at(mut self, span: Option<Range<usize>>) -> Self {
        if self.span.is_none() {
            self.span = span;
        }
        self
    }
}

pub type EvalResult = Result<Value, EvalError>;

/// Resolves the names an expression refers to.
pub trait Env {
    /// Resolves the root `name` followed by `ops`; returns the value and how many of `ops` the
    /// environment consumed (the evaluator applies the rest).
    fn resolve(
        &self,
        name: &str,
        ops: &Ops,
        ev: &Evaluator<'_>,
        scope: &Scope,
    ) -> Result<(Value, usize), EvalError>;
    /// Directory that `file()` and friends may read from (the scanned root).
    fn file_root(&self) -> &Path;
}

/// Iteration variables in scope: `count`, `each`, `for` variables, dynamic block iterators.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    vars: Rc<Vec<(String, Value)>>,
}

impl Scope {
    pub fn with(&self, name: &str, value: Value) -> Scope {
        let mut vars = (*self.vars).clone();
        vars.retain(|(n, _)| n != name);
        vars.push((name.to_string(), value));
        Scope {
            vars: Rc::new(vars),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

pub struct Evaluator<'e> {
    pub env: &'e dyn Env,
    budget: Rc<Budget>,
}

impl<'e> Evaluator<'e> {
    pub fn new(env: &'e dyn Env, budget: Rc<Budget>) -> Self {
        Evaluator { env, budget }
    }

    /// Evaluates either syntax.
    pub fn eval_expr(&self, expr: &Expr, scope: &Scope) -> EvalResult {
        match expr {
            Expr::Hcl(expr) => self.eval(expr, scope),
            Expr::Json(json) => self.eval_json(json, scope),
        }
    }

    fn eval_json(&self, json: &JsonExpr, scope: &Scope) -> EvalResult {
        Ok(match json {
            JsonExpr::Null => Value::Null,
            JsonExpr::Bool(b) => Value::Bool(*b),
            JsonExpr::Number(n) => Value::Number(*n),
            JsonExpr::String(s) if !s.contains("${") && !s.contains("%{") => {
                Value::String(s.clone())
            }
            JsonExpr::String(s) => {
                let template = hcl_edit::parser::parse_template(s).map_err(|e| {
                    EvalError::new(format!("invalid template {s:?}: {}", e.message()))
                })?;
                self.render(&template, scope)?
            }
            JsonExpr::Array(items) => Value::List(
                items
                    .iter()
                    .map(|i| self.eval_json(i, scope))
                    .collect::<Result<_, _>>()?,
            ),
            JsonExpr::Object(props) => Value::Object(
                props
                    .iter()
                    .map(|(k, v)| self.eval_json(v, scope).map(|v| (k.clone(), v)))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Runs `f` one level deeper, refusing to recurse without bound.
    pub fn nested<T>(&self, f: impl FnOnce() -> Result<T, EvalError>) -> Result<T, EvalError> {
        let depth = self.budget.depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return Err(EvalError::new(format!(
                "expression nested or chained deeper than {MAX_EVAL_DEPTH} levels"
            )));
        }
        let steps = self.budget.steps.get() + 1;
        if steps > MAX_EVAL_STEPS {
            let mut err = EvalError::new(format!(
                "evaluation stopped after {MAX_EVAL_STEPS} steps (nested for expressions over large collections?); \
                 the rest of this module is unknown"
            ));
            err.reported = self.budget.exhausted.replace(true);
            return Err(err);
        }
        self.budget.steps.set(steps);
        self.budget.depth.set(depth + 1);
        let result = f();
        self.budget.depth.set(depth);
        result
    }

    pub fn eval(&self, expr: &Expression, scope: &Scope) -> EvalResult {
        self.nested(|| self.eval_inner(expr, scope))
            .map_err(|e| e.at(expr.span()))
    }

    fn eval_inner(&self, expr: &Expression, scope: &Scope) -> EvalResult {
        Ok(match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => Value::String(s.value().to_string()),
            Expression::Array(items) => Value::List(
                items
                    .iter()
                    .map(|i| self.eval(i, scope))
                    .collect::<Result<_, _>>()?,
            ),
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(expr) => match self.eval(expr, scope)? {
                            Value::String(s) => s,
                            Value::Number(n) => format_number(n),
                            Value::Bool(b) => b.to_string(),
                            Value::Unknown(u) => return Ok(Value::Unknown(u)),
                            other => {
                                return Err(EvalError::new(format!(
                                    "object key must be a string, got {}",
                                    other.type_name()
                                )))
                            }
                        },
                    };
                    map.insert(key, self.eval(value.expr(), scope)?);
                }
                Value::Object(map)
            }
            Expression::StringTemplate(template) => self.render(template, scope)?,
            Expression::HeredocTemplate(heredoc) => self.render(&heredoc.template, scope)?,
            Expression::Parenthesis(inner) => self.eval(inner.inner(), scope)?,
            Expression::Variable(name) => self.resolve(name.as_str(), &[], scope)?,
            Expression::Conditional(cond) => match self.eval(&cond.cond_expr, scope)?.truth() {
                Tri::True => self.eval(&cond.true_expr, scope)?,
                Tri::False => self.eval(&cond.false_expr, scope)?,
                Tri::Unknown => {
                    let (a, b) = (
                        self.eval(&cond.true_expr, scope)?,
                        self.eval(&cond.false_expr, scope)?,
                    );
                    if a == b && !a.contains_unknown() {
                        a
                    } else {
                        Value::unknown("the condition of a conditional expression is unknown")
                    }
                }
            },
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let is_core = call.name.namespace.is_empty()
                    || call.name.namespace.iter().map(|n| n.as_str()).eq(["core"]);
                if !is_core {
                    return Ok(Value::unknown(format!(
                        "provider function {name}() is not evaluated statically"
                    )));
                }
                match name {
                    "try" => return self.eval_try(call.args.iter(), scope),
                    "can" => {
                        let arg = call
                            .args
                            .get(0)
                            .ok_or_else(|| EvalError::new("can() takes one argument"))?;
                        return Ok(match self.eval(arg, scope) {
                            Ok(v) if v.contains_unknown() => {
                                Value::unknown("can() of an unknown value")
                            }
                            Ok(_) => Value::Bool(true),
                            Err(_) => Value::Bool(false),
                        });
                    }
                    _ => {}
                }
                let mut args = call
                    .args
                    .iter()
                    .map(|a| self.eval(a, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                if call.args.expand_final() {
                    match args.pop() {
                        Some(Value::List(items)) => args.extend(items),
                        Some(Value::Unknown(u)) => return Ok(Value::Unknown(u)),
                        Some(other) => {
                            return Err(EvalError::new(format!(
                                "cannot expand {} with ...",
                                other.type_name()
                            )))
                        }
                        None => {}
                    }
                }
                if name == "templatefile" {
                    return self.templatefile(args);
                }
                functions::call(
                    name,
                    args,
                    &FunctionContext {
                        root: self.env.file_root(),
                    },
                )
                .map_err(|e| EvalError::new(e.to_string()))?
            }
            Expression::Traversal(traversal) => {
                let ops = &traversal.operators[..];
                let (value, consumed) = match &traversal.expr {
                    Expression::Variable(name) => self.resolve_with(name.as_str(), ops, scope)?,
                    other => (self.eval(other, scope)?, 0),
                };
                self.apply_ops(value, &ops[consumed..], scope)?
            }
            Expression::UnaryOp(op) => {
                let value = self.eval(&op.expr, scope)?;
                match (op.operator.value(), value) {
                    (_, Value::Unknown(u)) => Value::Unknown(u),
                    (UnaryOperator::Neg, v) => Value::Number(-number(&v)?),
                    (UnaryOperator::Not, v) => match v.truth() {
                        Tri::True => Value::Bool(false),
                        Tri::False => Value::Bool(true),
                        Tri::Unknown => {
                            return Err(EvalError::new(format!(
                                "! needs a bool, got {}",
                                v.type_name()
                            )))
                        }
                    },
                }
            }
            Expression::BinaryOp(op) => {
                self.binary(op.operator.value(), &op.lhs_expr, &op.rhs_expr, scope)?
            }
            Expression::ForExpr(for_expr) => self.eval_for(for_expr, scope)?,
        })
    }

    fn eval_try<'x>(
        &self,
        args: impl Iterator<Item = &'x Expression>,
        scope: &Scope,
    ) -> EvalResult {
        let mut last = EvalError::new("try() needs at least one argument");
        for arg in args {
            match self.eval(arg, scope) {
                Ok(v) if v.is_unknown() => return Ok(v),
                Ok(v) => return Ok(v),
                Err(e) => last = e,
            }
        }
        Err(EvalError::new(format!(
            "no argument of try() could be evaluated: {}",
            last.message
        )))
    }

    fn templatefile(&self, args: Vec<Value>) -> EvalResult {
        let [path, vars]: [Value; 2] = args
            .try_into()
            .map_err(|_| EvalError::new("templatefile() takes a path and a map of variables"))?;
        let (path, vars) = match (path, vars) {
            (Value::Unknown(u), _) | (_, Value::Unknown(u)) => return Ok(Value::Unknown(u)),
            (Value::String(p), Value::Object(v)) => (p, v),
            _ => {
                return Err(EvalError::new(
                    "templatefile() takes a path and a map of variables",
                ))
            }
        };
        let text = functions::call(
            "file",
            vec![Value::String(path.clone())],
            &FunctionContext {
                root: self.env.file_root(),
            },
        )
        .map_err(|e| EvalError::new(e.to_string()))?;
        let text = text.as_str().unwrap_or_default();
        let template = hcl_edit::parser::parse_template(text)
            .map_err(|e| EvalError::new(format!("templatefile({path:?}): {}", e.message())))?;
        let mut scope = Scope::default();
        for (k, v) in vars {
            scope = scope.with(&k, v);
        }
        // A template file sees only its variables, not the module's.
        let env = TemplateEnv(self.env.file_root());
        let isolated = Evaluator::new(&env, self.budget.clone());
        isolated.render(&template, &scope)
    }

    fn resolve(&self, name: &str, ops: &Ops, scope: &Scope) -> EvalResult {
        let (value, consumed) = self.resolve_with(name, ops, scope)?;
        self.apply_ops(value, &ops[consumed..], scope)
    }

    fn resolve_with(
        &self,
        name: &str,
        ops: &Ops,
        scope: &Scope,
    ) -> Result<(Value, usize), EvalError> {
        if let Some(value) = scope.get(name) {
            return Ok((value.clone(), 0));
        }
        self.env.resolve(name, ops, self, scope)
    }

    /// Applies attribute access, indexing and splats.
    pub fn apply_ops(&self, mut value: Value, ops: &Ops, scope: &Scope) -> EvalResult {
        let mut i = 0;
        while i < ops.len() {
            match ops[i].value() {
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(ops[i].value(), TraversalOperator::FullSplat(_));
                    let rest = &ops[i + 1..];
                    let take = if full {
                        rest.len()
                    } else {
                        rest.iter()
                            .take_while(|op| matches!(op.value(), TraversalOperator::GetAttr(_)))
                            .count()
                    };
                    let items = match value {
                        Value::Unknown(u) => return Ok(Value::Unknown(u)),
                        Value::Null => vec![],
                        Value::List(items) => items,
                        other => vec![other],
                    };
                    value = Value::List(
                        items
                            .into_iter()
                            .map(|item| self.apply_ops(item, &rest[..take], scope))
                            .collect::<Result<_, _>>()?,
                    );
                    i += 1 + take;
                    continue;
                }
                TraversalOperator::GetAttr(name) => value = get_attr(value, name.as_str())?,
                TraversalOperator::Index(expr) => {
                    let key = self.eval(expr, scope)?;
                    value = index(value, &key)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = index(value, &Value::Number(*n.value() as f64))?
                }
            }
            i += 1;
        }
        Ok(value)
    }

    fn binary(
        &self,
        op: &BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
        scope: &Scope,
    ) -> EvalResult {
        use BinaryOperator::*;
        let left = self.eval(lhs, scope)?;
        // && and || decide on a known side even when the other is unknown.
        if matches!(op, And | Or) {
            let l = left.truth();
            if (matches!(op, And) && l == Tri::False) || (matches!(op, Or) && l == Tri::True) {
                return Ok(Value::Bool(l == Tri::True));
            }
            let r = self.eval(rhs, scope)?.truth();
            let result = if matches!(op, And) { l.and(r) } else { l.or(r) };
            return Ok(match result {
                Tri::True => Value::Bool(true),
                Tri::False => Value::Bool(false),
                Tri::Unknown => Value::unknown("a boolean operand is unknown"),
            });
        }
        let right = self.eval(rhs, scope)?;
        if matches!(op, Eq | NotEq) {
            if left.contains_unknown() || right.contains_unknown() {
                return Ok(Value::unknown("an operand of a comparison is unknown"));
            }
            // Terraform compares structurally: `1 == "1"` is false.
            let equal = left == right;
            return Ok(Value::Bool(if matches!(op, Eq) { equal } else { !equal }));
        }
        if let Value::Unknown(u) = left {
            return Ok(Value::Unknown(u));
        }
        if let Value::Unknown(u) = right {
            return Ok(Value::Unknown(u));
        }
        let (a, b) = (number(&left)?, number(&right)?);
        Ok(match op {
            Plus => Value::Number(a + b),
            Minus => Value::Number(a - b),
            Mul => Value::Number(a * b),
            Div if b == 0.0 => return Err(EvalError::new("division by zero")),
            Div => Value::Number(a / b),
            Mod if b == 0.0 => return Err(EvalError::new("modulo by zero")),
            Mod => Value::Number(a % b),
            Less => Value::Bool(a < b),
            LessEq => Value::Bool(a <= b),
            Greater => Value::Bool(a > b),
            GreaterEq => Value::Bool(a >= b),
            Eq | NotEq | And | Or => unreachable!("handled above"),
        })
    }

    fn eval_for(&self, for_expr: &hcl_edit::expr::ForExpr, scope: &Scope) -> EvalResult {
        let intro = &for_expr.intro;
        let collection = self.eval(&intro.collection_expr, scope)?;
        let Some(pairs) = iteration_pairs(collection)? else {
            return Ok(Value::unknown(
                "the collection of a for expression is unknown",
            ));
        };
        if pairs.len() > MAX_COLLECTION {
            return Err(EvalError::new("for expression over too many elements"));
        }
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        let mut any_unknown_key = false;
        for (key, value) in pairs {
            let mut inner = scope.with(intro.value_var.as_str(), value);
            if let Some(key_var) = &intro.key_var {
                inner = inner.with(key_var.as_str(), key);
            }
            if let Some(cond) = &for_expr.cond {
                match self.eval(&cond.expr, &inner)?.truth() {
                    Tri::True => {}
                    Tri::False => continue,
                    Tri::Unknown => {
                        return Ok(Value::unknown(
                            "the condition of a for expression is unknown",
                        ))
                    }
                }
            }
            let item = self.eval(&for_expr.value_expr, &inner)?;
            match &for_expr.key_expr {
                None => list.push(item),
                Some(key_expr) => {
                    let key = match self.eval(key_expr, &inner)? {
                        Value::String(s) => s,
                        Value::Number(n) => format_number(n),
                        Value::Bool(b) => b.to_string(),
                        Value::Unknown(_) => {
                            any_unknown_key = true;
                            continue;
                        }
                        other => {
                            return Err(EvalError::new(format!(
                                "for expression key must be a string, got {}",
                                other.type_name()
                            )))
                        }
                    };
                    if for_expr.grouping {
                        match object.entry(key).or_insert_with(|| Value::List(vec![])) {
                            Value::List(group) => group.push(item),
                            _ => unreachable!("grouping entries are lists"),
                        }
                    } else if object.insert(key.clone(), item).is_some() {
                        return Err(EvalError::new(format!(
                            "duplicate key {key:?} in for expression (use ... to group)"
                        )));
                    }
                }
            }
        }
        if any_unknown_key {
            return Ok(Value::unknown("a key of a for expression is unknown"));
        }
        Ok(if for_expr.key_expr.is_some() {
            Value::Object(object)
        } else {
            Value::List(list)
        })
    }

    /// Renders a template; a template that is a single interpolation yields the value itself.
    pub fn render(&self, template: &Template, scope: &Scope) -> EvalResult {
        if let Some(Element::Interpolation(interp)) = template.as_single_element() {
            return self.eval(&interp.expr, scope);
        }
        let mut out = String::new();
        let mut strip_next = false;
        let mut unknown_part = None;
        if let Some(unknown) = self.render_into(
            template,
            scope,
            &mut out,
            &mut strip_next,
            &mut unknown_part,
        )? {
            return Ok(unknown);
        }
        Ok(match unknown_part {
            // Unknown interpolations only: the text with placeholders is still worth reading.
            Some(mut unknown) => {
                unknown.partial = Some(out.into());
                Value::Unknown(unknown)
            }
            None => Value::String(out),
        })
    }

    /// Appends the rendering to `out`; returns `Some(unknown)` if any part is unknown.
    fn render_into(
        &self,
        template: &Template,
        scope: &Scope,
        out: &mut String,
        strip_next: &mut bool,
        unknown_part: &mut Option<Box<driftguard_model::Unknown>>,
    ) -> Result<Option<Value>, EvalError> {
        for element in template.iter() {
            match element {
                Element::Literal(literal) => {
                    let text: &str = literal.value();
                    out.push_str(if std::mem::take(strip_next) {
                        text.trim_start()
                    } else {
                        text
                    });
                }
                Element::Interpolation(interp) => {
                    apply_strip(interp.strip, out, strip_next);
                    match self.eval(&interp.expr, scope)? {
                        // `"${aws_s3_bucket.b.id}-logs"` refers to the bucket but is not its id.
                        Value::Unknown(mut u) => {
                            match &mut u.reference {
                                Some(reference) => {
                                    out.push_str(&format!(
                                        "${{{}.{}}}",
                                        reference.address, reference.attribute
                                    ));
                                    reference.whole = false;
                                }
                                None => out.push_str("${?}"),
                            }
                            u.encodes = None;
                            u.partial = None;
                            unknown_part.get_or_insert(u);
                        }
                        value => out.push_str(&template_string(value)?),
                    }
                }
                Element::Directive(directive) => match &**directive {
                    Directive::If(if_directive) => {
                        apply_strip(if_directive.if_expr.strip, out, strip_next);
                        let branch = match self
                            .eval(&if_directive.if_expr.cond_expr, scope)?
                            .truth()
                        {
                            Tri::True => Some(&if_directive.if_expr.template),
                            Tri::False => if_directive.else_expr.as_ref().map(|e| &e.template),
                            Tri::Unknown => {
                                return Ok(Some(Value::unknown("a template condition is unknown")))
                            }
                        };
                        if let Some(branch) = branch {
                            if let Some(unknown) =
                                self.render_into(branch, scope, out, strip_next, unknown_part)?
                            {
                                return Ok(Some(unknown));
                            }
                        }
                        apply_strip(if_directive.endif_expr.strip, out, strip_next);
                    }
                    Directive::For(for_directive) => {
                        let expr = &for_directive.for_expr;
                        apply_strip(expr.strip, out, strip_next);
                        let collection = self.eval(&expr.collection_expr, scope)?;
                        let Some(pairs) = iteration_pairs(collection)? else {
                            return Ok(Some(Value::unknown(
                                "a template for collection is unknown",
                            )));
                        };
                        for (key, value) in pairs {
                            let mut inner = scope.with(expr.value_var.as_str(), value);
                            if let Some(key_var) = &expr.key_var {
                                inner = inner.with(key_var.as_str(), key);
                            }
                            if let Some(unknown) = self.render_into(
                                &expr.template,
                                &inner,
                                out,
                                strip_next,
                                unknown_part,
                            )? {
                                return Ok(Some(unknown));
                            }
                        }
                        apply_strip(for_directive.endfor_expr.strip, out, strip_next);
                    }
                },
            }
        }
        Ok(None)
    }
}

/// What iterating a collection yields: `(index, element)` for a list, `(key, value)` for an
/// object; `None` when the collection is unknown.
pub fn iteration_pairs(collection: Value) -> Result<Option<Vec<(Value, Value)>>, EvalError> {
    Ok(Some(match collection {
        Value::Unknown(_) => return Ok(None),
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(i as f64), v))
            .collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (Value::String(k), v))
            .collect(),
        other => {
            return Err(EvalError::new(format!(
                "cannot iterate over {}",
                other.type_name()
            )))
        }
    }))
}

/// `~` strip markers: `Start` trims what precedes, `End` trims what follows.
fn apply_strip(strip: Strip, out: &mut String, strip_next: &mut bool) {
    if matches!(strip, Strip::Start | Strip::Both) {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    *strip_next = matches!(strip, Strip::End | Strip::Both);
}

fn template_string(value: Value) -> Result<String, EvalError> {
    match value {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(format_number(n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err(EvalError::new(
            "cannot include a null value in a string template",
        )),
        other => Err(EvalError::new(format!(
            "cannot include a {} in a string template",
            other.type_name()
        ))),
    }
}

fn number(value: &Value) -> Result<f64, EvalError> {
    value
        .as_f64()
        .ok_or_else(|| EvalError::new(format!("a number is required, got {}", value.type_name())))
}

/// The hidden attribute that marks an object as a resource instance, holding its address, so that
/// reading an attribute the configuration does not set yields a reference rather than an error.
pub const RESOURCE_MARKER: &str = "\u{0}address";

pub fn get_attr(value: Value, name: &str) -> EvalResult {
    match value {
        Value::Object(map) => take_key(map, name),
        Value::Unknown(u) => Ok(Value::Unknown(u)),
        Value::Null => Err(EvalError::new(format!(
            "cannot read attribute {name:?} of null"
        ))),
        Value::List(_) => Err(EvalError::new(format!(
            "cannot read attribute {name:?} of a list (use [*].{name} or an index)"
        ))),
        other => Err(EvalError::new(format!(
            "cannot read attribute {name:?} of a {}",
            other.type_name()
        ))),
    }
}

pub fn index(value: Value, key: &Value) -> EvalResult {
    match (value, key) {
        (Value::Unknown(u), _) => Ok(Value::Unknown(u)),
        (_, Value::Unknown(u)) => Ok(Value::Unknown(u.clone())),
        (Value::List(mut items), key) => {
            let n = key
                .as_f64()
                .ok_or_else(|| EvalError::new("a list index must be a number"))?;
            if n < 0.0 || n.fract() != 0.0 || n as usize >= items.len() {
                return Err(EvalError::new(format!(
                    "index {} out of range for a list of {} elements",
                    format_number(n),
                    items.len()
                )));
            }
            Ok(items.swap_remove(n as usize))
        }
        (Value::Object(map), key) => {
            let key = match key {
                Value::String(s) => s.clone(),
                Value::Number(n) => format_number(*n),
                other => {
                    return Err(EvalError::new(format!(
                        "a map key must be a string, got {}",
                        other.type_name()
                    )))
                }
            };
            take_key(map, &key)
        }
        (Value::Null, _) => Err(EvalError::new("cannot index null")),
        (other, _) => Err(EvalError::new(format!(
            "cannot index a {}",
            other.type_name()
        ))),
    }
}

/// `map[key]`; on a resource instance, a key the configuration does not set is a reference to
/// the attribute (known only after apply), not an error.
fn take_key(mut map: BTreeMap<String, Value>, key: &str) -> EvalResult {
    if let Some(value) = map.remove(key) {
        return Ok(value);
    }
    match map.get(RESOURCE_MARKER).and_then(Value::as_str) {
        Some(address) => Ok(Value::reference(address, key)),
        None => Err(EvalError::new(format!(
            "object has no attribute or key {key:?}"
        ))),
    }
}

/// A template file's environment: no module names, only its own variables.
struct TemplateEnv<'p>(&'p Path);

impl Env for TemplateEnv<'_> {
    fn resolve(
        &self,
        name: &str,
        _: &Ops,
        _: &Evaluator<'_>,
        _: &Scope,
    ) -> Result<(Value, usize), EvalError> {
        Err(EvalError::new(format!(
            "template variable {name:?} is not defined"
        )))
    }

    fn file_root(&self) -> &Path {
        self.0
    }
}
