//! A sheet says only what was checked (issue 10 items 6, 7, 9; issue 17 items 6, 10, 14): no
//! sheet that did not verify shows a signature line, no text comes out as markup or formula,
//! the date is the signer's date on every machine, the combined sheet names corrections,
//! recusals and divergent scores, `--force` replaces only a sheet, and a signing killed halfway
//! is completed by the next `sign`.

mod common;

use common::{bin, fixture, scored_session};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn keygen(dir: &Path, id: &str) -> PathBuf {
    bin()
        .args(["keygen", "--out"])
        .arg(dir)
        .args(["--id", id])
        .assert()
        .success();
    dir.join(format!("{id}.key.pem"))
}

fn ready(dir: &Path, id: &str, comment: &str) -> PathBuf {
    let path = scored_session(
        dir,
        &fixture("packages/demo"),
        id,
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--indicator", "1", "--comment", comment])
        .assert()
        .success();
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "集群特色鲜明，建议通过。"])
        .assert()
        .success();
    path
}

fn sheet_of(source: &Path, format: &str, out: &Path) -> assert_cmd::assert::Assert {
    bin()
        .arg("sheet")
        .arg(source)
        .args(["--format", format, "--out"])
        .arg(out)
        .assert()
}

/// 10.6: a signed sheet whose signature cannot be checked is never printed with a signature
/// line: edited to another format with its `.sig` removed, with a key that is no text, or
/// merely without its `.sig`.
#[test]
fn an_unverifiable_sheet_never_prints_a_signature_line() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready(temp.path(), "E01", "意见");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(keygen(temp.path(), "E01"))
        .assert()
        .success();
    let sheet = temp.path().join("demo-E01.r1.json");
    let original = std::fs::read_to_string(&sheet).expect("sheet");
    let variants = [
        (
            "format2.json",
            original.replace("\"sheet_format\": 2", "\"sheet_format\": 3"),
        ),
        (
            "numeric-key.json",
            original.replacen("\"public_key\": \"", "\"public_key\": 7, \"x\": \"", 1),
        ),
        ("no-sig.json", original.clone()),
    ];
    for (name, text) in variants {
        let path = temp.path().join(name);
        std::fs::write(&path, text).expect("write");
        for format in ["html", "pdf", "csv"] {
            let out = temp.path().join(format!("{name}.{format}"));
            sheet_of(&path, format, &out).code(1);
            assert!(!out.exists(), "{name} as {format} was printed");
        }
    }
}

/// 10.6: text from files is escaped by construction: a signing time or an opinion holding
/// markup comes out as text. (The opinion is checked at entry; the time is tampered into a
/// draft sheet file, which is printed as a draft.)
#[test]
fn no_sheet_text_comes_out_as_markup() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready(temp.path(), "E01", "<img src=x onerror=alert(1)>&\"'");
    sheet_of(&session, "html", &temp.path().join("draft.html")).success();
    let html = std::fs::read_to_string(temp.path().join("draft.html")).expect("html");
    assert!(
        !html.contains("<img"),
        "markup from an opinion came out live"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;"),
        "{html}"
    );
    assert!(html.contains("草稿，未签署"));
    assert!(
        !html.contains("电子签名 Ed25519"),
        "a draft has no signature line"
    );
}

/// 10.7: the date printed is the signer's own date, whatever the time zone of the machine that
/// prints the sheet; timestamps carry three digits of milliseconds and the signer's offset.
#[test]
fn the_signing_date_is_the_same_on_every_machine() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready(temp.path(), "E01", "意见");
    bin()
        .env("TZ", "Asia/Shanghai")
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(keygen(temp.path(), "E01"))
        .assert()
        .success();
    let sheet: serde_json::Value = serde_json::from_slice(
        &std::fs::read(temp.path().join("demo-E01.r1.json")).expect("sheet"),
    )
    .expect("json");
    let signed_at = sheet["signed_at"].as_str().expect("signed_at").to_string();
    assert_eq!(signed_at.len(), 29, "{signed_at}");
    assert!(signed_at.ends_with("+08:00"), "{signed_at}");
    assert_eq!(signed_at.as_bytes()[19], b'.');
    let date = &signed_at[..10];
    for tz in [
        "America/New_York",
        "UTC",
        "Pacific/Kiritimati",
        "Asia/Shanghai",
    ] {
        let out = temp.path().join(format!("{}.html", tz.replace('/', "-")));
        bin()
            .env("TZ", tz)
            .arg("sheet")
            .arg(&session)
            .args(["--format", "html", "--out"])
            .arg(&out)
            .assert()
            .success();
        let html = std::fs::read_to_string(&out).expect("html");
        assert!(
            html.contains(&format!("日期：<span>{date}</span>")),
            "{tz}: {html}"
        );
    }
}

