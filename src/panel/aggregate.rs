//! The panel value of an indicator from the experts' points: trimmed mean (drop one highest and
//! one lowest with five or more experts), mean, or median — exact decimals.

use crate::rubric::Aggregate;
use rust_decimal::Decimal;

/// The mean; `None` without values.
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    let count = Decimal::from(values.len() as u64);
    let sum: Decimal = values.iter().copied().sum();
    sum.checked_div(count)
}

/// The median; `None` without values.
pub fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => sorted.get(middle).copied(),
        _ => mean(sorted.get(middle - 1..=middle)?),
    }
}

/// The mean after dropping one highest and one lowest value, when there are at least five;
/// the plain mean otherwise.
pub fn trimmed_mean(values: &[Decimal]) -> Option<Decimal> {
    if values.len() < 5 {
        return mean(values);
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    mean(sorted.get(1..sorted.len() - 1)?)
}

/// The panel value by a method.
pub fn aggregate(method: Aggregate, values: &[Decimal]) -> Option<Decimal> {
    match method {
        Aggregate::Trimmed => trimmed_mean(values),
        Aggregate::Mean => mean(values),
        Aggregate::Median => median(values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::points;

    fn d(values: &[i64]) -> Vec<Decimal> {
        values.iter().map(|v| Decimal::from(*v)).collect()
    }

    #[test]
    fn five_experts_eight_seven_six_five_one() {
        let scores = d(&[8, 7, 6, 5, 1]);
        assert_eq!(
            aggregate(Aggregate::Trimmed, &scores).map(points),
            Some("6.00".into())
        );
        assert_eq!(
            aggregate(Aggregate::Mean, &scores).map(points),
            Some("5.40".into())
        );
        assert_eq!(
            aggregate(Aggregate::Median, &scores).map(points),
            Some("6.00".into())
        );
    }

    #[test]
    fn fewer_than_five_are_not_trimmed_and_even_medians_average() {
        let scores = d(&[8, 2, 6, 4]);
        assert_eq!(trimmed_mean(&scores), mean(&scores));
        assert_eq!(median(&scores), Some(Decimal::from(5)));
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
        let third = mean(&d(&[1, 0, 0])).unwrap_or_default();
        assert_eq!(points(third), "0.33");
    }
}
