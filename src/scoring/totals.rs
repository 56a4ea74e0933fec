//! Category subtotals and the total from per-indicator points, all unrounded.

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
    /// Sum of its indicators' points.
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
    /// Sum of the subtotals.
    pub total: Decimal,
}

/// Adds points per indicator (missing indicators count nothing) into subtotals and a total.
pub fn totals(rubric: &Rubric, points: &BTreeMap<u32, Decimal>) -> Totals {
    let categories: Vec<CategoryTotal> = rubric
        .categories
        .iter()
        .map(|c| {
            let given: Vec<Decimal> = c
                .indicators
                .iter()
                .filter_map(|i| points.get(&i.id).copied())
                .collect();
            CategoryTotal {
                category: c.id.clone(),
                weight: c.weight,
                points: given.iter().copied().sum(),
                scored: given.len(),
                indicators: c.indicators.len(),
            }
        })
        .collect();
    Totals {
        total: categories.iter().map(|c| c.points).sum(),
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
        let result = totals(&rubric, &parts);
        assert_eq!(points(result.total), "0.02");
        let shown: Decimal = parts.values().map(|p| crate::display::round2(*p)).sum();
        assert_eq!(shown.to_string(), "0.03");
        assert_eq!(
            result.categories.first().map(|c| (c.scored, c.indicators)),
            Some((3, 3))
        );
    }
}
