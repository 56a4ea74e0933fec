//! Workbooks for the bureau through the real binary, read back with calamine: `merge --format
//! xlsx` holds the JSON's values as number cells with a two-decimal format, flags as colours;
//! `archive list --format xlsx` holds the JSON's entries; neither overwrites a file.

mod common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{bin, fixture, scored_session, second_package};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Two clusters: five experts on the demo (one far off on indicator 1), three on the second.
fn sessions(dir: &Path) -> Vec<PathBuf> {
    let demo = fixture("packages/demo");
    let other = second_package(dir);
    let mut files: Vec<PathBuf> = ["8", "7", "6.5", "6", "1"]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            scored_session(
                dir,
                &demo,
                &format!("E0{}", i + 1),
                &[(1, p), (2, "6.5"), (3, "3"), (20, "3.5")],
            )
        })
        .collect();
    for (i, p) in ["5", "5.5", "7"].iter().enumerate() {
        files.push(scored_session(
            dir,
            &other,
            &format!("E0{}", i + 1),
            &[(1, p), (2, "7"), (3, "2.5"), (20, "4")],
        ));
    }
    files
}

fn merge_json(files: &[PathBuf]) -> Value {
    let output = bin()
        .arg("merge")
        .args(files)
        .args(["--allow-unsigned", "--format", "json"])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

/// A number cell as the decimal it shows (the workbook number rule), refusing text cells.
fn number(range: &Range<Data>, row: u32, column: u32) -> Decimal {
    match range.get_value((row, column)) {
        Some(Data::Float(value)) => {
            Decimal::from_str(&cluster_review::package::number_text(*value, false).expect("finite"))
                .expect("decimal")
        }
        other => panic!("({row}, {column}) is {other:?}, expected a number cell"),
    }
}

fn json_decimal(value: &Value) -> Decimal {
    Decimal::from_str(value.as_str().expect("a decimal string")).expect("decimal")
}

fn text(range: &Range<Data>, row: u32, column: u32) -> String {
    range
        .get_value((row, column))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The row whose first cell is the number `id`.
fn row_of(range: &Range<Data>, id: u64) -> u32 {
    (0..range.height() as u32)
        .find(|&r| range.get_value((r, 0)) == Some(&Data::Float(id as f64)))
        .unwrap_or_else(|| panic!("no row for {id}"))
}

#[test]
fn the_merge_workbook_holds_the_json_values_as_numbers() {
    let temp = tempfile::tempdir().expect("temp");
    let files = sessions(temp.path());
    let document = merge_json(&files);
    let out = temp.path().join("汇总.xlsx");
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&out).expect("opens");
    let clusters = document["clusters"].as_array().expect("clusters");
    assert_eq!(book.sheet_names()[0], "排名");
    assert_eq!(book.sheet_names().len(), 1 + clusters.len());
    let ranking = book.worksheet_range("排名").expect("ranking");
    for (index, cluster) in clusters.iter().enumerate() {
        let row = 2 + index as u32;
        assert_eq!(
            number(&ranking, row, 0),
            Decimal::from(cluster["rank"].as_u64().expect("rank"))
        );
        assert_eq!(
            text(&ranking, row, 2),
            cluster["package_id"].as_str().expect("id")
        );
        assert_eq!(number(&ranking, row, 5), json_decimal(&cluster["total"]));
    }
    for cluster in clusters {
        let id = cluster["package_id"].as_str().expect("id");
        let sheet = book.worksheet_range(id).expect("a sheet per cluster");
        let styles = book.worksheet_style(id).expect("styles");
        let experts: Vec<&str> = cluster["experts"]
            .as_array()
            .expect("experts")
            .iter()
            .map(|e| e["id"].as_str().expect("id"))
            .collect();
        let width = experts.len() as u32;
        for (index, expert) in experts.iter().enumerate() {
            assert!(text(&sheet, 1, 3 + index as u32).starts_with(expert));
        }
        for indicator in cluster["indicators"].as_array().expect("indicators") {
            let row = row_of(&sheet, indicator["id"].as_u64().expect("id"));
            assert_eq!(number(&sheet, row, 2), json_decimal(&indicator["weight"]));
            for (index, expert) in experts.iter().enumerate() {
                let column = 3 + index as u32;
                match indicator["scores"].get(*expert) {
                    Some(points) => {
                        assert_eq!(number(&sheet, row, column), json_decimal(points));
                        let format = styles
                            .get((row, column))
                            .and_then(|s| s.number_format.as_ref())
                            .map(|f| f.format_code.clone());
                        assert_eq!(format.as_deref(), Some("0.00"), "two decimals shown");
                    }
                    None => assert_eq!(sheet.get_value((row, column)), Some(&Data::Empty)),
                }
            }
            match indicator["panel"].as_str() {
                Some(_) => assert_eq!(
                    number(&sheet, row, 3 + width),
                    json_decimal(&indicator["panel"])
                ),
                None => assert_eq!(sheet.get_value((row, 3 + width)), Some(&Data::Empty)),
            }
            let flags = indicator["flags"].as_array().expect("flags");
            for flag in flags.iter().filter(|f| f["code"] == "divergent") {
                let column = 3 + experts
                    .iter()
                    .position(|e| flag["expert"] == *e)
                    .expect("flagged expert") as u32;
                let fill = styles
                    .get((row, column))
                    .and_then(|s| s.fill.as_ref())
                    .and_then(|f| f.get_color());
                assert!(fill.is_some(), "divergent cell coloured");
            }
        }
        // the total row: each expert's total and the panel total
        let total_row = (0..sheet.height() as u32)
            .find(|&r| text(&sheet, r, 1) == "总分")
            .expect("total row");
        assert_eq!(
            number(&sheet, total_row, 3 + width),
            json_decimal(&cluster["total"])
        );
        for (index, expert) in cluster["experts"]
            .as_array()
            .expect("experts")
            .iter()
            .enumerate()
        {
            assert_eq!(
                number(&sheet, total_row, 3 + index as u32),
                json_decimal(&expert["total"])
            );
        }
        let categories = cluster["categories"].as_array().expect("categories");
        for (index, category) in categories.iter().enumerate() {
            let row = total_row - categories.len() as u32 + index as u32;
            assert_eq!(
                number(&sheet, row, 3 + width),
                json_decimal(&category["points"])
            );
        }
    }
    // the demo's indicator 1 has a divergent expert: the test above saw a coloured cell
    let demo = &clusters
        .iter()
        .find(|c| c["package_id"] == "demo")
        .expect("demo");
    assert!(
        demo["indicators"][0]["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|g| g["code"] == "divergent")),
        "the fixture has a divergent score"
    );
}

#[test]
fn merge_xlsx_needs_an_xlsx_out_and_never_overwrites() {
    let temp = tempfile::tempdir().expect("temp");
    let files: Vec<PathBuf> = sessions(temp.path()).into_iter().take(2).collect();
    let run = |args: &[&str]| {
        bin()
            .arg("merge")
            .args(&files)
            .arg("--allow-unsigned")
            .args(args)
            .output()
            .expect("run")
    };
    let no_out = run(&["--format", "xlsx"]);
    assert_eq!(no_out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_out.stderr).contains("--out FILE.xlsx"));
    let sqlite = temp.path().join("c.sqlite");
    let wrong = run(&["--format", "xlsx", "--out", sqlite.to_str().expect("utf-8")]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(!sqlite.exists());
    let xlsx = temp.path().join("c.xlsx");
    let no_format = run(&["--out", xlsx.to_str().expect("utf-8")]);
    assert_eq!(no_format.status.code(), Some(2));
    assert!(!xlsx.exists(), "no SQLite file under an .xlsx name");
    std::fs::write(&xlsx, b"mine").expect("write");
    let existing = run(&["--format", "xlsx", "--out", xlsx.to_str().expect("utf-8")]);
    assert_eq!(existing.status.code(), Some(1));
    assert_eq!(std::fs::read(&xlsx).expect("kept"), b"mine");
}

/// Signs a ready session with a new key; returns the sheet.
fn signed_sheet(dir: &Path, package: &Path, expert: &str) -> PathBuf {
    let session = scored_session(
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
    let sheet = dir.join(format!("{expert}-sheet.json"));
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(dir.join(format!("{expert}.key.pem")))
        .arg("--out")
        .arg(&sheet)
        .assert()
        .success();
    sheet
}

#[test]
fn the_archive_workbook_lists_the_json_entries() {
    let temp = tempfile::tempdir().expect("temp");
    let other = second_package(temp.path());
    let sheets = [
        signed_sheet(temp.path(), &fixture("packages/demo"), "E01"),
        signed_sheet(temp.path(), &other, "E02"),
    ];
    let archive = temp.path().join("archive.sqlite");
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .args(&sheets)
        .assert()
        .success();
    let listed: Value = serde_json::from_slice(
        &bin()
            .args(["archive", "list"])
            .arg(&archive)
            .args(["--format", "json"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("json");
    let out = temp.path().join("档案.xlsx");
    bin()
        .args(["archive", "list"])
        .arg(&archive)
        .args(["--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&out).expect("opens");
    let range = book.worksheet_range("档案").expect("sheet");
    let entries = listed["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(range.height(), 1 + entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let row = 1 + index as u32;
        assert_eq!(
            range.get_value((row, 0)),
            Some(&Data::Float(entry["seq"].as_f64().expect("seq")))
        );
        assert_eq!(
            text(&range, row, 2),
            entry["signer"]["id"].as_str().expect("signer")
        );
        assert_eq!(
            text(&range, row, 5),
            entry["packages"][0]["id"].as_str().expect("package")
        );
        assert_eq!(
            text(&range, row, 6),
            entry["packages"][0]["cluster"].as_str().expect("cluster")
        );
        assert_eq!(
            range.get_value((row, 7)),
            Some(&Data::Float(
                entry["packages"][0]["year"].as_f64().expect("year")
            ))
        );
        assert_eq!(
            text(&range, row, 9),
            entry["sheet_sha256"].as_str().expect("sha")
        );
        assert_eq!(
            text(&range, row, 10),
            entry["entry_hash"].as_str().expect("hash")
        );
    }
    // never over a file; --format xlsx needs --out
    bin()
        .args(["archive", "list"])
        .arg(&archive)
        .args(["--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    bin()
        .args(["archive", "list"])
        .arg(&archive)
        .args(["--format", "xlsx"])
        .assert()
        .code(2);
}
