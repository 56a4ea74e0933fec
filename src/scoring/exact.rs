//! Exact rational numbers for the scoring path. A point value such as 6 × 0.5 × 1.025 / 15 or a
//! panel mean of 121/7 is carried as a fraction of big integers, so that nothing is cut at
//! `Decimal`'s 28 digits before it is multiplied, added or compared: the half cent 0.205 shows
//! as 0.21, and two panel totals of 121/7 compare equal. A `Decimal` image (the nearest value
//! with at most 28 significant digits) is made only for display and storage.

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};

/// An exact rational number.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(BigRational);

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0.numer(), self.0.denom())
    }
}

impl Default for Exact {
    fn default() -> Self {
        Self::zero()
    }
}

impl Exact {
    /// Zero.
    pub fn zero() -> Self {
        Self(BigRational::zero())
    }

    /// One.
    pub fn one() -> Self {
        Self(BigRational::one())
    }

    /// An integer.
    pub fn from_int(value: i64) -> Self {
        Self(BigRational::from_integer(BigInt::from(value)))
    }

    /// `numerator / denominator`; `None` when the denominator is zero.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Self> {
        (denominator != 0).then(|| {
            Self(BigRational::new(
                BigInt::from(numerator),
                BigInt::from(denominator),
            ))
        })
    }

    /// The exact value of a decimal (mantissa ÷ 10^scale).
    pub fn from_decimal(value: Decimal) -> Self {
        let mantissa = BigInt::from(value.mantissa());
        let scale = BigInt::from(10u8).pow(value.scale());
        Self(BigRational::new(mantissa, scale))
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        Self(self.0.abs())
    }

    /// `self ÷ divisor`; `None` for a zero divisor.
    pub fn checked_div(&self, divisor: &Self) -> Option<Self> {
        (!divisor.is_zero()).then(|| Self(&self.0 / &divisor.0))
    }

    /// `self ÷ n`; `None` for zero.
    pub fn div_int(&self, n: usize) -> Option<Self> {
        (n != 0).then(|| Self(&self.0 / BigRational::from_integer(BigInt::from(n))))
    }

    /// Clamped to `[low, high]`.
    pub fn clamp(self, low: &Self, high: &Self) -> Self {
        if &self < low {
            low.clone()
        } else if &self > high {
            high.clone()
        } else {
            self
        }
    }

    /// The numerator (sign carried here) and the positive denominator, in lowest terms.
    pub fn parts(&self) -> (&BigInt, &BigInt) {
        (self.0.numer(), self.0.denom())
    }

    /// Rounded half-up (away from zero at the midpoint) to `places` decimals, as a decimal
    /// (`None` when it does not fit a `Decimal`).
    pub fn round_half_up(&self, places: u32) -> Option<Decimal> {
        let scaled = BigInt::from(10u8).pow(places);
        let (n, d) = (self.0.numer() * scaled, self.0.denom());
        // |n| / d rounded half-up = floor((2|n| + d) / (2d)); both positive, so `/` floors
        let magnitude = (n.abs() * 2u8 + d) / (d * 2u8);
        let mantissa = if n.is_negative() {
            -magnitude
        } else {
            magnitude
        };
        decimal_of(&mantissa, places)
    }

    /// Rounded half-up to at least `min_places` decimals and as many more as it takes to show
    /// `digits` significant digits (a relative change of 0.000123 is `"0.0001230"`, not
    /// `"0.0001"`), trailing zeros kept.
    pub fn round_significant(&self, min_places: u32, digits: u32) -> Option<Decimal> {
        let floor = BigInt::from(10u8).pow(digits.saturating_sub(1));
        let mut places = min_places;
        loop {
            let rounded = self.round_half_up(places)?;
            let big = BigInt::from(rounded.mantissa());
            if big.abs() >= floor || places >= 28 || self.is_zero() {
                return Some(rounded);
            }
            places += 1;
        }
    }

    /// The nearest decimal with at most 28 significant digits (half-up at the last place),
    /// trailing zeros removed: exact whenever the value has a short decimal expansion. `None`
    /// only beyond `Decimal`'s range (never on the scoring path, where figures are ≤ 10^15).
    pub fn to_decimal(&self) -> Option<Decimal> {
        // the most places that can fit: a whole part of k digits is at least 10^(k-1), and
        // 10^(k-1) × 10^(30-k) = 10^29 is beyond Decimal's 2^96 ≈ 7.9 × 10^28; the search
        // starts there rather than at 28 (the result is the same, found sooner)
        let whole = self.0.numer().abs() / self.0.denom();
        let digits = if whole.is_zero() {
            0
        } else {
            u32::try_from(whole.to_string().len()).unwrap_or(u32::MAX)
        };
        let most = 28u32.min(29u32.saturating_sub(digits));
        for places in (0..=most).rev() {
            if let Some(value) = self.round_half_up(places) {
                return Some(value.normalize());
            }
        }
        None
    }

    /// The nearest decimal, saturating (for display only; scoring values always fit).
    pub fn to_decimal_lossy(&self) -> Decimal {
        self.to_decimal().unwrap_or(if self.is_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
    }

    /// The nearest binary floating-point value, for diagnostics.
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// The value as a fraction of two integers reduced to the common denominator `denominator`
    /// (which must be a multiple of this value's denominator): the numerator.
    pub fn numerator_over(&self, denominator: &BigInt) -> BigInt {
        self.0.numer() * (denominator / self.0.denom())
    }
}

