//! An auditor's arithmetic for the integration tests: exact rationals (big integers) parsed from
//! the decimal strings the program prints, rounded half-up by hand, and the rubric's scoring
//! rules re-done from `rubric show --json` — independent of the program's own scoring code.

#![allow(dead_code)]

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde_json::Value;

/// An exact rational.
pub type Q = BigRational;

/// A decimal string (`"-12.345"`) as an exact rational.
pub fn q(text: &str) -> Q {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numerator: BigInt = format!("{whole}{fraction}")
        .parse()
        .expect("decimal digits");
    let value = Q::new(numerator, BigInt::from(10u8).pow(fraction.len() as u32));
    if negative { -value } else { value }
}

/// A JSON decimal string as an exact rational.
pub fn qv(value: &Value) -> Q {
    q(value
        .as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {value}")))
}

/// An integer as a rational.
pub fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// Half-up (四舍五入) to `places` decimals, written with exactly that many.
pub fn half_up(value: &Q, places: u32) -> String {
    let scale = BigInt::from(10u8).pow(places);
    let scaled = value.abs() * Q::from_integer(scale.clone());
    // floor(x + 1/2) for x ≥ 0
    let rounded = (scaled + Q::new(BigInt::one(), BigInt::from(2u8)))
        .floor()
        .to_integer();
    let digits = rounded.to_string();
    let padded = format!("{digits:0>width$}", width = places as usize + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places as usize);
    let sign = if value.is_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// `value` clamped to 0–1.
fn clamp01(value: Q) -> Q {
    if value < Q::zero() {
        Q::zero()
    } else if value > Q::one() {
        Q::one()
    } else {
        value
    }
}

/// The fraction of a measure's share a figure earns under a rule of `rubric show --json`
/// (`scoring`), by the method the program says it used (`linear`, `bands`, `cohort`,
/// `cohort-fallback-linear`, `efficacy`); `best` is the cohort's best figure.
pub fn fraction(scoring: &Value, method: &str, x: &Q, best: Option<&Q>) -> Q {
    let linear = || {
        let (floor, target) = (qv(&scoring["floor"]), qv(&scoring["target"]));
        clamp01((x - &floor) / (target - floor))
    };
    let lower = scoring["direction"] == "lower";
    match method {
        "linear" | "cohort-fallback-linear" => linear(),
        "efficacy" => {
            Q::new(BigInt::from(3), BigInt::from(5))
                + Q::new(BigInt::from(2), BigInt::from(5)) * linear()
        }
        "cohort" => {
            let best = best.expect("a cohort best");
            let (part, whole) = if lower {
                (best.clone(), x.clone())
            } else {
                (x.clone(), best.clone())
            };
            if part <= Q::zero() || whole <= Q::zero() {
                Q::zero()
            } else {
                clamp01(part / whole)
            }
        }
        "bands" => {
            let bands: Vec<(Q, Q)> = scoring["bands"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|b| (qv(&b["at"]), qv(&b["fraction"])))
                .collect();
            let earned = if lower {
                bands.iter().find(|(at, _)| x <= at)
            } else {
                bands.iter().rev().find(|(at, _)| x >= at)
            };
            earned.map_or_else(Q::zero, |(_, f)| clamp01(f.clone()))
        }
        other => panic!("unknown method {other}"),
    }
}

/// The rubric's measures by id from `rubric show --json`: (indicator weight, share, scoring).
pub fn rubric_measures(rubric: &Value) -> std::collections::BTreeMap<String, (Q, Q, Value)> {
    let mut out = std::collections::BTreeMap::new();
    for category in rubric["categories"].as_array().into_iter().flatten() {
        for indicator in category["indicators"].as_array().into_iter().flatten() {
            for m in indicator["measures"].as_array().into_iter().flatten() {
                out.insert(
                    m["id"].as_str().unwrap_or_default().to_string(),
                    (
                        qv(&indicator["weight"]),
                        qv(&m["share"]),
                        m["scoring"].clone(),
                    ),
                );
            }
        }
    }
    out
}

#[test]
fn half_up_by_hand() {
    assert_eq!(half_up(&q("0.205"), 2), "0.21");
    assert_eq!(half_up(&q("3.335"), 2), "3.34");
    assert_eq!(half_up(&q("-0.125"), 2), "-0.13");
    assert_eq!(half_up(&q("0.004"), 2), "0.00");
    assert_eq!(half_up(&(int(121) / int(7)), 4), "17.2857");
    assert_eq!(half_up(&q("12"), 2), "12.00");
}
