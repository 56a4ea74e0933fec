//! `rubric check` and `rubric show` through the real binary, against the seed guideline itself
//! (a copy of the bureau's text is in tests/fixtures/guideline.txt).

mod common;

use common::{bin, fixture, rubric_path};
use predicates::prelude::*;
use serde_json::Value;

/// The seed's indicator table: (number, name, weight, unit) read from the guideline text,
/// where each indicator is a line `\tN.name` followed by lines `\tweight` and `\tunit`.
fn seed_indicators() -> Vec<(u64, String, String, String)> {
    let text = std::fs::read_to_string(fixture("guideline.txt")).expect("guideline");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut found: Vec<(u64, String, String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((number, name)) = line.split_once('.') else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        if !(1..=20).contains(&number) || found.iter().any(|(n, ..)| *n == number) {
            continue;
        }
        found.push((
            number,
            name.to_string(),
            lines[i + 1].to_string(),
            lines[i + 2].to_string(),
        ));
    }
    found
}

/// The guideline's explanations (指标说明), with the Word bookmark artefact removed.
fn seed_explanations() -> String {
    let text = std::fs::read_to_string(fixture("guideline.txt")).expect("guideline");
    let start = text.find("指标说明").expect("指标说明 section");
    text[start..].replace("\n[bookmark: _GoBack]", "")
}

fn show_json() -> Value {
    let output = bin()
        .args(["rubric", "show"])
        .arg(rubric_path())
        .arg("--json")
        .output()
        .expect("run");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("json")
}

