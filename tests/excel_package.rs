//! Workbook packages (`package.xlsx`) and package templates through the real binary: a workbook
//! written by an independent tool (openpyxl, committed fixture) checks exactly like the CSV
//! demo; cell errors name sheet and cell; templates filled in pass `package check`.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use cluster_review::package::{ColumnKind, TEMPLATE_TABLES};
use common::{bin, check_json, demo_copy, fixture, measure};
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A copy of the demo whose figures and tables are replaced by a workbook.
fn workbook_package(workbook: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let (temp, dir) = demo_copy();
    std::fs::remove_file(dir.join("measures.csv")).expect("remove measures.csv");
    std::fs::remove_dir_all(dir.join("tables")).expect("remove tables");
    std::fs::write(dir.join("package.xlsx"), workbook).expect("write workbook");
    (temp, dir)
}

/// The check document without what depends on the files' bytes and place.
fn without_digest(mut document: Value) -> Value {
    document["digest"] = Value::Null;
    document["package"]["dir"] = Value::Null;
    document
}

/// The package digest as the README defines it, computed here independently.
fn independent_digest(dir: &Path) -> String {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.path().is_dir() {
                walk(&entry.path(), &relative, out);
            } else {
                out.push((relative, std::fs::read(entry.path()).expect("read")));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, "", &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for (path, content) in &files {
        hasher.update((path.len() as u64).to_be_bytes());
        hasher.update(path.as_bytes());
        hasher.update((content.len() as u64).to_be_bytes());
        hasher.update(content);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check_errors(dir: &Path) -> Vec<String> {
    let output = bin()
        .args(["--lang", "en", "package", "check"])
        .arg(dir)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1), "the check must fail");
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|l| l.replace(&dir.display().to_string(), "PKG"))
        .collect()
}

#[test]
fn an_openpyxl_workbook_of_the_demo_checks_exactly_like_the_csv_demo() {
    let workbook = std::fs::read(fixture("workbooks/demo-package.xlsx")).expect("fixture");
    let (_temp, dir) = workbook_package(&workbook);
    let from_workbook = check_json(&dir);
    let from_csv = check_json(&fixture("packages/demo"));
    assert_eq!(
        from_workbook["quantitative_points"],
        from_csv["quantitative_points"]
    );
    assert_eq!(
        without_digest(from_workbook.clone()),
        without_digest(from_csv)
    );
    // percent-formatted fraction, full-width text and separated text read as the CSV's figures
    assert_eq!(
        measure(&from_workbook, "hightech_share")["declared"],
        "76.47"
    );
    assert_eq!(measure(&from_workbook, "talents")["declared"], "48");
    assert_eq!(measure(&from_workbook, "fund_size")["declared"], "175000");
    // the digest covers the workbook file
    assert_eq!(from_workbook["digest"], independent_digest(&dir).as_str());
}

#[test]
fn cell_errors_name_the_sheet_and_the_cell() {
    let workbook = std::fs::read(fixture("workbooks/errors-package.xlsx")).expect("fixture");
    let (_temp, dir) = workbook_package(&workbook);
    assert_eq!(
        check_errors(&dir),
        [
            "error: PKG/package.xlsx!计量项!E13: column \"数值\": found the error value #DIV/0!, expected a number or text (correct the cell in the workbook)",
            "error: PKG/package.xlsx!计量项!E20: column \"数值\": found the formula =SUM(1,2) without a saved result, expected its value (open and save the workbook in Excel or WPS, which store formula results)",
            "error: PKG/package.xlsx!企业!E3: column \"revenue\": found \"约42亿\", expected a number (digits, optional thousands separators, full-width digits, trailing % for percentages)",
        ]
    );
}

#[test]
fn a_workbook_beside_csv_files_is_refused() {
    let workbook = std::fs::read(fixture("workbooks/demo-package.xlsx")).expect("fixture");
    let (_temp, dir) = demo_copy();
    std::fs::write(dir.join("package.xlsx"), workbook).expect("write");
    let errors = check_errors(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("error: PKG/package.xlsx: found beside measures.csv, tables/awards.csv"),
        "{errors:?}"
    );
    assert!(errors[0].contains("expected either the workbook or the CSV files"));
}

