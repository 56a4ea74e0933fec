//! `merge --format md`: the combined evaluation as Markdown tables, for reports.

use super::{cluster_grid, cluster_title, summary_lines};
use crate::i18n::Lang;
use crate::panel::Combined;

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The combined evaluation as Markdown.
pub fn combined_markdown(combined: &Combined, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", lang.pick("评审汇总", "Combined evaluation"));
    for cluster in &combined.clusters {
        out.push_str(&format!("## {}\n\n", cell(&cluster_title(cluster, lang))));
        let (header, rows) = cluster_grid(combined, cluster, lang);
        out.push_str(&format!(
            "| {} |\n",
            header
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!(
            "|{}\n",
            header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                .collect::<String>()
        ));
        for row in rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("## {}\n\n", lang.pick("说明", "Notes")));
    for line in summary_lines(combined, lang) {
        out.push_str(&format!("- {}\n", cell(&line)));
    }
    out
}