/// A decimal `mantissa × 10^-places`, when it fits.
fn decimal_of(mantissa: &BigInt, places: u32) -> Option<Decimal> {
    let (sign, magnitude) = mantissa.clone().into_parts();
    let value = magnitude.to_u128()?;
    if value >= 1u128 << 96 {
        return None;
    }
    let lo = value as u32;
    let mid = (value >> 32) as u32;
    let hi = (value >> 64) as u32;
    Some(Decimal::from_parts(
        lo,
        mid,
        hi,
        sign == Sign::Minus,
        places,
    ))
}

impl From<Decimal> for Exact {
    fn from(value: Decimal) -> Self {
        Self::from_decimal(value)
    }
}

impl Add for Exact {
    type Output = Exact;
    fn add(self, other: Exact) -> Exact {
        Exact(self.0 + other.0)
    }
}

impl Add<&Exact> for &Exact {
    type Output = Exact;
    fn add(self, other: &Exact) -> Exact {
        Exact(&self.0 + &other.0)
    }
}

impl Sub for Exact {
    type Output = Exact;
    fn sub(self, other: Exact) -> Exact {
        Exact(self.0 - other.0)
    }
}

impl Sub<&Exact> for &Exact {
    type Output = Exact;
    fn sub(self, other: &Exact) -> Exact {
        Exact(&self.0 - &other.0)
    }
}

impl Mul for Exact {
    type Output = Exact;
    fn mul(self, other: Exact) -> Exact {
        Exact(self.0 * other.0)
    }
}

impl Mul<&Exact> for &Exact {
    type Output = Exact;
    fn mul(self, other: &Exact) -> Exact {
        Exact(&self.0 * &other.0)
    }
}

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact(-self.0)
    }
}

impl Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

impl<'a> Sum<&'a Exact> for Exact {
    fn sum<I: Iterator<Item = &'a Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| &a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    /// `to_decimal` as first written: every number of places from 28 down, the first that fits.
    fn to_decimal_searching_from_28(x: &Exact) -> Option<Decimal> {
        (0..=28u32)
            .rev()
            .find_map(|places| x.round_half_up(places))
            .map(|d| d.normalize())
    }

    #[test]
    fn the_nearest_decimal_is_the_one_the_full_search_finds() {
        let mut values = Vec::new();
        for numerator in [1i64, 2, 7, 99, 121, 1_000_001, 123_456_789_012_345] {
            for denominator in [1i64, 3, 7, 8, 15, 40, 1024, 3_125, 999_983] {
                for power in [0u32, 5, 12, 14, 16, 20] {
                    let scale = 10i64.checked_pow(power.min(18)).unwrap_or(1);
                    for sign in [1, -1] {
                        if let Some(base) = Exact::ratio(sign * numerator, denominator) {
                            values.push(&base * &Exact::from_int(scale));
                            values
                                .push(&(&base * &Exact::from_int(scale)) * &Exact::from_int(scale));
                        }
                    }
                }
            }
        }
        values.push(Exact::zero());
        values.push(Exact::from(Decimal::MAX));
        values.push(&Exact::from(Decimal::MAX) * &Exact::from_int(10));
        for x in &values {
            assert_eq!(x.to_decimal(), to_decimal_searching_from_28(x), "{x:?}");
        }
    }

    #[test]
    fn a_half_cent_made_by_multiplying_first_rounds_up() {
        // 6 × 0.5 × 1.025 ÷ 15 = 0.205 exactly
        let points = (Exact::from(d("6")) * Exact::from(d("0.5")) * Exact::from(d("1.025")))
            .checked_div(&Exact::from(d("15")))
            .expect("nonzero");
        assert_eq!(points.to_decimal(), Some(d("0.205")));
        assert_eq!(points.round_half_up(2), Some(d("0.21")));
        // dividing first cuts 1.025 ÷ 15 at 28 digits and lands below the half cent
        let divided_first = d("6") * d("0.5") * (d("1.025") / d("15"));
        assert_eq!(crate::display::points(divided_first), "0.20");
    }

    #[test]
    fn equal_fractions_compare_equal_and_round_half_up_both_signs() {
        let a = Exact::ratio(121, 7).expect("ratio");
        let b = Exact::from(d("17")) + Exact::ratio(2, 7).expect("ratio");
        assert_eq!(a, b);
        assert_eq!(a.to_decimal(), Some(d("17.285714285714285714285714286")));
        assert_eq!(Exact::from(d("-0.125")).round_half_up(2), Some(d("-0.13")));
        assert_eq!(Exact::from(d("0.125")).round_half_up(2), Some(d("0.13")));
        assert_eq!(Exact::from(d("2.344999")).round_half_up(2), Some(d("2.34")));
        assert_eq!(
            Exact::ratio(1, 3).and_then(|x| x.to_decimal()),
            Some(d("0.3333333333333333333333333333"))
        );
        assert_eq!(
            Exact::ratio(2, 3).and_then(|x| x.to_decimal()),
            Some(d("0.6666666666666666666666666667"))
        );
        assert_eq!(
            Exact::from(d("1000000000000000")).to_decimal(),
            Some(d("1000000000000000"))
        );
        let small = Exact::from(d("0.000123456"));
        assert_eq!(
            small.round_significant(4, 4).map(|x| x.to_string()),
            Some("0.0001235".into())
        );
        let big = Exact::from(d("-1.5"));
        assert_eq!(
            big.round_significant(4, 4).map(|x| x.to_string()),
            Some("-1.5000".into())
        );
        assert_eq!(
            Exact::zero().round_significant(4, 4).map(|x| x.to_string()),
            Some("0.0000".into())
        );
    }
}
