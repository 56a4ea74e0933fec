//! The number rule for workbook cells. Excel and WPS store a number as a binary double; a park
//! typed a decimal. A number cell is read as the decimal Excel displays for it: the shortest
//! decimal that gives back the same double, which for any number typed in (at most 15
//! significant digits, Excel's precision) is exactly what was typed — `1296.89` is 1296.89, not
//! 1296.8899999999999. A formula result carrying binary noise past Excel's 15 significant digits
//! (`=0.1+0.2` stores 0.30000000000000004) is read at 15 significant digits, as Excel shows it
//! (0.3). A cell formatted as a percentage (`0.00%`) holds a fraction: `6.62%` is stored as
//! 0.0662 and read as the CSV text `6.62%`. The text then goes through the CSV cell rules.

use rust_decimal::Decimal;

/// Excel's precision: 15 significant decimal digits.
const EXCEL_DIGITS: usize = 15;

/// The decimal text of a number cell (`"1296.89"`), or what was found when it has none.
pub fn number_text(value: f64, percent: bool) -> Result<String, String> {
    let decimal = excel_decimal(value)?;
    if percent {
        let scaled = decimal
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or_else(|| out_of_range(value))?;
        Ok(format!("{}%", scaled.normalize()))
    } else {
        Ok(decimal.normalize().to_string())
    }
}

/// The double rounded to 15 significant digits, exactly (Rust's `{:e}` formatting with a
/// precision rounds the exact binary value correctly).
fn excel_decimal(value: f64) -> Result<Decimal, String> {
    if !value.is_finite() {
        return Err(format!(
            "found the number {value}, expected a finite number"
        ));
    }
    let scientific = format!("{value:.prec$e}", prec = EXCEL_DIGITS - 1);
    Decimal::from_scientific(&scientific).map_err(|_| out_of_range(value))
}

fn out_of_range(value: f64) -> String {
    format!(
        "found the number {value:e}, expected a number no larger than 10^15 in magnitude with at most 28 decimal places"
    )
}

/// Whether an Excel number format shows the value as a percentage (multiplied by 100): a `%`
/// outside quoted text (`0.0"%"`), escapes (`0\%`) and brackets (`[Red]`), in the format's
/// first section.
pub fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            ';' => return false,
            '%' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn text(value: f64) -> String {
        number_text(value, false).unwrap_or_else(|e| e)
    }

    #[test]
    fn typed_numbers_come_back_as_typed() {
        assert_eq!(text(1296.89), "1296.89");
        assert_eq!(text(856320.5), "856320.5");
        assert_eq!(text(0.1), "0.1");
        assert_eq!(text(175000.0), "175000");
        assert_eq!(text(-3.5), "-3.5");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(1e15), "1000000000000000");
        assert_eq!(text(123456789012345.0), "123456789012345");
    }

    #[test]
    fn binary_noise_of_formulas_is_read_as_excel_shows_it() {
        assert_eq!(0.1 + 0.2, 0.30000000000000004);
        assert_eq!(text(0.1 + 0.2), "0.3");
        let sum = 1.1 + 2.2;
        assert_eq!(
            sum.to_string(),
            "3.3000000000000003",
            "the double carries noise"
        );
        assert_eq!(text(sum), "3.3");
        // a percentage computed by a formula: =76.47/100 formatted as 0.00%
        assert_eq!((76.47 / 100.0).to_string(), "0.7646999999999999");
        assert_eq!(number_text(76.47 / 100.0, true).as_deref(), Ok("76.47%"));
    }

    #[test]
    fn percent_cells_hold_fractions() {
        assert_eq!(number_text(0.0662, true).as_deref(), Ok("6.62%"));
        assert_eq!(number_text(0.7647, true).as_deref(), Ok("76.47%"));
        assert_eq!(number_text(1.0, true).as_deref(), Ok("100%"));
    }

    #[test]
    fn unrepresentable_numbers_say_what_was_found() {
        assert!(number_text(f64::NAN, false).is_err());
        assert!(number_text(f64::INFINITY, false).is_err());
        let huge = number_text(1e300, false).expect_err("too large for Decimal");
        assert!(huge.contains("found the number 1e300"), "{huge}");
        assert!(number_text(1e-40, false).is_err());
    }

    #[test]
    fn percent_formats() {
        for code in ["0%", "0.00%", "#,##0.0%", "[Red]0.00%", "0.00%;[Red]-0.00%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "#,##0",
            "0.0\"%\"",
            "0\\%",
            "[$%-409]0",
            "0;-0%",
            "yyyy-mm-dd",
        ] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    proptest! {
        /// Any decimal with at most 15 significant digits, stored as the nearest double (what
        /// Excel does when it is typed), is read back exactly.
        #[test]
        fn any_typed_decimal_round_trips(digits in 0i64..1_000_000_000_000_000, scale in 0u32..16, negative: bool) {
            let typed = Decimal::new(if negative { -digits } else { digits }, scale).normalize();
            let stored = f64::from_str(&typed.to_string()).expect("a double");
            let read = Decimal::from_str(&text(stored)).expect("a decimal");
            prop_assert_eq!(read, typed);
        }

        /// Any double is read as itself rounded to 15 significant digits: at most 15 of them,
        /// and within half a unit of the 15th of the exact binary value.
        #[test]
        fn any_double_is_read_at_fifteen_digits(value in -1e15f64..1e15f64) {
            prop_assume!(value.abs() >= 1.0);
            let exact = Decimal::from_f64_retain(value).expect("exact binary value");
            let read = Decimal::from_str(&text(value)).expect("a decimal");
            let digits = read.mantissa().unsigned_abs().to_string().trim_end_matches('0').len();
            prop_assert!(digits <= 15, "{} has {} digits", read, digits);
            let magnitude = exact.abs().to_string().split('.').next().map_or(0, |i| i.trim_start_matches('0').len()) as i64;
            // half a unit of the 15th significant digit: 5 × 10^(magnitude − 16)
            let exponent = magnitude - 16;
            let half_unit = if exponent >= 0 {
                Decimal::from(5) * Decimal::from(10i64.pow(exponent as u32))
            } else {
                Decimal::new(5, (-exponent) as u32)
            };
            prop_assert!((read - exact).abs() <= half_unit, "{} vs {}", read, exact);
        }
    }
}
