//! The two JSON shapes: state format version 4 and `terraform show -json`.

use std::collections::HashMap;
use std::sync::Arc;

use driftguard_model::{Diagnostic, Origin, Resource, ResourceMode, Value};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::error::Category;

use super::json::Attr;
use super::sensitive::{mask_known, mask_mirror, mask_v4_paths};
use super::{
    LoadedState, ProviderRef, RegionSource, StateError, StateFile, StateFormat, StateResource,
};

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    version: Option<serde_json::Value>,
    #[serde(default)]
    format_version: Option<String>,
    #[serde(default)]
    terraform_version: Option<String>,
    #[serde(default)]
    serial: Option<u64>,
    #[serde(default)]
    lineage: Option<String>,
    #[serde(default)]
    resources: Option<Vec<V4Resource>>,
    #[serde(default)]
    values: Option<ShowValues>,
    #[serde(default)]
    planned_values: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct V4Resource {
    #[serde(default)]
    module: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    ty: String,
    name: String,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    instances: Vec<V4Instance>,
}

#[derive(Deserialize)]
struct V4Instance {
    #[serde(default)]
    index_key: Option<serde_json::Value>,
    #[serde(default)]
    attributes: Option<Attr>,
    #[serde(default)]
    sensitive_attributes: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ShowValues {
    #[serde(default)]
    root_module: Option<ShowModule>,
}

#[derive(Deserialize)]
struct ShowModule {
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    resources: Vec<ShowResource>,
    #[serde(default)]
    child_modules: Vec<ShowModule>,
}

#[derive(Deserialize)]
struct ShowResource {
    #[serde(default)]
    address: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    ty: String,
    name: String,
    #[serde(default)]
    index: Option<serde_json::Value>,
    #[serde(default)]
    provider_name: Option<String>,
    #[serde(default)]
    values: Option<Attr>,
    #[serde(default)]
    sensitive_values: Option<serde_json::Value>,
}

/// Only the version, to explain a structure error in a state of another version.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

const UPGRADE_HINT: &str = "upgrade it with terraform ≥ 0.12 (any `terraform apply` or \
                            `terraform state push` rewrites the state as version 4)";
const NEWER_HINT: &str = "driftguard reads version 4 (Terraform 0.12 to 1.x)";

pub(super) fn parse(path: &str, bytes: &[u8]) -> Result<LoadedState, StateError> {
    let name = || path.to_owned();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(StateError::NotState {
            path: name(),
            reason: "the file is UTF-16 encoded (as PowerShell's `>` writes it); save it as UTF-8"
                .into(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        None => return Err(StateError::Empty { path: name() }),
        Some(b'{') => {}
        Some(_) => {
            return Err(match serde_json::from_slice::<serde_json::Value>(bytes) {
                Err(e) => json_error(path, &e),
                Ok(v) => StateError::NotState {
                    path: name(),
                    reason: format!("the top level is {}, expected an object", json_kind(&v)),
                },
            })
        }
    }
    let envelope: Envelope = match serde_json::from_slice(bytes) {
        Ok(envelope) => envelope,
        Err(e) if e.classify() == Category::Data => {
            // A shape error may just be another state version: say so rather than the shape.
            if let Ok(VersionProbe {
                version: Some(version),
            }) = serde_json::from_slice(bytes)
            {
                check_version(path, &version)?;
            }
            return Err(StateError::NotState {
                path: name(),
                reason: format!("{} (line {}, column {})", e, e.line(), e.column()),
            });
        }
        Err(e) => return Err(json_error(path, &e)),
    };

    let origin_path: Arc<str> = Arc::from(path);
    let mut loaded = LoadedState::default();
    let mut file = StateFile {
        path: origin_path.clone(),
        format: StateFormat::V4,
        terraform_version: envelope.terraform_version,
        serial: envelope.serial,
        lineage: envelope.lineage,
        managed: 0,
        data_skipped: 0,
        masked: 0,
    };
    let mut cx = Context {
        origin: Origin::State { path: origin_path },
        providers: HashMap::new(),
        loaded: &mut loaded,
        file: &mut file,
    };

    match (envelope.version, envelope.format_version) {
        (Some(version), _) => {
            check_version(path, &version)?;
            for resource in envelope.resources.unwrap_or_default() {
                cx.v4_resource(resource);
            }
        }
        (None, Some(format_version)) => {
            if format_version.split('.').next() != Some("1") {
                return Err(StateError::UnsupportedShowFormat {
                    path: name(),
                    version: format_version,
                });
            }
            if envelope.planned_values.is_some() {
                return Err(StateError::NotState {
                    path: name(),
                    reason: "this is a plan (`terraform show -json PLANFILE`), not a state".into(),
                });
            }
            cx.file.format = StateFormat::ShowJson;
            if let Some(root) = envelope.values.and_then(|v| v.root_module) {
                cx.show_module(root);
            }
        }
        (None, None) => {
            return Err(StateError::NotState {
                path: name(),
                reason: "it has neither a \"version\" (state file) nor a \"format_version\" \
                         (`terraform show -json`) field"
                    .into(),
            })
        }
    }
    loaded.files.push(file);
    Ok(loaded)
}

fn check_version(path: &str, version: &serde_json::Value) -> Result<(), StateError> {
    match version.as_u64() {
        Some(4) => Ok(()),
        Some(v) => Err(StateError::UnsupportedVersion {
            path: path.to_owned(),
            version: v.to_string(),
            hint: if v < 4 { UPGRADE_HINT } else { NEWER_HINT },
        }),
        None => Err(StateError::NotState {
            path: path.to_owned(),
            reason: format!("\"version\" is {version}, expected a number"),
        }),
    }
}

fn json_error(path: &str, e: &serde_json::Error) -> StateError {
    let message = match e.classify() {
        Category::Eof => "unexpected end of file (is the state truncated?)".to_owned(),
        _ => {
            // serde_json appends " at line L column C"; it is already in the prefix.
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    };
    StateError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

struct Context<'a> {
    origin: Origin,
    /// Provider references shared by all instances that use the same provider.
    providers: HashMap<String, Arc<ProviderRef>>,
    loaded: &'a mut LoadedState,
    file: &'a mut StateFile,
}

impl Context<'_> {
    fn provider(&mut self, raw: Option<&str>) -> Arc<ProviderRef> {
        let raw = raw.unwrap_or("");
        if let Some(p) = self.providers.get(raw) {
            return p.clone();
        }
        let p = Arc::new(ProviderRef::parse(raw));
        self.providers.insert(raw.to_owned(), p.clone());
        p
    }

    /// Counts data sources and unknown modes; true for a managed resource.
    fn is_managed(&mut self, mode: &str, address: impl FnOnce() -> String, n: usize) -> bool {
        match mode {
            "managed" => true,
            "data" => {
                self.file.data_skipped += n;
                false
            }
            other => {
                self.loaded.diagnostics.push(
                    Diagnostic::warning(
                        "state-unknown-mode",
                        format!("{}: unknown resource mode {other:?}, skipped", address()),
                    )
                    .in_file(self.file.path.to_string()),
                );
                false
            }
        }
    }

    fn v4_resource(&mut self, r: V4Resource) {
        let module = r.module.unwrap_or_default();
        let base = if module.is_empty() {
            format!("{}.{}", r.ty, r.name)
        } else {
            format!("{module}.{}.{}", r.ty, r.name)
        };
        if !self.is_managed(&r.mode, || base.clone(), r.instances.len()) {
            return;
        }
        let provider = self.provider(r.provider.as_deref());
        for instance in r.instances {
            let address = match &instance.index_key {
                Some(key) => format!("{base}{}", index_suffix(key)),
                None => base.clone(),
            };
            let mut attributes = instance.attributes.map(|a| a.0).unwrap_or_default();
            if let Some(paths) = &instance.sensitive_attributes {
                let (masked, not_understood) = mask_v4_paths(&mut attributes, paths);
                self.file.masked += masked;
                if not_understood > 0 {
                    self.loaded.diagnostics.push(
                        Diagnostic::warning(
                            "state-sensitive-path",
                            format!(
                                "{address}: {not_understood} sensitive attribute path(s) not \
                                 understood; their top-level attribute was masked where known"
                            ),
                        )
                        .in_file(self.file.path.to_string()),
                    );
                }
            }
            self.push(&r.ty, address, module.clone(), attributes, provider.clone());
        }
    }

    fn show_module(&mut self, m: ShowModule) {
        let module = m.address.unwrap_or_default();
        for r in m.resources {
            let address = r.address.unwrap_or_else(|| {
                let data = if r.mode == "data" { "data." } else { "" };
                let index = r.index.as_ref().map(index_suffix).unwrap_or_default();
                let dot = if module.is_empty() { "" } else { "." };
                format!("{module}{dot}{data}{}.{}{index}", r.ty, r.name)
            });
            if !self.is_managed(&r.mode, || address.clone(), 1) {
                continue;
            }
            let provider = self.provider(r.provider_name.as_deref());
            let mut attributes = r.values.map(|a| a.0).unwrap_or_default();
            if let Some(mirror) = &r.sensitive_values {
                self.file.masked += mask_mirror(&mut attributes, mirror);
            }
            self.push(&r.ty, address, module.clone(), attributes, provider);
        }
        for child in m.child_modules {
            self.show_module(child);
        }
    }

    fn push(
        &mut self,
        ty: &str,
        address: String,
        module: String,
        mut attributes: Value,
        provider: Arc<ProviderRef>,
    ) {
        self.file.masked += mask_known(ty, &mut attributes);
        let cloud_id = match attributes.get_path("id") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(driftguard_model::format_number(*n)),
            _ => None,
        };
        let (region, region_source) = region_of(&attributes);
        self.file.managed += 1;
        self.loaded.resources.push(StateResource {
            resource: Resource {
                mode: ResourceMode::Managed,
                resource_type: ty.to_owned(),
                address,
                module,
                cloud_id,
                attributes,
                span: None,
                attribute_spans: Default::default(),
                origin: self.origin.clone(),
            },
            provider,
            region,
            region_source,
        });
    }
}

/// `[0]` or `["key"]`, with the key quoted as Terraform quotes it in addresses.
fn index_suffix(key: &serde_json::Value) -> String {
    match key {
        serde_json::Value::Number(n) => format!("[{n}]"),
        serde_json::Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 4);
            out.push_str("[\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push_str("\"]");
            out
        }
        other => format!("[{other}]"),
    }
}

/// The region: the `region` attribute when the provider records it (terraform-provider-aws ≥ 6
/// does on every regional resource), else the region field of the `arn` attribute (empty for
/// global services such as IAM and for S3 bucket ARNs, which gives `None`).
fn region_of(attributes: &Value) -> (Option<String>, Option<RegionSource>) {
    if let Some(region) = attributes
        .get_path("region")
        .and_then(Value::as_str)
        .filter(|r| is_region_name(r))
    {
        return (Some(region.to_owned()), Some(RegionSource::Attribute));
    }
    let from_arn = attributes
        .get_path("arn")
        .and_then(Value::as_str)
        .and_then(|arn| {
            let mut parts = arn.splitn(6, ':');
            (parts.next()? == "arn").then_some(())?;
            let region = parts.nth(2)?;
            parts.next()?; // account: a well-formed ARN has all six parts
            is_region_name(region).then(|| region.to_owned())
        });
    match from_arn {
        Some(region) => (Some(region), Some(RegionSource::Arn)),
        None => (None, None),
    }
}

fn is_region_name(s: &str) -> bool {
    !s.is_empty()
        && s.contains('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
