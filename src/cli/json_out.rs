//! How the commands print JSON.

/// A JSON document as the commands print it: pretty, with a final newline.
pub fn json_text(document: &serde_json::Value) -> String {
    // serialising a `Value` cannot fail (its keys are strings)
    let mut out = serde_json::to_string_pretty(document).unwrap_or_default();
    out.push('\n');
    out
}
