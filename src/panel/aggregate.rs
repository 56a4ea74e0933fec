//! The panel value of an indicator from the experts' points: trimmed mean (drop one highest and
//! one lowest with five or more experts), mean, or median — exact fractions, so that a mean of
//! seven experts (121/7) is carried as such and two equal panel values compare equal.

use crate::rubric::Aggregate;
use crate::scoring::Exact;
use rust_decimal::Decimal;

/// The mean; `None` without values.
pub fn mean(values: &[Decimal]) -> Option<Exact> {
    let sum: Exact = values.iter().map(|v| Exact::from(*v)).sum();
    sum.div_int(values.len())
}

/// The median; `None` without values.
pub fn median(values: &[Decimal]) -> Option<Exact> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => sorted.get(middle).map(|v| Exact::from(*v)),
        _ => mean(sorted.get(middle - 1..=middle)?),
    }
}

/// The mean after dropping one highest and one lowest value, when there are at least five;
/// the plain mean otherwise.
pub fn trimmed_mean(values: &[Decimal]) -> Option<Exact> {
    if values.len() < 5 {
        return mean(values);
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    mean(sorted.get(1..sorted.len() - 1)?)
}

/// The panel value by a method.
pub fn aggregate(method: Aggregate, values: &[Decimal]) -> Option<Exact> {
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

    fn shown(value: Option<Exact>) -> Option<String> {
        value.map(|v| points(v.to_decimal_lossy()))
    }

    #[test]
    fn five_experts_eight_seven_six_five_one() {
        let scores = d(&[8, 7, 6, 5, 1]);
        assert_eq!(
            shown(aggregate(Aggregate::Trimmed, &scores)),
            Some("6.00".into())
        );
        assert_eq!(
            shown(aggregate(Aggregate::Mean, &scores)),
            Some("5.40".into())
        );
        assert_eq!(
            shown(aggregate(Aggregate::Median, &scores)),
            Some("6.00".into())
        );
    }

    #[test]
    fn fewer_than_five_are_not_trimmed_and_even_medians_average() {
        let scores = d(&[8, 2, 6, 4]);
        assert_eq!(trimmed_mean(&scores), mean(&scores));
        assert_eq!(median(&scores), Some(Exact::from_int(5)));
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
        assert_eq!(shown(mean(&d(&[1, 0, 0]))), Some("0.33".into()));
    }

    /// Two ways of spreading the same 121 points over seven experts give the same exact mean,
    /// 121/7, and it compares equal (a 28-digit quotient of different sums may not).
    #[test]
    fn equal_exact_means_compare_equal() {
        let a = mean(&d(&[17, 17, 17, 17, 17, 18, 18])).expect("mean");
        let b = mean(&d(&[20, 20, 20, 20, 20, 20, 1])).expect("mean");
        assert_eq!(a, b);
        assert_eq!(Some(a), Exact::ratio(121, 7));
    }
}
