//! The declared side of drift: Terraform state readers.
//!
//! Reads Terraform state format version 4 (`terraform.tfstate`, `terraform state pull`) and the
//! JSON of `terraform show -json`, from a file, a glob or a reader (stdin), into
//! [`StateResource`]s: one managed [`Resource`] per instance, with its provider and region. Data
//! sources are skipped and counted; outputs and `private` blobs are not kept at all.
//!
//! Sensitive values are masked as each instance is loaded, before anything else sees it: the
//! paths in v4 `sensitive_attributes`, the `true` leaves of show-json `sensitive_values`, and
//! [`KNOWN_SECRET_ATTRIBUTES`] are replaced with [`SENSITIVE_MARKER`].
//!
//! ```no_run
//! use driftguard_terraform::state::{load_states, StateSource};
//! let loaded = load_states(&[StateSource::parse("states/**/*.tfstate")]).unwrap();
//! for r in &loaded.resources {
//!     println!("{} {:?} {}", r.resource.address, r.region, r.provider);
//! }
//! ```

mod error;
mod json;
mod parse;
mod sensitive;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use driftguard_model::{Diagnostic, Resource};
use globset::GlobBuilder;

pub use error::StateError;
pub use sensitive::{is_masked, KNOWN_SECRET_ATTRIBUTES, SENSITIVE_MARKER};

/// The name states read from a reader with [`StateSource::Stdin`] are reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// Where to read states from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateSource {
    /// One file.
    Path(PathBuf),
    /// A glob such as `states/**/*.tfstate` (`*` does not cross `/`, `**` does). It must match
    /// at least one file.
    Glob(String),
    /// Standard input (`-`).
    Stdin,
    /// An object of an S3 backend: `s3://bucket/key`; a key with glob characters matches every
    /// object under its literal prefix (`s3://tf-states/prod/**/terraform.tfstate`).
    S3 { bucket: String, key: String },
    /// An HTTP backend address (`https://…`), read with GET.
    Http(String),
}

impl StateSource {
    /// A command-line argument: `-` is stdin, anything with `*`, `?`, `[` or `{` is a glob,
    /// anything else a path.
    pub fn parse(arg: &str) -> StateSource {
        if let Some(rest) = arg.strip_prefix("s3://") {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            StateSource::S3 {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
            }
        } else if arg.starts_with("https://") || arg.starts_with("http://") {
            StateSource::Http(arg.to_owned())
        } else if arg == "-" {
            StateSource::Stdin
        } else if arg.contains(['*', '?', '[', '{']) {
            StateSource::Glob(arg.to_owned())
        } else {
            StateSource::Path(PathBuf::from(arg))
        }
    }

    /// A source read over the network by a [`Fetcher`].
    pub fn is_remote(&self) -> bool {
        matches!(self, StateSource::S3 { .. } | StateSource::Http(_))
    }
}

impl fmt::Display for StateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateSource::Path(path) => write!(f, "{}", path.display()),
            StateSource::Glob(pattern) => f.write_str(pattern),
            StateSource::Stdin => f.write_str(STDIN_NAME),
            StateSource::S3 { bucket, key } => write!(f, "s3://{bucket}/{key}"),
            StateSource::Http(url) => f.write_str(&redact_url(url)),
        }
    }
}

/// The URL without its userinfo (`https://user:secret@host/…` → `https://host/…`), for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// One state fetched from a remote source, named for errors and origins (`s3://b/k`).
#[derive(Debug, Clone)]
pub struct FetchedState {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads remote sources ([`StateSource::is_remote`]): the S3 and HTTP clients live outside this
/// crate. Every state the source names, or an error naming the source.
pub type Fetcher<'a> = dyn FnMut(&StateSource) -> Result<Vec<FetchedState>, StateError> + 'a;

/// Which JSON shape a state was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFormat {
    /// A state file, format version 4.
    V4,
    /// `terraform show -json` (format_version 1.x).
    ShowJson,
}

/// What was read from one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFile {
    pub path: Arc<str>,
    pub format: StateFormat,
    /// `terraform_version` (v4 only).
    pub terraform_version: Option<String>,
    /// `serial` and `lineage` (v4 only).
    pub serial: Option<u64>,
    pub lineage: Option<String>,
    /// Managed resource instances loaded.
    pub managed: usize,
    /// Data source instances skipped.
    pub data_skipped: usize,
    /// Values replaced with [`SENSITIVE_MARKER`].
    pub masked: usize,
}

