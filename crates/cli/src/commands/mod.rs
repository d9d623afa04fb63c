//! One module per subcommand; what several share lives here or in [`live`].

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

pub mod drift;
pub mod frameworks;
pub mod inventory;
pub mod live;
pub mod report;
pub mod rules;
pub mod scan;
pub mod trail;

/// Writes a report to `output`, or to standard output. A closed pipe (`| head`) is not an error
/// worth reporting.
pub fn write_output(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
            Ok(())
        }
    }
}
