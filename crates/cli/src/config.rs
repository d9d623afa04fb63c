//! `driftguard.toml`, found upward from the working directory. Flags override it.
//!
//! ```toml
//! [scan]
//! select = ["aws-s3", "aws-ec2-security-group-ssh-open"]
//! ignore = ["aws-s3-bucket-logging"]
//! fail-on = "high"
//! format = "sarif"
//! var-files = ["env/prod.tfvars"]
//! baseline = ".driftguard-baseline.json"
//!
//! [scan.vars]
//! environment = "prod"
//!
//! [trail]
//! # The principals that deploy IaC: their writes are in band; an IaC user agent from anyone
//! # else is an unsanctioned (or spoofed) IaC run.
//! pipeline-principals = ["arn:aws:iam::*:role/terraform-ci", "arn:aws:iam::123456789012:role/deploy-*"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Deserialize;

pub const CONFIG_FILE: &str = "driftguard.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub scan: ScanConfig,
    #[serde(default)]
    pub trail: TrailConfig,
    /// Where the file was found; relative paths in it resolve against its directory.
    #[serde(skip)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<String>,
    pub format: Option<String>,
    pub var_files: Option<Vec<PathBuf>>,
    pub vars: Option<BTreeMap<String, String>>,
    pub baseline: Option<PathBuf>,
    pub show_suppressed: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrailConfig {
    /// ARN glob patterns of the principals that deploy IaC.
    pub pipeline_principals: Option<Vec<String>>,
}

impl Config {
    /// `explicit`, or the nearest `driftguard.toml` at or above `start`, or the defaults.
    pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => start
                .ancestors()
                .map(|dir| dir.join(CONFIG_FILE))
                .find(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        config.dir = path.parent().map(Path::to_path_buf);
        Ok(config)
    }

    /// A path from the file, relative to the file's directory.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        match &self.dir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_config_upward_and_resolves_paths_against_it() {
        let tmp = tempfile::tempdir().unwrap();
        let nested = tmp.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(
            tmp.path().join(CONFIG_FILE),
            "[scan]\nfail-on = \"high\"\nvar-files = [\"x.tfvars\"]\n",
        )
        .unwrap();
        let config = Config::load(None, &nested).unwrap();
        assert_eq!(config.scan.fail_on.as_deref(), Some("high"));
        assert_eq!(
            config.resolve(Path::new("x.tfvars")),
            tmp.path().join("x.tfvars")
        );
    }

    #[test]
    fn rejects_unknown_keys_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(CONFIG_FILE);
        std::fs::write(&path, "[scan]\nfail_on = \"high\"\n").unwrap();
        let err = Config::load(Some(&path), tmp.path())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("driftguard.toml") && err.contains("fail_on"),
            "{err}"
        );
    }
}