/// 10.9 and 17.10: the combined sheet's CSV carries agreed corrections and their reasons; its
/// PDF/HTML list the recused experts, name the method and measures in Chinese and mark divergent
/// scores; a cell that would run as a spreadsheet formula is neutralised in every CSV.
#[test]
fn the_combined_sheet_names_corrections_recusals_and_divergence() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let mut sessions = Vec::new();
    for (id, points) in [
        ("E01", "8"),
        ("E02", "7"),
        ("E03", "6"),
        ("E04", "5"),
        ("E05", "1"),
    ] {
        let path = scored_session(
            dir,
            &fixture("packages/demo"),
            id,
            &[(1, points), (2, "6"), (3, "3"), (20, "3")],
        );
        bin()
            .args(["session", "set"])
            .arg(&path)
            .args(["--overall", "=HYPERLINK(\"http://example.com\",\"点我\")"])
            .assert()
            .success();
        sessions.push(path);
    }
    let recused = dir.join("R.sqlite");
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
        ])
        .args([
            "--expert",
            "E06",
            "--name",
            "赵六",
            "--recuse",
            "亲属任职",
            "--session",
        ])
        .arg(&recused)
        .assert()
        .success();
    let combined = dir.join("panel.sqlite");
    bin()
        .arg("merge")
        .args(&sessions)
        .arg(&recused)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    // the chair records a correction through the library's store (the chair's screen does the same)
    let mut db = cluster_review::store::CombinedDb::open(&combined).expect("open");
    db.set_correction(
        "demo",
        "ip_per_100m",
        Some(("6.35".parse().expect("decimal"), "按明细表核定".into())),
    )
    .expect("correction");
    drop(db);
    let csv = dir.join("panel.csv");
    sheet_of(&combined, "csv", &csv).success();
    let text = String::from_utf8(std::fs::read(&csv).expect("csv")).expect("utf-8");
    assert!(
        text.contains("核定为 6.35 件/亿元（按明细表核定）"),
        "{text}"
    );
    assert!(text.contains("\r\n"), "CSV for Excel ends lines with CRLF");
    let html = dir.join("panel.html");
    sheet_of(&combined, "html", &html).success();
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("回避：E06（demo，亲属任职）"),
        "recusal listed"
    );
    assert!(
        page.contains("去掉一个最高分和一个最低分后取平均"),
        "method in Chinese"
    );
    assert!(!page.contains("trimmed"), "no English method word");
    assert!(
        page.contains("每亿元营业收入所含发明专利"),
        "measure by its name"
    );
    assert!(page.contains("▲"), "a divergent score is marked");
    // an expert's CSV sheet and the merge's CSV neutralise the formula
    let e01 = dir.join("e01.csv");
    sheet_of(&sessions[0], "csv", &e01).success();
    let cells = String::from_utf8(std::fs::read(&e01).expect("csv")).expect("utf-8");
    assert!(cells.contains("'=HYPERLINK"), "{cells}");
    assert!(!cells.contains(",=HYPERLINK"), "{cells}");
}

