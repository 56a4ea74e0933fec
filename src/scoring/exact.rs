//! Exact rational numbers for the scoring path. A point value such as 6 × 0.5 × 1.025 / 15 or a
//! panel mean of 121/7 is carried as a fraction, so that nothing is cut at `Decimal`'s 28 digits
//! before it is multiplied, added or compared: the half cent 0.205 shows as 0.21, and two panel
//! totals of 121/7 compare equal. A `Decimal` image (the nearest value with at most 28
//! significant digits) is made only for display and storage.
//!
//! The fraction is held in two machine integers (`i128`) while its lowest terms fit — nearly
//! every value of a review — and in big integers beyond: a merge adds and compares millions of
//! them, and big-integer arithmetic allocates on every step. Every operation on machine
//! integers is checked and falls back to big integers, so the result is the same either way.

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};

/// An exact rational number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Exact(Repr);

/// How a value is held. It is `Small` whenever its lowest terms fit (the numerator never
/// `i128::MIN`, so negating cannot overflow), `Big` only when they do not: equal values are
/// held alike, and compare and hash alike.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Numerator and positive denominator, in lowest terms.
    Small(i128, i128),
    /// Lowest terms too large for `i128`.
    Big(BigRational),
}

use Repr::{Big, Small};

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Small(n, d) => write!(f, "{n}/{d}"),
            Big(r) => write!(f, "{}/{}", r.numer(), r.denom()),
        }
    }
}

impl Default for Exact {
    fn default() -> Self {
        Self::zero()
    }
}

/// The greatest common divisor (Euclid; `gcd(0, b) = b`).
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `n / d` in lowest terms on machine integers, when it fits (`d` nonzero).
fn small(n: i128, d: i128) -> Option<Exact> {
    let divisor = gcd(n.unsigned_abs(), d.unsigned_abs());
    let divisor = i128::try_from(divisor).ok()?;
    let (mut n, mut d) = (n.checked_div(divisor)?, d.checked_div(divisor)?);
    if d < 0 {
        (n, d) = (n.checked_neg()?, d.checked_neg()?);
    }
    (n != i128::MIN).then_some(Exact(Small(n, d)))
}

impl Exact {
    /// Zero.
    pub fn zero() -> Self {
        Self(Small(0, 1))
    }

    /// One.
    pub fn one() -> Self {
        Self(Small(1, 1))
    }

    /// An integer.
    pub fn from_int(value: i64) -> Self {
        Self(Small(i128::from(value), 1))
    }

    /// `numerator / denominator`; `None` when the denominator is zero.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Self> {
        (denominator != 0).then(|| {
            small(i128::from(numerator), i128::from(denominator)).unwrap_or_else(|| {
                Self::from_big(BigRational::new(
                    BigInt::from(numerator),
                    BigInt::from(denominator),
                ))
            })
        })
    }

    /// The exact value of a decimal (mantissa ÷ 10^scale).
    pub fn from_decimal(value: Decimal) -> Self {
        // a mantissa is below 2^96 and 10^28 below 2^94: both fit
        let scale = 10i128.checked_pow(value.scale());
        scale
            .and_then(|scale| small(value.mantissa(), scale))
            .unwrap_or_else(|| {
                Self::from_big(BigRational::new(
                    BigInt::from(value.mantissa()),
                    BigInt::from(10u8).pow(value.scale()),
                ))
            })
    }

    /// A big fraction, held small when its lowest terms fit.
    fn from_big(value: BigRational) -> Self {
        match (value.numer().to_i128(), value.denom().to_i128()) {
            (Some(n), Some(d)) if n != i128::MIN => Self(Small(n, d)),
            _ => Self(Big(value)),
        }
    }

    /// The value as a big fraction.
    fn big(&self) -> BigRational {
        match &self.0 {
            Small(n, d) => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Big(r) => r.clone(),
        }
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Small(n, _) => *n == 0,
            Big(r) => r.is_zero(),
        }
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Small(n, _) => *n < 0,
            Big(r) => r.is_negative(),
        }
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        match &self.0 {
            Small(n, d) => Self(Small(n.abs(), *d)),
            Big(r) => Self::from_big(r.abs()),
        }
    }

    /// `1 ÷ self` for a nonzero value.
    fn reciprocal(&self) -> Self {
        match &self.0 {
            // a numerator is never i128::MIN, a denominator positive: both negate safely
            Small(n, d) if *n < 0 => Self(Small(-*d, -*n)),
            Small(n, d) => Self(Small(*d, *n)),
            Big(r) => Self::from_big(r.recip()),
        }
    }

    /// `self ÷ divisor`; `None` for a zero divisor.
    pub fn checked_div(&self, divisor: &Self) -> Option<Self> {
        (!divisor.is_zero()).then(|| self * &divisor.reciprocal())
    }

    /// `self ÷ n`; `None` for zero.
    pub fn div_int(&self, n: usize) -> Option<Self> {
        let divisor = i128::try_from(n).map_or_else(
            |_| Self::from_big(BigRational::from_integer(BigInt::from(n))),
            |n| Self(Small(n, 1)),
        );
        self.checked_div(&divisor)
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
    pub fn parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Small(n, d) => (BigInt::from(*n), BigInt::from(*d)),
            Big(r) => (r.numer().clone(), r.denom().clone()),
        }
    }

    /// Rounded half-up (away from zero at the midpoint) to `places` decimals, as a decimal
    /// (`None` when it does not fit a `Decimal`).
    pub fn round_half_up(&self, places: u32) -> Option<Decimal> {
        if let Small(n, d) = &self.0
            && let Some(rounded) = round_small(*n, *d, places)
        {
            return rounded;
        }
        let (n, d) = self.parts();
        let n = n * BigInt::from(10u8).pow(places);
        // |n| / d rounded half-up = floor((2|n| + d) / (2d)); both positive, so `/` floors
        let magnitude = (n.abs() * 2u8 + &d) / (d * 2u8);
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
        let digits = match &self.0 {
            Small(n, d) => {
                let whole = n.unsigned_abs() / d.unsigned_abs();
                whole.checked_ilog10().map_or(0, |log| log + 1)
            }
            Big(r) => {
                let whole = r.numer().abs() / r.denom();
                if whole.is_zero() {
                    0
                } else {
                    u32::try_from(whole.to_string().len()).unwrap_or(u32::MAX)
                }
            }
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
        self.big().to_f64().unwrap_or(f64::NAN)
    }
}

