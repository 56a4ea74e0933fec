//! `session import --csv`: a paper score sheet typed in by a secretary, all rows or none.

mod common;

use common::{bin, indicator, new_session, show_json};
use encoding_rs::GB18030;
use predicates::prelude::*;

const SHEET: &str = "类型,编号,得分,核验,更正值,意见
指标,1,7,,,近三年出台专项政策三件，资金落实。
指标,2,6.5,,,推进体系健全。
指标,3,３,,,特色做法：“链长制”。
指标,20,2,,,联盟活动偏少，成效一般。
计量项,ip_per_100m,,存疑,6.35,申报值高于明细表
计量项,talents,,verified,,
综合意见,,,,,集群发展态势良好，建议通过。
";

#[test]
fn a_paper_sheet_in_utf8_or_gb18030_is_imported_whole() {
    for encode in [
        |t: &str| t.as_bytes().to_vec(),
        |t: &str| GB18030.encode(t).0.into_owned(),
    ] {
        let temp = tempfile::tempdir().expect("temp");
        let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
        let csv = temp.path().join("sheet.csv");
        std::fs::write(&csv, encode(SHEET)).expect("write");
        bin()
            .args(["session", "import"])
            .arg(&path)
            .arg("--csv")
            .arg(&csv)
            .assert()
            .success()
            .stdout(predicate::str::contains("导入 13 项"));
        let document = show_json(&path);
        assert_eq!(indicator(&document, 1)["points"], "7.00");
        assert_eq!(indicator(&document, 3)["points"], "3.00");
        assert_eq!(indicator(&document, 3)["comment"], "特色做法：“链长制”。");
        assert_eq!(
            indicator(&document, 20)["comment"],
            "联盟活动偏少，成效一般。"
        );
        assert_eq!(document["overall"], "集群发展态势良好，建议通过。");
        let ip = indicator(&document, 12)["measures"][0].clone();
        assert_eq!(
            (ip["status"].as_str(), ip["corrected"].as_str()),
            (Some("doubtful"), Some("6.35"))
        );
    }
}

#[test]
fn one_bad_row_and_nothing_is_imported_with_row_and_column_named() {
    for (bad_row, line, column, message) in [
        (
            "指标,1,9,,,太高",
            4,
            "points",
            "expected points from 0 to its weight 8",
        ),
        (
            "指标,2,6.3,,,不在步长上",
            4,
            "points",
            "multiple of the step 0.5",
        ),
        (
            "指标,4,3,,,定量指标",
            4,
            "id",
            "indicator 4 is quantitative",
        ),
        ("计量项,revenue,,很好,,", 4, "status", "found \"很好\""),
        ("计量项,revenue,,,三百,", 4, "corrected", "found \"三百\""),
        (
            "计量项,talents,,,12%,",
            4,
            "corrected",
            "expected a figure in 人",
        ),
        (
            "计量项,talents,,,-5,",
            4,
            "corrected",
            "expected a figure in 人 not below 0",
        ),
        ("计量项,nope,,verified,,", 4, "id", "found measure \"nope\""),
        (
            "计量项,talents,5,,,",
            4,
            "points",
            "found \"5\" in a 计量项 row, expected this cell empty",
        ),
        (
            "指标,1,6,已核实,,",
            4,
            "status",
            "found \"已核实\" in a 指标 row",
        ),
        (
            "指标,3,3,,,重复",
            4,
            "id",
            "found \"指标 3\" again (first on line 2)",
        ),
        ("备注,,,,,", 4, "kind", "found \"备注\""),
        ("指标,一,6,,,", 4, "id", "found \"一\""),
    ] {
        let temp = tempfile::tempdir().expect("temp");
        let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
        let before = show_json(&path);
        let csv = temp.path().join("sheet.csv");
        let head = "类型,编号,得分,核验,更正值,意见\n指标,3,3,,,特色明显\n综合意见,,,,,建议通过\n";
        std::fs::write(&csv, format!("{head}{bad_row}\n")).expect("write");
        bin()
            .args(["session", "import"])
            .arg(&path)
            .arg("--csv")
            .arg(&csv)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "sheet.csv:{line}: column \"{column}\": "
            )))
            .stderr(predicate::str::contains(message));
        assert_eq!(show_json(&path), before, "nothing imported for {bad_row}");
    }
}

#[test]
fn a_sheet_for_a_recused_or_undeclared_session_is_refused() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &[]);
    let csv = temp.path().join("sheet.csv");
    std::fs::write(&csv, SHEET).expect("write");
    bin()
        .args(["session", "import"])
        .arg(&path)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sheet.csv:2:"))
        .stderr(predicate::str::contains("declaration"));
    assert_eq!(
        show_json(&path)["indicators"][0]["points"],
        serde_json::Value::Null
    );
}

#[test]
fn a_sheet_of_points_only_and_an_empty_overall_change_only_what_they_fill() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "原有综合意见"])
        .assert()
        .success();
    let csv = temp.path().join("points.csv");
    std::fs::write(
        &csv,
        "kind,id,points\nindicator,1,6.5\nindicator,2,7\noverall,,\n",
    )
    .expect("write");
    bin()
        .args(["session", "import"])
        .arg(&path)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .success();
    let document = show_json(&path);
    assert_eq!(indicator(&document, 1)["points"], "6.50");
    assert_eq!(indicator(&document, 2)["points"], "7.00");
    assert_eq!(
        document["overall"], "原有综合意见",
        "an empty overall cell leaves the opinion as it is"
    );
}
