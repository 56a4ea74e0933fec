//! `package check` through the real binary on real package folders.

mod common;
mod rational;

use common::{bin, check_json, copy_dir, dec, demo_copy, fixture, measure};
use encoding_rs::GB18030;
use predicates::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

#[test]
fn the_demo_scores_all_sixteen_quantitative_indicators_within_their_weights() {
    let document = check_json(&fixture("packages/demo"));
    let indicators = document["indicators"].as_array().expect("indicators");
    let ids: Vec<u64> = indicators.iter().filter_map(|i| i["id"].as_u64()).collect();
    assert_eq!(ids, (4..=19).collect::<Vec<u64>>());
    for indicator in indicators {
        let points = dec(&indicator["points"]);
        let weight = dec(&indicator["weight"]);
        assert!(
            points > Decimal::ZERO && points <= weight,
            "indicator {}: {points} of {weight}",
            indicator["id"]
        );
        for m in indicator["measures"].as_array().into_iter().flatten() {
            assert!(m["value"].is_string(), "measure {} has a figure", m["id"]);
            assert!(dec(&m["points"]) <= dec(&m["available"]));
        }
    }
    assert_eq!(document["package"]["id"], "demo");
    assert_eq!(document["package"]["sample"], true);
    assert_eq!(document["digest"].as_str().map(str::len), Some(64));
    assert_eq!(document["rubric"]["id"], "nanjing-icc-2023");
}

#[test]
fn quantitative_points_are_the_rounded_sum_of_unrounded_parts() {
    let document = check_json(&fixture("packages/demo"));
    // each indicator's points are rounded for display; their sum may differ from the total by
    // rounding, never by more than half a cent per indicator
    let shown: Decimal = document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| dec(&i["points"]))
        .sum();
    let total = dec(&document["quantitative_points"]);
    assert!(
        (shown - total).abs() <= Decimal::new(16 * 5, 3),
        "{shown} vs {total}"
    );
    assert_eq!(document["quantitative_weight"], "76");
}

