//! Errors in user input (rubrics, packages, CSV files): each names the file, the line or row,
//! the item or field, and what was found against what was expected, so a user can fix it.

use std::fmt;

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file as the user named it (or the path inside a package).
    pub file: String,
    /// 1-based line (TOML) or line of the CSV record; `None` when the file as a whole is wrong.
    pub line: Option<usize>,
    /// The item or field: `indicator 5`, `column "value"`, `measure "revenue"`.
    pub item: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

impl InputError {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            item: None,
            message: message.into(),
        }
    }

    /// A problem at a line of a file, about one item.
    pub fn at(
        file: impl Into<String>,
        line: usize,
        item: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            item: Some(item.into()),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(item) = &self.item {
            write!(f, ": {item}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one pass over the input, so a user can fix them all at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// Wraps a single error.
    pub fn one(error: InputError) -> Self {
        Self(vec![error])
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        Self::one(error)
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// 1-based line number of a byte offset in a text.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |head| head.iter().filter(|&&b| b == b'\n').count())
        + 1
}

/// An error of a TOML file (syntax, a missing or unknown field, a wrong type), with the line
/// and, where the error lies inside a table, the item that table describes (`indicator 7`).
pub fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> InputError {
    let line = error.span().map(|s| line_of(text, s.start));
    let mut message = error.message().trim().to_string();
    if message.starts_with("missing field") {
        message.push_str(", expected it in this table");
    }
    InputError {
        file: file.to_string(),
        line,
        item: line.and_then(|l| enclosing_item(text, l)),
        message,
    }
}

/// The item described by the TOML table around a line: `[[indicator]]` with `id = 7` is
/// `indicator 7`, `[panel]` is `panel`.
fn enclosing_item(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let last = line.min(lines.len());
    let header_at = lines
        .get(..last)?
        .iter()
        .rposition(|l| l.trim_start().starts_with('['))?;
    let header = lines
        .get(header_at)?
        .trim()
        .trim_matches(|c| c == '[' || c == ']');
    let name = header.rsplit('.').next().unwrap_or(header).trim();
    let id = lines
        .iter()
        .skip(header_at + 1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| {
            l.trim()
                .strip_prefix("id")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
                .map(str::trim)
        });
    Some(match id {
        Some(id) => format!("{name} {id}"),
        None => name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_item_and_message() {
        let e = InputError::at(
            "a.csv",
            3,
            "column \"value\"",
            "found \"abc\", expected a number",
        );
        assert_eq!(
            e.to_string(),
            "a.csv:3: column \"value\": found \"abc\", expected a number"
        );
        assert_eq!(
            InputError::file("b.toml", "missing").to_string(),
            "b.toml: missing"
        );
    }

    #[test]
    fn toml_errors_name_the_enclosing_table() {
        #[derive(Debug, serde::Deserialize)]
        struct Doc {
            #[allow(dead_code)]
            indicator: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            id: u32,
            #[allow(dead_code)]
            name: String,
        }
        let text = "[[indicator]]\nid = 1\nname = \"a\"\n\n[[indicator]]\nid = 7\nname = 5\n";
        let error = toml::from_str::<Doc>(text).expect_err("name is not a string");
        let error = toml_error("r.toml", text, &error);
        assert_eq!(
            (error.line, error.item.as_deref()),
            (Some(7), Some("indicator 7")),
            "{error}"
        );
    }

    #[test]
    fn line_of_counts_newlines_before_offset() {
        let text = "a\nb\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 4), 3);
        assert_eq!(line_of(text, 999), 3);
    }
}