/// A workbook with English sheet names and headers, formulas with saved results (one carrying
/// binary noise), a percent format, booleans and a date in a text column.
fn english_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let percent = Format::new().set_num_format("0.00%");
    let sheet = book.add_worksheet();
    sheet.set_name("measures").expect("name");
    for (c, h) in ["measure", "value", "unit", "source"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    sheet.write_string(1, 0, "revenue").expect("write");
    // =1000.1+296.79 as Excel saves it: the double 1296.8899999999999
    sheet
        .write_formula(
            1,
            1,
            Formula::new("=1000.1+296.79").set_result("1296.8899999999999"),
        )
        .expect("write");
    sheet.write_string(1, 2, "亿元").expect("write");
    sheet
        .write_datetime(
            1,
            3,
            rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 3, 31).expect("date"),
        )
        .expect("write");
    sheet.write_string(2, 0, "rd_share").expect("write");
    sheet
        .write_number_with_format(2, 1, 0.0662, &percent)
        .expect("write");
    sheet.write_string(2, 2, "%").expect("write");
    sheet.write_string(3, 0, "talents").expect("write");
    sheet.write_number(3, 1, 48.0).expect("write");
    sheet.write_string(3, 2, "人").expect("write");
    let platforms = book.add_worksheet();
    platforms.set_name("Platforms").expect("name");
    for (c, h) in ["平台名称", "级别", "分中心"].iter().enumerate() {
        platforms.write_string(0, c as u16, *h).expect("write");
    }
    for (r, (level, sub)) in [("国家级", false), ("国家级", true), ("省级", true)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        platforms
            .write_string(r, 0, format!("平台{r}"))
            .expect("write");
        platforms.write_string(r, 1, *level).expect("write");
        platforms.write_boolean(r, 2, *sub).expect("write");
    }
    book.add_worksheet().set_name("备注").expect("name");
    book.save_to_buffer().expect("workbook")
}

#[test]
fn english_sheet_names_formula_results_percent_formats_and_booleans() {
    let (_temp, dir) = workbook_package(&english_workbook());
    let document = check_json(&dir);
    assert_eq!(measure(&document, "revenue")["declared"], "1296.89");
    assert_eq!(measure(&document, "rd_share")["declared"], "6.62");
    assert_eq!(measure(&document, "talents")["declared"], "48");
    // national 1 + national sub-centre 0.5 + provincial sub-centre 0
    assert_eq!(measure(&document, "platforms")["derived"], "1.5");
    let warnings: Vec<&Value> = document["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == "unknown_table")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("package.xlsx!备注")),
        "{warnings:?}"
    );
}

#[test]
fn two_sheets_for_one_table_are_refused() {
    let mut book = Workbook::new();
    for name in ["计量项", "企业", "Enterprises"] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        sheet.write_string(0, 0, "measure").expect("write");
    }
    let (_temp, dir) = workbook_package(&book.save_to_buffer().expect("workbook"));
    let errors = check_errors(&dir);
    assert_eq!(
        errors,
        [
            "error: PKG/package.xlsx!Enterprises: stands for tables/enterprises.csv like the sheet \"企业\", expected one sheet per table"
        ]
    );
}

#[test]
fn a_missing_measures_sheet_bad_numbers_and_data_without_a_header_are_named() {
    let mut book = Workbook::new();
    let funds = book.add_worksheet();
    funds.set_name("基金").expect("name");
    funds.write_string(0, 0, "基金名称").expect("write");
    funds.write_string(0, 1, "基金规模（万元）").expect("write");
    funds.write_string(1, 0, "甲").expect("write");
    funds.write_number(1, 1, -5.0).expect("write");
    funds.write_string(2, 0, "乙").expect("write");
    funds.write_string(2, 1, "五千").expect("write");
    let investments = book.add_worksheet();
    investments.set_name("投资").expect("name");
    for (c, h) in ["企业名称", "投资金额（万元）", "投资年度"]
        .iter()
        .enumerate()
    {
        investments.write_string(0, c as u16, *h).expect("write");
    }
    investments.write_string(1, 0, "甲").expect("write");
    investments.write_number(1, 1, 100.0).expect("write");
    investments.write_number(1, 2, 2025.0).expect("write");
    investments.write_string(1, 4, "备注").expect("write");
    let (_temp, dir) = workbook_package(&book.save_to_buffer().expect("workbook"));
    assert_eq!(
        check_errors(&dir),
        [
            "error: PKG/package.xlsx: has no worksheet 计量项 (or measures), expected the declared figures (measure,value,unit,source); its sheets: 基金, 投资",
            "error: PKG/package.xlsx!基金!B2: column \"size\": found -5, expected a number not below 0",
            "error: PKG/package.xlsx!基金!B3: column \"size\": found \"五千\", expected a number (digits, optional thousands separators, full-width digits, trailing % for percentages)",
            "error: PKG/package.xlsx!投资!E2: header: found \"备注\" under an empty header, expected data only in columns named in row 1",
        ]
    );
}

