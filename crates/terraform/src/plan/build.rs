//! Building the resources of a plan: `planned_values` module by module, with what
//! `resource_changes` and `configuration` say about each instance, and the byte ranges of the
//! text to hide or to name.

use std::collections::HashMap;
use std::ops::Range;

use driftguard_model::{Diagnostic, Origin, Resource, ResourceMode, SourceFile, Span, Value};
use jsonc_parser::ast::{Object, Value as Json};

use super::config::{self, Configuration, Seg, Setting};
use super::json::{self, get, get_array, get_object, get_str, range_of, Positions};
use super::marks::{apply_unknown, drop_unset, hide, hide_known_secrets, known_secrets};
use super::{address, Places, AFTER_APPLY, LANGUAGE};

/// What a plan's values gave.
pub(super) struct Built {
    pub resources: Vec<Resource>,
    /// Resource ranges sorted by start.
    pub places: Places,
    pub sensitive: Vec<Range<usize>>,
    pub diagnostics: Vec<Diagnostic>,
    pub deleted: usize,
    pub masked: usize,
}

/// Builds the resources of the plan `top` (whose `planned_values` is `planned`); offsets of the
/// tree are `bom` bytes short of offsets in `source`.
pub(super) fn build(
    source: &SourceFile,
    bom: usize,
    top: &Object<'_>,
    planned: &Object<'_>,
) -> Built {
    let mut builder = Builder {
        source,
        bom,
        config: Configuration::new(top),
        changes: HashMap::new(),
        resources: Vec::new(),
        spans: Vec::new(),
        places: Places::default(),
        sensitive: Vec::new(),
        diagnostics: Vec::new(),
        deleted: 0,
        masked: 0,
    };
    builder.changes(top);
    if let Some(root) = get_object(planned, "root_module") {
        builder.module(root, "");
    }
    builder.hidden_elsewhere(top, planned);
    let mut places = builder.places;
    places.resources.sort_by_key(|(range, ..)| range.start);
    Built {
        resources: with_spans(source, builder.resources, builder.spans),
        places,
        sensitive: builder.sensitive,
        diagnostics: builder.diagnostics,
        deleted: builder.deleted,
        masked: builder.masked,
    }
}

/// What `resource_changes` says about one instance.
struct Change<'b, 'a> {
    actions: Vec<&'b str>,
    after_unknown: Option<&'b Json<'a>>,
    after_sensitive: Option<&'b Json<'a>>,
}

/// Whether actions remove the object without creating another (`["delete"]`, `["forget"]`).
fn is_removal(actions: &[&str]) -> bool {
    !actions.contains(&"create") && actions.iter().any(|a| matches!(*a, "delete" | "forget"))
}

/// A span to compute once every offset is known: of a resource (`path` `None`) or of one of
/// its attributes.
struct PendingSpan {
    resource: usize,
    path: Option<String>,
    bytes: Range<usize>,
}

struct Builder<'s, 'b, 'a> {
    source: &'s SourceFile,
    /// Length of a byte order mark: offsets in the tree are relative to the text after it.
    bom: usize,
    config: Configuration<'b, 'a>,
    changes: HashMap<&'b str, Change<'b, 'a>>,
    resources: Vec<Resource>,
    spans: Vec<PendingSpan>,
    places: Places,
    sensitive: Vec<Range<usize>>,
    diagnostics: Vec<Diagnostic>,
    deleted: usize,
    masked: usize,
}

