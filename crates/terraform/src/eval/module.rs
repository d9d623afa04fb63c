//! Lazy evaluation of one module instance: every named thing (local, resource, data source,
//! module call, output) is evaluated on first reference and memoised, so declaration order does
//! not matter and a cycle is detected rather than looped on.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use driftguard_model::{Diagnostic, Origin, Resource, ResourceMode, Span, Value};
use hcl_edit::expr::TraversalOperator;

use super::expr::{
    iteration_pairs, Budget, Env, EvalError, Evaluator, Ops, Scope, RESOURCE_MARKER,
};
use super::types::TypeConstraint;
use crate::config::{Block, Body, ConfigFile, Expr};
use crate::module::{
    is_local_source, literal_string, normalize, BlockRef, Loader, ModuleConfig, ModuleManifest,
};
use crate::policy_document;

/// Deepest module nesting followed (a module calling itself is caught by this too).
const MAX_MODULE_DEPTH: usize = 32;
/// Most instances one `count` / `for_each` may create.
const MAX_INSTANCES: usize = 10_000;

/// State shared by every module instance of one root evaluation.
pub struct Evaluation<'l> {
    pub loader: &'l Loader,
    pub manifest: ModuleManifest,
    pub root_dir: String,
    pub resources: RefCell<Vec<Resource>>,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
    budget: Rc<Budget>,
    /// Names being evaluated, innermost last, for cycle messages.
    stack: RefCell<Vec<String>>,
    /// Each module directory evaluated, with the address prefix of its first instance, for
    /// the configuration resources (module calls, provider requirements).
    pub modules: RefCell<Vec<(Arc<ModuleConfig>, String)>>,
    /// Module calls whose source is not resolved (by call address), with the addresses of the
    /// resources their inputs refer to: such a module may configure those resources.
    pub unresolved_calls: RefCell<BTreeMap<String, Vec<String>>>,
}

impl<'l> Evaluation<'l> {
    pub fn new(loader: &'l Loader, manifest: ModuleManifest, root_dir: String) -> Self {
        Evaluation {
            loader,
            manifest,
            root_dir,
            resources: RefCell::default(),
            diagnostics: RefCell::default(),
            budget: Rc::default(),
            stack: RefCell::default(),
            modules: RefCell::default(),
            unresolved_calls: RefCell::default(),
        }
    }

    pub fn report(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }
}

enum Slot<T> {
    InProgress,
    Done(T),
}

/// Which instances a `count` / `for_each` produces.
#[derive(Debug, Clone, PartialEq)]
pub enum InstanceKey {
    None,
    Index(usize),
    Key(String),
    /// `count` / `for_each` unknown statically: one instance stands for all of them.
    Any,
}

