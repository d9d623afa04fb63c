//! Baselines: accept the findings a repository has today, report only new ones.
//!
//! A baseline stores fingerprints (rule, file, resource address, attribute), not line numbers,
//! so findings keep matching when code moves within a file.

use std::collections::HashSet;
use std::path::Path;

use driftguard_model::{Finding, Suppression, SuppressionKind};
use serde::{Deserialize, Serialize};

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

/// One accepted finding; everything but the fingerprint is there for human review of the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule_id: String,
    pub resource_address: String,
    pub file: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("baseline {path} is not valid: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error(
        "baseline {path} has version {found}; this driftguard reads version {BASELINE_VERSION}"
    )]
    Version { path: String, found: u32 },
    #[error("cannot write baseline {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl Baseline {
    /// A baseline accepting every unsuppressed finding.
    pub fn from_findings<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Self {
        let mut seen = HashSet::new();
        let mut entries: Vec<BaselineEntry> = findings
            .into_iter()
            .filter(|f| f.suppression.is_none() && seen.insert(f.fingerprint.clone()))
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                resource_address: f.resource_address.clone(),
                file: f.location.as_ref().map(|s| s.file.to_string()),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.file, &a.resource_address, &a.rule_id).cmp(&(
                &b.file,
                &b.resource_address,
                &b.rule_id,
            ))
        });
        Baseline {
            version: BASELINE_VERSION,
            findings: entries,
        }
    }

    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: display.clone(),
            source,
        })?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|source| BaselineError::Parse {
                path: display.clone(),
                source,
            })?;
        if baseline.version != BASELINE_VERSION {
            return Err(BaselineError::Version {
                path: display,
                found: baseline.version,
            });
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let json = serde_json::to_string_pretty(self).expect("a baseline always serializes");
        std::fs::write(path, json + "\n").map_err(|source| BaselineError::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// Marks findings the baseline accepts as suppressed (kind `baseline`).
    pub fn apply(&self, findings: &mut [Finding]) {
        let accepted: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        for finding in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            if accepted.contains(finding.fingerprint.as_str()) {
                finding.suppression = Some(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: Some("accepted in the baseline".into()),
                    expires: None,
                });
            }
        }
    }
}
