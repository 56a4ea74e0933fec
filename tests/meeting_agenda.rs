//! The chair's agenda (议程) and the compliance gate (财政部令第87号 Art. 64) on counted
//! evaluations built in memory, each figure checked as an auditor would: the points at stake
//! from the rubric's rules by hand, the order flips by evaluating both clusters' totals at
//! ±10% of each weight with exact fractions, the sums re-added.

mod rational;

use cluster_review::i18n::Lang;
use cluster_review::meeting::{Ground, ItemKind, Resolution, agenda, gate};
use cluster_review::package::{DEMO_NAME, PackageFiles, check_package, demo_files, parse_package};
use cluster_review::panel::{
    ChairInput, Combined, Correction, MergeOptions, Note, SessionInput, Signature, merge,
};
use cluster_review::rubric;
use cluster_review::session::{
    Declaration, DeclarationKind, Edit, Expert, MeasureStatus, SessionState,
};
use num_bigint::BigInt;
use rational::{Q, int, q};
use rust_decimal::Decimal;

/// The demo package under another id (the same figures).
fn files(id: &str) -> PackageFiles {
    let mut files = demo_files();
    if let Some(manifest) = files.0.get_mut("package.toml") {
        let text =
            String::from_utf8_lossy(manifest).replace("id = \"demo\"", &format!("id = \"{id}\""));
        *manifest = text.into_bytes();
    }
    files
}

/// Five experts scoring a cluster's qualitative indicators 1, 2, 3, 20 alike, with opinions,
/// and the extra edits of some experts.
fn cluster(id: &str, points: [&str; 4], extra: &[(usize, Edit)]) -> Vec<SessionInput> {
    let rubric = rubric::embedded().expect("rubric");
    let package = parse_package(DEMO_NAME, &files(id), &rubric).expect("package");
    let check = check_package(&rubric, &package, None);
    (0..5)
        .map(|n| {
            let expert = format!("E0{}", n + 1);
            let mut state = SessionState::fresh(
                &rubric,
                &package,
                &check,
                Expert {
                    id: expert.clone(),
                    name: format!("专家{expert}"),
                },
            );
            state.created_at = format!("2026-11-28T00:00:0{n}Z");
            state.declaration = Some(Declaration {
                kind: DeclarationKind::NoConflict,
                reason: String::new(),
                at: "now".into(),
            });
            for (indicator, p) in [1, 2, 3, 20].iter().zip(points) {
                state.apply(&Edit::Points {
                    indicator: *indicator,
                    points: p.parse().expect("points"),
                });
                state.apply(&Edit::Comment {
                    indicator: *indicator,
                    text: "意见".into(),
                });
            }
            for (who, edit) in extra {
                if *who == n {
                    state.apply(edit);
                }
            }
            SessionInput {
                file: format!("{id}-{expert}.sqlite"),
                rubric: std::sync::Arc::new(rubric.clone()),
                rubric_text: rubric::EMBEDDED_TEXT.into(),
                state,
                signature: Signature::Unsigned,
            }
        })
        .collect()
}

const OPTIONS: MergeOptions = MergeOptions {
    method: None,
    allow_unsigned: true,
};

/// Cluster a: 8 on indicator 1, 0 on indicator 2; b the other way round with 7.5: a leads by
/// exactly 0.5 points. In a, E01 proposes 40 talents where E02 verified 48 (a disputed
/// objective item), and E03 alone marks the evidence of the high-tech count missing.
fn inputs() -> Vec<SessionInput> {
    let mut all = cluster(
        "a",
        ["8", "0", "2", "2"],
        &[
            (
                0,
                Edit::Status {
                    measure: "talents".into(),
                    status: MeasureStatus::Doubtful,
                },
            ),
            (
                0,
                Edit::Corrected {
                    measure: "talents".into(),
                    value: Some(Decimal::from(40)),
                },
            ),
            (
                1,
                Edit::Status {
                    measure: "talents".into(),
                    status: MeasureStatus::Verified,
                },
            ),
            (
                2,
                Edit::Status {
                    measure: "hightech_count".into(),
                    status: MeasureStatus::Missing,
                },
            ),
        ],
    );
    all.extend(cluster("b", ["0", "7.5", "2", "2"], &[]));
    all
}

fn counted(chair: &ChairInput) -> Combined {
    merge(&inputs(), OPTIONS, chair).expect("merge")
}

fn exact(value: &cluster_review::scoring::Exact) -> Q {
    let (n, d) = value.parts();
    Q::new(n.clone(), d.clone())
}

fn decimal(value: Decimal) -> Q {
    q(&value.to_string())
}