/// `n / d` rounded half-up to `places` decimals on machine integers: `None` when a step would
/// overflow (the big-integer path then decides), `Some(None)` when the result does not fit a
/// `Decimal`.
fn round_small(n: i128, d: i128, places: u32) -> Option<Option<Decimal>> {
    let scaled = n.unsigned_abs().checked_mul(10u128.checked_pow(places)?)?;
    let d = d.unsigned_abs();
    // |n| / d rounded half-up = floor((2|n| + d) / (2d))
    let magnitude = scaled.checked_mul(2)?.checked_add(d)? / d.checked_mul(2)?;
    if magnitude >= 1u128 << 96 {
        return Some(None);
    }
    let (lo, mid, hi) = (
        magnitude as u32,
        (magnitude >> 32) as u32,
        (magnitude >> 64) as u32,
    );
    // a value that rounds to zero is plain zero, not a negative one
    let negative = n < 0 && magnitude != 0;
    Some(Some(Decimal::from_parts(lo, mid, hi, negative, places)))
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

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        if let (Small(a, b), Small(c, d)) = (&self.0, &other.0)
            && let (Some(left), Some(right)) = (a.checked_mul(*d), c.checked_mul(*b))
        {
            // both denominators positive: a/b ⋚ c/d exactly when a·d ⋚ c·b
            return left.cmp(&right);
        }
        self.big().cmp(&other.big())
    }
}

/// `a + b`, on machine integers while they fit.
fn add(a: &Exact, b: &Exact) -> Exact {
    if let (Small(n1, d1), Small(n2, d2)) = (&a.0, &b.0)
        && let Some(sum) = add_small(*n1, *d1, *n2, *d2)
    {
        return sum;
    }
    Exact::from_big(a.big() + b.big())
}

fn add_small(n1: i128, d1: i128, n2: i128, d2: i128) -> Option<Exact> {
    let g = i128::try_from(gcd(d1.unsigned_abs(), d2.unsigned_abs())).ok()?;
    let (f1, f2) = (d2 / g, d1 / g);
    let numerator = n1.checked_mul(f1)?.checked_add(n2.checked_mul(f2)?)?;
    small(numerator, d1.checked_mul(f1)?)
}

/// `a × b`, on machine integers while they fit.
fn mul(a: &Exact, b: &Exact) -> Exact {
    if let (Small(n1, d1), Small(n2, d2)) = (&a.0, &b.0)
        && let Some(product) = mul_small(*n1, *d1, *n2, *d2)
    {
        return product;
    }
    Exact::from_big(a.big() * b.big())
}