#[test]
fn an_excel_lock_file_beside_the_workbook_keeps_the_digest() {
    let workbook = std::fs::read(fixture("workbooks/demo-package.xlsx")).expect("fixture");
    let (_temp, dir) = workbook_package(&workbook);
    let before = check_json(&dir)["digest"].clone();
    // Excel keeps ~$NAME beside a workbook it has open
    std::fs::write(dir.join("~$package.xlsx"), b"owner").expect("write lock file");
    assert_eq!(check_json(&dir)["digest"], before);
}

// ---- templates ----

fn template(dir: &Path, xlsx: bool) {
    let mut cmd = bin();
    cmd.args(["package", "template"]).arg(dir);
    if xlsx {
        cmd.arg("--xlsx");
    }
    cmd.assert().success();
}

/// Fills the manifest of a template.
fn fill_manifest(dir: &Path) {
    let path = dir.join("package.toml");
    let text = std::fs::read_to_string(&path)
        .expect("manifest")
        .replace("id = \"\"", "id = \"filled\"")
        .replace("park = \"\"", "park = \"南京示例高新园区\"")
        .replace(
            "cluster = \"\"",
            "cluster = \"南京示例高新园区集成电路创新型产业集群\"",
        )
        .replace("direction = \"\"", "direction = \"集成电路\"")
        .replace("year = 0", "year = 2025")
        .replace("name = \"\"", "name = \"示例联系人\"");
    std::fs::write(path, text).expect("write manifest");
}

/// The figures a filled template declares.
const DECLARED: [(&str, &str); 3] = [("talents", "1"), ("revenue", "5.2"), ("rd_share", "6.5")];

/// What the example rows give: measure → derived figure, computed by hand from the layout's
/// examples (one row per table; evaluation year 2025).
const DERIVED: [(&str, &str); 13] = [
    ("talents", "1"),
    ("hightech_count", "1"),
    ("revenue", "5.2"),
    // 3380 / 52000 × 100
    ("rd_share", "6.5"),
    ("gazelle", "1"),
    ("standards", "1"),
    ("awards", "1"),
    ("platforms", "1"),
    ("service_orgs", "1"),
    ("fund_size", "50000"),
    ("invested_amount", "3000"),
    ("listed_financing", "6.35"),
    ("project_funding", "1200"),
];

fn assert_filled(document: &Value) {
    for (id, value) in DECLARED {
        assert_eq!(measure(document, id)["declared"], value, "{id}");
    }
    for (id, value) in DERIVED {
        assert_eq!(measure(document, id)["derived"], value, "{id}");
    }
}

#[test]
fn a_csv_template_filled_in_passes_the_check() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path().join("new");
    template(&dir, false);
    // unfilled: the manifest's every field is reported
    let errors = check_errors(&dir);
    assert_eq!(errors.len(), 5, "{errors:?}");
    fill_manifest(&dir);
    let measures = std::fs::read_to_string(dir.join("measures.csv")).expect("measures");
    let filled: String = measures
        .lines()
        .map(|line| {
            let id = line.split(',').next().unwrap_or_default();
            match DECLARED.iter().find(|(m, _)| *m == id) {
                // 计量项,名称,所属指标,单位,数值,来源: the figure is the 5th cell
                Some((_, value)) => {
                    let mut cells: Vec<&str> = line.split(',').collect();
                    cells[4] = value;
                    cells[5] = "园区统计";
                    cells.join(",")
                }
                None => line.to_string(),
            }
        })
        .map(|line| line + "\n")
        .collect();
    std::fs::write(dir.join("measures.csv"), filled).expect("write");
    // each table: the commented example row, uncommented
    for table in &TEMPLATE_TABLES {
        let path = dir.join(table.file);
        let text = std::fs::read_to_string(&path).expect("table");
        let example = text
            .lines()
            .last()
            .and_then(|l| l.strip_prefix("# "))
            .expect("an example row")
            .to_string();
        std::fs::write(&path, format!("{text}{example}\n")).expect("write");
    }
    assert_filled(&check_json(&dir));
}