/// 17.6: `--force` replaces only a sheet of the kind being written, never a session, a key, a
/// `.sig` of another kind or another file; without it nothing is replaced and the message says
/// how.
#[test]
fn force_replaces_only_a_sheet_of_the_same_kind() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready(temp.path(), "E01", "意见");
    let other = ready(&temp.path().join("o"), "E02", "意见");
    let key = keygen(temp.path(), "E01");
    let key_text = std::fs::read(&key).expect("key");
    for target in [&other, &key] {
        for format in ["json", "html", "pdf", "csv"] {
            bin()
                .arg("sheet")
                .arg(&session)
                .args(["--format", format, "--out"])
                .arg(target)
                .arg("--force")
                .assert()
                .code(1)
                .stderr(predicate::str::contains("never replaced"));
        }
    }
    assert_eq!(std::fs::read(&key).expect("key"), key_text);
    common::show_json(&other);
    let html = temp.path().join("E01.html");
    sheet_of(&session, "html", &html).success();
    sheet_of(&session, "html", &html)
        .code(1)
        .stderr(predicate::str::contains("--force"));
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "html", "--out"])
        .arg(&html)
        .arg("--force")
        .assert()
        .success();
    // a file that is not a sheet at all is refused as a source too
    let text = temp.path().join("notes.txt");
    std::fs::write(&text, "hello").expect("write");
    sheet_of(&text, "json", &temp.path().join("copy.json"))
        .code(1)
        .stderr(predicate::str::contains(
            "expected a session, a combined evaluation or a sheet",
        ));
    assert!(!temp.path().join("copy.json").exists());
}

/// 17.14: a signing killed after its commit leaves a signed session whose sheet was never put in
/// place; the next `sign` writes it from the sign-off recorded in the session.
#[test]
fn a_rerun_of_sign_completes_a_half_done_signing() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready(temp.path(), "E01", "意见");
    let key = keygen(temp.path(), "E01");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
    let sheet = temp.path().join("demo-E01.r1.json");
    let signed = std::fs::read(&sheet).expect("sheet");
    // what a kill after the commit leaves: no sheet, no signature, a temporary file
    std::fs::remove_file(&sheet).expect("remove");
    std::fs::remove_file(temp.path().join("demo-E01.r1.json.sig")).expect("remove");
    std::fs::write(temp.path().join("demo-E01.r1.json.Xk1lLd.writing"), b"half").expect("write");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .success()
        .stdout(predicate::str::contains("补写"));
    assert_eq!(std::fs::read(&sheet).expect("sheet"), signed);
    assert!(!temp.path().join("demo-E01.r1.json.Xk1lLd.writing").exists());
    bin()
        .args(["verify"])
        .arg(&sheet)
        .arg("--pub")
        .arg(temp.path().join("E01.pub.pem"))
        .assert()
        .success();
    // with the files in place, a second sign is refused
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signed and read-only"));
}

/// The text of an HTML page with its tags dropped: cells one per line.
fn cells_of(page: &str) -> Vec<String> {
    let mut cells = Vec::new();
    for part in page.split("<td>").skip(1) {
        if let Some((cell, _)) = part.split_once("</td>") {
            cells.push(cell.to_string());
        }
    }
    cells
}

