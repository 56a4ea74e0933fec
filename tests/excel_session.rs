//! The paper score sheet through the real binary: `session template` writes it as CSV or a
//! workbook, `session import --xlsx` reads a workbook filled by an independent tool (openpyxl,
//! committed fixture) all or nothing, and a bad cell is named by sheet and cell.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{bin, fixture, indicator, new_session, show_json};
use rust_xlsxwriter::Workbook;
use std::path::Path;

fn import(session: &Path, flag: &str, sheet: &Path) -> std::process::Output {
    bin()
        .args(["--lang", "en", "session", "import"])
        .arg(session)
        .arg(flag)
        .arg(sheet)
        .output()
        .expect("run")
}

fn measure<'a>(document: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["measures"].as_array().into_iter().flatten())
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("measure {id}"))
}

#[test]
fn a_workbook_filled_with_openpyxl_imports_every_row() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let output = import(&session, "--xlsx", &fixture("workbooks/paper-sheet.xlsx"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("9 changes imported"));
    let document = show_json(&session);
    assert_eq!(indicator(&document, 1)["points"], "7.00");
    assert_eq!(indicator(&document, 2)["points"], "6.50");
    assert_eq!(
        indicator(&document, 1)["comment"],
        "近三年出台专项政策三件，资金落实。"
    );
    assert_eq!(measure(&document, "ip_per_100m")["status"], "doubtful");
    assert_eq!(measure(&document, "ip_per_100m")["corrected"], "6.35");
    assert_eq!(measure(&document, "talents")["status"], "verified");
    assert_eq!(document["overall"], "集群发展态势良好，建议通过。");
}

#[test]
fn a_bad_cell_names_sheet_and_cell_and_nothing_is_imported() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let before = show_json(&session);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("评分表").expect("name");
    for (c, h) in ["类型", "编号", "得分", "意见"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    sheet.write_string(1, 0, "指标").expect("write");
    sheet.write_number(1, 1, 2.0).expect("write");
    sheet.write_number(1, 2, 6.0).expect("write");
    sheet.write_string(2, 0, "指标").expect("write");
    sheet.write_number(2, 1, 1.0).expect("write");
    sheet.write_number(2, 2, 9.0).expect("write");
    let path = temp.path().join("sheet.xlsx");
    std::fs::write(&path, book.save_to_buffer().expect("workbook")).expect("write");
    let output = import(&session, "--xlsx", &path);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: {}!评分表!C3: column \"points\": found points 9 for indicator 1",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(show_json(&session), before, "all rows or none");
}

#[test]
fn session_templates_have_a_row_per_qualitative_indicator_measure_and_the_overall_opinion() {
    let temp = tempfile::tempdir().expect("temp");
    let xlsx = temp.path().join("评分表.xlsx");
    let csv = temp.path().join("评分表.csv");
    for out in [&xlsx, &csv] {
        bin()
            .args(["session", "template", "--out"])
            .arg(out)
            .assert()
            .success();
    }
    let rubric: serde_json::Value = serde_json::from_slice(
        &bin()
            .args(["rubric", "show", "rubrics/nanjing-2023.toml", "--json"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("json");
    let mut expected: Vec<(String, String)> = Vec::new();
    let indicators: Vec<&serde_json::Value> = rubric["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["indicators"].as_array().into_iter().flatten())
        .collect();
    for i in &indicators {
        if i["kind"] == "qualitative" {
            expected.push(("指标".into(), i["id"].to_string()));
        }
    }
    for i in &indicators {
        for m in i["measures"].as_array().into_iter().flatten() {
            expected.push(("计量项".into(), m["id"].as_str().unwrap_or_default().into()));
        }
    }
    for c in rubric["conditions"].as_array().into_iter().flatten() {
        expected.push(("申报条件".into(), c["id"].to_string()));
    }
    expected.push(("综合意见".into(), String::new()));
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("opens");
    assert_eq!(book.sheet_names()[0], "评分表");
    let range = book.worksheet_range("评分表").expect("sheet");
    let header: Vec<String> = (0..9)
        .map(|c| {
            range
                .get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "类型",
            "编号",
            "名称",
            "满分",
            "单位",
            "得分",
            "核验",
            "更正值",
            "意见"
        ]
    );
    let rows: Vec<(String, String)> = (1..range.height() as u32)
        .map(|r| {
            let cell = |c| {
                range
                    .get_value((r, c))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            (cell(0), cell(1))
        })
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(
        range.get_value((1, 3)),
        Some(&Data::Float(8.0)),
        "full marks of indicator 1 as a number"
    );
    let text = std::fs::read_to_string(&csv).expect("csv");
    let csv_rows: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let mut cells = l.split(',');
            (
                cells.next().unwrap_or_default().to_string(),
                cells.next().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(csv_rows, expected);
    // an unfilled template imports nothing and is no error
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let output = import(&session, "--xlsx", &xlsx);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 changes imported"));
}

#[test]
fn a_session_template_never_overwrites_and_needs_a_known_extension() {
    let temp = tempfile::tempdir().expect("temp");
    let existing = temp.path().join("sheet.xlsx");
    std::fs::write(&existing, b"mine").expect("write");
    bin()
        .args(["session", "template", "--out"])
        .arg(&existing)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("exists already"));
    assert_eq!(std::fs::read(&existing).expect("kept"), b"mine");
    bin()
        .args(["session", "template", "--out"])
        .arg(temp.path().join("sheet.txt"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("expected SHEET.xlsx"));
    // --csv keeps working, and one of --csv / --xlsx is required
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    bin()
        .args(["session", "import"])
        .arg(&session)
        .assert()
        .code(2);
}