impl InstanceKey {
    fn suffix(&self) -> String {
        match self {
            InstanceKey::None => String::new(),
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", serde_json::Value::String(k.clone())),
            InstanceKey::Any => "[*]".to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expansion {
    Single,
    Count,
    ForEach,
    Unknown,
}

struct Call<'l> {
    expansion: Expansion,
    instances: Vec<(InstanceKey, Rc<Instance<'l>>)>,
    /// Why the call has no instances to read outputs from (unresolved source, load error).
    unavailable: Option<String>,
}

/// One instance of a module: the root, or one `count`/`for_each` instance of a call.
pub struct Instance<'l> {
    eval: &'l Evaluation<'l>,
    config: Arc<ModuleConfig>,
    /// Address prefix of everything inside: `""`, `module.net`, `module.net["a"].module.sub`.
    prefix: String,
    /// Call path without instance keys (`net.sub`), as `.terraform/modules/modules.json` keys it.
    call_path: String,
    depth: usize,
    variables: BTreeMap<String, Value>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    blocks: RefCell<HashMap<(ResourceMode, String, String), Slot<Value>>>,
    calls: RefCell<HashMap<String, Slot<Rc<Call<'l>>>>>,
    outputs: RefCell<HashMap<String, Slot<Value>>>,
}

impl<'l> Instance<'l> {
    pub fn new(
        eval: &'l Evaluation<'l>,
        config: Arc<ModuleConfig>,
        prefix: String,
        call_path: String,
        depth: usize,
        variables: BTreeMap<String, Value>,
    ) -> Self {
        let mut modules = eval.modules.borrow_mut();
        if !modules.iter().any(|(seen, _)| seen.dir == config.dir) {
            modules.push((config.clone(), prefix.clone()));
        }
        drop(modules);
        Instance {
            eval,
            config,
            prefix,
            call_path,
            depth,
            variables,
            locals: RefCell::default(),
            blocks: RefCell::default(),
            calls: RefCell::default(),
            outputs: RefCell::default(),
        }
    }

    fn evaluator(&self) -> Evaluator<'_> {
        Evaluator::new(self, self.eval.budget.clone())
    }

    /// Evaluates everything the module declares (resources, data, calls, locals), recursively.
    pub fn evaluate_all(&self) {
        for name in self.config.locals.keys() {
            let _ = self.local(name);
        }
        for at in self.config.resources.iter().chain(&self.config.data) {
            let (_, block) = self.config.block(*at);
            let mode = if block.kind == "data" {
                ResourceMode::Data
            } else {
                ResourceMode::Managed
            };
            let _ = self.block_value(mode, &block.labels[0], &block.labels[1]);
        }
        for name in self.config.module_calls.keys() {
            if let Ok(call) = self.call(name) {
                for (_, instance) in &call.instances {
                    instance.evaluate_all();
                }
            }
        }
    }

    /// Reports an evaluation error (once) and stands in an unknown for the value.
    fn recover(
        &self,
        result: Result<Value, EvalError>,
        file: &ConfigFile,
        fallback_span: &std::ops::Range<usize>,
    ) -> Value {
        match result {
            Ok(value) => value,
            Err(err) => {
                if !err.reported {
                    let span = err.span.clone().unwrap_or_else(|| fallback_span.clone());
                    self.eval.report(
                        Diagnostic::warning("evaluation-error", err.message.clone())
                            .at(file.source.span(span)),
                    );
                }
                Value::unknown(format!("evaluation failed: {}", err.message))
            }
        }
    }

    /// Runs `f` as the evaluation of `name`, detecting re-entry (a cycle) through `slots`.
    fn memo<T: Clone>(
        &self,
        slots: &RefCell<HashMap<String, Slot<T>>>,
        key: &str,
        label: String,
        f: impl FnOnce() -> T,
    ) -> Result<T, EvalError> {
        match slots.borrow().get(key) {
            Some(Slot::Done(value)) => return Ok(value.clone()),
            Some(Slot::InProgress) => return Err(self.cycle(&label)),
            None => {}
        }
        slots.borrow_mut().insert(key.to_string(), Slot::InProgress);
        self.eval.stack.borrow_mut().push(label);
        let value = f();
        self.eval.stack.borrow_mut().pop();
        slots
            .borrow_mut()
            .insert(key.to_string(), Slot::Done(value.clone()));
        Ok(value)
    }

    fn cycle(&self, label: &str) -> EvalError {
        let stack = self.eval.stack.borrow();
        let start = stack.iter().rposition(|s| s == label).unwrap_or(0);
        let mut names: Vec<&str> = stack[start..].iter().map(String::as_str).collect();
        names.push(label);
        let message = format!("cycle between {}", names.join(" → "));
        let mut diagnostic = Diagnostic::error("cycle", message.clone());
        if let Some(span) = self.span_of_label(label) {
            diagnostic = diagnostic.at(span);
        }
        self.eval.report(diagnostic);
        EvalError {
            message,
            span: None,
            reported: true,
        }
    }

    fn span_of_label(&self, label: &str) -> Option<Span> {
        let local = label.rsplit_once("local.").map(|(_, name)| name)?;
        let (file, attr) = self.config.local(*self.config.locals.get(local)?);
        Some(file.source.span(attr.span.clone()))
    }

    fn label(&self, what: &str) -> String {
        in_module(&self.prefix, what)
    }

    pub fn local(&self, name: &str) -> Result<Value, EvalError> {
        let at = *self
            .config
            .locals
            .get(name)
            .ok_or_else(|| EvalError::new(format!("undeclared local value {name:?}")))?;
        let label = self.label(&format!("local.{name}"));
        let mut failure = None;
        let value = self.memo(&self.locals, name, label, || {
            let (file, attr) = self.config.local(at);
            match self.evaluator().eval_expr(&attr.expr, &Scope::default()) {
                Ok(value) => value,
                Err(err) if err.reported => {
                    failure = Some(err);
                    Value::unknown("part of a cycle")
                }
                Err(err) => self.recover(Err(err), file, &attr.span),
            }
        })?;
        match failure {
            Some(err) => Err(err),
            None => Ok(value),
        }
    }

    fn find_block(&self, mode: ResourceMode, ty: &str, name: &str) -> Option<BlockRef> {
        let list = match mode {
            ResourceMode::Managed => &self.config.resources,
            ResourceMode::Data => &self.config.data,
            ResourceMode::Config => return None,
        };
        list.iter().copied().find(|at| {
            let (_, block) = self.config.block(*at);
            block.labels[0] == ty && block.labels[1] == name
        })
    }

    /// The value a reference to a resource or data source sees (instances by key), evaluating
    /// the block, and recording its instances as [`Resource`]s, on first use.
    pub fn block_value(
        &self,
        mode: ResourceMode,
        ty: &str,
        name: &str,
    ) -> Result<Value, EvalError> {
        let at = self.find_block(mode, ty, name).ok_or_else(|| {
            let kind = if mode == ResourceMode::Data {
                "data source"
            } else {
                "resource"
            };
            EvalError::new(format!("reference to undeclared {kind} {ty}.{name}"))
        })?;
        let local = match mode {
            ResourceMode::Data => format!("data.{ty}.{name}"),
            ResourceMode::Managed | ResourceMode::Config => format!("{ty}.{name}"),
        };
        let key = (mode, ty.to_string(), name.to_string());
        match self.blocks.borrow().get(&key) {
            Some(Slot::Done(value)) => return Ok(value.clone()),
            Some(Slot::InProgress) => return Err(self.cycle(&self.label(&local))),
            None => {}
        }
        self.blocks
            .borrow_mut()
            .insert(key.clone(), Slot::InProgress);
        self.eval.stack.borrow_mut().push(self.label(&local));
        let value = self.expand_block(mode, ty, &local, at);
        self.eval.stack.borrow_mut().pop();
        self.blocks
            .borrow_mut()
            .insert(key, Slot::Done(value.clone()));
        Ok(value)
    }

    fn expand_block(&self, mode: ResourceMode, ty: &str, local: &str, at: BlockRef) -> Value {
        let (file, block) = self.config.block(at);
        let base = self.label(local);
        let (expansion, keys) = self.expansion(file, &block.body);
        let mut by_key = Vec::new();
        for (key, scope) in keys {
            let address = format!("{base}{}", key.suffix());
            let mut spans = BTreeMap::new();
            let mut attributes = self.eval_body(&block.body, &scope, file, "", &mut spans, true);
            if mode == ResourceMode::Data && ty == "aws_iam_policy_document" {
                if let Some(json) = policy_document::render(&attributes) {
                    attributes.insert("json".into(), json);
                }
            }
            let mut reference = attributes.clone();
            reference.insert(RESOURCE_MARKER.into(), Value::String(address.clone()));
            self.eval.resources.borrow_mut().push(Resource {
                mode,
                resource_type: ty.to_string(),
                address: address.clone(),
                module: self.prefix.clone(),
                cloud_id: None,
                attributes: Value::Object(attributes),
                span: Some(file.source.span(block.span.clone())),
                attribute_spans: spans,
                origin: Origin::Code {
                    language: "terraform".into(),
                },
            });
            by_key.push((key, Value::Object(reference)));
        }
        collect_instances(expansion, by_key, &base)
    }

    /// The instances a block's `count` / `for_each` asks for, each with its iteration scope.
    fn expansion(&self, file: &ConfigFile, body: &Body) -> (Expansion, Vec<(InstanceKey, Scope)>) {
        let base = Scope::default();
        if let Some(count) = body.attribute("count") {
            let value = self.recover(
                self.evaluator().eval_expr(&count.expr, &base),
                file,
                &count.span,
            );
            return match value.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                    let n = self.capped(n as usize, file, &count.span);
                    let keys = (0..n)
                        .map(|i| {
                            let count_obj = object([("index", Value::Number(i as f64))]);
                            (InstanceKey::Index(i), base.with("count", count_obj))
                        })
                        .collect();
                    (Expansion::Count, keys)
                }
                _ if value.is_unknown() => {
                    let count_obj =
                        object([("index", Value::unknown("count is unknown statically"))]);
                    (
                        Expansion::Unknown,
                        vec![(InstanceKey::Any, base.with("count", count_obj))],
                    )
                }
                _ => {
                    self.eval.report(
                        Diagnostic::warning(
                            "evaluation-error",
                            format!("count must be a whole number, got {value}"),
                        )
                        .at(file.source.span(count.span.clone())),
                    );
                    (Expansion::Count, vec![])
                }
            };
        }
        if let Some(for_each) = body.attribute("for_each") {
            let value = self.recover(
                self.evaluator().eval_expr(&for_each.expr, &base),
                file,
                &for_each.span,
            );
            let pairs: Vec<(String, Value)> = match value {
                Value::Object(map) => map.into_iter().collect(),
                Value::List(items) => items
                    .into_iter()
                    .map(|item| match &item {
                        Value::String(s) => Ok((s.clone(), item.clone())),
                        Value::Unknown(_) => Err(()),
                        other => Ok((other.to_string(), item.clone())),
                    })
                    .collect::<Result<_, _>>()
                    .unwrap_or_default(),
                Value::Unknown(_) => {
                    let each = object([
                        ("key", Value::unknown("for_each is unknown statically")),
                        ("value", Value::unknown("for_each is unknown statically")),
                    ]);
                    return (
                        Expansion::Unknown,
                        vec![(InstanceKey::Any, base.with("each", each))],
                    );
                }
                other => {
                    self.eval.report(
                        Diagnostic::warning(
                            "evaluation-error",
                            format!("for_each must be a map or a set, got {}", other.type_name()),
                        )
                        .at(file.source.span(for_each.span.clone())),
                    );
                    vec![]
                }
            };
            let limit = self.capped(pairs.len(), file, &for_each.span);
            let keys = pairs
                .into_iter()
                .take(limit)
                .map(|(key, value)| {
                    let each = object([("key", Value::String(key.clone())), ("value", value)]);
                    (InstanceKey::Key(key), base.with("each", each))
                })
                .collect();
            return (Expansion::ForEach, keys);
        }
        (Expansion::Single, vec![(InstanceKey::None, base)])
    }

    /// `wanted`, or [`MAX_INSTANCES`] with a warning: a typo'd `count = 1e9` must not hang the scan.
    fn capped(&self, wanted: usize, file: &ConfigFile, span: &std::ops::Range<usize>) -> usize {
        if wanted > MAX_INSTANCES {
            self.eval.report(
                Diagnostic::warning(
                    "too-many-instances",
                    format!(
                        "{wanted} instances requested; only the first {MAX_INSTANCES} are scanned"
                    ),
                )
                .at(file.source.span(span.clone())),
            );
        }
        wanted.min(MAX_INSTANCES)
    }

    /// Evaluates a block body into an object in the state schema (nested blocks as lists),
    /// recording spans by dotted path.
    fn eval_body(
        &self,
        body: &Body,
        scope: &Scope,
        file: &ConfigFile,
        path: &str,
        spans: &mut BTreeMap<String, Span>,
        top_level: bool,
    ) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        let join = |name: &str| {
            if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            }
        };
        for attr in &body.attributes {
            if top_level
                && matches!(
                    attr.name.as_str(),
                    "count" | "for_each" | "provider" | "depends_on"
                )
            {
                continue;
            }
            let value = self.recover(
                self.evaluator().eval_expr(&attr.expr, scope),
                file,
                &attr.span,
            );
            spans.insert(join(&attr.name), file.source.span(attr.span.clone()));
            out.insert(attr.name.clone(), value);
        }
        let mut blocks: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for block in &body.blocks {
            if top_level
                && matches!(
                    block.kind.as_str(),
                    "lifecycle" | "provisioner" | "connection"
                )
            {
                continue;
            }
            if block.kind == "dynamic" {
                self.expand_dynamic(block, scope, file, path, spans, &mut blocks);
                continue;
            }
            let list = blocks.entry(block.kind.clone()).or_default();
            let item_path = join(&format!("{}.{}", block.kind, list.len()));
            spans.insert(item_path.clone(), file.source.span(block.span.clone()));
            let value = self.eval_body(&block.body, scope, file, &item_path, spans, false);
            list.push(Value::Object(value));
        }
        for (kind, list) in blocks {
            out.insert(kind, Value::List(list));
        }
        out
    }

    fn expand_dynamic(
        &self,
        block: &Block,
        scope: &Scope,
        file: &ConfigFile,
        path: &str,
        spans: &mut BTreeMap<String, Span>,
        blocks: &mut BTreeMap<String, Vec<Value>>,
    ) {
        let Some(kind) = block.labels.first() else {
            return;
        };
        let iterator = block
            .body
            .attribute("iterator")
            .and_then(|a| match &a.expr {
                Expr::Hcl(hcl_edit::expr::Expression::Variable(v)) => Some(v.as_str().to_string()),
                _ => literal_string(a),
            })
            .unwrap_or_else(|| kind.clone());
        let Some(content) = block.body.blocks_of("content").next() else {
            return;
        };
        let Some(for_each) = block.body.attribute("for_each") else {
            return;
        };
        let collection = self.evaluator().eval_expr(&for_each.expr, scope);
        let pairs = match collection.and_then(iteration_pairs) {
            Ok(Some(pairs)) => pairs,
            // Unknown: one block stands for all of them, its iterator unknown.
            Ok(None) => {
                let unknown =
                    Value::unknown("the for_each of a dynamic block is unknown statically");
                vec![(unknown.clone(), unknown)]
            }
            Err(err) => {
                self.recover(Err(err), file, &for_each.span);
                return;
            }
        };
        let list = blocks.entry(kind.clone()).or_default();
        for (key, value) in pairs.into_iter().take(MAX_INSTANCES) {
            let inner = scope.with(&iterator, object([("key", key), ("value", value)]));
            let item_path = if path.is_empty() {
                format!("{kind}.{}", list.len())
            } else {
                format!("{path}.{kind}.{}", list.len())
            };
            spans.insert(item_path.clone(), file.source.span(content.span.clone()));
            let value = self.eval_body(&content.body, &inner, file, &item_path, spans, false);
            list.push(Value::Object(value));
        }
    }

    /// A module call, instantiated on first use.
    fn call(&self, name: &str) -> Result<Rc<Call<'l>>, EvalError> {
        let at =
            *self.config.module_calls.get(name).ok_or_else(|| {
                EvalError::new(format!("reference to undeclared module {name:?}"))
            })?;
        let label = self.label(&format!("module.{name}"));
        self.memo(&self.calls, name, label, || {
            Rc::new(self.instantiate(name, at))
        })
    }

    fn instantiate(&self, name: &str, at: BlockRef) -> Call<'l> {
        let (file, block) = self.config.block(at);
        let unavailable = |reason: String| Call {
            expansion: Expansion::Single,
            instances: vec![],
            unavailable: Some(reason),
        };
        let call_path = if self.call_path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.call_path)
        };
        let Some(source) = block.body.attribute("source").and_then(literal_string) else {
            self.eval.report(
                Diagnostic::warning(
                    "module-not-resolved",
                    format!("module {name:?} has no literal source"),
                )
                .at(file.source.span(block.span.clone())),
            );
            return unavailable(format!("module {name} has no source"));
        };
        if self.depth >= MAX_MODULE_DEPTH {
            self.eval.report(
                Diagnostic::error("module-depth", format!("modules nested deeper than {MAX_MODULE_DEPTH} levels (does module {name:?} call itself?)"))
                    .at(file.source.span(block.span.clone())),
            );
            return unavailable("module nesting too deep".into());
        }
        let dir = if is_local_source(&source) {
            normalize(&self.config.dir.join(&source))
        } else if let Some(dir) = self.eval.manifest.dir(&call_path) {
            dir.clone()
        } else {
            if self.eval.loader.first_unresolved(&source) {
                self.eval.report(
                    Diagnostic::info(
                        "module-not-resolved",
                        format!("module {name:?} (source {source:?}) is not resolved: run `terraform init` to scan it; it is never downloaded by driftguard"),
                    )
                    .at(file.source.span(block.span.clone())),
                );
            }
            self.record_unresolved(name, block);
            return unavailable(format!("module {name} ({source}) is not resolved"));
        };
        let config = {
            let mut diagnostics = Vec::new();
            let loaded = self.eval.loader.load(&dir, &mut diagnostics);
            self.eval.diagnostics.borrow_mut().extend(diagnostics);
            match loaded {
                Ok(config) => config,
                Err(message) => {
                    self.eval.report(
                        Diagnostic::error("module-not-found", message)
                            .at(file.source.span(block.span.clone())),
                    );
                    return unavailable(format!("module {name} could not be loaded"));
                }
            }
        };
        let (expansion, keys) = self.expansion(file, &block.body);
        let base = self.label(&format!("module.{name}"));
        let instances = keys
            .into_iter()
            .map(|(key, scope)| {
                let inputs = self.module_inputs(&config, block, file, &scope);
                let prefix = format!("{base}{}", key.suffix());
                let child = Instance::new(
                    self.eval,
                    config.clone(),
                    prefix,
                    call_path.clone(),
                    self.depth + 1,
                    inputs,
                );
                (key, Rc::new(child))
            })
            .collect();
        Call {
            expansion,
            instances,
            unavailable: None,
        }
    }

    /// Notes which resources an unresolved call's inputs refer to (its module may configure them).
    fn record_unresolved(&self, name: &str, call: &Block) {
        let mut referenced = Vec::new();
        for attr in &call.body.attributes {
            if matches!(
                attr.name.as_str(),
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            // `count.index`/`each` are not in scope here: such inputs just refer to nothing.
            if let Ok(value) = self.evaluator().eval_expr(&attr.expr, &Scope::default()) {
                collect_referenced_addresses(&value, &mut referenced);
            }
        }
        referenced.sort();
        referenced.dedup();
        let address = self.label(&format!("module.{name}"));
        self.eval
            .unresolved_calls
            .borrow_mut()
            .insert(address, referenced);
    }

    /// The child's variables: call arguments (evaluated here) over the child's defaults.
    fn module_inputs(
        &self,
        child: &ModuleConfig,
        call: &Block,
        file: &ConfigFile,
        scope: &Scope,
    ) -> BTreeMap<String, Value> {
        let mut provided = BTreeMap::new();
        for attr in &call.body.attributes {
            if matches!(
                attr.name.as_str(),
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            let value = self.recover(
                self.evaluator().eval_expr(&attr.expr, scope),
                file,
                &attr.span,
            );
            provided.insert(attr.name.clone(), value);
        }
        resolve_variables(self.eval, child, provided)
    }

    fn output(&self, name: &str) -> Result<Value, EvalError> {
        let at = *self.config.outputs.get(name).ok_or_else(|| {
            EvalError::new(format!("module {:?} has no output {name:?}", self.prefix))
        })?;
        let label = self.label(&format!("output.{name}"));
        self.memo(&self.outputs, name, label, || {
            let (file, block) = self.config.block(at);
            match block.body.attribute("value") {
                Some(attr) => self.recover(
                    self.evaluator().eval_expr(&attr.expr, &Scope::default()),
                    file,
                    &attr.span,
                ),
                None => Value::Null,
            }
        })
    }

    fn all_outputs(&self) -> Result<Value, EvalError> {
        let mut map = BTreeMap::new();
        for name in self.config.outputs.keys() {
            map.insert(name.clone(), self.output(name)?);
        }
        Ok(Value::Object(map))
    }

    fn resolve_module(
        &self,
        ops: &Ops,
        ev: &Evaluator<'_>,
        scope: &Scope,
    ) -> Result<(Value, usize), EvalError> {
        let Some(TraversalOperator::GetAttr(name)) = ops.first().map(|op| op.value()) else {
            return Err(EvalError::new("`module` must be followed by a module name"));
        };
        let call = self.call(name.as_str())?;
        if let Some(reason) = &call.unavailable {
            return Ok((Value::unknown(reason.clone()), ops.len()));
        }
        let output_of =
            |instance: &Instance<'_>, op: Option<&TraversalOperator>, consumed: usize| match op {
                Some(TraversalOperator::GetAttr(out)) => {
                    Ok((instance.output(out.as_str())?, consumed + 1))
                }
                _ => Ok((instance.all_outputs()?, consumed)),
            };
        match call.expansion {
            Expansion::Single => output_of(&call.instances[0].1, ops.get(1).map(|o| o.value()), 1),
            Expansion::Unknown => match ops.get(1).map(|o| o.value()) {
                Some(TraversalOperator::Index(_)) | Some(TraversalOperator::LegacyIndex(_)) => {
                    output_of(&call.instances[0].1, ops.get(2).map(|o| o.value()), 2)
                }
                _ => Ok((
                    Value::unknown(format!(
                        "the instances of module {} are unknown statically",
                        name.as_str()
                    )),
                    ops.len(),
                )),
            },
            Expansion::Count | Expansion::ForEach => {
                let key = match ops.get(1).map(|o| o.value()) {
                    Some(TraversalOperator::Index(expr)) => Some(ev.eval(expr, scope)?),
                    Some(TraversalOperator::LegacyIndex(n)) => {
                        Some(Value::Number(*n.value() as f64))
                    }
                    _ => None,
                };
                match key {
                    Some(Value::Unknown(u)) => Ok((Value::Unknown(u), ops.len())),
                    Some(key) => {
                        let wanted = match (&call.expansion, &key) {
                            (Expansion::Count, k) => {
                                k.as_f64().map(|n| InstanceKey::Index(n as usize))
                            }
                            (_, Value::String(s)) => Some(InstanceKey::Key(s.clone())),
                            _ => None,
                        };
                        let instance = call
                            .instances
                            .iter()
                            .find(|(k, _)| Some(k) == wanted.as_ref())
                            .ok_or_else(|| {
                                EvalError::new(format!(
                                    "module {} has no instance {key}",
                                    name.as_str()
                                ))
                            })?;
                        output_of(&instance.1, ops.get(2).map(|o| o.value()), 2)
                    }
                    None => {
                        let all = call
                            .instances
                            .iter()
                            .map(|(k, i)| Ok((k.clone(), i.all_outputs()?)))
                            .collect::<Result<Vec<_>, EvalError>>()?;
                        let value = match call.expansion {
                            Expansion::Count => {
                                Value::List(all.into_iter().map(|(_, v)| v).collect())
                            }
                            _ => Value::Object(
                                all.into_iter()
                                    .filter_map(|(k, v)| match k {
                                        InstanceKey::Key(k) => Some((k, v)),
                                        _ => None,
                                    })
                                    .collect(),
                            ),
                        };
                        Ok((value, 1))
                    }
                }
            }
        }
    }
}

