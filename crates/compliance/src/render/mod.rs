//! Renderers of a [`Posture`]: one self-contained HTML page, Markdown, JSON and CSV.

mod csv;
mod html;
mod json;
mod markdown;

pub use self::csv::csv;
pub use self::html::html;
pub use self::json::json;
pub use self::markdown::markdown;

use crate::posture::Posture;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
    Csv,
}

impl Format {
    /// Renders `posture` in this format.
    pub fn render(self, posture: &Posture) -> String {
        match self {
            Format::Html => html(posture),
            Format::Markdown => markdown(posture),
            Format::Json => json(posture),
            Format::Csv => csv(posture),
        }
    }
}
