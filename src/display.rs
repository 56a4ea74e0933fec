//! The one rounding rule: half-up (四舍五入) to two decimals, only when a figure is shown or
//! written to a sheet. Totals are always computed from unrounded values.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero at the midpoint) to two decimals.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats points for display and JSON: rounded half-up, always two decimals (`"6.50"`).
pub fn points(value: Decimal) -> String {
    let mut rounded = round2(value);
    rounded.rescale(2);
    rounded.to_string()
}

/// Formats a figure exactly as known, without trailing zeros (`"12.5"`, `"127"`).
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Formats a figure for people: at most two decimals, half-up, trailing zeros dropped.
pub fn figure(value: Decimal) -> String {
    round2(value).normalize().to_string()
}

/// An RFC 3339 instant as local wall-clock time `HH:MM:SS` (the status line's "已保存 10:32:15").
pub fn local_time(instant: &str) -> String {
    instant
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned_datetime(crate::timestamp::system_zone())
                .strftime("%H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| instant.to_string())
}

/// An RFC 3339 instant as the local date `YYYY-MM-DD` (the date on a printed sheet).
pub fn local_date(instant: &str) -> String {
    instant
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned_datetime(crate::timestamp::system_zone())
                .strftime("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| instant.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn rounds_half_up_not_to_even() {
        assert_eq!(points(d("2.345")), "2.35");
        assert_eq!(points(d("2.335")), "2.34");
        assert_eq!(points(d("0.125")), "0.13");
        assert_eq!(points(d("-0.125")), "-0.13");
        assert_eq!(points(d("6.5")), "6.50");
        assert_eq!(points(d("7")), "7.00");
    }

    #[test]
    fn exact_and_figure_drop_trailing_zeros() {
        assert_eq!(exact(d("12.500")), "12.5");
        assert_eq!(figure(d("33.333333")), "33.33");
        assert_eq!(figure(d("127.000")), "127");
    }
}
