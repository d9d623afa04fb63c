//! Terraform plans: the JSON that `terraform show -json PLANFILE` prints.
//!
//! A plan is loaded into the same [`Resource`]s as evaluated HCL, so that the same rules judge
//! it. Its `planned_values` give each resource instance of the module tree with attributes in
//! the state schema. What the plan knows only after apply (`after_unknown` in
//! `resource_changes`) becomes [`Value::Unknown`]: with a [`Reference`](driftguard_model::Reference)
//! when the `configuration` shows the attribute is another resource's attribute (so bucket
//! policies still find their bucket), and left out when the code does not set it at all (the
//! provider computes it, and on HCL the attribute is absent too: rules judge both alike).
//! Likewise the empty values (`null`, `[]`) of attributes and blocks the code does not write
//! are left out: that is how a plan, like a state, writes "not set".
//! Sensitive values (`sensitive_values`, `after_sensitive`, and
//! [`KNOWN_SECRET_ATTRIBUTES`](crate::state::KNOWN_SECRET_ATTRIBUTES)) become unknown with the
//! reason [`SENSITIVE_REASON`], and [`Plan::hide_sensitive`] blanks them out of the text shown
//! to users. Instances the plan deletes are not checked.
//!
//! Findings point into the plan file, at each resource's `"address"`; with
//! [`Plan::locate_in_config`] they point at the resource blocks of the `.tf` files instead.
//!
//! ```no_run
//! let text = std::fs::read_to_string("tfplan.json").unwrap();
//! let plan = driftguard_terraform::plan::parse_plan("tfplan.json", &text).unwrap();
//! for r in &plan.resources {
//!     println!("{} {}", r.address, r.span.as_ref().unwrap());
//! }
//! ```

mod address;
mod build;
mod config;
mod json;
mod locate;
mod marks;

use std::ops::Range;
use std::path::{Path, PathBuf};

use driftguard_model::{Diagnostic, Resource, SourceFile, Span};
use jsonc_parser::ast::Value as Json;
use serde::de::IgnoredAny;
use serde_json::error::Category;

use json::{get, get_object, get_str};

/// The `language` of the [`Origin::Code`] of plan resources.
pub const LANGUAGE: &str = "terraform-plan";

/// The reason of the unknown that stands for a sensitive value.
pub const SENSITIVE_REASON: &str = "sensitive: the plan hides this value";

/// The reason of an unknown value that refers to nothing the plan can name.
const AFTER_APPLY: &str = "known only after apply";

/// How much of a file [`looks_like_plan`] needs: `terraform show -json` writes
/// `format_version` first.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Why a file could not be loaded as a plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Invalid JSON (a truncated plan is reported here too, where it ends).
    #[error("{at}: malformed JSON: {message}")]
    Json { at: Span, message: String },
    /// Valid JSON that is not a plan: a state, another `terraform show -json` output, any
    /// other document. Callers skip such files.
    #[error("{path}: not a Terraform plan: {reason}")]
    NotPlan { path: String, reason: String },
    /// A plan that is not UTF-8.
    #[error("{path}: cannot read the plan: {reason}")]
    Encoding { path: String, reason: String },
    /// A plan whose `format_version` is not 1.x.
    #[error("{path}: plan format version {version:?} is not supported (driftguard reads `terraform show -json` format 1.x)")]
    UnsupportedFormat { path: String, version: String },
}

impl PlanError {
    /// The error as a scan diagnostic (level error: the plan was not checked).
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            PlanError::Json { at, message } => {
                Diagnostic::error("parse-error", format!("invalid JSON: {message}")).at(at.clone())
            }
            PlanError::NotPlan { path, reason } => {
                Diagnostic::error("not-a-plan", format!("not a Terraform plan: {reason}"))
                    .in_file(path)
            }
            PlanError::Encoding { path, reason } => {
                Diagnostic::error("read-error", format!("cannot read the plan: {reason}"))
                    .in_file(path)
            }
            PlanError::UnsupportedFormat { path, version } => Diagnostic::error(
                "unsupported-plan-format",
                format!(
                    "plan format version {version:?} is not supported (driftguard reads \
                     `terraform show -json` format 1.x)"
                ),
            )
            .in_file(path),
        }
    }
}

