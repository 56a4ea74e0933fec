//! Cell names as Excel and WPS show them (`A1`, `C7`, `AA12`), so that a message about a
//! worksheet cell points at the cell a park sees.

/// The letters of a column (0 = `A`, 25 = `Z`, 26 = `AA`).
pub fn column_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell's name from its 1-based row and 0-based column: (7, 2) is `C7`.
pub fn cell_name(row: usize, column: usize) -> String {
    format!("{}{row}", column_name(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_like_excel() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(51), "AZ");
        assert_eq!(column_name(52), "BA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        // Excel's last column
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(cell_name(7, 2), "C7");
    }

    #[test]
    fn agrees_with_a_brute_force_count() {
        // enumerate A..ZZZ in order, as a spreadsheet's column headers run
        let alphabet: Vec<char> = ('A'..='Z').collect();
        let mut names: Vec<String> = alphabet.iter().map(|c| c.to_string()).collect();
        for a in &alphabet {
            for b in &alphabet {
                names.push(format!("{a}{b}"));
            }
        }
        for a in &alphabet {
            for b in &alphabet {
                for c in &alphabet {
                    names.push(format!("{a}{b}{c}"));
                }
            }
        }
        for (index, name) in names.iter().enumerate() {
            assert_eq!(&column_name(index), name);
        }
    }
}
