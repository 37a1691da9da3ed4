//! `--report FILE`: a picture of a load run (`gy-client`, `mme`): answers
//! per second over time, latency percentiles over time, the latency
//! histogram and the answers by result, drawn with plotters as SVG (or an
//! HTML page holding it); `.json` writes the same data.

mod chart;
mod timeline;

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::Serialize;

pub use timeline::{bars, Point, Timeline};

/// What a report shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The run, in words (the chart's title).
    pub title: String,
    /// Answers and latency percentiles by interval.
    pub timeline: Vec<Point>,
    /// The latency histogram: (upper bound in µs, answers).
    pub latency: Vec<(u64, u64)>,
    /// Answers by result (`2001`, `AIA 2001 DIAMETER_SUCCESS`, ...).
    pub results: BTreeMap<String, u64>,
}

impl Report {
    /// Writes the report to `path`: SVG, or an HTML page with the SVG
    /// when it ends in `.html`, or the data as JSON when in `.json`.
    ///
    /// # Errors
    /// The file cannot be written, or the chart cannot be drawn.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = match ext.to_ascii_lowercase().as_str() {
            "json" => serde_json::to_string_pretty(self).map_err(io::Error::other)?,
            "html" => format!(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{}\n</body></html>\n",
                escape(&self.title),
                chart::svg(self)?
            ),
            _ => chart::svg(self)?,
        };
        std::fs::write(path, text)
    }
}

/// `text` with the characters HTML gives a meaning escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