fn mul_small(n1: i128, d1: i128, n2: i128, d2: i128) -> Option<Exact> {
    // cross-reduced first, so the products stay as small as they can
    let g1 = i128::try_from(gcd(n1.unsigned_abs(), d2.unsigned_abs()).max(1)).ok()?;
    let g2 = i128::try_from(gcd(n2.unsigned_abs(), d1.unsigned_abs()).max(1)).ok()?;
    let numerator = (n1 / g1).checked_mul(n2 / g2)?;
    let denominator = (d1 / g2).checked_mul(d2 / g1)?;
    small(numerator, denominator)
}

impl Add for Exact {
    type Output = Exact;
    fn add(self, other: Exact) -> Exact {
        add(&self, &other)
    }
}

impl Add<&Exact> for &Exact {
    type Output = Exact;
    fn add(self, other: &Exact) -> Exact {
        add(self, other)
    }
}

impl Sub for Exact {
    type Output = Exact;
    fn sub(self, other: Exact) -> Exact {
        add(&self, &-other)
    }
}

impl Sub<&Exact> for &Exact {
    type Output = Exact;
    fn sub(self, other: &Exact) -> Exact {
        add(self, &-other.clone())
    }
}

impl Mul for Exact {
    type Output = Exact;
    fn mul(self, other: Exact) -> Exact {
        mul(&self, &other)
    }
}

impl Mul<&Exact> for &Exact {
    type Output = Exact;
    fn mul(self, other: &Exact) -> Exact {
        mul(self, other)
    }
}

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        match self.0 {
            // never i128::MIN: negating cannot overflow
            Small(n, d) => Exact(Small(-n, d)),
            Big(r) => Exact::from_big(-r),
        }
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

    /// Values across the range: small, with long denominators, and near and beyond `i128`.
    fn sample_values() -> Vec<BigRational> {
        let big = |n: &str, d: &str| {
            BigRational::new(n.parse().expect("integer"), d.parse().expect("integer"))
        };
        let mut values = Vec::new();
        for (n, d) in [
            ("0", "1"),
            ("1", "3"),
            ("-121", "7"),
            ("205", "1000"),
            ("-1", "2"),
            ("7922816251426433759354395033", "1"),
            ("1", "10000000000000000000000000000"),
            ("170141183460469231731687303715884105727", "1"),
            ("-170141183460469231731687303715884105727", "3"),
            ("-170141183460469231731687303715884105728", "1"),
            ("170141183460469231731687303715884105728", "5"),
            ("1", "170141183460469231731687303715884105727"),
            ("99999999999999999999", "99999999999999999998"),
            (
                "340282366920938463463374607431768211457",
                "340282366920938463463374607431768211455",
            ),
        ] {
            values.push(big(n, d));
        }
        values
    }

    /// Every operation gives what big-integer arithmetic gives, on machine integers or not,
    /// and equal values are held alike (so they compare and hash alike).
    #[test]
    fn machine_integers_and_big_integers_agree_on_every_operation() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        let hash = |x: &Exact| {
            let mut h = DefaultHasher::new();
            x.hash(&mut h);
            h.finish()
        };
        let values = sample_values();
        for a in &values {
            let x = Exact::from_big(a.clone());
            assert_eq!(x.big(), *a);
            assert_eq!(x.to_decimal(), to_decimal_searching_from_28(&x), "{x:?}");
            for b in &values {
                let y = Exact::from_big(b.clone());
                assert_eq!((&x + &y).big(), a + b, "{a} + {b}");
                assert_eq!((&x - &y).big(), a - b, "{a} - {b}");
                assert_eq!((&x * &y).big(), a * b, "{a} × {b}");
                if !b.is_zero() {
                    assert_eq!(x.checked_div(&y).map(|q| q.big()), Some(a / b), "{a} ÷ {b}");
                }
                assert_eq!(x.cmp(&y), a.cmp(b), "{a} ⋚ {b}");
                // the same value made another way is held alike
                let again = &(&x + &y) - &y;
                assert_eq!(again, x);
                assert_eq!(hash(&again), hash(&x));
            }
            for places in [0, 2, 4, 28] {
                let (n, d) = (a.numer() * BigInt::from(10u8).pow(places), a.denom());
                let magnitude = (n.abs() * 2u8 + d) / (d * 2u8);
                let mantissa = if n.is_negative() {
                    -magnitude
                } else {
                    magnitude
                };
                assert_eq!(
                    x.round_half_up(places),
                    decimal_of(&mantissa, places),
                    "{a} at {places}"
                );
            }
        }
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
