//! One figure to the fraction (0–1) of its measure's share that it earns, exactly: the
//! fraction is a rational number (`Exact`), never a quotient cut at 28 digits, so that the
//! points made from it (weight × share × fraction) are multiplied before anything is divided.

use super::exact::Exact;
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
    /// 功效系数法: 60% at the floor, 100% at the target.
    Efficacy,
}

impl MethodUsed {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::Bands => "bands",
            Self::Cohort => "cohort",
            Self::CohortFallback => "cohort-fallback-linear",
            Self::Efficacy => "efficacy",
        }
    }
}

/// A fraction of a share and the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fraction {
    /// Between 0 and 1 inclusive, exact.
    pub exact: Exact,
    /// The nearest decimal (28 significant digits), for display.
    pub value: Decimal,
    /// The rule used.
    pub method: MethodUsed,
}

impl Fraction {
    fn new(exact: Exact, method: MethodUsed) -> Self {
        Self {
            value: exact.to_decimal_lossy(),
            exact,
            method,
        }
    }
}

/// The fraction a figure earns under a rule; `cohort_best` is the best figure among the
/// clusters merged together (only the cohort method uses it).
pub fn fraction(rule: &ScoringRule, value: Decimal, cohort_best: Option<Decimal>) -> Fraction {
    let x = Exact::from(value);
    match &rule.method {
        Method::Linear { floor, target } => {
            Fraction::new(linear(*floor, *target, &x), MethodUsed::Linear)
        }
        Method::Bands(bands) => {
            let earned = match rule.direction {
                Direction::Higher => bands.iter().rev().find(|b| value >= b.at),
                Direction::Lower => bands.iter().find(|b| value <= b.at),
            };
            let exact = earned.map_or_else(Exact::zero, |b| clamp01(Exact::from(b.fraction)));
            Fraction::new(exact, MethodUsed::Bands)
        }
        Method::Cohort { floor, target } => match cohort_best {
            Some(best) => {
                let best = Exact::from(best);
                let exact = match rule.direction {
                    Direction::Higher => ratio(&x, &best),
                    Direction::Lower => ratio(&best, &x),
                };
                Fraction::new(exact, MethodUsed::Cohort)
            }
            None => Fraction::new(linear(*floor, *target, &x), MethodUsed::CohortFallback),
        },
        Method::Efficacy { floor, target } => {
            // (60 + 40 × t) ÷ 100 with t the clamped linear position
            let t = linear(*floor, *target, &x);
            let sixty = Exact::ratio(3, 5).unwrap_or_default();
            let forty = Exact::ratio(2, 5).unwrap_or_default();
            Fraction::new(sixty + &forty * &t, MethodUsed::Efficacy)
        }
    }
}

/// `floor` → 0, `target` → 1, straight line between, clamped: (x − floor) ÷ (target − floor)
/// within 0–1. Works for both directions: with `target < floor` smaller values are better.
fn linear(floor: Decimal, target: Decimal, value: &Exact) -> Exact {
    let (floor, target) = (Exact::from(floor), Exact::from(target));
    (value - &floor)
        .checked_div(&(&target - &floor))
        .map_or_else(Exact::zero, clamp01)
}

/// `part ÷ whole` clamped to 0–1; 0 when either is not positive.
fn ratio(part: &Exact, whole: &Exact) -> Exact {
    if part <= &Exact::zero() || whole <= &Exact::zero() {
        Exact::zero()
    } else {
        part.checked_div(whole).map_or_else(Exact::zero, clamp01)
    }
}

fn clamp01(value: Exact) -> Exact {
    value.clamp(&Exact::zero(), &Exact::one())
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
        assert_eq!(
            fraction(&r, d(6, 0), None).exact,
            Exact::ratio(44, 49).expect("ratio")
        );
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
        assert_eq!((with.value, with.method), (d(75, 2), MethodUsed::Cohort));
        let without = fraction(&r, d(300, 0), None);
        assert_eq!(
            (without.value, without.method),
            (d(3, 1), MethodUsed::CohortFallback)
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

    /// 功效系数法 by hand: floor 10, target 30. At or below the floor 0.6 (by design, not 0),
    /// at 15: (60 + 40 × 5/20) / 100 = 0.7, at 25: 0.9, at or above the target 1; the lower
    /// direction (floor 30, target 10) mirrors it.
    #[test]
    fn efficacy_gives_sixty_percent_at_the_floor_and_is_linear_to_the_target() {
        let higher = rule(
            Method::Efficacy {
                floor: d(10, 0),
                target: d(30, 0),
            },
            Direction::Higher,
        );
        for (x, expected) in [
            (0, "0.6"),
            (10, "0.6"),
            (15, "0.7"),
            (25, "0.9"),
            (30, "1"),
            (99, "1"),
        ] {
            let f = fraction(&higher, d(x, 0), None);
            assert_eq!(f.value.to_string(), expected, "x = {x}");
            assert_eq!(f.method, MethodUsed::Efficacy);
        }
        let lower = rule(
            Method::Efficacy {
                floor: d(30, 0),
                target: d(10, 0),
            },
            Direction::Lower,
        );
        for (x, expected) in [(40, "0.6"), (25, "0.7"), (15, "0.9"), (5, "1")] {
            assert_eq!(
                fraction(&lower, d(x, 0), None).value.to_string(),
                expected,
                "x = {x}"
            );
        }
    }
}
