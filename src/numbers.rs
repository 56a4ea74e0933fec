//! Numbers as parks write them in Excel: thousands separators (`1,234.5`), full-width digits
//! (`１２３`), a trailing percent sign (`12.5%`). Anything else is refused with what was found.

use rust_decimal::Decimal;

/// The largest magnitude accepted anywhere (10^15): far above any real figure, and small enough
/// that every sum, ratio and product on the scoring path stays inside `Decimal`'s range.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0);

/// A number read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedNumber {
    /// The value as written (a percent sign does not divide by 100: `12.5%` is 12.5).
    pub value: Decimal,
    /// Whether the cell carried a trailing `%`.
    pub percent: bool,
}

/// What a number cell must look like, for error messages.
pub const EXPECTED_NUMBER: &str = "a number (digits, optional thousands separators, full-width digits, trailing % for percentages)";

/// The longest cell text quoted whole in a message.
const SHOWN_CHARS: usize = 80;

/// A cell's text for a message: whole when short, else its first characters and how long it
/// was (a 50 MB cell is not echoed back).
pub fn clipped(cell: &str) -> String {
    let count = cell.chars().count();
    if count <= SHOWN_CHARS {
        cell.to_string()
    } else {
        let head: String = cell.chars().take(SHOWN_CHARS).collect();
        format!("{head}… ({count} characters)")
    }
}

/// Parses a number cell. The error text says what was found and what was expected.
pub fn parse_number(cell: &str) -> Result<ParsedNumber, String> {
    let normalised: String = cell.chars().map(half_width).collect();
    let mut text = normalised.trim();
    let found = || {
        format!(
            "found \"{}\", expected {EXPECTED_NUMBER}",
            clipped(cell.trim())
        )
    };
    if text.is_empty() {
        return Err(format!("found an empty cell, expected {EXPECTED_NUMBER}"));
    }
    let percent = text.ends_with('%');
    if percent {
        text = text.trim_end_matches('%').trim_end();
    }
    let (negative, unsigned) = if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest)
    } else {
        (false, text)
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let integer_digits = integer_without_separators(integer).ok_or_else(found)?;
    let fraction_digits = fraction.unwrap_or("");
    if !fraction_digits.bytes().all(|b| b.is_ascii_digit())
        || (integer_digits.is_empty() && fraction_digits.is_empty())
    {
        return Err(found());
    }
    let plain = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        if integer_digits.is_empty() {
            "0"
        } else {
            &integer_digits
        },
        if fraction_digits.is_empty() {
            "0"
        } else {
            fraction_digits
        }
    );
    // exact or refused: more than 28 significant digits would be rounded silently
    let value = Decimal::from_str_exact(&plain).map_err(|_| found())?;
    if value.abs() > MAX_MAGNITUDE {
        return Err(format!(
            "found \"{}\", expected a number no larger than 10^15 in magnitude",
            clipped(cell.trim())
        ));
    }
    Ok(ParsedNumber {
        value: value.normalize(),
        percent,
    })
}

/// Full-width digits, signs, separators and spaces to their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' | '。' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        '％' => '%',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The digits of an integer part, accepting thousands separators only in groups of three.
fn integer_without_separators(integer: &str) -> Option<String> {
    if !integer.contains(',') {
        return integer
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| integer.to_string());
    }
    let mut groups = integer.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = first.to_string();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// Parses a whole year (`2025`, `２０２５`, `2025年`).
pub fn parse_year(cell: &str) -> Result<i32, String> {
    let normalised: String = cell.chars().map(half_width).collect();
    let text = normalised.trim().trim_end_matches('年').trim();
    text.parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            format!(
                "found \"{}\", expected a year such as 2025",
                clipped(cell.trim())
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(cell: &str) -> Decimal {
        parse_number(cell).map(|n| n.value).unwrap_or(Decimal::MIN)
    }

    #[test]
    fn plain_separated_full_width_and_percent() {
        assert_eq!(value("127").to_string(), "127");
        assert_eq!(value(" 1,234,567.50 ").to_string(), "1234567.5");
        assert_eq!(value("１２３．４").to_string(), "123.4");
        assert_eq!(value("１，２３４").to_string(), "1234");
        assert_eq!(value("-3.5").to_string(), "-3.5");
        assert_eq!(value("－3.5").to_string(), "-3.5");
        assert_eq!(value(".5").to_string(), "0.5");
        let p = parse_number("12.5%").ok();
        assert_eq!(
            p,
            Some(ParsedNumber {
                value: Decimal::new(125, 1),
                percent: true
            })
        );
        assert_eq!(parse_number("１２％").map(|n| n.percent), Ok(true));
    }

    #[test]
    fn refuses_text_bad_grouping_and_huge_values() {
        for bad in [
            "abc", "12,34", "1,2345", ",123", "1.2.3", "1e5", "", "  ", "--1", "%", "十二",
        ] {
            assert!(parse_number(bad).is_err(), "{bad:?} accepted");
        }
        let message = parse_number("abc").err().unwrap_or_default();
        assert!(message.contains("found \"abc\""), "{message}");
        assert!(parse_number("1000000000000001").is_err());
        assert!(parse_number("1000000000000000").is_ok());
    }

    #[test]
    fn max_magnitude_is_ten_to_the_fifteen() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_i64));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2025"), Ok(2025));
        assert_eq!(parse_year("２０２４年"), Ok(2024));
        assert!(parse_year("25a").is_err());
        assert!(parse_year("12").is_err());
    }
}