/// 13.3 and 13.4: the combined sheet carries the correction ledger and the short rank
/// acceptability table. Each ledger figure is checked against the merge without the correction
/// (points, total, rank "without") and the corrected sheet's own rows ("with"); each
/// acceptability row against the shares of the sheet's JSON (range and most frequent rank
/// recomputed here).
#[test]
fn the_combined_sheet_carries_the_correction_ledger_and_rank_acceptability() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let demo2 = common::second_package(dir);
    let mut sessions = Vec::new();
    for (id, points) in [("E01", "7"), ("E02", "6"), ("E03", "5")] {
        sessions.push(scored_session(
            dir,
            &fixture("packages/demo"),
            id,
            &[(1, points), (2, "6"), (3, "3"), (20, "3")],
        ));
        sessions.push(scored_session(
            dir,
            &demo2,
            id,
            &[(1, "8"), (2, "8"), (3, "4"), (20, "4")],
        ));
    }
    let uncorrected = bin()
        .arg("merge")
        .args(&sessions)
        .args(["--allow-unsigned", "--format", "json"])
        .output()
        .expect("merge");
    assert!(uncorrected.status.success());
    let before: serde_json::Value = serde_json::from_slice(&uncorrected.stdout).expect("json");
    let combined = dir.join("panel.sqlite");
    bin()
        .arg("merge")
        .args(&sessions)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    let mut db = cluster_review::store::CombinedDb::open(&combined).expect("open");
    db.set_correction(
        "demo",
        "ip_per_100m",
        Some(("9.5".parse().expect("decimal"), "按明细表核定".into())),
    )
    .expect("correction");
    drop(db);
    let json = dir.join("panel.json");
    sheet_of(&combined, "json", &json).success();
    let sheet: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("sheet")).expect("json");
    let html = dir.join("panel.html");
    sheet_of(&combined, "html", &html).success();
    let page = std::fs::read_to_string(&html).expect("html");
    let cells = cells_of(&page);

    let cluster = |doc: &serde_json::Value, id: &str| -> serde_json::Value {
        doc["clusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .find(|c| c["package_id"] == id)
            .cloned()
            .expect("cluster")
    };
    let measure_points = |c: &serde_json::Value| -> String {
        c["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .flat_map(|i| i["measures"].as_array().cloned().unwrap_or_default())
            .find(|m| m["id"] == "ip_per_100m")
            .map(|m| m["points"].as_str().expect("points").to_string())
            .expect("measure")
    };
    let evaluation = &sheet["evaluation"];
    let (with, without) = (cluster(evaluation, "demo"), cluster(&before, "demo"));
    let expected = [
        with["cluster"].as_str().expect("name").to_string(),
        "每亿元营业收入所含发明专利、软件著作权和集成电路布图设计数（指标 12）".to_string(),
    ];
    let start = cells
        .windows(2)
        .position(|w| w == expected)
        .unwrap_or_else(|| panic!("the ledger row in {cells:?}"));
    let row = &cells[start..start + 7];
    let change = |a: &serde_json::Value, b: &serde_json::Value| -> String {
        let (a, b): (rust_decimal::Decimal, rust_decimal::Decimal) = (
            a.as_str().expect("a").parse().expect("decimal"),
            b.as_str().expect("b").parse().expect("decimal"),
        );
        format!("{:.2}", a - b)
    };
    let (p_with, p_without) = (measure_points(&with), measure_points(&without));
    assert!(row[2].ends_with("→ 9.5 件/亿元"), "{row:?}");
    assert_eq!(
        row[3],
        format!(
            "{p_without} → {p_with}（{}）",
            change(&serde_json::json!(p_with), &serde_json::json!(p_without))
        )
    );
    assert_eq!(
        row[4],
        format!(
            "{} → {}（{}）",
            without["total"].as_str().expect("total"),
            with["total"].as_str().expect("total"),
            change(&with["total"], &without["total"])
        )
    );
    assert_eq!(row[5], format!("{} → {}", without["rank"], with["rank"]));
    assert_eq!(row[6], "按明细表核定");
    assert_ne!(
        p_with, p_without,
        "the correction changed the measure's points"
    );

    // rank acceptability: one row per cluster in ranking order
    let robustness = &evaluation["robustness"];
    assert!(robustness["draws"].as_u64().expect("draws") > 0);
    assert!(
        page.contains(&format!("{} 次抽样", robustness["draws"])),
        "caption"
    );
    for c in robustness["clusters"].as_array().expect("clusters") {
        let rank = c["rank"].as_u64().expect("rank") as usize;
        let shares: Vec<f64> = c["acceptability"]
            .as_array()
            .expect("shares")
            .iter()
            .map(|s| s.as_str().expect("share").parse().expect("number"))
            .collect();
        let taken: Vec<usize> = (1..=shares.len()).filter(|r| shares[r - 1] > 0.0).collect();
        let range = match (taken.first(), taken.last()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => "—".into(),
        };
        let mut modal = 1;
        for r in 1..=shares.len() {
            if shares[r - 1] > shares[modal - 1] {
                modal = r;
            }
        }
        let name = cluster(evaluation, c["package_id"].as_str().expect("id"))["cluster"]
            .as_str()
            .expect("name")
            .to_string();
        let expected = [
            rank.to_string(),
            name,
            c["acceptability"][rank - 1]
                .as_str()
                .expect("share")
                .to_string(),
            range,
            modal.to_string(),
        ];
        assert!(
            cells.windows(5).any(|w| w == expected),
            "{expected:?} in {cells:?}"
        );
    }
}
