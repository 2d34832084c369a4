//! `--statistics`: how many findings each code has, instead of the findings
//! themselves, most frequent first (ties by code), as ruff prints them.
//!
//! ```text
//!   3  ANONYMOUS_ACCESS  anonymous-access  an `Allow` lets anonymous callers in
//!   1  MISSING_VERSION   missing-version   the policy has no `Version`
//! ```

use std::collections::BTreeMap;

use lattice_policy::diagnostic::CodeInfo;
use serde::Serialize;

use super::Checked;
use crate::cli::color::{paint, Paint};
use crate::cli::output::Out;

/// One code's count.
#[derive(Serialize)]
pub struct Count {
    /// The code.
    pub code: &'static str,
    /// Its kebab-case name.
    pub name: &'static str,
    /// How many findings have it.
    pub count: usize,
    /// What the check finds, in one line.
    pub summary: &'static str,
}

/// The counts of the findings seen so far, added one file at a time, so
/// that no file's results need to be kept for them.
#[derive(Default)]
pub struct Statistics {
    by_code: BTreeMap<&'static str, (&'static CodeInfo, usize)>,
}

impl Statistics {
    /// Counts one file's findings.
    pub fn add(&mut self, result: &Checked) {
        if let Checked::Report(report) = result {
            for finding in report.findings() {
                self.by_code
                    .entry(finding.info.code)
                    .or_insert((finding.info, 0))
                    .1 += 1;
            }
        }
    }

    /// Every code found, most frequent first, then by code.
    pub fn counts(&self) -> Vec<Count> {
        let mut counts: Vec<Count> = self
            .by_code
            .values()
            .map(|&(info, count)| Count {
                code: info.code,
                name: info.name,
                count,
                summary: info.summary,
            })
            .collect();
        // The map gave them in code order; a stable sort keeps it for ties.
        counts.sort_by_key(|c| std::cmp::Reverse(c.count));
        counts
    }
}

/// Writes the counts as aligned columns.
pub fn render_text(counts: &[Count], out: &mut Out) {
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_width = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
    let name_width = counts.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for c in counts {
        // Padding is computed on the plain words: colour codes have no width.
        let code = format!("{:<code_width$}", c.code);
        let name = format!("{:<name_width$}", c.name);
        text.push_str(&format!(
            "{:>count_width$}  {}  {}  {}\n",
            c.count,
            paint(Paint::Bold, &code),
            name,
            c.summary
        ));
    }
    out.write(&text);
}

/// Writes the counts as one JSON array.
pub fn render_json(counts: &[Count], out: &mut Out) {
    match serde_json::to_string_pretty(counts) {
        Ok(text) => out.write(&(text + "\n")),
        Err(error) => {
            crate::cli::output::complain(&format!("cannot encode the statistics: {error}"))
        }
    }
}
