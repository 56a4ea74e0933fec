//! Property tests of the scoring engine and the loaders: points always within `[0, weight]`,
//! linear scoring monotone in the value, total = sum of parts, and no input ever panics.

use cluster_review::numbers::parse_number;
use cluster_review::package::{
    CsvTable, PackageFiles, parse_manifest, parse_measures, parse_package,
};
use cluster_review::rubric::{self, Direction, Method, Rubric, ScoringRule};
use cluster_review::scoring::{cohort_best, fraction, score_quantitative, totals};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn rubric() -> &'static Rubric {
    static RUBRIC: OnceLock<Rubric> = OnceLock::new();
    RUBRIC.get_or_init(|| rubric::embedded().expect("embedded rubric"))
}

/// Any decimal a package may carry: up to 10^15 in magnitude, up to 10 decimals.
fn figure() -> impl Strategy<Value = Decimal> {
    (
        -1_000_000_000_000_000i64..=1_000_000_000_000_000i64,
        0u32..=10,
    )
        .prop_map(|(m, s)| Decimal::new(m, s))
}

fn figures() -> impl Strategy<Value = BTreeMap<String, Decimal>> {
    let ids: Vec<String> = rubric().measures().map(|m| m.id.clone()).collect();
    proptest::collection::vec(proptest::option::of(figure()), ids.len()).prop_map(move |values| {
        ids.iter()
            .cloned()
            .zip(values)
            .filter_map(|(id, v)| v.map(|v| (id, v)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn points_are_always_within_zero_and_the_weight(a in figures(), b in figures()) {
        let best = cohort_best(rubric(), [&a, &b]);
        for cohort in [None, Some(&best)] {
            for score in score_quantitative(rubric(), &a, cohort) {
                prop_assert!(score.points >= Decimal::ZERO && score.points <= score.weight, "indicator {}: {}", score.indicator, score.points);
                for m in &score.measures {
                    prop_assert!(m.points >= Decimal::ZERO && m.points <= m.available);
                }
            }
        }
    }

    #[test]
    fn linear_scoring_is_monotone_in_the_value(floor in figure(), target in figure(), x in figure(), y in figure()) {
        prop_assume!(floor != target);
        let direction = if target > floor { Direction::Higher } else { Direction::Lower };
        let rule = ScoringRule { method: Method::Linear { floor, target }, direction, bureau_default: false };
        let (low, high) = if x <= y { (x, y) } else { (y, x) };
        let (f_low, f_high) = (fraction(&rule, low, None).value, fraction(&rule, high, None).value);
        prop_assert!((Decimal::ZERO..=Decimal::ONE).contains(&f_low));
        match direction {
            Direction::Higher => prop_assert!(f_low <= f_high),
            Direction::Lower => prop_assert!(f_low >= f_high),
        }
        prop_assert_eq!(fraction(&rule, target, None).value, Decimal::ONE);
        prop_assert_eq!(fraction(&rule, floor, None).value, Decimal::ZERO);
    }

    #[test]
    fn the_total_is_the_sum_of_its_parts(values in figures(), qualitative in proptest::collection::vec(0u32..=16, 4)) {
        let mut points: BTreeMap<u32, Decimal> = score_quantitative(rubric(), &values, None)
            .into_iter().map(|s| (s.indicator, s.points)).collect();
        for (id, halves) in [1u32, 2, 3, 20].into_iter().zip(qualitative) {
            points.insert(id, Decimal::new(i64::from(halves) * 5, 1).min(rubric().indicator(id).map_or(Decimal::ZERO, |i| i.weight)));
        }
        let result = totals(rubric(), &points);
        let parts: Decimal = points.values().copied().sum();
        let subtotals: Decimal = result.categories.iter().map(|c| c.points).sum();
        prop_assert_eq!(result.total, parts);
        prop_assert_eq!(result.total, subtotals);
        prop_assert!(result.total <= rubric().total);
        for category in &result.categories {
            prop_assert!(category.points <= category.weight);
        }
    }

    #[test]
    fn numbers_with_separators_and_full_width_digits_read_back_exactly(mantissa in -999_999_999_999_999i64..=999_999_999_999_999i64, scale in 0u32..=6, full_width in any::<bool>()) {
        let value = Decimal::new(mantissa, scale);
        let plain = value.abs().to_string();
        let (integer, fraction) = plain.split_once('.').map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
        let grouped: Vec<String> = integer.as_bytes().rchunks(3).rev().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        let mut text = format!("{}{}", if value.is_sign_negative() { "-" } else { "" }, grouped.join(","));
        if let Some(f) = fraction { text = format!("{text}.{f}"); }
        if full_width {
            text = text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c) } else { c }).collect();
        }
        prop_assert_eq!(parse_number(&text).map(|n| n.value), Ok(value.normalize()));
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loaders(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = rubric::parse("fuzz.toml", &bytes);
        let _ = CsvTable::parse("fuzz.csv", &bytes);
        let _ = parse_measures("fuzz.csv", &bytes, rubric());
        let _ = parse_manifest("fuzz.toml", &String::from_utf8_lossy(&bytes));
        let files = PackageFiles(BTreeMap::from([
            ("package.toml".to_string(), bytes.clone()),
            ("measures.csv".to_string(), bytes.clone()),
            ("tables/enterprises.csv".to_string(), bytes.clone()),
            ("evidence/01-x.md".to_string(), bytes),
        ]));
        let _ = parse_package("fuzz", &files, rubric());
    }

    #[test]
    fn mutated_rubrics_and_measures_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut rubric_bytes = rubric::EMBEDDED_TEXT.as_bytes().to_vec();
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages/demo/measures.csv");
        let mut measures = std::fs::read(demo).expect("demo measures");
        for (at, byte) in &edits {
            let i = at.index(rubric_bytes.len());
            rubric_bytes[i] = *byte;
            let j = at.index(measures.len());
            measures[j] = *byte;
        }
        let _ = rubric::parse("mutated.toml", &rubric_bytes);
        let _ = parse_measures("mutated.csv", &measures, rubric());
    }

    #[test]
    fn arbitrary_cells_never_panic_the_package(cells in proptest::collection::vec("[-0-9０-９,.%％ a-z是否国家级省分中心]{0,12}", 12)) {
        let row = cells.join(",");
        let header = "name,above_scale,industrial,high_tech,revenue,revenue_prev,net_profit,net_profit_prev,rd_internal,invention_patents,software_copyrights,ic_layouts";
        let manifest = "id = \"f\"\npark = \"南京示例园\"\ncluster = \"南京示例园集成电路创新型产业集群\"\ndirection = \"集成电路\"\nyear = 2025\n";
        let files = PackageFiles(BTreeMap::from([
            ("package.toml".to_string(), manifest.as_bytes().to_vec()),
            ("measures.csv".to_string(), format!("measure,value,unit,source\nrevenue,{},亿元,x\n", cells.first().cloned().unwrap_or_default()).into_bytes()),
            ("tables/enterprises.csv".to_string(), format!("{header}\n{row}\n{row}\n").into_bytes()),
            ("tables/platforms.csv".to_string(), format!("name,type,level,sub_centre\n{}\n", cells.iter().take(4).cloned().collect::<Vec<_>>().join(",")).into_bytes()),
        ]));
        if let Ok(package) = parse_package("fuzz", &files, rubric()) {
            let check = cluster_review::package::check_package(rubric(), &package, None);
            prop_assert!(check.quantitative_points >= Decimal::ZERO);
        }
    }
}