/// A loaded plan.
#[derive(Debug)]
pub struct Plan {
    /// The plan's text, as read.
    pub source: SourceFile,
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// Every managed resource and data source instance the plan leaves in place, in the order
    /// of `planned_values` (module by module).
    pub resources: Vec<Resource>,
    /// Resource instances the plan deletes (or forgets): not checked.
    pub deleted: usize,
    /// Values of the resources replaced because they are sensitive.
    pub masked: usize,
    /// Resources that could not be read, and the like.
    pub diagnostics: Vec<Diagnostic>,
    places: Places,
    /// Byte ranges of sensitive values in the text.
    sensitive: Vec<Range<usize>>,
}

/// What a byte offset of the plan's text belongs to (to name where a secret is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'p> {
    /// A resource of `planned_values`.
    Resource {
        resource_type: &'p str,
        address: &'p str,
    },
    /// The value of a root module variable.
    Variable(&'p str),
    /// A root module output of `planned_values`.
    Output(&'p str),
    /// A value Terraform marks sensitive (or a secret the provider is known to store): it
    /// already treats it as a secret.
    Sensitive,
    /// A part that repeats values found in `planned_values` or the code (`resource_changes`,
    /// `prior_state`, `configuration`, …).
    Repeated,
    Other,
}

#[derive(Debug, Default)]
struct Places {
    /// Sorted by start; they do not overlap.
    resources: Vec<(Range<usize>, String, String)>,
    variables: Vec<(Range<usize>, String)>,
    outputs: Vec<(Range<usize>, String)>,
    repeated: Vec<Range<usize>>,
}

/// Whether the start of a file ([`HEAD_BYTES`] of it) looks like a plan: a JSON object with a
/// `format_version`, in UTF-8 or in the UTF-16 that PowerShell's `>` writes (which
/// [`parse_plan_bytes`] then refuses clearly). Cheap, and only a first filter: parsing tells
/// for sure.
pub fn looks_like_plan(head: &[u8]) -> bool {
    let text = match utf16_byte_order(head) {
        Some(little_endian) => {
            let units = head[2..].chunks_exact(2).map(|pair| {
                let pair = [pair[0], pair[1]];
                if little_endian {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        None => String::from_utf8_lossy(head),
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{') && text.contains("\"format_version\"")
}

/// `Some(true)` for UTF-16 little endian, `Some(false)` big endian, by the byte order mark.
fn utf16_byte_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// [`parse_plan`] of a file's bytes: a plan that is not UTF-8 is an error that says so.
pub fn parse_plan_bytes(path: &str, bytes: &[u8]) -> Result<Plan, PlanError> {
    let encoding = |reason: String| PlanError::Encoding {
        path: path.to_owned(),
        reason,
    };
    if utf16_byte_order(bytes).is_some() {
        return Err(encoding(
            "the file is UTF-16 encoded (as PowerShell's `>` writes it); save it as UTF-8, \
             e.g. `terraform show -json tfplan | Out-File -Encoding utf8 tfplan.json`"
                .into(),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| encoding(format!("not valid UTF-8 (byte {})", e.valid_up_to())))?;
    parse_plan(path, text)
}

/// The directory of the root module a plan was made from, when the plan sits in it: the plan
/// file's directory, if it holds Terraform files.
pub fn config_dir(plan_path: &Path) -> Option<PathBuf> {
    let dir = match plan_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let has_config = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .any(|e| e.file_name().to_str().is_some_and(crate::is_config_file));
    has_config.then_some(dir)
}

/// Parses the output of `terraform show -json PLANFILE`; `path` names it in spans and errors.
pub fn parse_plan(path: &str, text: &str) -> Result<Plan, PlanError> {
    let source = SourceFile::new(path, text);
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    // serde_json first: it bounds nesting (jsonc-parser recurses without a limit) and reports
    // errors where they are.
    if let Err(e) = serde_json::from_str::<IgnoredAny>(body) {
        return Err(json_error(&source, bom, &e));
    }
    let parsed =
        jsonc_parser::parse_to_ast(body, &Default::default(), &json::STRICT).map_err(|e| {
            let range = e.range();
            PlanError::Json {
                at: source.span(bom + range.start..bom + range.end),
                message: e.kind().to_string(),
            }
        })?;
    let not_plan = |reason: &str| PlanError::NotPlan {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let Some(Json::Object(top)) = &parsed.value else {
        return Err(not_plan("the top level is not an object"));
    };
    let format_version = match get(top, "format_version") {
        Some(Json::StringLit(s)) => s.value.to_string(),
        Some(_) => return Err(not_plan("\"format_version\" is not a string")),
        None => return Err(not_plan("it has no \"format_version\"")),
    };
    let Some(planned) = get_object(top, "planned_values") else {
        return Err(not_plan(
            "it has no \"planned_values\" (a state, or another `terraform show -json` output)",
        ));
    };
    if format_version.split('.').next() != Some("1") {
        return Err(PlanError::UnsupportedFormat {
            path: path.to_owned(),
            version: format_version,
        });
    }

    let built = build::build(&source, bom, top, planned);
    Ok(Plan {
        format_version,
        terraform_version: get_str(top, "terraform_version").map(str::to_owned),
        resources: built.resources,
        deleted: built.deleted,
        masked: built.masked,
        diagnostics: built.diagnostics,
        places: built.places,
        sensitive: built.sensitive,
        source,
    })
}

fn json_error(source: &SourceFile, bom: usize, e: &serde_json::Error) -> PlanError {
    let message = match e.classify() {
        Category::Eof => "unexpected end of file (is the plan truncated?)".to_owned(),
        _ => {
            // serde_json appends " at line L column C": the span says it.
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    };
    let text = &source.text;
    // At the end of a truncated file, serde_json points at its last character.
    let line = if e.classify() == Category::Eof {
        None
    } else {
        source.lines.line_range(text, e.line() as u32)
    };
    let offset = line.map_or(text.len(), |line| {
        let start = line.start + if line.start == 0 { bom } else { 0 };
        (start + e.column().saturating_sub(1)).min(line.end.max(start))
    });
    PlanError::Json {
        at: source.span(offset..offset),
        message,
    }
}

impl Plan {
    /// What `offset` of the text belongs to.
    pub fn place_of(&self, offset: usize) -> Place<'_> {
        if self.sensitive.iter().any(|r| r.contains(&offset)) {
            return Place::Sensitive;
        }
        let resources = &self.places.resources;
        let i = resources.partition_point(|(range, ..)| range.start <= offset);
        if let Some((range, resource_type, address)) = i.checked_sub(1).map(|i| &resources[i]) {
            if range.contains(&offset) {
                return Place::Resource {
                    resource_type,
                    address,
                };
            }
        }
        if let Some((_, name)) = self
            .places
            .variables
            .iter()
            .find(|(r, _)| r.contains(&offset))
        {
            return Place::Variable(name);
        }
        if let Some((_, name)) = self
            .places
            .outputs
            .iter()
            .find(|(r, _)| r.contains(&offset))
        {
            return Place::Output(name);
        }
        if self.places.repeated.iter().any(|r| r.contains(&offset)) {
            return Place::Repeated;
        }
        Place::Other
    }

    /// `text` (the plan's text, or a copy of the same length with secrets masked) with every
    /// sensitive value blanked out: string contents become `*`, line breaks stay, so that byte
    /// offsets, lines and columns are unchanged.
    pub fn hide_sensitive(&self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for range in &self.sensitive {
            let (start, end) = (range.start.min(bytes.len()), range.end.min(bytes.len()));
            let (start, end) = if end >= start + 2 && bytes[start] == b'"' {
                (start + 1, end - 1)
            } else {
                (start, end)
            };
            for b in &mut bytes[start..end] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b'*';
                }
            }
        }
        // Whole characters were replaced by ASCII, so the text is still UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}
