//! The embedded rubric without parsing TOML. Every process that opens a session reads the rubric
//! stored in it, and parsing those 14 KB of TOML is the largest single cost of a one-edit
//! `session set` (0.45 ms of some 4.4 ms). For text byte-identical to the text it was generated
//! from, `prebuilt_rubric::rubric()` builds the same validated rubric directly; any other text
//! is parsed. The generated file is checked by the tests below: equal to what parsing its text
//! gives, and generated from the current embedded rubric
//! (`CLUSTER_REVIEW_REGENERATE=1 cargo test --lib prebuilt` writes it again). This module is the
//! generator and those tests, so it is compiled for the tests only.

use super::load::{EMBEDDED_NAME, EMBEDDED_TEXT, parse_toml};
use super::model::{Method, Rubric};
use super::prebuilt_rubric;
use rust_decimal::Decimal;
use std::fmt::Write;

/// A string as Rust source.
fn s(text: &str) -> String {
    format!("String::from({text:?})")
}

/// A decimal as Rust source, with its exact scale (`1.50` stays `1.50`).
fn d(value: Decimal) -> String {
    format!(
        "Decimal::from_i128_with_scale({}, {})",
        value.mantissa(),
        value.scale()
    )
}

fn opt<T>(value: Option<T>, f: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({})", f(v)))
}

fn method(method: &Method) -> String {
    let (name, floor, target) = match method {
        Method::Bands(bands) => {
            let bands: Vec<String> = bands
                .iter()
                .map(|b| format!("Band {{ at: {}, fraction: {} }}", d(b.at), d(b.fraction)))
                .collect();
            return format!("Method::Bands(vec![{}])", bands.join(", "));
        }
        Method::Linear { floor, target } => ("Linear", floor, target),
        Method::Cohort { floor, target } => ("Cohort", floor, target),
        Method::Efficacy { floor, target } => ("Efficacy", floor, target),
    };
    format!(
        "Method::{name} {{ floor: {}, target: {} }}",
        d(*floor),
        d(*target)
    )
}

/// The Rust source of `rubric()` for a rubric.
fn rubric_code(r: &Rubric) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "    Rubric {{");
    let _ = writeln!(o, "        id: {},", s(&r.id));
    let _ = writeln!(o, "        title: {},", s(&r.title));
    let _ = writeln!(o, "        source: {},", s(&r.source));
    let _ = writeln!(o, "        total: {},", d(r.total));
    let p = &r.panel;
    let _ = writeln!(
        o,
        "        panel: PanelRules {{ aggregate: Aggregate::{:?}, divergence: {}, justify_below: {} }},",
        p.aggregate,
        d(p.divergence),
        d(p.justify_below)
    );
    let _ = writeln!(o, "        categories: vec![");
    for c in &r.categories {
        let _ = writeln!(o, "            Category {{");
        let _ = writeln!(o, "                id: {},", s(&c.id));
        let _ = writeln!(o, "                name: {},", s(&c.name));
        let _ = writeln!(o, "                weight: {},", d(c.weight));
        let _ = writeln!(o, "                indicators: vec![");
        for i in &c.indicators {
            let _ = writeln!(o, "                    Indicator {{");
            let _ = writeln!(o, "                        id: {},", i.id);
            let _ = writeln!(o, "                        category: {},", s(&i.category));
            let _ = writeln!(
                o,
                "                        kind: IndicatorKind::{:?},",
                i.kind
            );
            let _ = writeln!(o, "                        weight: {},", d(i.weight));
            let _ = writeln!(o, "                        unit: {},", s(&i.unit));
            let _ = writeln!(o, "                        name: {},", s(&i.name));
            let _ = writeln!(o, "                        short: {},", s(&i.short));
            let _ = writeln!(o, "                        purpose: {},", s(&i.purpose));
            let _ = writeln!(
                o,
                "                        definition: {},",
                s(&i.definition)
            );
            let _ = writeln!(
                o,
                "                        note: {},",
                opt(i.note.as_deref(), s)
            );
            let _ = writeln!(o, "                        step: {},", opt(i.step, d));
            let _ = writeln!(o, "                        levels: vec![");
            for l in &i.levels {
                let _ = writeln!(
                    o,
                    "                            Level {{ name: {}, min: {}, max: {}, text: {} }},",
                    s(&l.name),
                    d(l.min),
                    d(l.max),
                    s(&l.text)
                );
            }
            let _ = writeln!(o, "                        ],");
            let _ = writeln!(o, "                        measures: vec![");
            for m in &i.measures {
                let _ = writeln!(o, "                            Measure {{");
                let _ = writeln!(o, "                                id: {},", s(&m.id));
                let _ = writeln!(o, "                                name: {},", s(&m.name));
                let _ = writeln!(o, "                                unit: {},", s(&m.unit));
                let _ = writeln!(o, "                                share: {},", d(m.share));
                let _ = writeln!(
                    o,
                    "                                derive: {},",
                    opt(m.derive, |v| format!("Derivation::{v:?}"))
                );
                let _ = writeln!(
                    o,
                    "                                note: {},",
                    opt(m.note.as_deref(), s)
                );
                let _ = writeln!(
                    o,
                    "                                scoring: ScoringRule {{ method: {}, direction: Direction::{:?}, bureau_default: {} }},",
                    method(&m.scoring.method),
                    m.scoring.direction,
                    m.scoring.bureau_default
                );
                let _ = writeln!(o, "                            }},");
            }
            let _ = writeln!(o, "                        ],");
            let _ = writeln!(o, "                    }},");
        }
        let _ = writeln!(o, "                ],");
        let _ = writeln!(o, "            }},");
    }
    let _ = writeln!(o, "        ],");
    let _ = writeln!(o, "        conditions: vec![");
    for c in &r.conditions {
        let checklist: Vec<String> = c.checklist.iter().map(|t| s(t)).collect();
        let _ = writeln!(
            o,
            "            Condition {{ id: {}, text: {}, checklist: vec![{}] }},",
            c.id,
            s(&c.text),
            checklist.join(", ")
        );
    }
    let _ = writeln!(o, "        ],");
    let _ = writeln!(o, "        sha256: {},", s(&r.sha256));
    let _ = writeln!(o, "    }}");
    o
}