/// A provider configuration as a state records it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderRef {
    /// As written in the state: `provider["registry.terraform.io/hashicorp/aws"].west`
    /// (v4), or `registry.terraform.io/hashicorp/aws` (show-json `provider_name`).
    pub address: String,
    /// `registry.terraform.io/hashicorp/aws`.
    pub source: String,
    /// The provider type: `aws`.
    pub name: String,
    /// `west`. show-json does not record aliases, so it is always `None` there.
    pub alias: Option<String>,
}

impl ProviderRef {
    /// Parses `provider["registry.terraform.io/hashicorp/aws"].west`, its module-scoped form
    /// `module.m.provider["…"]`, the Terraform 0.12 form `provider.aws.west`, or a bare source.
    pub fn parse(address: &str) -> ProviderRef {
        let (source, alias) = if let Some(i) = address.find("provider[\"") {
            let rest = &address[i + "provider[\"".len()..];
            match rest.find("\"]") {
                Some(end) => {
                    let alias = rest[end + 2..].strip_prefix('.').map(str::to_owned);
                    (rest[..end].to_owned(), alias)
                }
                None => (rest.to_owned(), None),
            }
        } else if let Some(rest) = address.strip_prefix("provider.") {
            match rest.split_once('.') {
                Some((name, alias)) => (name.to_owned(), Some(alias.to_owned())),
                None => (rest.to_owned(), None),
            }
        } else {
            (address.to_owned(), None)
        };
        let name = source.rsplit('/').next().unwrap_or(&source).to_owned();
        ProviderRef {
            address: address.to_owned(),
            source,
            name,
            alias: alias.filter(|a| !a.is_empty()),
        }
    }
}

impl fmt::Display for ProviderRef {
    /// `aws.west`, or `aws` without an alias.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.alias {
            Some(alias) => write!(f, "{}.{alias}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Where [`StateResource::region`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The instance's `region` attribute (terraform-provider-aws ≥ 6 records it).
    Attribute,
    /// The region field of the instance's `arn` attribute.
    Arn,
}

/// One managed resource instance from a state, with what the state tells about where it lives.
#[derive(Debug, Clone)]
pub struct StateResource {
    /// Mode managed, full address, `cloud_id` = the `id` attribute, origin the state's path.
    pub resource: Resource,
    /// Shared by every instance that uses the same provider configuration.
    pub provider: Arc<ProviderRef>,
    /// `None` for global resources (IAM, …) and when the state does not tell: the provider
    /// configuration's region is not recorded in state.
    pub region: Option<String>,
    pub region_source: Option<RegionSource>,
}

/// Everything loaded from one or more states.
#[derive(Debug, Default)]
pub struct LoadedState {
    pub resources: Vec<StateResource>,
    /// One entry per state read, in the order read.
    pub files: Vec<StateFile>,
    /// Warnings: duplicate cloud ids, sensitive paths not understood, unknown modes.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedState {
    /// Managed instances loaded, over all files.
    pub fn managed(&self) -> usize {
        self.files.iter().map(|f| f.managed).sum()
    }

    /// Data source instances skipped, over all files.
    pub fn data_skipped(&self) -> usize {
        self.files.iter().map(|f| f.data_skipped).sum()
    }

    fn append(&mut self, mut other: LoadedState) {
        self.resources.append(&mut other.resources);
        self.files.append(&mut other.files);
        self.diagnostics.append(&mut other.diagnostics);
    }

    /// Warns about every `(type, cloud id)` declared more than once (the same resource imported
    /// into two states, or twice into one). Both instances are kept.
    fn check_duplicates(&mut self) {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::with_capacity(self.resources.len());
        let mut warnings = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            let Some(id) = r.resource.cloud_id.as_deref() else {
                continue;
            };
            if let Some(&first) = seen.get(&(r.resource.resource_type.as_str(), id)) {
                let first = &self.resources[first].resource;
                warnings.push(
                    Diagnostic::warning(
                        "state-duplicate-id",
                        format!(
                            "{} {id:?} is declared twice: {} in {} and {} in {}",
                            r.resource.resource_type,
                            first.address,
                            origin_path(first),
                            r.resource.address,
                            origin_path(&r.resource),
                        ),
                    )
                    .in_file(origin_path(&r.resource).to_owned()),
                );
            } else {
                seen.insert((r.resource.resource_type.as_str(), id), i);
            }
        }
        self.diagnostics.extend(warnings);
    }
}