impl Env for Instance<'_> {
    fn resolve(
        &self,
        name: &str,
        ops: &Ops,
        ev: &Evaluator<'_>,
        scope: &Scope,
    ) -> Result<(Value, usize), EvalError> {
        let attr = |i: usize| match ops.get(i).map(|op| op.value()) {
            Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
            _ => None,
        };
        match name {
            "var" => match attr(0) {
                Some(var) => self
                    .variables
                    .get(var)
                    .cloned()
                    .map(|v| (v, 1))
                    .ok_or_else(|| {
                        EvalError::new(format!("reference to undeclared input variable {var:?}"))
                    }),
                None => Ok((Value::Object(self.variables.clone()), 0)),
            },
            "local" => {
                let local =
                    attr(0).ok_or_else(|| EvalError::new("`local` must be followed by a name"))?;
                Ok((self.local(local)?, 1))
            }
            "module" => self.resolve_module(ops, ev, scope),
            "data" => match (attr(0), attr(1)) {
                (Some(ty), Some(name)) => Ok((self.block_value(ResourceMode::Data, ty, name)?, 2)),
                _ => Err(EvalError::new(
                    "`data` must be followed by a type and a name",
                )),
            },
            "path" => {
                let value =
                    match attr(0) {
                        Some("module") => self.config.dir.to_string_lossy().to_string(),
                        Some("root") => self.eval.root_dir.clone(),
                        Some("cwd") => std::env::current_dir()
                            .map(|d| d.to_string_lossy().to_string())
                            .unwrap_or_else(|_| ".".into()),
                        _ => return Err(EvalError::new(
                            "unknown path attribute (expected path.module, path.root or path.cwd)",
                        )),
                    };
                Ok((Value::String(value), 1))
            }
            "terraform" => match attr(0) {
                Some("workspace") => Ok((Value::from("default"), 1)),
                _ => Ok((
                    Value::unknown("terraform.* is not known statically"),
                    ops.len(),
                )),
            },
            "count" | "each" | "self" => {
                Err(EvalError::new(format!("`{name}` is not available here")))
            }
            resource_type => match attr(0) {
                Some(resource) => Ok((
                    self.block_value(ResourceMode::Managed, resource_type, resource)?,
                    1,
                )),
                None => Err(EvalError::new(format!("unknown name {resource_type:?}"))),
            },
        }
    }

    fn file_root(&self) -> &Path {
        &self.eval.loader.root
    }
}

