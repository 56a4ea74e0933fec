//! `merge --format table`: the combined evaluation for the terminal, width-aware for CJK.

use super::{cluster_grid, cluster_title, summary_lines};
use crate::columns::{fit, right, width};
use crate::i18n::Lang;
use crate::panel::Combined;

/// The combined evaluation as aligned text tables.
pub fn combined_table(combined: &Combined, lang: Lang) -> String {
    let mut out = String::new();
    for cluster in &combined.clusters {
        out.push_str(&cluster_title(cluster, lang));
        out.push('\n');
        let (header, rows) = cluster_grid(combined, cluster, lang);
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let last = header.len().saturating_sub(1);
        for row in std::iter::once(&header).chain(&rows) {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, w))| {
                    if i == 0 || i == last {
                        fit(cell, *w)
                    } else {
                        right(cell, *w)
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    for line in summary_lines(combined, lang) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
