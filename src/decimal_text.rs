//! Decimals written in TOML files. They are strings (`"0.5"`) or integers (`8`), never TOML
//! floats: a float is binary and inexact, so it is refused with a message saying so.

use crate::numbers::MAX_MAGNITUDE;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// An exact decimal read from TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalText(pub Decimal);

impl<'de> serde::Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl DecimalVisitor {
    fn checked<E: de::Error>(value: Decimal) -> Result<DecimalText, E> {
        if value.abs() > MAX_MAGNITUDE {
            Err(E::custom(format!(
                "found {value}, expected a decimal no larger than 10^15 in magnitude"
            )))
        } else {
            Ok(DecimalText(value.normalize()))
        }
    }
}

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = DecimalText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal written as a string, such as \"0.5\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DecimalText, E> {
        let trimmed = text.trim();
        let plain = trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if !plain || trimmed.is_empty() || Decimal::from_str(trimmed).is_err() {
            return Err(E::custom(format!(
                "found \"{text}\", expected a decimal such as \"0.5\""
            )));
        }
        // exact or refused, as a CSV cell is: more than 28 significant digits would be rounded
        match Decimal::from_str_exact(trimmed) {
            Ok(value) => Self::checked(value),
            Err(_) => Err(E::custom(format!(
                "found \"{text}\", which cannot be held exactly (more than 28 significant digits), expected a decimal with at most 28 significant digits"
            ))),
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<DecimalText, E> {
        Self::checked(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<DecimalText, E> {
        Self::checked(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<DecimalText, E> {
        Err(E::custom(format!(
            "found the TOML float {value}, expected a decimal written as a string (\"{value}\"): floats are inexact"
        )))
    }
}