/// The whole generated file for a rubric text.
fn file_for(text: &str) -> Result<String, String> {
    let rubric = parse_toml(EMBEDDED_NAME, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(format!(
        "//! GENERATED from rubrics/nanjing-2023.toml by the tests of `prebuilt.rs`; do not edit.\n\
         //! `CLUSTER_REVIEW_REGENERATE=1 cargo test --lib prebuilt` writes it again.\n\
         \n\
         use super::Derivation;\n\
         use super::model::{{\n    \
         Aggregate, Band, Category, Condition, Direction, Indicator, IndicatorKind, Level, Measure,\n    \
         Method, PanelRules, Rubric, ScoringRule,\n\
         }};\n\
         use rust_decimal::Decimal;\n\
         \n\
         /// The exact text `rubric()` was generated from.\n\
         #[rustfmt::skip]\n\
         pub(super) const TEXT: &str = {text:?};\n\
         \n\
         /// The validated rubric `TEXT` parses to.\n\
         #[rustfmt::skip]\n\
         pub(super) fn rubric() -> Rubric {{\n\
         {}}}\n",
        rubric_code(&rubric)
    ))
}

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rubric/prebuilt_rubric.rs");

#[test]
fn the_prebuilt_rubric_is_generated_from_the_embedded_one() {
    let expected = file_for(EMBEDDED_TEXT);
    let Ok(expected) = expected else {
        panic!("the embedded rubric does not parse: {expected:?}");
    };
    let actual = std::fs::read_to_string(FILE).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("CLUSTER_REVIEW_REGENERATE").is_some() {
        let written = std::fs::write(FILE, &expected);
        assert!(written.is_ok(), "cannot write {FILE}: {written:?}");
    } else {
        panic!(
            "{FILE} is not generated from the current rubrics/nanjing-2023.toml: run \
             CLUSTER_REVIEW_REGENERATE=1 cargo test --lib prebuilt"
        );
    }
}

#[test]
fn the_prebuilt_rubric_is_what_its_text_parses_to() {
    let parsed = parse_toml(EMBEDDED_NAME, prebuilt_rubric::TEXT.as_bytes());
    let Ok(parsed) = parsed else {
        panic!("the prebuilt text does not parse: {parsed:?}");
    };
    let built = prebuilt_rubric::rubric();
    assert_eq!(built, parsed);
    // equal values are not enough for a sheet: every decimal keeps its written scale
    assert_eq!(format!("{built:?}"), format!("{parsed:?}"));
}

#[test]
fn only_identical_bytes_take_the_prebuilt_rubric() {
    let text = prebuilt_rubric::TEXT;
    let Some(at) = text.find("title = \"") else {
        panic!("the rubric has no title line");
    };
    let changed = format!("{}title = \"改 {}", &text[..at], &text[at + 9..]);
    let parsed = super::load::parse("changed.toml", changed.as_bytes());
    let Ok(parsed) = parsed else {
        panic!("the changed rubric does not parse: {parsed:?}");
    };
    assert!(parsed.title.starts_with("改 "), "{}", parsed.title);
    assert_ne!(parsed.sha256, prebuilt_rubric::rubric().sha256);
    // a text that no longer validates is reported, not replaced by the prebuilt rubric
    let broken = text.replacen("total = \"", "total = \"-", 1);
    assert!(super::load::parse("broken.toml", broken.as_bytes()).is_err());
}