#[test]
fn show_json_lists_exactly_the_seed_categories_and_indicators() {
    let rubric = show_json();
    let categories = rubric["categories"].as_array().expect("categories");
    let summary: Vec<(String, String)> = categories
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or("").to_string(),
                c["weight"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // The seed's 一级指标 column: 政策环境 20, 集群产业 30, 集群绩效 30, 产业生态 20.
    assert_eq!(
        summary,
        [
            ("政策环境", "20"),
            ("集群产业", "30"),
            ("集群绩效", "30"),
            ("产业生态", "20")
        ]
        .map(|(n, w)| (n.to_string(), w.to_string()))
    );
    let indicators: Vec<(u64, String, String, String)> = categories
        .iter()
        .flat_map(|c| c["indicators"].as_array().cloned().unwrap_or_default())
        .map(|i| {
            (
                i["id"].as_u64().unwrap_or(0),
                i["name"].as_str().unwrap_or("").to_string(),
                i["weight"].as_str().unwrap_or("").to_string(),
                i["unit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let seed = seed_indicators();
    assert_eq!(seed.len(), 20, "the seed table has 20 indicators");
    assert_eq!(indicators, seed);
    let weights: Vec<&str> = seed.iter().map(|(_, _, w, _)| w.as_str()).collect();
    assert_eq!(
        weights,
        [
            "8", "8", "4", "5", "5", "5", "8", "7", "6", "8", "6", "4", "3", "3", "4", "2", "4",
            "4", "2", "4"
        ]
    );
    assert_eq!(rubric["total"], "100");
}

/// The paragraph of 指标说明 that explains indicator `id` (it starts with `id、`).
fn seed_paragraph(explanations: &str, id: u64) -> String {
    let start = explanations
        .find(&format!("\n{id}、"))
        .unwrap_or_else(|| panic!("paragraph {id}"));
    let rest = &explanations[start + 1..];
    let end = rest.find(&format!("\n{}、", id + 1)).unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn kinds_texts_measures_and_levels_follow_the_seed() {
    let rubric = show_json();
    let explanations = seed_explanations();
    for indicator in rubric["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["indicators"].as_array().cloned().unwrap_or_default())
    {
        let id = indicator["id"].as_u64().unwrap_or(0);
        let kind = indicator["kind"].as_str().unwrap_or("");
        let expected_kind = if [1, 2, 3, 20].contains(&id) {
            "qualitative"
        } else {
            "quantitative"
        };
        assert_eq!(kind, expected_kind, "indicator {id}");
        // purpose (反映……) and definition (指……) verbatim from this indicator's own paragraph
        let paragraph = seed_paragraph(&explanations, id);
        let purpose = indicator["purpose"].as_str().unwrap_or("");
        let definition = indicator["definition"].as_str().unwrap_or("");
        assert!(
            definition.starts_with('指') && paragraph.contains(definition),
            "indicator {id} definition is not verbatim: {definition}"
        );
        if paragraph.contains("反映") {
            assert!(
                purpose.starts_with("反映") && paragraph.contains(purpose),
                "indicator {id} purpose is not verbatim: {purpose}"
            );
        } else {
            assert!(
                purpose.is_empty(),
                "indicator {id}: the seed gives no purpose"
            );
        }
        // the paragraph is "N、title。purpose definition": nothing of it may be left out
        let after_title = paragraph.split_once('。').map_or("", |(_, t)| t);
        let rest = after_title
            .strip_prefix(purpose)
            .unwrap_or(after_title)
            .trim();
        assert_eq!(
            rest, definition,
            "indicator {id}: the definition must be the whole text after the purpose"
        );
        let measures = indicator["measures"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let levels = indicator["levels"].as_array().cloned().unwrap_or_default();
        if kind == "qualitative" {
            assert!(measures.is_empty());
            let names: Vec<&str> = levels.iter().filter_map(|l| l["name"].as_str()).collect();
            assert_eq!(names, ["优", "良", "中", "差"], "indicator {id}");
        } else {
            assert!(!measures.is_empty(), "indicator {id} has measures");
            assert!(
                measures
                    .iter()
                    .all(|m| m["scoring"]["bureau_default"] == true),
                "indicator {id}: targets are marked as the bureau's to set"
            );
        }
    }
}

#[test]
fn measures_cover_every_figure_the_names_ask_for() {
    let rubric = show_json();
    let measures_of = |id: u64| -> Vec<String> {
        rubric["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["indicators"].as_array().cloned().unwrap_or_default())
            .find(|i| i["id"] == id)
            .map(|i| {
                i["measures"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|m| m["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(measures_of(5), ["hightech_count", "hightech_share"]);
    assert_eq!(
        measures_of(6),
        ["unicorn", "gazelle", "little_giant", "tech_sme"]
    );
    assert_eq!(
        measures_of(7),
        [
            "leader_sales",
            "leader_rank",
            "leader_intl_share",
            "leader_dom_share"
        ]
    );
    assert_eq!(measures_of(8), ["revenue", "revenue_growth"]);
    assert_eq!(measures_of(9), ["profit_margin", "profit_margin_growth"]);
    assert_eq!(
        measures_of(17),
        ["fund_size", "invested_amount", "invested_enterprises"]
    );
    assert_eq!(measures_of(18), ["listed_count", "listed_financing"]);
    assert_eq!(measures_of(19), ["projects", "project_funding"]);
}

#[test]
fn seed_inconsistencies_are_noted_not_resolved() {
    let rubric = show_json();
    let note = |id: u64| -> String {
        rubric["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["indicators"].as_array().cloned().unwrap_or_default())
            .find(|i| i["id"] == id)
            .and_then(|i| i["note"].as_str().map(str::to_string))
            .unwrap_or_default()
    };
    assert!(
        note(1).contains("所在区政府") && note(1).contains("所在地区政府"),
        "{}",
        note(1)
    );
    assert!(note(6).contains("科技型中小企业"), "{}", note(6));
    assert!(
        note(19).contains("市级以上") && note(19).contains("省级以上"),
        "{}",
        note(19)
    );
}

#[test]
fn check_accepts_the_shipped_rubric() {
    bin()
        .args(["rubric", "check"])
        .arg(rubric_path())
        .assert()
        .success()
        .stdout(predicate::str::contains("nanjing-icc-2023"));
}

#[test]
fn weights_that_do_not_add_up_are_refused_with_category_and_line() {
    let text = std::fs::read_to_string(rubric_path()).expect("rubric");
    // indicator 5 (高新技术企业数和占比) gets weight 6: 集群产业 then adds up to 31
    let start = text.find("id = 5\n").expect("indicator 5");
    let (head, tail) = text.split_at(start);
    let broken = format!(
        "{head}{}",
        tail.replacen("weight = \"5\"", "weight = \"6\"", 1)
    );
    let temp = tempfile::tempdir().expect("temp");
    let path = temp.path().join("bad.toml");
    std::fs::write(&path, &broken).expect("write");
    let line = broken
        .lines()
        .position(|l| l.starts_with("id = \"industry\""))
        .expect("industry")
        + 3;
    bin()
        .args(["rubric", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "bad.toml:{line}: category \"industry\""
        )))
        .stderr(predicate::str::contains(
            "add up to 31, expected the category weight 30",
        ));
}

#[test]
fn show_refuses_an_invalid_rubric_too_and_usage_errors_exit_2() {
    let temp = tempfile::tempdir().expect("temp");
    let path = temp.path().join("bad.toml");
    std::fs::write(&path, "id = \"x\"\ntotal = 1.5\n").expect("write");
    bin()
        .args(["rubric", "show"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.toml:2"));
    bin().args(["rubric", "frobnicate"]).assert().code(2);
    bin()
        .args(["rubric", "check"])
        .arg(temp.path().join("absent.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the rubric does not exist"));
}

#[test]
fn english_output_with_lang_en() {
    bin()
        .args(["--lang", "en", "rubric", "check"])
        .arg(rubric_path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "is valid — 4 categories, 20 indicators",
        ));
    bin()
        .args(["rubric", "check"])
        .arg(rubric_path())
        .assert()
        .success()
        .stdout(predicate::str::contains("4 个一级指标，20 个二级指标"));
}

/// The bureau's option `rubrics/nanjing-2023-efficacy.toml`: valid under `rubric check`, the
/// same 20 indicators as the seed, every measure of the 16 quantitative indicators scored by
/// `efficacy` with a floor (不允许值) and a target (满意值), and marked as an option at the top.
#[test]
fn the_efficacy_rubric_is_a_valid_bureau_option() {
    let path = common::root()
        .join("rubrics")
        .join("nanjing-2023-efficacy.toml");
    bin()
        .args(["rubric", "check"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("nanjing-icc-2023-efficacy"));
    let text = std::fs::read_to_string(&path).expect("rubric");
    let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("BUREAU OPTION") && head.contains("功效系数法"),
        "{head}"
    );
    let output = bin()
        .args(["rubric", "show"])
        .arg(&path)
        .arg("--json")
        .output()
        .expect("run");
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    let indicators: Vec<&Value> = document["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["indicators"].as_array().into_iter().flatten())
        .collect();
    let seed: Vec<(u64, String)> = seed_indicators()
        .into_iter()
        .map(|(n, _, w, _)| (n, w))
        .collect();
    let ours: Vec<(u64, String)> = indicators
        .iter()
        .map(|i| {
            (
                i["id"].as_u64().unwrap_or(0),
                i["weight"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(ours, seed);
    let quantitative: Vec<&&Value> = indicators
        .iter()
        .filter(|i| i["kind"] == "quantitative")
        .collect();
    assert_eq!(quantitative.len(), 16);
    for indicator in quantitative {
        for m in indicator["measures"].as_array().into_iter().flatten() {
            let scoring = &m["scoring"];
            assert_eq!(scoring["method"], "efficacy", "{}", m["id"]);
            assert!(
                scoring["floor"].is_string() && scoring["target"].is_string(),
                "{}",
                m["id"]
            );
            assert_eq!(scoring["bureau_default"], true);
        }
    }
    // the shipped default rubric is unchanged: linear, bands and cohort
    let output = bin()
        .args(["rubric", "show"])
        .arg(rubric_path())
        .arg("--json")
        .output()
        .expect("run");
    let default: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(!default.to_string().contains("\"efficacy\""));
}
