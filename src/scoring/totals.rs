//! Category subtotals and the total from per-indicator points, exact sums of exact parts
//! (rounded only when shown).

use super::exact::Exact;
use crate::rubric::Rubric;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One category's subtotal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryTotal {
    /// Category id.
    pub category: String,
    /// Its weight.
    pub weight: Decimal,
    /// Sum of its indicators' points, exact.
    pub exact: Exact,
    /// The nearest decimal of `exact`.
    pub points: Decimal,
    /// How many of its indicators have points.
    pub scored: usize,
    /// How many indicators it has.
    pub indicators: usize,
}

/// Subtotals and total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Per category, in rubric order.
    pub categories: Vec<CategoryTotal>,
    /// Sum of the subtotals, exact.
    pub exact: Exact,
    /// The nearest decimal of `exact`.
    pub total: Decimal,
}

/// Adds exact points per indicator (missing indicators count nothing) into subtotals and a
/// total.
pub fn totals(rubric: &Rubric, points: &BTreeMap<u32, Exact>) -> Totals {
    let categories: Vec<CategoryTotal> = rubric
        .categories
        .iter()
        .map(|c| {
            let given: Vec<&Exact> = c
                .indicators
                .iter()
                .filter_map(|i| points.get(&i.id))
                .collect();
            let exact: Exact = given.iter().copied().sum();
            CategoryTotal {
                category: c.id.clone(),
                weight: c.weight,
                points: exact.to_decimal_lossy(),
                exact,
                scored: given.len(),
                indicators: c.indicators.len(),
            }
        })
        .collect();
    let exact: Exact = categories.iter().map(|c| &c.exact).sum();
    Totals {
        total: exact.to_decimal_lossy(),
        exact,
        categories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::points;
    use crate::rubric::embedded;

    #[test]
    fn the_total_is_rounded_once_after_adding_unrounded_parts() {
        let rubric = embedded().expect("rubric");
        // three parts of 0.005: each shows as 0.01, but the total is 0.015 and shows as 0.02
        let parts = BTreeMap::from([
            (1, Decimal::new(5, 3)),
            (2, Decimal::new(5, 3)),
            (3, Decimal::new(5, 3)),
        ]);
        let exact = parts.iter().map(|(i, p)| (*i, Exact::from(*p))).collect();
        let result = totals(&rubric, &exact);
        assert_eq!(points(result.total), "0.02");
        let shown: Decimal = parts.values().map(|p| crate::display::round2(*p)).sum();
        assert_eq!(shown.to_string(), "0.03");
        assert_eq!(
            result.categories.first().map(|c| (c.scored, c.indicators)),
            Some((3, 3))
        );
    }

    /// Three thirds of a point in three indicators add up to exactly one; cut at 28 digits
    /// each and added, they would fall short of it.
    #[test]
    fn thirds_add_up_to_exactly_one() {
        let rubric = embedded().expect("rubric");
        let third = Exact::ratio(1, 3).expect("ratio");
        let parts = BTreeMap::from([(1, third.clone()), (2, third.clone()), (3, third.clone())]);
        let result = totals(&rubric, &parts);
        assert_eq!(result.exact, Exact::one());
        assert_eq!(result.total, Decimal::ONE);
        let cut: Decimal = (0..3).map(|_| Decimal::ONE / Decimal::from(3)).sum();
        assert_ne!(cut, Decimal::ONE);
    }
}
