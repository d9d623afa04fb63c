//! Redshift provisioned clusters. `publicly_accessible` defaulted to true until AWS provider v6
//! (false since), so an absent setting is decided from the provider version the configuration
//! requires.

use driftguard_model::{Resource, Tri, Value};

use super::{is_set, set_value};
use crate::Context;

/// Why an absent `publicly_accessible` can leave a check undecided.
pub const PUBLIC_DEFAULT_CHANGED: &str = "publicly_accessible is not set, and its default \
     changed with AWS provider v6 (true before, false since): set it, or constrain the aws \
     provider version in required_providers";

/// Whether the AWS provider this configuration requires is v6 or later, from its
/// `required_providers` constraints: true when every version they allow is 6.0 or later, false
/// when every one is older, unknown when there is no constraint or it allows both.
pub fn aws_provider_v6_or_later(ctx: &Context<'_>) -> Tri {
    let mut range = MajorRange::default();
    let mut constrained = false;
    for requirement in ctx.of_type("terraform_required_provider") {
        let name = requirement.get("name").and_then(Value::as_str);
        let source = set_value(requirement, "source").and_then(Value::as_str);
        let is_aws = match source {
            Some(source) => source.to_ascii_lowercase().ends_with("hashicorp/aws"),
            None => name == Some("aws"),
        };
        if !is_aws {
            continue;
        }
        // An unknown constraint can only narrow the known ones: it is left out.
        if let Some(Value::String(constraint)) = set_value(requirement, "version") {
            constrained |= range.narrow(constraint);
        }
    }
    if !constrained {
        return Tri::Unknown;
    }
    if range.lowest >= 6 {
        Tri::True
    } else if range.highest.is_some_and(|highest| highest < 6) {
        Tri::False
    } else {
        Tri::Unknown
    }
}

/// The major versions a set of version constraints allows, as an inclusive range.
#[derive(Debug, Default)]
struct MajorRange {
    lowest: u64,
    highest: Option<u64>,
}

impl MajorRange {
    /// Narrows the range by a constraint such as `~> 5.40`, `>= 5.0, < 7.0` or `6.2.0`;
    /// returns whether any clause was understood.
    fn narrow(&mut self, constraint: &str) -> bool {
        let mut understood = false;
        for clause in constraint.split(',') {
            let clause = clause.trim();
            let (operator, version) = ["~>", ">=", "<=", "!=", ">", "<", "="]
                .iter()
                .find_map(|op| clause.strip_prefix(op).map(|rest| (*op, rest)))
                .unwrap_or(("=", clause));
            let version = version.trim().trim_start_matches('v');
            let version = version.split('-').next().unwrap_or(version);
            let parts: Vec<u64> = match version.split('.').map(str::parse).collect() {
                Ok(parts) => parts,
                Err(_) => continue,
            };
            let Some(&major) = parts.first() else {
                continue;
            };
            let at_major_start = parts[1..].iter().all(|p| *p == 0);
            // (lowest, highest) major version the clause allows.
            let (lowest, highest) = match operator {
                "=" => (Some(major), Some(major)),
                ">=" | ">" => (Some(major), None),
                "<=" => (None, Some(major)),
                "<" if at_major_start => (None, Some(major.saturating_sub(1))),
                "<" => (None, Some(major)),
                // `~> 5` lets the major version grow; `~> 5.40` and `~> 5.40.1` do not.
                "~>" if parts.len() > 1 => (Some(major), Some(major)),
                "~>" => (Some(major), None),
                _ => continue,
            };
            if let Some(lowest) = lowest {
                self.lowest = self.lowest.max(lowest);
            }
            if let Some(highest) = highest {
                self.highest = Some(self.highest.map_or(highest, |h| h.min(highest)));
            }
            understood = true;
        }
        understood
    }
}

/// An `aws_redshift_cluster`.
pub struct Cluster<'a> {
    pub resource: &'a Resource,
}

impl<'a> Cluster<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Cluster { resource }
    }

    /// Whether the cluster is restored from a snapshot, and so inherits its encryption.
    pub fn is_restored(&self) -> bool {
        is_set(self.resource, "snapshot_identifier") || is_set(self.resource, "snapshot_arn")
    }

    /// `publicly_accessible`; when absent, the default of the required provider version
    /// (true before v6, false since), unknown when that version is not pinned to one side.
    pub fn publicly_accessible(&self, ctx: &Context<'_>) -> Tri {
        match set_value(self.resource, "publicly_accessible") {
            Some(value) => value.truth(),
            None => aws_provider_v6_or_later(ctx).negate(),
        }
    }

    /// Whether the cluster is encrypted at rest. Absent, `encrypted` is true with provider v6;
    /// earlier providers do not send it and leave it to Redshift, which encrypts new clusters
    /// by default since its 2025 change of defaults. Only `encrypted = false` is therefore
    /// unencrypted. A restore inherits the snapshot's encryption unless `encrypted` is true.
    pub fn encrypted(&self) -> Tri {
        let declared = match set_value(self.resource, "encrypted") {
            Some(value) => value.truth(),
            None => Tri::True,
        };
        if declared != Tri::True && self.is_restored() {
            declared.or(Tri::Unknown)
        } else {
            declared
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MajorRange;

    fn range(constraint: &str) -> (u64, Option<u64>) {
        let mut range = MajorRange::default();
        range.narrow(constraint);
        (range.lowest, range.highest)
    }

    #[test]
    fn constraints_bound_the_major_version() {
        assert_eq!(range("~> 5.40"), (5, Some(5)));
        assert_eq!(range("~> 6.0"), (6, Some(6)));
        assert_eq!(range("~> 5"), (5, None));
        assert_eq!(range(">= 5.0, < 6.0"), (5, Some(5)));
        assert_eq!(range(">= 4.0, < 6.1"), (4, Some(6)));
        assert_eq!(range("5.31.0"), (5, Some(5)));
        assert_eq!(range("= 6.2.0"), (6, Some(6)));
        assert_eq!(range(">= 6.0.0-beta1"), (6, None));
        assert_eq!(range("!= 5.1.0"), (0, None));
    }
}