impl<'b, 'a> Builder<'_, 'b, 'a> {
    fn range(&self, value: &Json<'_>) -> Range<usize> {
        let r = range_of(value);
        r.start + self.bom..r.end + self.bom
    }

    /// Indexes `resource_changes` by address, counts removals and records the sensitive
    /// values of `before` and `after`.
    fn changes(&mut self, top: &'b Object<'a>) {
        for section in ["resource_changes", "resource_drift"] {
            for change in get_array(top, section) {
                let Json::Object(rc) = change else { continue };
                let Some(Json::Object(c)) = get(rc, "change") else {
                    continue;
                };
                let ty = get_str(rc, "type").unwrap_or("");
                for (values, marks) in
                    [("before", "before_sensitive"), ("after", "after_sensitive")]
                {
                    if let Some(values) = get(c, values) {
                        self.hide_in_text(values, get(c, marks));
                        self.hide_known_secrets_in_text(ty, values);
                    }
                }
                if section != "resource_changes" || get(rc, "deposed").is_some() {
                    continue;
                }
                let Some(address) = get_str(rc, "address") else {
                    continue;
                };
                let actions: Vec<&'b str> = get_array(c, "actions")
                    .iter()
                    .filter_map(|a| match a {
                        Json::StringLit(s) => Some(&*s.value),
                        _ => None,
                    })
                    .collect();
                if is_removal(&actions) {
                    self.deleted += 1;
                }
                self.changes.insert(
                    address,
                    Change {
                        actions,
                        after_unknown: get(c, "after_unknown"),
                        after_sensitive: get(c, "after_sensitive"),
                    },
                );
            }
        }
    }

    /// The resources of a `planned_values` module and of its child modules.
    fn module(&mut self, module: &'b Object<'a>, module_address: &str) {
        for resource in get_array(module, "resources") {
            if let Json::Object(resource) = resource {
                self.resource(resource, module_address);
            }
        }
        for child in get_array(module, "child_modules") {
            let Json::Object(child) = child else { continue };
            match get_str(child, "address") {
                Some(address) => self.module(child, address),
                None => self.diagnostics.push(
                    Diagnostic::warning(
                        "plan-module-skipped",
                        "a child module without \"address\" was skipped",
                    )
                    .at(self.span_at(child.range.start)),
                ),
            }
        }
    }

    /// The span of an offset of the tree, for diagnostics.
    fn span_at(&self, offset: usize) -> Span {
        let offset = offset + self.bom;
        self.source.span(offset..offset)
    }

    fn resource(&mut self, r: &'b Object<'a>, module: &str) {
        let (Some(ty), Some(name)) = (get_str(r, "type"), get_str(r, "name")) else {
            self.diagnostics.push(
                Diagnostic::warning(
                    "plan-resource-skipped",
                    "a resource without \"type\" or \"name\" was skipped",
                )
                .at(self.span_at(r.range.start)),
            );
            return;
        };
        let mode = match get_str(r, "mode").unwrap_or("managed") {
            "managed" => ResourceMode::Managed,
            "data" => ResourceMode::Data,
            other => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "plan-resource-skipped",
                        format!("{ty}.{name}: unknown resource mode {other:?}, skipped"),
                    )
                    .at(self.span_at(r.range.start)),
                );
                return;
            }
        };
        let local = match mode {
            ResourceMode::Data => format!("data.{ty}.{name}"),
            _ => format!("{ty}.{name}"),
        };
        let address = get_str(r, "address").map_or_else(
            || {
                let key = match get(r, "index") {
                    Some(Json::NumberLit(n)) => format!("[{}]", n.value),
                    Some(Json::StringLit(s)) => {
                        format!("[{}]", serde_json::Value::from(&*s.value))
                    }
                    _ => String::new(),
                };
                address::in_module(module, &format!("{local}{key}"))
            },
            str::to_owned,
        );
        let change = self.changes.get(address.as_str());
        if change.is_some_and(|c| is_removal(&c.actions)) {
            return;
        }
        let (after_unknown, after_sensitive) =
            change.map_or((None, None), |c| (c.after_unknown, c.after_sensitive));

        let mut spans = Vec::new();
        let values = get(r, "values");
        let mut attributes = match values {
            Some(values @ Json::Object(_)) => {
                json::to_value(values, &mut String::new(), &mut spans)
            }
            _ => Value::Object(Default::default()),
        };
        let calls = address::module_calls(module);
        let resource_config = self.config.resource(&calls, &local);
        if let Some(marks) = after_unknown {
            let config = &self.config;
            let mut decide =
                |path: &[Seg<'_>]| match Configuration::setting(resource_config.as_ref(), path) {
                    // What the provider computes on its own is absent from the code: rules
                    // judge it unset on HCL, and so here. A data source's results are its
                    // point, though.
                    Setting::NotSet if mode == ResourceMode::Managed => None,
                    Setting::NotSet | Setting::NoConfig | Setting::Block => {
                        Some(Value::unknown(AFTER_APPLY))
                    }
                    Setting::Expression { expression, whole } => {
                        let target = whole.then(|| config.target(&calls, expression)).flatten();
                        Some(match target {
                            Some((address, attribute)) => Value::reference(address, attribute),
                            None => match config::references(expression).first() {
                                Some(first) => Value::unknown(format!("{first} is {AFTER_APPLY}")),
                                None => Value::unknown(AFTER_APPLY),
                            },
                        })
                    }
                };
            apply_unknown(&mut attributes, marks, &mut Vec::new(), &mut decide);
        }
        if mode == ResourceMode::Managed {
            if let Some(resource_config) = &resource_config {
                drop_unset(&mut attributes, resource_config);
            }
        }
        for marks in [get(r, "sensitive_values"), after_sensitive]
            .into_iter()
            .flatten()
        {
            self.masked += hide(&mut attributes, marks);
            if let Some(values) = values {
                self.hide_in_text(values, Some(marks));
            }
        }
        self.masked += hide_known_secrets(ty, &mut attributes);
        if let Some(values) = values {
            self.hide_known_secrets_in_text(ty, values);
        }

        let index = self.resources.len();
        let object = r.range.start + self.bom..r.range.end + self.bom;
        let at_address = r
            .properties
            .iter()
            .find(|p| p.name.as_str() == "address")
            .map_or(object.clone(), |p| {
                p.range.start + self.bom..p.range.end + self.bom
            });
        self.spans.push(PendingSpan {
            resource: index,
            path: None,
            bytes: at_address,
        });
        // `values` paths are attribute paths.
        self.spans
            .extend(spans.into_iter().map(|(path, bytes)| PendingSpan {
                resource: index,
                path: Some(path),
                bytes: bytes.start + self.bom..bytes.end + self.bom,
            }));
        self.places
            .resources
            .push((object, ty.to_owned(), address.clone()));
        let cloud_id = match attributes.get_path("id") {
            Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
            _ => None,
        };
        self.resources.push(Resource {
            mode,
            resource_type: ty.to_owned(),
            address,
            module: module.to_owned(),
            cloud_id,
            attributes,
            span: None,
            attribute_spans: Default::default(),
            origin: Origin::Code {
                language: LANGUAGE.into(),
            },
        });
    }

    /// Records the text ranges of the values of `values` that `marks` marks sensitive.
    fn hide_in_text(&mut self, values: &Json<'_>, marks: Option<&Json<'_>>) {
        let Some(marks) = marks else { return };
        match (marks, values) {
            (_, Json::NullKeyword(_)) => {}
            (Json::BooleanLit(b), _) if b.value => self.sensitive.push(self.range(values)),
            (Json::Object(marks), Json::Object(values)) => {
                for mark in &marks.properties {
                    if let Some(value) = get(values, mark.name.as_str()) {
                        self.hide_in_text(value, Some(&mark.value));
                    }
                }
            }
            (Json::Array(marks), Json::Array(values)) => {
                for (mark, value) in marks.elements.iter().zip(&values.elements) {
                    self.hide_in_text(value, Some(mark));
                }
            }
            _ => {}
        }
    }

    fn hide_known_secrets_in_text(&mut self, ty: &str, values: &Json<'_>) {
        let Json::Object(values) = values else { return };
        for name in known_secrets(ty) {
            if let Some(value) = get(values, name) {
                if !matches!(value, Json::NullKeyword(_)) {
                    self.sensitive.push(self.range(value));
                }
            }
        }
    }

    /// Sensitive values outside `planned_values` resources (prior state, outputs, variables),
    /// and the places of the text that repeat values.
    fn hidden_elsewhere(&mut self, top: &'b Object<'a>, planned: &'b Object<'a>) {
        if let Some(prior) = get_object(top, "prior_state").and_then(|s| get_object(s, "values")) {
            self.hide_outputs(prior);
            if let Some(root) = get_object(prior, "root_module") {
                self.hide_state_module(root);
            }
        }
        if let Some(outputs) = get_object(planned, "outputs") {
            for output in &outputs.properties {
                let range = output.range.start + self.bom..output.range.end + self.bom;
                self.places
                    .outputs
                    .push((range, output.name.as_str().to_owned()));
            }
        }
        self.hide_outputs(planned);
        if let Some(changes) = get_object(top, "output_changes") {
            for change in changes.properties.iter().filter_map(|p| match &p.value {
                Json::Object(o) => get_object(o, "change"),
                _ => None,
            }) {
                for (values, marks) in
                    [("before", "before_sensitive"), ("after", "after_sensitive")]
                {
                    if let Some(values) = get(change, values) {
                        self.hide_in_text(values, get(change, marks));
                    }
                }
            }
        }
        // Root module variables marked sensitive: their values in `variables` and their
        // defaults in `configuration`.
        let declared = get_object(top, "configuration")
            .and_then(|c| get_object(c, "root_module"))
            .and_then(|m| get_object(m, "variables"));
        let is_sensitive = |name: &str| {
            declared.and_then(|d| get_object(d, name)).is_some_and(
                |v| matches!(get(v, "sensitive"), Some(Json::BooleanLit(b)) if b.value),
            )
        };
        if let Some(variables) = get_object(top, "variables") {
            for variable in &variables.properties {
                let name = variable.name.as_str();
                let range = variable.range.start + self.bom..variable.range.end + self.bom;
                self.places.variables.push((range, name.to_owned()));
                if is_sensitive(name) {
                    if let Json::Object(v) = &variable.value {
                        if let Some(value) = get(v, "value") {
                            self.sensitive.push(self.range(value));
                        }
                    }
                }
            }
        }
        if let Some(declared) = declared {
            for variable in &declared.properties {
                if let (true, Json::Object(v)) =
                    (is_sensitive(variable.name.as_str()), &variable.value)
                {
                    if let Some(default) = get(v, "default") {
                        self.sensitive.push(self.range(default));
                    }
                }
            }
        }
        for prop in &top.properties {
            if matches!(
                prop.name.as_str(),
                "resource_changes"
                    | "resource_drift"
                    | "prior_state"
                    | "configuration"
                    | "output_changes"
                    | "relevant_attributes"
                    | "checks"
            ) {
                let range = prop.range.start + self.bom..prop.range.end + self.bom;
                self.places.repeated.push(range);
            }
        }
    }

    /// Outputs (`{"sensitive": true, "value": …}`) of a values representation.
    fn hide_outputs(&mut self, values: &Object<'_>) {
        let Some(outputs) = get_object(values, "outputs") else {
            return;
        };
        for output in &outputs.properties {
            let Json::Object(output) = &output.value else {
                continue;
            };
            if matches!(get(output, "sensitive"), Some(Json::BooleanLit(b)) if b.value) {
                if let Some(value) = get(output, "value") {
                    self.sensitive.push(self.range(value));
                }
            }
        }
    }

    /// Sensitive values of a state module (`prior_state`), with its child modules.
    fn hide_state_module(&mut self, module: &Object<'_>) {
        for resource in get_array(module, "resources") {
            let Json::Object(resource) = resource else {
                continue;
            };
            if let Some(values) = get(resource, "values") {
                self.hide_in_text(values, get(resource, "sensitive_values"));
                self.hide_known_secrets_in_text(get_str(resource, "type").unwrap_or(""), values);
            }
        }
        for child in get_array(module, "child_modules") {
            if let Json::Object(child) = child {
                self.hide_state_module(child);
            }
        }
    }
}

/// Gives every resource its spans, computing all positions in one pass over the text.
fn with_spans(
    source: &SourceFile,
    mut resources: Vec<Resource>,
    pending: Vec<PendingSpan>,
) -> Vec<Resource> {
    let offsets = pending
        .iter()
        .flat_map(|p| [p.bytes.start, p.bytes.end])
        .collect();
    let positions = Positions::new(&source.text, offsets);
    for p in pending {
        let span = positions.span(&source.path, p.bytes);
        let resource = &mut resources[p.resource];
        match p.path {
            None => resource.span = Some(span),
            Some(path) => {
                resource.attribute_spans.insert(path, span);
            }
        }
    }
    resources
}