/// Addresses of the resources `value` refers to, anywhere inside it.
fn collect_referenced_addresses(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Unknown(unknown) => {
            if let Some(reference) = &unknown.reference {
                out.push(reference.address.clone());
            }
            if let Some(encoded) = &unknown.encodes {
                collect_referenced_addresses(encoded, out);
            }
        }
        Value::List(items) => items
            .iter()
            .for_each(|item| collect_referenced_addresses(item, out)),
        Value::Object(map) => map
            .values()
            .for_each(|item| collect_referenced_addresses(item, out)),
        _ => {}
    }
}

/// `what` (`module.net`, `aws_vpc.main`) as addressed from the root: `prefix.what`, or `what`
/// in the root module (empty prefix).
pub(super) fn in_module(prefix: &str, what: &str) -> String {
    if prefix.is_empty() {
        what.to_string()
    } else {
        format!("{prefix}.{what}")
    }
}

pub(super) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn collect_instances(expansion: Expansion, by_key: Vec<(InstanceKey, Value)>, base: &str) -> Value {
    match expansion {
        Expansion::Single => by_key
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .unwrap_or(Value::Null),
        Expansion::Count => Value::List(by_key.into_iter().map(|(_, v)| v).collect()),
        Expansion::ForEach => Value::Object(
            by_key
                .into_iter()
                .filter_map(|(k, v)| match k {
                    InstanceKey::Key(k) => Some((k, v)),
                    _ => None,
                })
                .collect(),
        ),
        Expansion::Unknown => Value::reference(format!("{base}[*]"), "*"),
    }
}