fn origin_path(r: &Resource) -> &str {
    match &r.origin {
        driftguard_model::Origin::State { path } => path,
        _ => "",
    }
}

/// Parses one state held in memory; `name` is the path reported in errors and origins.
pub fn parse_state(name: &str, bytes: &[u8]) -> Result<LoadedState, StateError> {
    let mut loaded = parse::parse(name, bytes)?;
    loaded.check_duplicates();
    Ok(loaded)
}

/// Reads one state from a reader (stdin: `terraform state pull | driftguard drift --state -`).
pub fn load_state_reader(name: &str, reader: impl Read) -> Result<LoadedState, StateError> {
    parse_state(name, &read_all(name, reader)?)
}

/// Loads one source. A glob that matches nothing is an error.
pub fn load_state(source: &StateSource) -> Result<LoadedState, StateError> {
    load_states(std::slice::from_ref(source))
}

/// Loads several sources into one [`LoadedState`]; a file matched twice is read once. Stops at
/// the first error: a partly read declared side must not look like a complete one.
pub fn load_states(sources: &[StateSource]) -> Result<LoadedState, StateError> {
    load_states_with(sources, &mut |source| {
        Err(StateError::Remote {
            location: source.to_string(),
            message: "remote states are read by the driftguard command line".into(),
        })
    })
}

/// [`load_states`] with a [`Fetcher`] for remote sources.
pub fn load_states_with(
    sources: &[StateSource],
    fetch: &mut Fetcher<'_>,
) -> Result<LoadedState, StateError> {
    let mut loaded = LoadedState::default();
    let mut read = HashSet::new();
    for source in sources {
        let paths = match source {
            StateSource::S3 { .. } | StateSource::Http(_) => {
                let fetched = fetch(source)?;
                if fetched.is_empty() {
                    return Err(StateError::NoMatch {
                        pattern: source.to_string(),
                    });
                }
                for state in fetched {
                    if read.insert(PathBuf::from(&state.name)) {
                        loaded.append(parse::parse(&state.name, &state.bytes)?);
                    }
                }
                continue;
            }
            StateSource::Stdin => {
                loaded.append(parse::parse(
                    STDIN_NAME,
                    &read_all(STDIN_NAME, std::io::stdin().lock())?,
                )?);
                continue;
            }
            StateSource::Path(path) => vec![path.clone()],
            StateSource::Glob(pattern) => expand_glob(pattern)?,
        };
        for path in paths {
            let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !read.insert(key) {
                continue;
            }
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|source| StateError::Io {
                path: name.clone(),
                source,
            })?;
            loaded.append(parse::parse(&name, &bytes)?);
        }
    }
    loaded.check_duplicates();
    Ok(loaded)
}

fn read_all(name: &str, mut reader: impl Read) -> Result<Vec<u8>, StateError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| StateError::Io {
            path: name.to_owned(),
            source,
        })?;
    Ok(bytes)
}

/// The files a glob matches, sorted. The walk starts at the glob's literal prefix (the
/// components before the first one with a glob character) and does not follow symlinked
/// directories.
pub fn expand_glob(pattern: &str) -> Result<Vec<PathBuf>, StateError> {
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| StateError::Glob {
            pattern: pattern.to_owned(),
            message: e.kind().to_string(),
        })?
        .compile_matcher();
    let mut base = PathBuf::new();
    for component in Path::new(pattern).components() {
        let text = component.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[', '{']) {
            break;
        }
        base.push(component);
    }
    let mut found = Vec::new();
    if base.is_file() {
        if glob.is_match(&base) {
            found.push(base);
        }
    } else {
        let start = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        walk(&start, base.as_os_str().is_empty(), &mut |path| {
            if glob.is_match(path) {
                found.push(path.to_path_buf());
            }
        })
        .map_err(|source| StateError::Io {
            path: start.display().to_string(),
            source,
        })?;
    }
    if found.is_empty() {
        return Err(StateError::NoMatch {
            pattern: pattern.to_owned(),
        });
    }
    found.sort();
    Ok(found)
}

/// Visits the files under `dir`; with `strip_dot`, paths are given without the `./` prefix
/// so that a relative glob matches them.
fn walk(dir: &Path, strip_dot: bool, visit: &mut dyn FnMut(&Path)) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let path = if strip_dot {
            path.strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or(path)
        } else {
            path
        };
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, false, visit)?;
        } else if file_type.is_file()
            || (file_type.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            visit(&path);
        }
    }
    Ok(())
}
