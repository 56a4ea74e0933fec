//! Property tests of the scoring engine and the loaders: points always within `[0, weight]`,
//! linear scoring monotone in the value, total = sum of parts, and no input ever panics.

use cluster_review::numbers::parse_number;
use cluster_review::package::{
    CsvTable, PackageFiles, parse_manifest, parse_measures, parse_package,
};
use cluster_review::rubric::{self, Direction, Method, Rubric, ScoringRule};
use cluster_review::scoring::{Exact, cohort_best, fraction, score_quantitative, totals};
use proptest::prelude::*;

mod rational;
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
        let mut points: BTreeMap<u32, Exact> = score_quantitative(rubric(), &values, None)
            .into_iter().map(|s| (s.indicator, s.exact)).collect();
        for (id, halves) in [1u32, 2, 3, 20].into_iter().zip(qualitative) {
            let given = Decimal::new(i64::from(halves) * 5, 1).min(rubric().indicator(id).map_or(Decimal::ZERO, |i| i.weight));
            points.insert(id, Exact::from(given));
        }
        let result = totals(rubric(), &points);
        let parts: Exact = points.values().sum();
        let subtotals: Exact = result.categories.iter().map(|c| &c.exact).sum();
        prop_assert_eq!(&result.exact, &parts);
        prop_assert_eq!(&result.exact, &subtotals);
        prop_assert_eq!(Some(result.total), result.exact.to_decimal());
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
        let files = enterprise_package(&format!("{row}\n"), cells.first().map_or("", String::as_str));
        if let Ok(package) = parse_package("fuzz", &files, rubric()) {
            let check = cluster_review::package::check_package(rubric(), &package, None);
            prop_assert!(check.quantitative_points >= Decimal::ZERO);
        }
    }

    /// Well-formed enterprise tables always load (one row per enterprise, each written once),
    /// so the scoring assertions run on every case: the derived revenue is the exact sum of the
    /// column and every points figure lies within its bounds.
    #[test]
    fn generated_enterprise_tables_load_and_score_within_bounds(rows in proptest::collection::vec((any::<bool>(), any::<bool>(), 0u64..10_000_000, 0u64..10_000_000, 0u64..1_000_000, 0u32..200), 1..12)) {
        let mut table = String::new();
        let mut revenue = Decimal::ZERO;
        for (i, (above, high_tech, rev, prev, rd, patents)) in rows.iter().enumerate() {
            let yes = |b: bool| if b { "是" } else { "否" };
            let r = Decimal::new(*rev as i64, 4);
            revenue += r;
            table.push_str(&format!(
                "示例企业{i:02},{},是,{},{r},{},{},{},{},{patents},0,0\n",
                yes(*above), yes(*high_tech), Decimal::new(*prev as i64, 4), Decimal::new(*rd as i64 / 10, 4), Decimal::new(*prev as i64 / 20, 4), Decimal::new(*rd as i64, 6)
            ));
        }
        let files = enterprise_package(&table, "");
        let package = parse_package("generated", &files, rubric());
        prop_assert!(package.is_ok(), "{:?}", package.err());
        let package = package.expect("checked");
        let check = cluster_review::package::check_package(rubric(), &package, None);
        let derived = check.indicators.iter().flat_map(|i| i.measures.iter()).find(|m| m.measure == "revenue").and_then(|m| m.derived.as_ref().map(|d| d.value));
        prop_assert_eq!(derived, Some((revenue / Decimal::from(10_000)).normalize()), "revenue in 万元, derived in 亿元");
        for indicator in &check.indicators {
            for m in &indicator.measures {
                prop_assert!(m.score.points >= Decimal::ZERO && m.score.points <= m.score.available);
            }
        }
        prop_assert!(check.quantitative_points >= Decimal::ZERO && check.quantitative_points <= Decimal::from(76));
    }

    /// Points = half-up of the exact rational value, for random weights, shares, rules
    /// (linear, efficacy, bands, cohort; both directions) and figures: the program's points are
    /// compared with an independent computation in big-integer rationals.
    #[test]
    fn points_are_the_half_up_of_the_exact_rational_value(
        weight in 1i64..=10_000, share_half in any::<bool>(),
        rules in proptest::collection::vec((0u8..4, figure(), figure(), any::<bool>()), 2),
        values in proptest::collection::vec(figure(), 2), best in figure(),
    ) {
        use rational::{Q, half_up, int, q};
        let mut indicator = rubric().indicator(9).cloned().expect("indicator 9 has two measures");
        indicator.weight = Decimal::new(weight, 2);
        let shares = if share_half { [Decimal::new(5, 1), Decimal::new(5, 1)] } else { [Decimal::new(3, 1), Decimal::new(7, 1)] };
        let best = best.abs() + Decimal::ONE;
        let mut figures = BTreeMap::new();
        let mut expected_sum = int(0);
        let mut expected = Vec::new();
        for (k, ((kind, a, b, lower), x)) in rules.iter().zip(&values).enumerate() {
            prop_assume!(a != b);
            let (floor, target) = if *lower == (a > b) { (*a, *b) } else { (*b, *a) };
            let direction = if target > floor { Direction::Higher } else { Direction::Lower };
            let method = match kind {
                0 => Method::Linear { floor, target },
                1 => Method::Efficacy { floor, target },
                2 => Method::Cohort { floor, target },
                _ => Method::Bands(vec![
                    cluster_review::rubric::Band { at: floor.min(target), fraction: Decimal::new(1, 1) },
                    cluster_review::rubric::Band { at: floor.max(target), fraction: Decimal::new(9, 1) },
                ]),
            };
            let measure = &mut indicator.measures[k];
            measure.share = shares[k];
            measure.scoring = ScoringRule { method, direction, bureau_default: false };
            figures.insert(measure.id.clone(), *x);
            // the exact value, by hand
            let (fx, ff, ft) = (q(&x.to_string()), q(&floor.to_string()), q(&target.to_string()));
            let clamp = |v: Q| if v < int(0) { int(0) } else if v > int(1) { int(1) } else { v };
            let linear = clamp((&fx - &ff) / (&ft - &ff));
            let fraction = match kind {
                0 => linear,
                1 => q("0.6") + q("0.4") * linear,
                2 => {
                    let qb = q(&best.to_string());
                    let (part, whole) = if direction == Direction::Lower { (qb, fx.clone()) } else { (fx.clone(), qb) };
                    if part <= int(0) || whole <= int(0) { int(0) } else { clamp(part / whole) }
                }
                _ => {
                    let (low, high) = (ff.clone().min(ft.clone()), ff.max(ft));
                    match direction {
                        Direction::Higher if fx >= high => q("0.9"),
                        Direction::Higher if fx >= low => q("0.1"),
                        Direction::Lower if fx <= low => q("0.1"),
                        Direction::Lower if fx <= high => q("0.9"),
                        _ => int(0),
                    }
                }
            };
            let points = q(&indicator.weight.to_string()) * q(&shares[k].to_string()) * fraction;
            expected_sum += points.clone();
            expected.push(points);
        }
        let cohort = cluster_review::scoring::CohortBest(indicator.measures.iter().map(|m| (m.id.clone(), best)).collect());
        let score = cluster_review::scoring::score_indicator(&indicator, &figures, Some(&cohort));
        for (m, exact) in score.measures.iter().zip(&expected) {
            prop_assert_eq!(cluster_review::display::points(m.points), half_up(exact, 2), "measure {}", m.measure);
        }
        prop_assert_eq!(cluster_review::display::points(score.points), half_up(&expected_sum, 2));
    }
}

/// A package with the given enterprise table rows (header added) and a declared revenue.
fn enterprise_package(rows: &str, revenue: &str) -> PackageFiles {
    let header = "name,above_scale,industrial,high_tech,revenue,revenue_prev,net_profit,net_profit_prev,rd_internal,invention_patents,software_copyrights,ic_layouts";
    let manifest = "id = \"f\"\npark = \"南京示例园\"\ncluster = \"南京示例园集成电路创新型产业集群\"\ndirection = \"集成电路\"\nyear = 2025\n";
    PackageFiles(BTreeMap::from([
        ("package.toml".to_string(), manifest.as_bytes().to_vec()),
        (
            "measures.csv".to_string(),
            format!("measure,value,unit,source\nrevenue,{revenue},亿元,x\n").into_bytes(),
        ),
        (
            "tables/enterprises.csv".to_string(),
            format!("{header}\n{rows}").into_bytes(),
        ),
    ]))
}