/// Whether a change of indicator `k`'s weight by the factor `s` (the other weights rescaled so
/// the total stays) puts cluster `lower` strictly above `upper`: the totals re-added by hand.
fn reversed_at(combined: &Combined, upper: usize, lower: usize, k: usize, s: &Q) -> bool {
    let weights: Vec<Q> = combined
        .rubric
        .indicators()
        .map(|i| decimal(i.weight))
        .collect();
    let total: Q = weights.iter().sum();
    let w = &weights[k];
    let factor_rest = (&total - s * w) / (&total - w);
    let total_of = |c: usize| -> Q {
        combined.clusters[c]
            .indicators
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let points = r.panel_exact.as_ref().map_or_else(|| int(0), exact);
                if n == k {
                    s * points
                } else {
                    &factor_rest * points
                }
            })
            .sum()
    };
    total_of(lower) > total_of(upper)
}

#[test]
fn order_flips_within_ten_percent_match_totals_re_added_at_the_ends() {
    let combined = counted(&ChairInput::default());
    let items = agenda(&combined);
    let flips: Vec<_> = items
        .iter()
        .filter(|i| i.kind == ItemKind::RankFlip)
        .collect();
    assert_eq!(flips.len(), 1, "{items:#?}");
    let flip = flips[0];
    assert_eq!(
        (flip.package_id.as_str(), flip.other_package.as_deref()),
        ("a", Some("b"))
    );
    // what separates them: 8 − 7.5 on the qualitative indicators, the same figures otherwise
    assert_eq!(exact(&flip.stake), q("0.5"));
    let low = Q::new(BigInt::from(9), BigInt::from(10));
    let high = Q::new(BigInt::from(11), BigInt::from(10));
    for (k, indicator) in combined.rubric.indicators().enumerate() {
        // a linear difference reverses strictly inside ±10% exactly when it is reversed at an end
        let by_hand =
            reversed_at(&combined, 0, 1, k, &low) || reversed_at(&combined, 0, 1, k, &high);
        let listed = flip.flips.iter().any(|f| f.indicator == indicator.id);
        assert_eq!(listed, by_hand, "indicator {}", indicator.id);
    }
    // indicator 1 (weight 8): 8s − 7.5(100 − 8s)/92 = 0 at s = 750/796, 46/796 less weight
    let one = flip
        .flips
        .iter()
        .find(|f| f.indicator == 1)
        .expect("indicator 1");
    assert_eq!(
        exact(&one.change),
        Q::new(BigInt::from(-46), BigInt::from(796))
    );
    // the most sensitive indicator is the item's
    let smallest = flip
        .flips
        .iter()
        .min_by_key(|f| f.change.abs())
        .expect("flips");
    assert_eq!(flip.indicator, smallest.indicator);
}

#[test]
fn points_at_stake_are_the_rules_by_hand_and_order_the_agenda() {
    let combined = counted(&ChairInput::default());
    let items = agenda(&combined);
    let kinds: Vec<ItemKind> = items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            ItemKind::RankFlip,
            ItemKind::ObjectiveDisagreement,
            ItemKind::FigureQuestioned
        ],
        "{items:#?}"
    );
    // talents: linear 0 → 150 over weight 5; 48 against E01's 40
    let disputed = &items[1];
    assert_eq!(disputed.measure.as_deref(), Some("talents"));
    assert_eq!(disputed.experts, ["E01", "E02"]);
    assert_eq!(
        exact(&disputed.stake),
        int(5) * int(48) / int(150) - int(5) * int(40) / int(150)
    );
    // the high-tech count (share 0.5 of weight 5, linear 0 → 200, 19 declared) counted as no
    // figure: 5 × 0.5 × 19/200
    let questioned = &items[2];
    assert_eq!(questioned.measure.as_deref(), Some("hightech_count"));
    assert_eq!(questioned.experts, ["E03"]);
    assert_eq!(
        exact(&questioned.stake),
        int(5) * q("0.5") * int(19) / int(200)
    );
    // every item open, by points at stake, highest first
    assert!(items.iter().all(|i| i.is_open()));
    assert!(items.windows(2).all(|w| w[0].stake >= w[1].stake));
}

