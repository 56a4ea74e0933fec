//! The guideline's second reading (DESIGN §14) through the real binary: the industry
//! classification of 六(六), one cluster per park per construction cycle (七(四)), the rounds of
//! 七(三) and `archive history`, and the application conditions of section 六.

mod common;

use common::{bin, copy_dir, fixture};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A copy of the minimal package with another id, park, cluster name, direction, year and
/// (optionally) round.
fn package(
    root: &Path,
    id: &str,
    park: &str,
    industry: &str,
    year: i32,
    round: Option<&str>,
) -> PathBuf {
    let dir = root.join(id);
    copy_dir(&fixture("packages/minimal"), &dir);
    let round = round
        .map(|r| format!("round = \"{r}\"\n"))
        .unwrap_or_default();
    let manifest = format!(
        "# 测试用申报包，纯属虚构 — test package, fictional\nid = \"{id}\"\npark = \"{park}\"\ncluster = \"{park}{industry}创新型产业集群\"\ndirection = \"集成电路\"\nyear = {year}\n{round}sample = true\n"
    );
    std::fs::write(dir.join("package.toml"), manifest).expect("write manifest");
    dir
}

fn check_json(dir: &Path, lang: &str) -> Value {
    let output = bin()
        .args(["--lang", lang, "package", "check"])
        .arg(dir)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

fn check_text(dir: &Path) -> String {
    let output = bin()
        .args(["package", "check"])
        .arg(dir)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// 六(六): the industry part of real cluster names against the table, as advice — an exact
/// level-2 name, a level-3 name, a near miss of an approved cluster, and a name not in the table.
#[test]
fn the_industry_name_is_compared_with_the_classification_as_advice() {
    let temp = tempfile::tempdir().expect("temp");
    let park = "南京示例高新园区";
    let cases = [
        (
            "ai",
            "人工智能",
            "exact",
            Some((2, Some("1.5"), "人工智能")),
        ),
        (
            "chips",
            "集成电路制造",
            "exact",
            Some((3, None, "集成电路制造")),
        ),
        (
            "fibre",
            "高性能纤维制品及复合材料",
            "closest",
            Some((2, Some("3.5"), "高性能纤维及制品和复合材料")),
        ),
        ("net", "未来网络", "none", None),
    ];
    for (id, industry, kind, class) in cases {
        let dir = package(temp.path(), id, park, industry, 2025, None);
        let document = check_json(&dir, "zh");
        let found = &document["classification"];
        assert_eq!(found["industry"], industry);
        assert_eq!(found["match"], kind, "{industry}: {found}");
        match class {
            Some((level, code, name)) => {
                assert_eq!(found["class"]["level"], level, "{industry}");
                assert_eq!(found["class"]["code"].as_str(), code, "{industry}");
                assert_eq!(found["class"]["name"], name, "{industry}");
            }
            None => assert!(found["class"].is_null(), "{industry}"),
        }
        let advice = found["advice"].as_str().unwrap_or_default();
        assert!(advice.contains(industry), "{advice}");
        if kind != "exact" {
            // honest about what is shipped: level 3 partial, approved names deviate
            assert!(
                advice.contains("仅供参考") && advice.contains("不含新材料领域"),
                "{advice}"
            );
        }
        assert!(
            found["table"]
                .as_str()
                .unwrap_or_default()
                .contains("level 3 partial")
        );
        // advice, never an error or a warning of the check
        assert!(
            document["warnings"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|w| !w["message"].as_str().unwrap_or_default().contains("分类"))
        );
        let text = check_text(&dir);
        assert!(text.contains("产业分类（六(六)，参考）"), "{text}");
        assert!(text.contains(advice), "{text}");
    }
    // the level-3 match names its parent class, the near miss its similarity (2 × 11 ÷ 25)
    let chips = check_json(&temp.path().join("chips"), "zh");
    assert_eq!(chips["classification"]["class"]["parent_code"], "1.2");
    assert_eq!(
        chips["classification"]["class"]["parent_name"],
        "电子核心产业"
    );
    let fibre = check_json(&temp.path().join("fibre"), "en");
    assert_eq!(fibre["classification"]["similarity"], "0.88");
    assert!(
        fibre["classification"]["advice"]
            .as_str()
            .unwrap_or_default()
            .contains("advice only")
    );
}

/// A session with a declaration and no scores, made with the binary.
fn declared_session(dir: &Path, package: &Path, expert: &str) -> PathBuf {
    common::scored_session(dir, package, expert, &[])
}

fn merge_output(files: &[PathBuf], format: &str) -> String {
    let output = bin()
        .arg("merge")
        .args(files)
        .args(["--allow-unsigned", "--format", format])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// 七(四): two clusters of one park whose years fall in one 3-year cycle are warned about,
/// naming both, in every output of the merge; the merge still counts (the bureau decides).
#[test]
fn two_clusters_of_one_park_in_one_cycle_are_warned_about_in_every_merge_output() {
    let temp = tempfile::tempdir().expect("temp");
    let park = "南京示例高新园区";
    let chips = package(temp.path(), "chips-2024", park, "集成电路", 2024, None);
    let ai = package(
        temp.path(),
        "ai-2026",
        park,
        "人工智能",
        2026,
        Some("application"),
    );
    let elsewhere = package(
        temp.path(),
        "other-2025",
        "南京另一示例园区",
        "集成电路",
        2025,
        None,
    );
    let files = vec![
        declared_session(temp.path(), &chips, "E01"),
        declared_session(temp.path(), &ai, "E01"),
        declared_session(temp.path(), &elsewhere, "E01"),
    ];
    let document: Value = serde_json::from_str(&merge_output(&files, "json")).expect("json");
    let warnings = document["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["code"], "same_cycle");
    assert_eq!(warnings[0]["park"], park);
    assert_eq!(warnings[0]["cycle_years"], 3);
    let ids: Vec<&str> = warnings[0]["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, ["chips-2024", "ai-2026"], "the earlier year first");
    assert_eq!(
        document["clusters"].as_array().map(Vec::len),
        Some(3),
        "still counted"
    );
    for format in ["table", "md"] {
        let text = merge_output(&files, format);
        let line = text
            .lines()
            .find(|l| l.contains("七(四)"))
            .unwrap_or_else(|| panic!("{format}: no warning in\n{text}"));
        for part in [park, "chips-2024", "ai-2026", "2024", "2026"] {
            assert!(line.contains(part), "{format}: {line}");
        }
        assert!(!line.contains("other-2025"));
    }
    let csv = merge_output(&files, "csv");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains("警告 七(四)")).collect();
    assert_eq!(rows.len(), 2, "one row per package named: {csv}");
    assert!(
        rows.iter().any(|r| r.contains(",chips-2024,"))
            && rows.iter().any(|r| r.contains(",ai-2026,"))
    );
    let columns = csv.lines().next().map(|h| h.split(',').count());
    assert!(
        rows.iter().all(|r| Some(r.split(',').count()) == columns),
        "{rows:?}"
    );
    // the workbook's ranking sheet carries the line too
    let out = temp.path().join("汇总.xlsx");
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .success();
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&out).expect("opens");
    let ranking = book.worksheet_range("排名").expect("ranking");
    assert!(
        ranking
            .rows()
            .flatten()
            .any(|cell| cell.to_string().contains("七(四)") && cell.to_string().contains("ai-2026")),
        "no warning in the workbook"
    );
}

/// A package of a test: id, industry, year, round.
type Spec = (&'static str, &'static str, i32, Option<&'static str>);

/// One cycle is three consecutive years: 2022 and 2025 are two cycles; one cluster's two rounds
/// are one project; an application after the acceptance starts a new cycle.
#[test]
fn other_cycles_other_parks_and_one_clusters_rounds_are_not_warned_about() {
    let temp = tempfile::tempdir().expect("temp");
    let park = "南京示例高新园区";
    let cases: [(&[Spec], &str); 3] = [
        (
            &[("a", "集成电路", 2022, None), ("b", "人工智能", 2025, None)],
            "three years apart",
        ),
        (
            &[
                ("a", "集成电路", 2024, Some("application")),
                ("b", "集成电路", 2025, Some("midterm")),
            ],
            "one cluster's rounds",
        ),
        (
            &[
                ("a", "集成电路", 2025, Some("acceptance")),
                ("b", "人工智能", 2025, Some("application")),
            ],
            "a new application after the acceptance",
        ),
    ];
    for (n, (packages, why)) in cases.iter().enumerate() {
        let root = temp.path().join(n.to_string());
        let files: Vec<PathBuf> = packages
            .iter()
            .map(|(id, industry, year, round)| {
                let dir = package(&root, id, park, industry, *year, *round);
                declared_session(&root, &dir, "E01")
            })
            .collect();
        let document: Value = serde_json::from_str(&merge_output(&files, "json")).expect("json");
        assert!(
            document.get("warnings").is_none(),
            "{why}: {}",
            document["warnings"]
        );
        assert!(!merge_output(&files, "table").contains("七(四)"), "{why}");
    }
}

/// 六: the rubric holds the six application conditions, each verbatim from the guideline, the
/// sub-clauses of （四） as a checklist.
#[test]
fn the_rubric_carries_the_six_conditions_verbatim() {
    let seed = std::fs::read_to_string(fixture("guideline.txt")).expect("guideline");
    for rubric in [
        "rubrics/nanjing-2023.toml",
        "rubrics/nanjing-2023-efficacy.toml",
    ] {
        let output = bin()
            .args(["rubric", "show", rubric, "--json"])
            .output()
            .expect("run");
        assert!(output.status.success());
        let document: Value = serde_json::from_slice(&output.stdout).expect("json");
        let conditions = document["conditions"].as_array().expect("conditions");
        let ids: Vec<u64> = conditions.iter().filter_map(|c| c["id"].as_u64()).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6], "{rubric}");
        for (condition, label) in
            conditions
                .iter()
                .zip(["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"])
        {
            let text = condition["text"].as_str().expect("text");
            assert_eq!(condition["label"], label);
            // the numbered line of section 六, whole
            assert!(
                seed.contains(&format!("{label}{text}")),
                "{rubric} {label}: {text}"
            );
            for part in condition["checklist"].as_array().into_iter().flatten() {
                let part = part.as_str().expect("part");
                assert!(
                    text.contains(part) && seed.contains(part),
                    "{label}: {part}"
                );
            }
        }
        let checklist = |i: usize| conditions[i]["checklist"].as_array().map_or(0, Vec::len);
        assert_eq!(checklist(3), 8, "（四） is a checklist");
        assert!((0..6).filter(|i| *i != 3).all(|i| checklist(i) == 0));
        // section 六 has exactly these six numbered conditions before section 七
        let six = seed
            .split("六、项目申报条件")
            .nth(1)
            .and_then(|s| s.split("七、").next())
            .expect("section 六");
        for label in ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
        {
            assert_eq!(six.matches(label).count(), 1, "{label}");
        }
        assert!(!six.contains("（七）"));
    }
}