#[test]
fn declared_and_derived_figures_stand_side_by_side_and_differences_are_flagged() {
    let document = check_json(&fixture("packages/demo"));
    let ip = measure(&document, "ip_per_100m");
    assert_eq!(ip["declared"], "6.6");
    assert_eq!(ip["differs"], true);
    assert!(
        ip["derived_basis"]
            .as_str()
            .unwrap_or("")
            .contains("发明专利")
    );
    let talents = measure(&document, "talents");
    assert_eq!(talents["declared"], talents["derived"]);
    assert_eq!(talents["differs"], false);
    let codes: Vec<(&str, &str)> = document["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            (
                w["code"].as_str().unwrap_or(""),
                w["measure"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        codes.contains(&("derived_differs", "ip_per_100m")),
        "{codes:?}"
    );
    assert!(codes.contains(&("cohort_fallback", "revenue")), "{codes:?}");
    assert!(
        !codes.iter().any(|(c, _)| *c == "no_evidence"),
        "the demo has evidence for 1, 2, 3 and 20"
    );
}

#[test]
fn the_text_report_is_chinese_by_default_and_english_on_request() {
    bin()
        .args(["package", "check", "tests/fixtures/packages/demo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("定量指标得分合计"))
        .stdout(predicate::str::contains("核算 6.35 件/亿元 ⚠"))
        .stdout(predicate::str::contains("示例数据"));
    bin()
        .args([
            "--lang",
            "en",
            "package",
            "check",
            "tests/fixtures/packages/demo",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("quantitative points"))
        .stdout(predicate::str::contains(
            "differs from the derived 6.35 by more than 1%",
        ));
}

#[test]
fn a_non_number_in_measures_csv_names_file_row_and_column() {
    bin()
        .args(["package", "check", "tests/fixtures/packages/broken/bad-number"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "broken/bad-number/measures.csv:3: column \"value\": found \"约120亿\", expected a number",
        ));
}

#[test]
fn every_broken_package_is_refused_with_file_line_and_item() {
    bin()
        .args(["package", "check", "tests/fixtures/packages/minimal"])
        .assert()
        .success();
    for (name, fragment) in [
        (
            "bad-unit",
            "measures.csv:3: column \"unit\": found \"万元\" for revenue, expected \"亿元\"",
        ),
        (
            "unknown-measure",
            "measures.csv:3: column \"measure\": found \"employees\"",
        ),
        (
            "duplicate-measure",
            "measures.csv:4: column \"measure\": found \"talents\" again (first on line 2)",
        ),
        (
            "ragged-row",
            "measures.csv:3: row: found 3 fields, expected 4",
        ),
        (
            "bad-encoding",
            "measures.csv:3: encoding: found bytes FF FE",
        ),
        (
            "bad-name",
            "package.toml:4: cluster: found \"南京示例高新园区集成电路产业集群\", expected the name convention",
        ),
        (
            "bad-direction",
            "package.toml:5: direction: found \"纺织服装\", expected one of the fourteen directions",
        ),
        ("bad-manifest-syntax", "package.toml:8:"),
        ("missing-manifest", "package.toml: is missing"),
        ("missing-measures", "measures.csv: is missing"),
        (
            "bad-table-cell",
            "tables/platforms.csv:3: column \"level\": found \"县级\", expected one of 国家级, 省级",
        ),
        (
            "missing-column",
            "tables/enterprises.csv:1: column \"revenue\": is missing from the header",
        ),
        (
            "bad-boolean",
            "tables/awards.csv:2: column \"first_unit\": found \"不确定\", expected 是 or 否",
        ),
        (
            "bad-year",
            "package.toml:6: year: found 25, expected an evaluation year",
        ),
        (
            "negative-figure",
            "measures.csv:2: column \"value\": found -3 for talents, expected a figure not below 0",
        ),
        (
            "percent-on-count",
            "measures.csv:2: column \"value\": found \"50%\" with a % sign, expected a figure in 个",
        ),
        (
            "bad-table-number",
            "tables/funds.csv:3: column \"size\": found \"五亿\", expected a number",
        ),
        (
            "duplicate-header",
            "tables/funds.csv:1: column \"size\": is named twice in the header (size, 规模)",
        ),
        (
            "duplicate-enterprise",
            "tables/enterprises.csv:3: column \"name\": found \"示例甲\" again (first on line 2)",
        ),
    ] {
        bin()
            .args(["package", "check"])
            .arg(format!("tests/fixtures/packages/broken/{name}"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "broken/{name}/{fragment}"
            )));
    }
}

/// Points and figures of a check document, without what depends on the bytes (digest).
fn scores(document: &Value) -> Vec<(Value, Value, Value, Value)> {
    document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["measures"].as_array().cloned().unwrap_or_default())
        .map(|m| {
            (
                m["id"].clone(),
                m["declared"].clone(),
                m["derived"].clone(),
                m["points"].clone(),
            )
        })
        .collect()
}

fn re_encode_csvs(dir: &Path, encode: impl Fn(&str) -> Vec<u8>) {
    let mut files = vec![dir.join("measures.csv")];
    files.extend(
        std::fs::read_dir(dir.join("tables"))
            .expect("tables")
            .filter_map(|e| e.ok())
            .map(|e| e.path()),
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("utf-8 fixture");
        std::fs::write(&file, encode(&text)).expect("write");
    }
}

#[test]
fn the_same_package_saved_as_gb18030_or_with_a_bom_gives_the_same_points() {
    let original = check_json(&fixture("packages/demo"));
    let (_guard, dir) = demo_copy();
    re_encode_csvs(&dir, |text| GB18030.encode(text).0.into_owned());
    let bytes = std::fs::read(dir.join("measures.csv")).expect("read");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the copy really is GB18030, not UTF-8"
    );
    let gb = check_json(&dir);
    assert_eq!(scores(&gb), scores(&original));
    assert_eq!(gb["quantitative_points"], original["quantitative_points"]);
    assert_ne!(
        gb["digest"], original["digest"],
        "different bytes, different digest"
    );

    let (_guard, dir) = demo_copy();
    re_encode_csvs(&dir, |text| {
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    });
    assert_eq!(scores(&check_json(&dir)), scores(&original));
}

#[test]
fn a_national_and_a_provincial_sub_centre_add_exactly_half_a_platform() {
    let (_guard, dir) = demo_copy();
    let before = dec(&measure(&check_json(&dir), "platforms")["derived"]);
    let path = dir.join("tables").join("platforms.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("国家示例合成生物技术创新中心紫金分中心,技术创新中心,国家级,是\n");
    text.push_str("江苏省示例药物制剂工程技术研究中心分中心,工程技术研究中心,省级,是\n");
    std::fs::write(&path, text).expect("write");
    let after = check_json(&dir);
    let platforms = measure(&after, "platforms");
    assert_eq!(dec(&platforms["derived"]) - before, Decimal::new(5, 1));
    assert!(
        platforms["derived_basis"]
            .as_str()
            .unwrap_or("")
            .contains("分中心")
    );
}

#[test]
fn full_width_digits_and_thousands_separators_score_like_plain_digits() {
    let original = check_json(&fixture("packages/demo"));
    let (_guard, dir) = demo_copy();
    let path = dir.join("measures.csv");
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("fund_size,175000,", "fund_size,\"175,000\",")
        .replace("talents,48,", "talents,４８,")
        .replace("rd_share,6.62,", "rd_share,6.62%,");
    std::fs::write(&path, text).expect("write");
    assert_eq!(scores(&check_json(&dir)), scores(&original));
}

#[test]
fn the_digest_covers_every_file_but_ignores_hidden_ones() {
    let (_guard, dir) = demo_copy();
    let digest = check_json(&dir)["digest"].clone();
    std::fs::write(dir.join(".DS_Store"), b"finder").expect("write");
    assert_eq!(check_json(&dir)["digest"], digest);
    let evidence = dir.join("evidence").join("03-特色做法.md");
    let mut text = std::fs::read(&evidence).expect("read");
    text.push(b'\n');
    std::fs::write(&evidence, text).expect("write");
    assert_ne!(check_json(&dir)["digest"], digest);
}

#[test]
fn missing_evidence_and_undeclared_figures_are_warnings_not_errors() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path().join("minimal");
    copy_dir(&fixture("packages/minimal"), &dir);
    let document = check_json(&dir);
    let codes: Vec<&str> = document["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == "no_evidence").count(), 4);
    assert!(codes.contains(&"not_declared"));
    assert_eq!(measure(&document, "awards")["points"], "0.00");
    assert_eq!(measure(&document, "awards")["value"], Value::Null);
}

#[test]
fn a_missing_folder_and_a_custom_rubric() {
    bin()
        .args(["package", "check", "tests/fixtures/packages/absent"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a folder"));
    let temp = tempfile::tempdir().expect("temp");
    let rubric = temp.path().join("r.toml");
    let text = std::fs::read_to_string(common::rubric_path())
        .expect("rubric")
        .replace("target = \"150\"", "target = \"48\"");
    std::fs::write(&rubric, text).expect("write");
    let output = bin()
        .args([
            "package",
            "check",
            "tests/fixtures/packages/demo",
            "--json",
            "--rubric",
        ])
        .arg(&rubric)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(document["rubric"]["source"], rubric.display().to_string());
    assert_eq!(
        measure(&document, "talents")["points"],
        "5.00",
        "48 talents reach the bureau's new target"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_package_is_refused() {
    let (_guard, dir) = demo_copy();
    std::os::unix::fs::symlink("/etc/hostname", dir.join("evidence").join("99-link.md"))
        .expect("symlink");
    bin()
        .args(["package", "check"])
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("99-link.md: is a symbolic link"));
}

#[test]
fn evidence_numbered_for_no_indicator_is_a_warning_and_output_survives_a_closed_pipe() {
    let (_guard, dir) = demo_copy();
    std::fs::write(dir.join("evidence").join("25-其他.md"), "# 其他材料\n").expect("write");
    let document = check_json(&dir);
    let unknown: Vec<&Value> = document["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == "unknown_evidence")
        .collect();
    assert_eq!(unknown.len(), 1);
    // a reader that stops at once is no error: exit 0, no panic
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cluster-review"))
        .args(["rubric", "show", "rubrics/nanjing-2023.toml", "--json"])
        .current_dir(common::root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
}

/// `rubric show --json` of a rubric file.
fn rubric_json(path: &Path) -> Value {
    let output = bin()
        .args(["rubric", "show"])
        .arg(path)
        .arg("--json")
        .output()
        .expect("run");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("json")
}

/// The demo with the half cents of issue 8: profit margin 1.025% (6 × 0.5 × 1.025 ÷ 15 =
/// 0.205 points) and R&D-intensive revenue share 33.35% (6 × 33.35 ÷ 60 = 3.335 points).
fn half_cent_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, dir) = demo_copy();
    let path = dir.join("measures.csv");
    let text = std::fs::read_to_string(&path)
        .expect("measures")
        .replace("profit_margin,8.77,", "profit_margin,1.025,")
        .replace("rd5_revenue_share,73.62,", "rd5_revenue_share,33.35,");
    std::fs::write(&path, text).expect("write");
    (temp, dir)
}

/// Every measure's points, every indicator's and the quantitative total, re-computed as exact
/// rationals from the rubric's rules and the figures scored, then rounded half-up by hand.
fn assert_points_are_exact(document: &Value, rubric: &Path) {
    let rules = rational::rubric_measures(&rubric_json(rubric));
    let mut all = rational::int(0);
    for indicator in document["indicators"].as_array().into_iter().flatten() {
        let mut sum = rational::int(0);
        for m in indicator["measures"].as_array().into_iter().flatten() {
            let id = m["id"].as_str().expect("id");
            let (weight, share, scoring) = rules.get(id).expect("rule");
            let exact = match m["value"].as_str() {
                Some(x) => {
                    let method = m["method"].as_str().expect("method");
                    weight * share * rational::fraction(scoring, method, &rational::q(x), None)
                }
                None => rational::int(0),
            };
            assert_eq!(m["points"], rational::half_up(&exact, 2), "measure {id}");
            sum += exact;
        }
        assert_eq!(
            indicator["points"],
            rational::half_up(&sum, 2),
            "indicator {}",
            indicator["id"]
        );
        all += sum;
    }
    assert_eq!(document["quantitative_points"], rational::half_up(&all, 2));
}

#[test]
fn every_points_figure_agrees_with_an_exact_rational_recomputation() {
    let rubric = common::rubric_path();
    assert_points_are_exact(&check_json(&fixture("packages/demo")), &rubric);
    let (_temp, dir) = half_cent_copy();
    let document = check_json(&dir);
    assert_points_are_exact(&document, &rubric);
    assert_eq!(measure(&document, "profit_margin")["points"], "0.21");
    assert_eq!(measure(&document, "rd5_revenue_share")["points"], "3.34");
}

/// The half cents round up wherever points are shown: `session show` and `merge` too.
#[test]
fn half_cents_round_up_in_sessions_and_the_merge() {
    let (temp, dir) = half_cent_copy();
    let session = common::scored_session(temp.path(), &dir, "E01", &[(1, "6")]);
    let shown = common::show_json(&session);
    let points = |document: &Value, id: &str| -> Value {
        document["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|i| i["measures"].as_array().into_iter().flatten())
            .find(|m| m["id"] == id)
            .map(|m| m["points"].clone())
            .unwrap_or_default()
    };
    assert_eq!(points(&shown, "profit_margin"), "0.21");
    assert_eq!(points(&shown, "rd5_revenue_share"), "3.34");
    let output = bin()
        .arg("merge")
        .arg(&session)
        .args(["--allow-unsigned", "--format", "json"])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merged: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(points(&merged["clusters"][0], "profit_margin"), "0.21");
    assert_eq!(points(&merged["clusters"][0], "rd5_revenue_share"), "3.34");
}

/// The bureau's 功效系数法 option: `package check --rubric rubrics/nanjing-2023-efficacy.toml`
/// scores every measure by `efficacy`, and every points figure agrees with the exact
/// (60 + 40 × clamp(…)) ÷ 100 computed by hand; a figure at the floor earns 60% of its share.
#[test]
fn the_efficacy_rubric_scores_the_demo_exactly() {
    let rubric = common::root()
        .join("rubrics")
        .join("nanjing-2023-efficacy.toml");
    let output = bin()
        .args(["package", "check"])
        .arg(fixture("packages/demo"))
        .arg("--rubric")
        .arg(&rubric)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(document["rubric"]["id"], "nanjing-icc-2023-efficacy");
    let methods: Vec<&str> = document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["measures"].as_array().into_iter().flatten())
        .filter_map(|m| m["method"].as_str())
        .collect();
    assert_eq!(methods.len(), 29);
    assert!(methods.iter().all(|m| *m == "efficacy"), "{methods:?}");
    assert_points_are_exact(&document, &rubric);
    // unicorn 1 of target 2 (floor 0): (60 + 40 × 1/2) / 100 = 0.8 of 5 × 0.3 = 1.20
    assert_eq!(measure(&document, "unicorn")["fraction"], "0.8");
    assert_eq!(measure(&document, "unicorn")["points"], "1.20");
    // a figure at the floor (0 awards) earns 60%, by design
    let (_temp, dir) = demo_copy();
    let path = dir.join("measures.csv");
    let text = std::fs::read_to_string(&path)
        .expect("measures")
        .replace("awards,6,", "awards,0,");
    std::fs::write(&path, text).expect("write");
    std::fs::remove_file(dir.join("tables").join("awards.csv")).ok();
    let output = bin()
        .args(["package", "check"])
        .arg(&dir)
        .arg("--rubric")
        .arg(&rubric)
        .arg("--json")
        .output()
        .expect("run");
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(measure(&document, "awards")["fraction"], "0.6");
    assert_eq!(measure(&document, "awards")["points"], "1.80");
}

/// Runs `package check DIR --json`, returning (success, stdout JSON or null, stderr).
fn check_output(dir: &Path) -> (bool, Value, String) {
    let output = bin()
        .args(["package", "check"])
        .arg(dir)
        .arg("--json")
        .output()
        .expect("run");
    (
        output.status.success(),
        serde_json::from_slice(&output.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn append(path: &Path, rows: &str) {
    let mut text = std::fs::read_to_string(path).expect("read");
    text.push_str(rows);
    std::fs::write(path, text).expect("write");
}

fn warnings_with_code<'a>(document: &'a Value, code: &str) -> Vec<&'a Value> {
    document["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == code)
        .collect()
}

/// Indicator 18 (不含新三板): 全国股转系统, 新三板挂牌 and lower-case neeq do not count; 北交所
/// does. Indicator 6: an enterprise recognised twice in the year counts once. Indicator 5: a
/// share above 100% is a warning.
#[test]
fn derivations_follow_the_seed_on_boards_recognitions_and_shares() {
    let (_temp, dir) = demo_copy();
    append(
        &dir.join("tables").join("listed.csv"),
        "示例甲股份有限公司,全国股转系统,1.5\n示例乙股份有限公司,新三板挂牌,2.5\n示例丙股份有限公司,neeq,3.5\n示例丁股份有限公司,北交所,4.5\n",
    );
    append(
        &dir.join("tables").join("recognitions.csv"),
        "紫金示例基因科技股份有限公司,瞪羚企业,2025\n",
    );
    let measures = dir.join("measures.csv");
    let text = std::fs::read_to_string(&measures)
        .expect("measures")
        .replace("hightech_share,76.47,", "hightech_share,120,");
    std::fs::write(&measures, text).expect("write");
    let (ok, document, stderr) = check_output(&dir);
    assert!(ok, "{stderr}");
    // the demo's 4 listed enterprises and 新三板 1 row; now 北交所 adds one, the three 新三板 none
    assert_eq!(measure(&document, "listed_count")["derived"], "5");
    assert_eq!(measure(&document, "listed_financing")["derived"], "41.72");
    assert_eq!(
        measure(&document, "gazelle")["derived"],
        "6",
        "6 enterprises, one of them twice"
    );
    let shares = warnings_with_code(&document, "share_above_100");
    assert_eq!(shares.len(), 1, "{shares:?}");
    assert_eq!(shares[0]["measure"], "hightech_share");
}

/// An enterprise row repeated with U+200B, U+FEFF or U+200D in its name is refused as the
/// same enterprise twice (revenue would count twice); a talent repeated so counts once; and a
/// name carrying such characters is a warning naming the place and the code points.
#[test]
fn invisible_characters_do_not_defeat_each_once() {
    for disguise in ['\u{200B}', '\u{FEFF}', '\u{200D}'] {
        let (_temp, dir) = demo_copy();
        let enterprises = dir.join("tables").join("enterprises.csv");
        let text = std::fs::read_to_string(&enterprises).expect("read");
        let second =
            text.lines()
                .nth(1)
                .expect("a row")
                .replacen("股份", &format!("股{disguise}份"), 1);
        append(&enterprises, &format!("{second}\n"));
        let (ok, _, stderr) = check_output(&dir);
        assert!(!ok, "{disguise:?} accepted");
        assert!(stderr.contains("again (first on line 2)"), "{stderr}");
    }
    let (_temp, dir) = demo_copy();
    let talents = dir.join("tables").join("talents.csv");
    let text = std::fs::read_to_string(&talents).expect("read");
    let first = text
        .lines()
        .nth(1)
        .expect("a row")
        .replacen("王某明", "王某\u{200B}明", 1);
    append(&talents, &format!("{first}\n"));
    let lines = text.lines().count() + 1;
    let (ok, document, stderr) = check_output(&dir);
    assert!(ok, "{stderr}");
    assert_eq!(
        measure(&document, "talents")["derived"],
        "48",
        "the same person once"
    );
    let warned = warnings_with_code(&document, "invisible_characters");
    assert_eq!(warned.len(), 1, "{warned:?}");
    let message = warned[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("talents.csv:{lines}")) && message.contains("U+200B"),
        "{message}"
    );
}

/// Excel writes CRLF line ends: the line numbers of errors are those of the file, in
/// measures.csv, tables/*.csv and a paper sheet for `session import`.
#[test]
fn crlf_files_report_the_right_line() {
    let (temp, dir) = demo_copy();
    let measures = dir.join("measures.csv");
    let text = std::fs::read_to_string(&measures)
        .expect("read")
        .replace("talents,48,", "talents,很多,")
        .replace('\n', "\r\n");
    std::fs::write(&measures, text).expect("write");
    bin()
        .args(["package", "check"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains("measures.csv:2: column \"value\""));
    let (_temp2, dir) = demo_copy();
    let enterprises = dir.join("tables").join("enterprises.csv");
    let text = std::fs::read_to_string(&enterprises).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].replacen(",是,", ",也许,", 1);
    std::fs::write(&enterprises, lines.join("\r\n") + "\r\n").expect("write");
    bin()
        .args(["package", "check"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "enterprises.csv:4: column \"above_scale\"",
        ));
    let session = common::new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let sheet = temp.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "类型,编号,得分,核验,更正值,意见\r\n指标,1,7,,,好\r\n\r\n指标,2,99,,,太高\r\n",
    )
    .expect("write");
    bin()
        .args(["session", "import"])
        .arg(&session)
        .arg("--csv")
        .arg(&sheet)
        .assert()
        .failure()
        .stderr(predicate::str::contains("sheet.csv:4:"));
}

/// Hostile CSV files: a header of 100,000 columns is refused at once with the limit; a huge bad
/// cell is cut in the message; 10,000 duplicate rows give a few errors and a count of the rest.
#[test]
fn hostile_csv_files_get_short_clear_errors() {
    let (_temp, dir) = demo_copy();
    let wide: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    std::fs::write(dir.join("tables").join("awards.csv"), wide.join(",") + "\n").expect("write");
    let output = bin()
        .args(["package", "check"])
        .arg(&dir)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("found 100000 columns, expected at most 256"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of errors", stderr.len());

    let (_temp, dir) = demo_copy();
    let huge = "x".repeat(5_000_000);
    let measures = dir.join("measures.csv");
    let text = std::fs::read_to_string(&measures)
        .expect("read")
        .replace("talents,48,", &format!("talents,{huge},"));
    std::fs::write(&measures, text).expect("write");
    let output = bin()
        .args(["package", "check"])
        .arg(&dir)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("(5000000 characters)"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of errors", stderr.len());

    let (_temp, dir) = demo_copy();
    let enterprises = dir.join("tables").join("enterprises.csv");
    let text = std::fs::read_to_string(&enterprises).expect("read");
    let row = text.lines().nth(1).expect("row").to_string();
    append(&enterprises, &format!("{row}\n").repeat(10_000));
    let output = bin()
        .args(["package", "check"])
        .arg(&dir)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("again (first on line 2)").count(),
        5,
        "{stderr}"
    );
    assert!(
        stderr.contains("9995 more errors of column \"name\" not shown (10000 in all)"),
        "{stderr}"
    );
}
