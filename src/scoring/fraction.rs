//! One figure to the fraction (0–1) of its measure's share that it earns.

use crate::rubric::{Direction, Method, ScoringRule};
use rust_decimal::Decimal;

/// Which rule actually produced a fraction (a cohort rule falls back to linear when there is
/// no cohort, and screens must say so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodUsed {
    /// Linear between floor and target.
    Linear,
    /// Bands.
    Bands,
    /// Value relative to the best of the cohort.
    Cohort,
    /// A cohort rule scored linearly because no cohort was given.
    CohortFallback,
}

impl MethodUsed {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::Bands => "bands",
            Self::Cohort => "cohort",
            Self::CohortFallback => "cohort-fallback-linear",
        }
    }
}

/// A fraction of a share and the rule that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// Between 0 and 1 inclusive.
    pub value: Decimal,
    /// The rule used.
    pub method: MethodUsed,
}

/// The fraction a figure earns under a rule; `cohort_best` is the best figure among the
/// clusters merged together (only the cohort method uses it).
pub fn fraction(rule: &ScoringRule, value: Decimal, cohort_best: Option<Decimal>) -> Fraction {
    match &rule.method {
        Method::Linear { floor, target } => Fraction {
            value: linear(*floor, *target, value),
            method: MethodUsed::Linear,
        },
        Method::Bands(bands) => {
            let earned = match rule.direction {
                Direction::Higher => bands.iter().rev().find(|b| value >= b.at),
                Direction::Lower => bands.iter().find(|b| value <= b.at),
            };
            Fraction {
                value: earned.map_or(Decimal::ZERO, |b| clamp01(b.fraction)),
                method: MethodUsed::Bands,
            }
        }
        Method::Cohort { floor, target } => match cohort_best {
            Some(best) => Fraction {
                value: match rule.direction {
                    Direction::Higher => ratio(value, best),
                    Direction::Lower => ratio(best, value),
                },
                method: MethodUsed::Cohort,
            },
            None => Fraction {
                value: linear(*floor, *target, value),
                method: MethodUsed::CohortFallback,
            },
        },
    }
}

/// `floor` → 0, `target` → 1, straight line between, clamped. Works for both directions:
/// with `target < floor` smaller values are better.
fn linear(floor: Decimal, target: Decimal, value: Decimal) -> Decimal {
    if target > floor {
        if value <= floor {
            Decimal::ZERO
        } else if value >= target {
            Decimal::ONE
        } else {
            ratio(value - floor, target - floor)
        }
    } else if target < floor {
        if value >= floor {
            Decimal::ZERO
        } else if value <= target {
            Decimal::ONE
        } else {
            ratio(floor - value, floor - target)
        }
    } else {
        Decimal::ZERO
    }
}

/// `part ÷ whole` clamped to 0–1; 0 when either is not positive. Cannot overflow: the
/// division happens only when the result is below one.
fn ratio(part: Decimal, whole: Decimal) -> Decimal {
    if part <= Decimal::ZERO || whole <= Decimal::ZERO {
        Decimal::ZERO
    } else if part >= whole {
        Decimal::ONE
    } else {
        part.checked_div(whole).map_or(Decimal::ZERO, clamp01)
    }
}

fn clamp01(value: Decimal) -> Decimal {
    value.clamp(Decimal::ZERO, Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Band;

    fn d(n: i64, scale: u32) -> Decimal {
        Decimal::new(n, scale)
    }

    fn rule(method: Method, direction: Direction) -> ScoringRule {
        ScoringRule {
            method,
            direction,
            bureau_default: true,
        }
    }

    #[test]
    fn linear_higher_is_clamped_and_proportional() {
        let r = rule(
            Method::Linear {
                floor: d(0, 0),
                target: d(150, 0),
            },
            Direction::Higher,
        );
        assert_eq!(fraction(&r, d(-5, 0), None).value, Decimal::ZERO);
        assert_eq!(fraction(&r, d(75, 0), None).value, d(5, 1));
        assert_eq!(fraction(&r, d(300, 0), None).value, Decimal::ONE);
    }

    #[test]
    fn linear_lower_rewards_small_ranks() {
        let r = rule(
            Method::Linear {
                floor: d(50, 0),
                target: d(1, 0),
            },
            Direction::Lower,
        );
        assert_eq!(fraction(&r, d(1, 0), None).value, Decimal::ONE);
        assert_eq!(fraction(&r, d(50, 0), None).value, Decimal::ZERO);
        assert_eq!(fraction(&r, d(80, 0), None).value, Decimal::ZERO);
        // rank 6 of 50: (50 − 6) ÷ 49
        assert_eq!(fraction(&r, d(6, 0), None).value, d(44, 0) / d(49, 0));
    }

    #[test]
    fn bands_pick_the_highest_threshold_reached() {
        let bands = vec![
            Band {
                at: d(1, 0),
                fraction: d(3, 1),
            },
            Band {
                at: d(5, 0),
                fraction: d(6, 1),
            },
            Band {
                at: d(20, 0),
                fraction: d(1, 0),
            },
        ];
        let r = rule(Method::Bands(bands.clone()), Direction::Higher);
        assert_eq!(fraction(&r, d(0, 0), None).value, Decimal::ZERO);
        assert_eq!(fraction(&r, d(1, 0), None).value, d(3, 1));
        assert_eq!(fraction(&r, d(12, 0), None).value, d(6, 1));
        assert_eq!(fraction(&r, d(25, 0), None).value, Decimal::ONE);
        let lower = vec![
            Band {
                at: d(3, 0),
                fraction: d(1, 0),
            },
            Band {
                at: d(10, 0),
                fraction: d(5, 1),
            },
        ];
        let r = rule(Method::Bands(lower), Direction::Lower);
        assert_eq!(fraction(&r, d(2, 0), None).value, Decimal::ONE);
        assert_eq!(fraction(&r, d(7, 0), None).value, d(5, 1));
        assert_eq!(fraction(&r, d(11, 0), None).value, Decimal::ZERO);
    }

    #[test]
    fn cohort_divides_by_the_best_and_falls_back_to_linear() {
        let r = rule(
            Method::Cohort {
                floor: d(0, 0),
                target: d(1000, 0),
            },
            Direction::Higher,
        );
        let with = fraction(&r, d(300, 0), Some(d(400, 0)));
        assert_eq!(
            with,
            Fraction {
                value: d(75, 2),
                method: MethodUsed::Cohort
            }
        );
        let without = fraction(&r, d(300, 0), None);
        assert_eq!(
            without,
            Fraction {
                value: d(3, 1),
                method: MethodUsed::CohortFallback
            }
        );
        let lower = rule(
            Method::Cohort {
                floor: d(50, 0),
                target: d(1, 0),
            },
            Direction::Lower,
        );
        assert_eq!(fraction(&lower, d(4, 0), Some(d(2, 0))).value, d(5, 1));
        assert_eq!(
            fraction(&lower, d(0, 0), Some(d(2, 0))).value,
            Decimal::ZERO
        );
    }
}
