//! Compliance frameworks as data.
//!
//! Each framework is one versioned TOML file under `frameworks/`, embedded in the binary with
//! `include_str!` and parsed once on first use. Control names are short paraphrases in our own
//! words; the files carry the official source URL so an auditor can read the authoritative text.
//!
//! ```
//! let iso = driftguard_compliance::framework("iso27001").unwrap();
//! assert_eq!(iso.control("A.8.9").unwrap().name, "Configuration management");
//! ```

mod catalog;
pub mod evidence;
mod mapping;
pub mod posture;
pub mod render;
mod topic;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

pub use catalog::{Catalog, Check, Source};
pub use evidence::{parse_input, read_input, Evidence, EvidenceState, Input, InputError, Severity};
pub use mapping::{ControlRef, Mapping};
pub use posture::{assess, Posture, Status};
pub use topic::Topic;

/// Id of ISO/IEC 27001:2022, the framework every check must map to.
pub const ISO27001: &str = "iso27001";

/// The embedded framework files, in listing order.
const SOURCES: &[(&str, &str)] = &[
    (
        "iso27001-2022.toml",
        include_str!("../frameworks/iso27001-2022.toml"),
    ),
    ("cis-aws.toml", include_str!("../frameworks/cis-aws.toml")),
    ("soc2.toml", include_str!("../frameworks/soc2.toml")),
    (
        "pci-dss-4.toml",
        include_str!("../frameworks/pci-dss-4.toml"),
    ),
    (
        "nist-800-53-r5.toml",
        include_str!("../frameworks/nist-800-53-r5.toml"),
    ),
    ("hipaa.toml", include_str!("../frameworks/hipaa.toml")),
];

/// A compliance framework: its identity and its controls.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id used on the command line and in mappings, e.g. `iso27001`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Edition or version of the framework the file describes.
    pub version: String,
    /// Body that publishes the framework.
    pub publisher: String,
    /// URL of the official source.
    pub source: String,
    /// Themes, sections or families that group the controls.
    pub groups: Vec<Group>,
    /// Controls in document order.
    pub controls: Vec<Control>,
    /// The crosswalk: for each [`Topic`] (by its kebab-case name), the controls it concerns.
    #[serde(default)]
    pub topics: BTreeMap<String, Vec<String>>,
}

/// A theme, section or family of controls (e.g. ISO 27001 `technological`, NIST `AC`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// One control (or requirement, recommendation, criterion, standard) of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Id as the framework numbers it, e.g. `A.8.9`, `2.1.4`, `CC6.1`, `AC-2`, `164.312(b)`.
    pub id: String,
    /// Short name, in our own words.
    pub name: String,
    /// Id of the [`Group`] the control belongs to.
    pub group: String,
    /// Kind where the framework distinguishes them (HIPAA: `standard`, `required`, `addressable`).
    #[serde(default)]
    pub kind: Option<String>,
    /// Id of the parent control (HIPAA: the standard an implementation specification belongs to).
    #[serde(default)]
    pub parent: Option<String>,
}

impl Framework {
    /// The control with this id, if the framework defines it.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// Name and version for headings: `PCI Data Security Standard 4.0`, but `ISO/IEC
    /// 27001:2022 Annex A` whose name already carries its version.
    pub fn title(&self) -> String {
        if self.name.contains(&self.version) {
            self.name.clone()
        } else {
            format!("{} {}", self.name, self.version)
        }
    }

    /// The ids of the controls `topic` concerns in this framework (empty when none does).
    pub fn topic_controls(&self, topic: Topic) -> &[String] {
        self.topics.get(topic.as_str()).map_or(&[], Vec::as_slice)
    }

    /// The controls of one group, in document order.
    pub fn controls_in<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Control> + 'a {
        self.controls.iter().filter(move |c| c.group == group)
    }
}

/// All embedded frameworks, parsed on first use.
///
/// The data is compiled in and covered by this crate's tests, so a parse failure is a build
/// defect; it panics with the file name and the parser's message.
pub fn frameworks() -> &'static [Framework] {
    static FRAMEWORKS: OnceLock<Vec<Framework>> = OnceLock::new();
    FRAMEWORKS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(file, text)| {
                toml::from_str(text)
                    .unwrap_or_else(|e| panic!("embedded framework {file} is invalid: {e}"))
            })
            .collect()
    })
}

/// The framework with this id (`iso27001`, `cis-aws`, `soc2`, `pci-dss`, `nist-800-53`, `hipaa`).
pub fn framework(id: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|f| f.id == id)
}
