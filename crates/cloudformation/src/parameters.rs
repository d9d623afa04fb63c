//! Parameter values for templates: `--cfn-params FILE`.
//!
//! Two JSON formats are read:
//! - the AWS CLI's (`aws cloudformation create-stack --parameters file://params.json`):
//!   `[{"ParameterKey": "Env", "ParameterValue": "prod"}, …]`, where an entry may instead say
//!   `"UsePreviousValue": true` (the value is then the deployed stack's: unknown here);
//! - CodePipeline's template configuration: `{"Parameters": {"Env": "prod"}, "Tags": {…}}`.
//!
//! Values are strings, as CloudFormation passes them; numbers and booleans are taken as their
//! text and a list as its comma-separated text (a `CommaDelimitedList`).

use std::collections::BTreeMap;
use std::path::Path;

use jsonc_parser::ast::{ObjectPropName, Value as Json};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use driftguard_model::LineIndex;

use crate::error::ParamsError;

/// A parameter's value as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GivenValue {
    Value(String),
    /// `UsePreviousValue: true`: the deployed stack's value, unknown to a static scan.
    UsePrevious,
}

/// Parameter values given for templates, by parameter name.
#[derive(Debug, Clone, Default)]
pub struct ParameterValues {
    values: BTreeMap<String, GivenValue>,
    /// The file they were read from, for messages.
    pub file: Option<String>,
}

impl ParameterValues {
    /// No values: every parameter takes its `Default`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a parameters file.
    pub fn read(path: &Path) -> Result<Self, ParamsError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| ParamsError {
            file: display.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read the parameters file: {err}"),
        })?;
        Self::parse(&display, &text)
    }

    /// Parses a parameters file's text; `path_display` names it in errors.
    pub fn parse(path_display: &str, text: &str) -> Result<Self, ParamsError> {
        let lines = LineIndex::new(text);
        let error = |offset: usize, message: String| {
            let position = lines.position(text, offset);
            ParamsError {
                file: path_display.to_string(),
                line: position.line,
                column: position.column,
                message,
            }
        };
        let options = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_extended_string_escapes: false,
            allow_non_finite_numbers: false,
        };
        let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options)
            .map_err(|err| error(err.range().start, format!("invalid JSON: {}", err.kind())))?;
        let mut values = ParameterValues {
            values: BTreeMap::new(),
            file: Some(path_display.to_string()),
        };
        match &parsed.value {
            Some(Json::Array(items)) => {
                for item in &items.elements {
                    let Json::Object(object) = item else {
                        return Err(error(
                            item.start(),
                            "expected an object with `ParameterKey` and `ParameterValue`".into(),
                        ));
                    };
                    let key = match object.get("ParameterKey").map(|p| &p.value) {
                        Some(Json::StringLit(key)) => key.value.to_string(),
                        Some(other) => {
                            return Err(error(
                                other.start(),
                                "`ParameterKey` must be a string".into(),
                            ))
                        }
                        None => return Err(error(item.start(), "missing `ParameterKey`".into())),
                    };
                    let use_previous = matches!(
                        object.get("UsePreviousValue").map(|p| &p.value),
                        Some(Json::BooleanLit(b)) if b.value
                    );
                    let value = match object.get("ParameterValue") {
                        _ if use_previous => GivenValue::UsePrevious,
                        Some(prop) => GivenValue::Value(
                            value_text(&prop.value)
                                .map_err(|message| error(prop.value.start(), message))?,
                        ),
                        None => {
                            return Err(error(
                                item.start(),
                                format!(
                                    "parameter `{key}` has neither `ParameterValue` nor \
                                     `UsePreviousValue: true`"
                                ),
                            ))
                        }
                    };
                    values.values.insert(key, value);
                }
            }
            Some(Json::Object(object)) => {
                let Some(prop) = object.get("Parameters") else {
                    return Err(error(
                        object.start(),
                        "expected the AWS CLI's list of `ParameterKey`/`ParameterValue` \
                         objects, or an object with `Parameters`"
                            .into(),
                    ));
                };
                let Json::Object(parameters) = &prop.value else {
                    return Err(error(
                        prop.value.start(),
                        "`Parameters` must map names to values".into(),
                    ));
                };
                for parameter in &parameters.properties {
                    let key = match &parameter.name {
                        ObjectPropName::String(s) => s.value.to_string(),
                        ObjectPropName::Word(w) => w.value.to_string(),
                    };
                    let text = value_text(&parameter.value)
                        .map_err(|message| error(parameter.value.start(), message))?;
                    values.values.insert(key, GivenValue::Value(text));
                }
            }
            Some(other) => {
                return Err(error(
                    other.start(),
                    "expected a list of parameters or an object with `Parameters`".into(),
                ))
            }
            None => return Err(error(0, "the parameters file is empty".into())),
        }
        Ok(values)
    }

    /// Sets a value (for callers that take values elsewhere than a file).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.values
            .insert(key.into(), GivenValue::Value(value.into()));
    }

    pub fn get(&self, key: &str) -> Option<&GivenValue> {
        self.values.get(key)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The names given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }
}

/// A parameter value's text.
fn value_text(value: &Json) -> Result<String, String> {
    match value {
        Json::StringLit(s) => Ok(s.value.to_string()),
        Json::NumberLit(n) => Ok(n.value.to_string()),
        Json::BooleanLit(b) => Ok(b.value.to_string()),
        Json::Array(items) => items
            .elements
            .iter()
            .map(|item| match item {
                Json::StringLit(s) => Ok(s.value.to_string()),
                Json::NumberLit(n) => Ok(n.value.to_string()),
                _ => Err("a list parameter value must hold strings".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|items| items.join(",")),
        _ => Err("a parameter value must be a string".into()),
    }
}