#[test]
fn divergent_scores_and_reasons_owed_are_items_with_their_stakes() {
    let mut sessions = cluster("a", ["6", "6", "2", "2"], &[]);
    // E05 gives indicator 1 a 1 (divergent) without a reason (owed below 0.6 × 8 = 4.8)
    sessions[4].state.apply(&Edit::Points {
        indicator: 1,
        points: Decimal::from(1),
    });
    sessions[4].state.apply(&Edit::Comment {
        indicator: 1,
        text: String::new(),
    });
    let combined = merge(&sessions, OPTIONS, &ChairInput::default()).expect("merge");
    let items = agenda(&combined);
    let divergent = items
        .iter()
        .find(|i| i.kind == ItemKind::Divergent)
        .expect("divergent");
    assert_eq!(divergent.experts, ["E05"]);
    // the spread: 6 − 1
    assert_eq!(exact(&divergent.stake), int(5));
    let owed = items
        .iter()
        .find(|i| i.kind == ItemKind::ReasonOwed)
        .expect("reason owed");
    assert_eq!(exact(&owed.stake), q("4.8") - int(1));
    // the gate's fourth ground (畸高畸低) counts the divergent item
    let check = gate(&combined, Lang::Zh);
    let extreme = check
        .grounds
        .iter()
        .find(|g| g.ground == Ground::Extreme)
        .expect("ground 4");
    assert_eq!((extreme.open, extreme.resolved), (1, 0));
    assert!(!check.passes());
    // one note on indicator 1 settles both
    let chair = ChairInput {
        corrections: Vec::new(),
        notes: vec![Note {
            package_id: "a".into(),
            indicator: 1,
            text: "合议：E05 说明了理由".into(),
        }],
    };
    let combined = merge(&sessions, OPTIONS, &chair).expect("merge");
    let check = gate(&combined, Lang::Zh);
    assert!(check.passes(), "{:#?}", check);
    assert_eq!(
        check
            .grounds
            .iter()
            .find(|g| g.ground == Ground::Extreme)
            .map(|g| (g.open, g.resolved)),
        Some((0, 1))
    );
}

#[test]
fn the_gate_opens_when_every_item_has_a_note_or_a_correction() {
    let combined = counted(&ChairInput::default());
    let check = gate(&combined, Lang::En);
    assert!(!check.passes());
    let states: Vec<String> = check.grounds.iter().map(|g| g.state(Lang::En)).collect();
    assert_eq!(
        states,
        [
            "checked, none found",
            "checked, none found",
            "1 open, 0 resolved",
            "checked, none found"
        ]
    );
    let refusals = check.refusals(&combined, Lang::En);
    assert_eq!(refusals.len(), 3, "{refusals:?}");

    let chair = ChairInput {
        corrections: vec![Correction {
            package_id: "a".into(),
            measure: "talents".into(),
            value: Decimal::from(40),
            reason: "按在职名单".into(),
        }],
        notes: vec![
            Note {
                package_id: "b".into(),
                indicator: 1,
                text: "两集群排名差距小，经合议维持".into(),
            },
            Note {
                package_id: "a".into(),
                indicator: 5,
                text: "证明材料会上已补".into(),
            },
        ],
    };
    let combined = counted(&chair);
    let items = agenda(&combined);
    assert!(items.iter().all(|i| !i.is_open()), "{items:#?}");
    let disputed = items
        .iter()
        .find(|i| i.kind == ItemKind::ObjectiveDisagreement)
        .expect("disputed");
    assert_eq!(
        disputed.resolution,
        Some(Resolution::Correction {
            value: Decimal::from(40),
            reason: "按在职名单".into()
        })
    );
    let check = gate(&combined, Lang::En);
    assert!(check.passes(), "{check:#?}");
    assert_eq!(check.grounds[2].state(Lang::En), "all 1 resolved");
}

#[test]
fn sums_recomputed_and_scores_outside_the_standard_are_findings() {
    let mut combined = counted(&ChairInput::default());
    assert!(gate(&combined, Lang::En).grounds[0].findings.is_empty());
    // a total that is not the sum of its indicators
    combined.clusters[0].total_exact =
        &combined.clusters[0].total_exact + &cluster_review::scoring::Exact::from_int(1);
    let check = gate(&combined, Lang::En);
    let sums = &check.grounds[0];
    assert_eq!(sums.ground, Ground::Sums);
    assert_eq!(sums.findings.len(), 1, "{:?}", sums.findings);
    assert!(sums.findings[0].contains("total"), "{:?}", sums.findings);
    // a score above the indicator's weight, and one off its step
    let mut combined = counted(&ChairInput::default());
    let first = &mut combined.clusters[0].indicators[0];
    first.scores.insert("E01".into(), Decimal::from(9));
    first.scores.insert("E02".into(), q_decimal("6.25"));
    let check = gate(&combined, Lang::En);
    let outside = &check.grounds[1];
    assert_eq!(outside.ground, Ground::OutsideStandard);
    assert_eq!(outside.findings.len(), 2, "{:?}", outside.findings);
    // and the panel value no longer is the trimmed mean of the scores: a sum finding too
    assert!(!check.grounds[0].findings.is_empty());
    assert!(!check.passes());
}

fn q_decimal(text: &str) -> Decimal {
    text.parse().expect("decimal")
}