/// Assigns values to a module's variables: provided values (converted to the declared type)
/// over defaults; a variable with neither is unknown.
pub fn resolve_variables(
    eval: &Evaluation<'_>,
    config: &ModuleConfig,
    mut provided: BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (name, at) in &config.variables {
        let (file, block) = config.block(*at);
        let literal = |expr: &hcl_edit::expr::Expression| -> Option<Value> {
            crate::eval::constant(expr, &eval.loader.root).ok()
        };
        let ty = match block.body.attribute("type").map(|a| &a.expr) {
            Some(Expr::Hcl(expr)) => TypeConstraint::parse(expr, &literal),
            _ => TypeConstraint::Any,
        };
        let default = block
            .body
            .attribute("default")
            .map(|attr| match &attr.expr {
                Expr::Hcl(expr) => crate::eval::constant(expr, &eval.loader.root)
                    .unwrap_or_else(|e| Value::unknown(e.message)),
                Expr::Json(json) => crate::eval::constant_json(json, &eval.loader.root),
            });
        let value = match (provided.remove(name), default) {
            (Some(Value::Null), Some(default)) if !is_nullable(block) => default,
            (Some(value), _) => value,
            (None, Some(default)) => default,
            (None, None) => Value::unknown(format!("variable {name:?} has no value")),
        };
        let value = match ty.convert(value) {
            Ok(value) => value,
            Err(message) => {
                eval.report(
                    Diagnostic::warning(
                        "invalid-variable-value",
                        format!("variable {name:?}: {message}"),
                    )
                    .at(file.source.span(block.span.clone())),
                );
                Value::unknown(format!("variable {name:?} has an invalid value"))
            }
        };
        out.insert(name.clone(), value);
    }
    out
}

fn is_nullable(block: &Block) -> bool {
    !matches!(
        block.body.attribute("nullable").map(|a| &a.expr),
        Some(Expr::Hcl(hcl_edit::expr::Expression::Bool(b))) if !*b.value()
    )
}
