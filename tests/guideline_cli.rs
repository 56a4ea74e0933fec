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

/// A copy of the demo package (fictional) under another id, year and round, with the declared
/// revenue optionally changed.
fn demo_round(root: &Path, id: &str, year: i32, round: &str, revenue: Option<&str>) -> PathBuf {
    let dir = root.join(id);
    copy_dir(&fixture("packages/demo"), &dir);
    let manifest = std::fs::read_to_string(dir.join("package.toml"))
        .expect("manifest")
        .replace("id = \"demo\"", &format!("id = \"{id}\""))
        .replace(
            "year = 2025",
            &format!("year = {year}\nround = \"{round}\""),
        );
    std::fs::write(dir.join("package.toml"), manifest).expect("write");
    if let Some(revenue) = revenue {
        let measures = std::fs::read_to_string(dir.join("measures.csv"))
            .expect("measures")
            .replace("revenue,296.89,", &format!("revenue,{revenue},"));
        std::fs::write(dir.join("measures.csv"), measures).expect("write");
    }
    dir
}

/// A ready session of `expert` on `package`, signed with a new key in `dir`; returns the sheet.
fn signed_sheet(dir: &Path, package: &Path, expert: &str) -> (PathBuf, PathBuf) {
    let session = common::scored_session(
        dir,
        package,
        expert,
        &[(1, "6"), (2, "6"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--overall", "同意。"])
        .assert()
        .success();
    bin()
        .args(["keygen", "--id", expert, "--out"])
        .arg(dir)
        .assert()
        .success();
    let sheet = dir.join(format!("{expert}.json"));
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(dir.join(format!("{expert}.key.pem")))
        .arg("--out")
        .arg(&sheet)
        .assert()
        .success();
    (session, sheet)
}

fn history(archive: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .args(["archive", "history"])
        .arg(archive)
        .args(args)
        .output()
        .expect("run")
}

/// 七(三): one cluster's evaluations over the rounds from the archived signed sheets — year,
/// round, total, category points, the rank in its panel — and a figure declared differently for
/// one year in two rounds is flagged as restated.
#[test]
fn archive_history_lists_a_clusters_rounds_and_flags_restated_figures() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let midterm = demo_round(root, "bio-2024", 2024, "midterm", None);
    let annual = demo_round(root, "bio-2025", 2025, "annual", None);
    let acceptance = demo_round(root, "bio-2025-final", 2025, "acceptance", Some("310.5"));
    let other = common::second_package(root);
    let (_, e01) = signed_sheet(root, &midterm, "E01");
    let (s02, e02) = signed_sheet(root, &annual, "E02");
    let (s03, e03) = signed_sheet(root, &other, "E03");
    let (_, e04) = signed_sheet(root, &acceptance, "E04");
    // the panel of 2025: the annual evaluation and another cluster, signed by the chair
    let panel = root.join("panel.sqlite");
    let merged = bin()
        .arg("merge")
        .arg(&s02)
        .arg(&s03)
        .args(["--format", "json", "--out"])
        .arg(&panel)
        .output()
        .expect("merge");
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let merged: Value = serde_json::from_slice(&merged.stdout).expect("json");
    bin()
        .args(["keygen", "--id", "C01", "--out"])
        .arg(root)
        .assert()
        .success();
    let chair = root.join("panel.json");
    bin()
        .arg("sign")
        .arg(&panel)
        .arg("--key")
        .arg(root.join("C01.key.pem"))
        .args(["--signer", "C01", "--name", "王组长", "--out"])
        .arg(&chair)
        .assert()
        .success();
    let archive = root.join("archive.sqlite");
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .args([&e01, &e02, &e03, &chair, &e04])
        .assert()
        .success();

    let output = history(&archive, &["--cluster", "生物医药", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        document["cluster"],
        "南京紫金示例高新园区生物医药创新型产业集群"
    );
    let rows: Vec<(i64, String, String, String)> = document["evaluations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["year"].as_i64().unwrap_or_default(),
                e["round"].as_str().unwrap_or_default().to_string(),
                e["kind"].as_str().unwrap_or_default().to_string(),
                e["package_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let row = |y: i64, r: &str, k: &str, p: &str| (y, r.to_string(), k.to_string(), p.to_string());
    assert_eq!(
        rows,
        [
            row(2024, "midterm", "expert", "bio-2024"),
            row(2025, "annual", "expert", "bio-2025"),
            row(2025, "annual", "combined", "bio-2025"),
            row(2025, "acceptance", "expert", "bio-2025-final"),
        ],
        "by year, then round, then entry; the other cluster left out"
    );
    // the panel's row carries the merge's own total, subtotals and rank among its 2 clusters
    let panel_row = &document["evaluations"][2];
    let cluster = merged["clusters"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["package_id"] == "bio-2025")
        .expect("bio-2025 merged");
    assert_eq!(panel_row["total"], cluster["total"]);
    assert_eq!(panel_row["rank"], cluster["rank"]);
    assert_eq!(panel_row["of"], 2);
    assert_eq!(panel_row["signer"]["id"], "C01");
    let points = |v: &Value| -> Vec<Value> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|c| c["points"].clone())
            .collect()
    };
    assert_eq!(
        points(&panel_row["categories"]),
        points(&cluster["categories"])
    );
    // an expert's row carries the expert's sheet total
    let sheet: Value = serde_json::from_slice(&std::fs::read(&e02).expect("sheet")).expect("json");
    assert_eq!(document["evaluations"][1]["total"], sheet["total"]);
    assert!(document["evaluations"][1]["rank"].is_null());
    // 2025's revenue was declared 296.89 for the annual evaluation and 310.5 at acceptance
    let restated = document["restated"].as_array().expect("restated");
    assert_eq!(restated.len(), 1, "{restated:?}");
    assert_eq!(restated[0]["year"], 2025);
    assert_eq!(restated[0]["measure"], "revenue");
    let figures: Vec<(&str, &str, &str)> = restated[0]["figures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["round"].as_str().unwrap_or(""),
                f["value"].as_str().unwrap_or(""),
                f["source"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("annual", "296.89", "declared"),
            ("acceptance", "310.5", "declared")
        ]
    );

    let text = history(&archive, &["--cluster", "生物医药"]);
    let text = String::from_utf8(text.stdout).expect("utf-8");
    assert!(
        text.contains("中期检查") && text.contains("验收") && text.contains("年度绩效评价"),
        "{text}"
    );
    let restated_line = text
        .lines()
        .find(|l| l.contains("2025 revenue"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        restated_line.contains("296.89") && restated_line.contains("310.5"),
        "{restated_line}"
    );
    let rank = format!("{}/2", cluster["rank"]);
    assert!(
        text.lines()
            .any(|l| l.contains("汇总") && l.trim_end().ends_with(&rank)),
        "{text}"
    );

    // by package id: the same cluster whichever of its packages is named
    let by_id: Value =
        serde_json::from_slice(&history(&archive, &["--package-id", "bio-2024", "--json"]).stdout)
            .expect("json");
    assert_eq!(by_id["evaluations"], document["evaluations"]);
    let other: Value =
        serde_json::from_slice(&history(&archive, &["--package-id", "demo2", "--json"]).stdout)
            .expect("json");
    assert_eq!(
        other["evaluations"].as_array().map(Vec::len),
        Some(2),
        "E03 and the panel"
    );
    assert_eq!(other["restated"], serde_json::json!([]));
    // a text naming two clusters, or none, is refused (exit 1), with what it matched
    let ambiguous = history(&archive, &["--cluster", "示例"]);
    assert_eq!(ambiguous.status.code(), Some(1));
    let message = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(
        message.contains("matches 2 clusters") && message.contains("新型材料"),
        "{message}"
    );
    assert_eq!(
        history(&archive, &["--cluster", "未来网络"]).status.code(),
        Some(1)
    );
    // one of the two is required
    assert_eq!(history(&archive, &[]).status.code(), Some(2));
}

fn set(session: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .args(["session", "set"])
        .arg(session)
        .args(args)
        .output()
        .expect("run")
}

fn show(session: &Path) -> Value {
    common::show_json(session)
}

/// Marks condition `id` on a session and asserts it is saved.
fn mark(session: &Path, id: u32, verdict: &str, note: Option<&str>) {
    let id = id.to_string();
    let mut args = vec!["--condition", id.as_str(), "--verdict", verdict];
    if let Some(note) = note {
        args.extend(["--note", note]);
    }
    let output = set(session, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A ready application session (everything scored, the overall opinion written), conditions
/// not yet marked.
fn application_session(root: &Path, package: &Path, expert: &str) -> PathBuf {
    let session = common::scored_session(
        root,
        package,
        expert,
        &[(1, "6"), (2, "6"), (3, "3"), (20, "3")],
    );
    assert!(set(&session, &["--overall", "同意立项。"]).status.success());
    session
}

/// 六: in an application review each expert marks the six conditions 符合 / 基本符合 / 不符合
/// with a note; signing needs all six (and a reason for less than 符合); the sheet carries them;
/// （一） and （六） show the program's own checks as such; the merge counts how many experts found
/// each met. Outside an application review conditions are refused.
#[test]
fn application_conditions_are_marked_required_for_signing_printed_and_counted() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let package = demo_round(root, "bio-apply", 2025, "application", None);
    let e01 = application_session(root, &package, "E01");
    let document = show(&e01);
    assert_eq!(document["package"]["round"], "application");
    let conditions = document["conditions"].as_array().expect("conditions");
    assert_eq!(conditions.len(), 6);
    assert!(conditions.iter().all(|c| c["verdict"].is_null()));
    // the program's checks of （一） and （六）, shown as its own
    assert_eq!(conditions[0]["precheck"]["passed"], true);
    assert!(
        conditions[0]["precheck"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("生物医药")
    );
    assert_eq!(conditions[5]["precheck"]["passed"], true);
    assert!(
        conditions[5]["precheck"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("名称符合")
    );
    assert!(conditions[1..5].iter().all(|c| c["precheck"].is_null()));
    // signing is refused until all six are marked
    bin()
        .args(["keygen", "--id", "E01", "--out"])
        .arg(root)
        .assert()
        .success();
    let sign = |session: &Path, expert: &str| {
        bin()
            .arg("sign")
            .arg(session)
            .arg("--key")
            .arg(root.join(format!("{expert}.key.pem")))
            .arg("--out")
            .arg(root.join(format!("{expert}.json")))
            .output()
            .expect("run")
    };
    let refused = sign(&e01, "E01");
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    for id in 1..=6 {
        assert!(
            message.contains(&format!("application condition {id} is not marked")),
            "{message}"
        );
    }
    // bad input is refused and changes nothing
    let before = show(&e01);
    for (args, found) in [
        (vec!["--condition", "7", "--verdict", "met"], "condition 7"),
        (vec!["--condition", "1", "--verdict", "ok"], "\"ok\""),
        (
            vec!["--condition", "1", "--verdict", "符合", "--note", "好😀"],
            "U+1F600",
        ),
    ] {
        let output = set(&e01, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(found),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(show(&e01), before, "{args:?}: nothing changed");
    }
    // a verdict below 符合 owes a note
    for id in [1, 3, 4, 5, 6] {
        mark(&e01, id, "符合", None);
    }
    mark(&e01, 2, "基本符合", None);
    let owed = sign(&e01, "E01");
    assert_eq!(owed.status.code(), Some(1));
    let owed = String::from_utf8_lossy(&owed.stderr);
    assert!(
        owed.contains("application condition 2") && owed.contains("a note saying why is owed"),
        "{owed}"
    );
    mark(
        &e01,
        2,
        "largely_met",
        Some("主导产业在细分领域的领先地位论证不足"),
    );
    let signed = sign(&e01, "E01");
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    // the signed sheet carries the six verdicts and the round
    let sheet: Value =
        serde_json::from_slice(&std::fs::read(root.join("E01.json")).expect("sheet"))
            .expect("json");
    assert_eq!(sheet["package"]["round"], "application");
    let verdicts: Vec<(u64, &str, &str)> = sheet["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["id"].as_u64().unwrap_or(0),
                c["verdict"].as_str().unwrap_or(""),
                c["note"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            (1, "met", ""),
            (2, "largely_met", "主导产业在细分领域的领先地位论证不足"),
            (3, "met", ""),
            (4, "met", ""),
            (5, "met", ""),
            (6, "met", "")
        ]
    );
    // a signed session's verdicts are read-only
    assert_eq!(
        set(&e01, &["--condition", "2", "--verdict", "met"])
            .status
            .code(),
        Some(1)
    );
    // the printable sheet shows them
    let html = root.join("E01.html");
    bin()
        .arg("sheet")
        .arg(&e01)
        .args(["--format", "html", "--out"])
        .arg(&html)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html).expect("html");
    assert!(
        html.contains("申报条件")
            && html.contains("基本符合")
            && html.contains("主导产业在细分领域的领先地位论证不足")
    );

    // a second expert finds （二） not met and （五） largely met; unsigned, with （六） unmarked
    let e02 = application_session(root, &package, "E02");
    for id in [1, 3, 4] {
        mark(&e02, id, "met", None);
    }
    mark(&e02, 2, "不符合", Some("规划缺少可实施性分析"));
    mark(&e02, 5, "基本符合", Some("金融投资机构偏少"));
    let output = bin()
        .arg("merge")
        .arg(&e01)
        .arg(&e02)
        .args(["--allow-unsigned", "--format", "json"])
        .output()
        .expect("merge");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merged: Value = serde_json::from_slice(&output.stdout).expect("json");
    let tally = merged["clusters"][0]["conditions"]
        .as_array()
        .expect("conditions");
    let counts: Vec<[u64; 4]> = tally
        .iter()
        .map(|c| ["met", "largely_met", "not_met", "unmarked"].map(|k| c[k].as_u64().unwrap_or(99)))
        .collect();
    assert_eq!(
        counts,
        [
            [2, 0, 0, 0],
            [0, 1, 1, 0],
            [2, 0, 0, 0],
            [2, 0, 0, 0],
            [1, 1, 0, 0],
            [1, 0, 0, 1]
        ]
    );
    assert_eq!(tally[1]["verdicts"]["E02"], "not_met");
    assert_eq!(tally[1]["notes"]["E02"], "规划缺少可实施性分析");
    assert_eq!(tally[5]["verdicts"]["E02"], Value::Null);
    assert_eq!(tally[5]["precheck"]["passed"], true);
    assert!(tally[2]["precheck"].is_null());
    // the chair's combined file keeps the verdicts: opened again, the signed sheet of E01 still
    // verifies and the panel's counts are the same
    let panel = root.join("panel.sqlite");
    bin()
        .arg("merge")
        .arg(&e01)
        .arg(&e02)
        .args(["--allow-unsigned", "--out"])
        .arg(&panel)
        .assert()
        .success();
    let draft = root.join("panel-draft.json");
    let printed = bin()
        .arg("sheet")
        .arg(&panel)
        .args(["--format", "json", "--out"])
        .arg(&draft)
        .output()
        .expect("sheet");
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let draft: Value =
        serde_json::from_slice(&std::fs::read(&draft).expect("draft")).expect("json");
    assert_eq!(
        draft["evaluation"]["clusters"][0]["conditions"],
        merged["clusters"][0]["conditions"]
    );
    let table = String::from_utf8(
        bin()
            .arg("merge")
            .arg(&e01)
            .arg(&e02)
            .args(["--allow-unsigned"])
            .output()
            .expect("merge")
            .stdout,
    )
    .expect("utf-8");
    let two = table
        .lines()
        .find(|l| l.starts_with("申报条件（二）"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        two.contains("基本符合") && two.contains("不符合") && two.contains("符合 0/2"),
        "{two}"
    );
    let six = table
        .lines()
        .find(|l| l.starts_with("申报条件（六）"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        six.contains("程序预检 ✓") && six.contains("未评 1/2"),
        "{six}"
    );

    // outside an application review the conditions are refused
    let annual = demo_round(root, "bio-annual", 2025, "annual", None);
    let e03 = common::scored_session(root, &annual, "E03", &[]);
    let refused = set(&e03, &["--condition", "1", "--verdict", "met"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("application review"));
    assert_eq!(show(&e03)["conditions"], serde_json::json!([]));
}

/// 六 on paper: condition rows of the paper sheet (`申报条件`, the verdict in 核验, the note in
/// 意见) are imported with every other row, all or none.
#[test]
fn condition_verdicts_are_imported_from_the_paper_sheet() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let package = demo_round(root, "bio-apply", 2025, "application", None);
    let session = application_session(root, &package, "E01");
    let sheet = root.join("sheet.csv");
    std::fs::write(
        &sheet,
        "类型,编号,得分,核验,更正值,意见
申报条件,1,,符合,,
申报条件,（二）,,基本符合,,规划论证不足
条件,3,,不符合,,未见政策文件
",
    )
    .expect("write");
    bin()
        .args(["session", "import"])
        .arg(&session)
        .arg("--csv")
        .arg(&sheet)
        .assert()
        .success();
    let document = show(&session);
    let marks: Vec<(Value, Value)> = document["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .take(4)
        .map(|c| (c["verdict"].clone(), c["note"].clone()))
        .collect();
    assert_eq!(
        marks,
        [
            ("met".into(), "".into()),
            ("largely_met".into(), "规划论证不足".into()),
            ("not_met".into(), "未见政策文件".into()),
            (Value::Null, "".into())
        ]
    );
    // one bad row and nothing is imported, with its line and column
    let before = show(&session);
    std::fs::write(
        &sheet,
        "类型,编号,得分,核验,更正值,意见
申报条件,4,,符合,,
申报条件,9,,符合,,
",
    )
    .expect("write");
    let output = bin()
        .args(["session", "import"])
        .arg(&session)
        .arg("--csv")
        .arg(&sheet)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("sheet.csv:3") && message.contains("condition 9"),
        "{message}"
    );
    assert_eq!(show(&session), before);
    std::fs::write(
        &sheet,
        "类型,编号,得分,核验,更正值,意见
申报条件,4,5,符合,,
",
    )
    .expect("write");
    let output = bin()
        .args(["session", "import"])
        .arg(&session)
        .arg("--csv")
        .arg(&sheet)
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("column \"points\""),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