/// Fills a workbook template the way a park does in Excel: the template's cells kept, the
/// figures and one row per table (the layout's examples, numbers typed as numbers) added.
fn fill_workbook(template: &Path) -> Vec<u8> {
    let mut source: Xlsx<_> = open_workbook(template).expect("template opens");
    let mut book = Workbook::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).expect("sheet");
        let sheet = book.add_worksheet();
        sheet.set_name(&name).expect("name");
        for (row, column, cell) in range.used_cells() {
            let (row, column) = (row as u32, column as u16);
            if let Data::String(text) = cell {
                sheet.write_string(row, column, text).expect("write");
            }
            if row > 0 && column == 0 && name == "计量项" {
                let id = cell.to_string();
                if let Some((_, value)) = DECLARED.iter().find(|(m, _)| *m == id) {
                    let value: f64 = value.parse().expect("number");
                    sheet.write_number(row, 4, value).expect("write");
                }
            }
        }
        let table = TEMPLATE_TABLES.iter().find(|t| {
            cluster_review::package::SHEET_NAMES
                .iter()
                .any(|(file, chinese)| *file == t.file && *chinese == name)
        });
        if let Some(table) = table {
            for (column, spec) in table.columns.iter().enumerate() {
                let column = column as u16;
                match spec.kind {
                    ColumnKind::Number | ColumnKind::Year => sheet
                        .write_number(1, column, spec.example.parse::<f64>().expect("number"))
                        .expect("write"),
                    _ => sheet.write_string(1, column, spec.example).expect("write"),
                };
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

#[test]
fn a_workbook_template_filled_in_passes_the_check_like_the_csv_one() {
    let temp = tempfile::tempdir().expect("temp");
    let csv = temp.path().join("csv");
    let xlsx = temp.path().join("xlsx");
    template(&csv, false);
    template(&xlsx, true);
    assert!(!xlsx.join("measures.csv").exists() && !xlsx.join("tables").exists());
    fill_manifest(&xlsx);
    let filled = fill_workbook(&xlsx.join("package.xlsx"));
    std::fs::write(xlsx.join("package.xlsx"), filled).expect("write");
    let document = check_json(&xlsx);
    assert_filled(&document);
    let warnings = document["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().all(|w| w["code"] != "unknown_table"),
        "the instructions sheet is not a table: {warnings:?}"
    );
}

/// The XML of a worksheet inside an .xlsx, by its position (1-based).
fn sheet_xml(workbook: &Path, position: usize) -> String {
    let file = std::fs::File::open(workbook).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut entry = zip
        .by_name(&format!("xl/worksheets/sheet{position}.xml"))
        .expect("sheet xml");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut entry, &mut xml).expect("read");
    xml
}

#[test]
fn the_workbook_template_offers_drop_down_lists_for_choice_and_yes_no_columns() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path().join("x");
    template(&dir, true);
    let workbook = dir.join("package.xlsx");
    let source: Xlsx<_> = open_workbook(&workbook).expect("opens");
    let names = source.sheet_names();
    assert_eq!(names[0], "说明");
    assert_eq!(names[1], "计量项");
    for table in &TEMPLATE_TABLES {
        let position = names
            .iter()
            .position(|n| {
                cluster_review::package::SHEET_NAMES
                    .iter()
                    .any(|(f, c)| *f == table.file && c == n)
            })
            .expect("a sheet per table")
            + 1;
        let xml = sheet_xml(&workbook, position);
        for (index, column) in table.columns.iter().enumerate() {
            let letter = cluster_review::package::column_name(index);
            let words = match column.kind {
                ColumnKind::Choice(words) => words.join(","),
                ColumnKind::YesNo => "是,否".to_string(),
                _ => continue,
            };
            assert!(
                xml.contains(&format!("sqref=\"{letter}2:{letter}2000\"")),
                "{}: no validation on {letter} in {xml}",
                table.file
            );
            assert!(
                xml.contains(&format!("<formula1>\"{words}\"</formula1>")),
                "{}: no list {words}",
                table.file
            );
        }
        assert!(
            xml.contains("<pane ySplit=\"1\""),
            "{}: frozen header",
            table.file
        );
    }
}

#[test]
fn a_template_never_writes_into_a_folder_with_files() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path().join("park");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("package.toml"), "id = \"mine\"\n").expect("write");
    bin()
        .args(["package", "template"])
        .arg(&dir)
        .arg("--xlsx")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not an empty folder"));
    assert_eq!(
        std::fs::read_to_string(dir.join("package.toml")).expect("kept"),
        "id = \"mine\"\n"
    );
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);
    // an empty folder is fine
    let empty = temp.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    template(&empty, false);
    assert!(empty.join("measures.csv").is_file());
}

#[test]
fn a_file_that_is_no_workbook_is_named() {
    let (_temp, dir) = workbook_package(b"measure,value\nrevenue,1\n");
    let errors = check_errors(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: PKG/package.xlsx: cannot be read as a workbook"),
        "{errors:?}"
    );
    assert!(
        errors[0].ends_with("expected an Excel .xlsx file"),
        "{errors:?}"
    );
}
