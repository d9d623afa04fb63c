//! The checks driftguard runs, each with its compliance mapping: what a report joins to the
//! controls. The binary assembles it from the rule registry, the drift classes and the trail
//! detections; tests build small ones.

use serde::Serialize;

use crate::{Control, Framework, Mapping};

/// Which command produces a check's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `driftguard scan`: rules over code.
    Scan,
    /// `driftguard drift`: declared vs live.
    Drift,
    /// `driftguard trail`: CloudTrail detections.
    Trail,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Scan => "scan",
            Source::Drift => "drift",
            Source::Trail => "trail",
        }
    }
}

/// One automated check: a scan rule, a drift class or a trail detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The id its results carry: a rule id, `drift-changed`, `aws-out-of-band-change`.
    pub id: String,
    pub source: Source,
    pub title: String,
    pub mapping: Mapping,
}

/// Every check, in the order listings show them.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    checks: Vec<Check>,
}

impl Catalog {
    pub fn new(checks: Vec<Check>) -> Self {
        Catalog { checks }
    }

    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// The ids of the checks of one source: what an input of that source that does not list
    /// its checks is assumed to have run.
    pub fn ids(&self, source: Source) -> Vec<String> {
        self.checks
            .iter()
            .filter(|c| c.source == source)
            .map(|c| c.id.clone())
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The checks that give evidence on `control` of `framework`.
    pub fn assessing<'c>(&'c self, framework: &Framework, control: &Control) -> Vec<&'c Check> {
        self.checks
            .iter()
            .filter(|check| {
                check
                    .mapping
                    .controls_in(framework)
                    .iter()
                    .any(|c| c.id == control.id)
            })
            .collect()
    }
}
