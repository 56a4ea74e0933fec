//! Archival PDF/A-1b sheets through the real binary: text checked with `pdftotext`, a page
//! rendered with `pdftoppm` must not be blank, and every PDF is validated by Apache PDFBox
//! Preflight. Without a CJK font (or one of the tools) these tests say so in one line per tool
//! and skip — unless `CLUSTER_REVIEW_REQUIRE_TOOLS` is set, as `.ci/run` does, when they fail
//! instead (`common::tools`).

mod common;

use common::{bin, fixture, scored_session};
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tools the checks need are here; each missing one is named (and fails the test
/// under `CLUSTER_REVIEW_REQUIRE_TOOLS`).
fn tools_present() -> bool {
    let mut present = true;
    for (tool, install) in [
        ("pdftotext", "poppler-utils"),
        ("pdftoppm", "poppler-utils"),
        ("java", "default-jre-headless"),
    ] {
        if common::tools::on_path(tool).is_none() {
            common::tools::missing(tool, install);
            present = false;
        }
    }
    let jars: Vec<PathBuf> = preflight_classpath()
        .split(':')
        .map(PathBuf::from)
        .collect();
    if !common::tools::all_exist(&jars) {
        common::tools::missing(
            "PDFBox Preflight",
            "libpdfbox2-java libactivation-java libjaxb-api-java",
        );
        present = false;
    }
    present
}

/// Says that the machine has no CJK font (fails under `CLUSTER_REVIEW_REQUIRE_TOOLS`).
fn no_cjk_font() {
    common::tools::missing("a CJK font", "fonts-noto-cjk");
}

fn preflight_classpath() -> String {
    [
        "pdfbox2.jar",
        "fontbox2.jar",
        "preflight.jar",
        "xmpbox.jar",
        "commons-logging.jar",
        "javax.activation.jar",
        "jaxb-api.jar",
    ]
    .iter()
    .map(|jar| format!("/usr/share/java/{jar}"))
    .collect::<Vec<_>>()
    .join(":")
}

/// Writes a PDF; `None` (skip) when the machine has no CJK font and PDFs are not required.
fn pdf(file: &Path, out: &Path) -> Option<PathBuf> {
    let output = bin()
        .arg("sheet")
        .arg(file)
        .args(["--format", "pdf", "--out"])
        .arg(out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("no Chinese (CJK) font found") {
        no_cjk_font();
        return None;
    }
    assert!(output.status.success(), "{stderr}");
    common::tools::ran("a CJK font");
    Some(out.to_path_buf())
}

fn assert_valid_pdf_a(pdf: &Path) {
    common::tools::ran("PDFBox Preflight");
    let output = Command::new("java")
        .arg("-cp")
        .arg(preflight_classpath())
        .arg("org.apache.pdfbox.preflight.Validator_A1b")
        .arg(pdf)
        .output()
        .expect("java");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("is a valid PDF/A-1b file"),
        "PDFBox Preflight: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn text_of(pdf: &Path) -> String {
    common::tools::ran("pdftotext");
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Renders the title band of page 1 (above the table, where only text is) in grey and counts
/// its dark pixels: a page whose text is missing has none there.
fn dark_pixels_on_page_one(pdf: &Path, dir: &Path) -> usize {
    let prefix = dir.join("page");
    common::tools::ran("pdftoppm");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile"])
        .args(["-x", "0", "-y", "12", "-W", "470", "-H", "26"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let pgm = std::fs::read(dir.join("page.pgm")).expect("page.pgm");
    // binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in pgm.iter().enumerate() {
        if b.is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    pgm[start..].iter().filter(|&&p| p < 128).count()
}

fn ready_session(dir: &Path, expert: &str, name: &str) -> PathBuf {
    let path = dir.join(format!("{expert}.sqlite"));
    bin()
        .args(["session", "new", "--package"])
        .arg(fixture("packages/demo"))
        .args([
            "--expert",
            expert,
            "--name",
            name,
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&path)
        .assert()
        .success();
    for (indicator, points) in [("1", "6.5"), ("2", "7"), ("3", "3"), ("20", "3.5")] {
        bin()
            .args(["session", "set"])
            .arg(&path)
            .args([
                "--indicator",
                indicator,
                "--points",
                points,
                "--comment",
                "政策体系较完整，推进机制健全，建议进一步加强集群内企业协同创新，完善公共服务平台建设。",
            ])
            .assert()
            .success();
    }
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "集群特色鲜明，发展基础较好，同意推荐。"])
        .assert()
        .success();
    path
}

fn normalised(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_signed_demo_expert_sheet_is_valid_pdf_a_with_every_indicator_and_the_total() {
    if !tools_present() {
        return;
    }
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01", "张三");
    bin()
        .args(["keygen", "--id", "E01", "--out"])
        .arg(temp.path())
        .assert()
        .success();
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(temp.path().join("E01.key.pem"))
        .assert()
        .success();
    let Some(pdf) = pdf(&session, &temp.path().join("E01.pdf")) else {
        return;
    };
    assert_valid_pdf_a(&pdf);
    let text = normalised(&text_of(&pdf));
    let rubric = cluster_review::rubric::parse(
        "rubric",
        &std::fs::read(common::rubric_path()).expect("rubric"),
    )
    .expect("rubric");
    for indicator in rubric.indicators() {
        assert!(
            text.contains(&normalised(&indicator.name)),
            "indicator {} ({}) missing from the PDF text",
            indicator.id,
            indicator.name
        );
    }
    let shown: serde_json::Value = serde_json::from_slice(
        &bin()
            .args(["session", "show", "--json"])
            .arg(&session)
            .output()
            .expect("show")
            .stdout,
    )
    .expect("json");
    let sheet = std::fs::read(temp.path().join("E01.r1.json")).expect("sheet");
    for expected in [
        "南京紫金示例高新园区生物医药创新型产业集群",
        "张三",
        shown["total"].as_str().expect("total"),
        "评审专家签字",
        "综合评价意见",
        &cluster_review::hashing::sha256_hex(&sheet),
        "第1页",
    ] {
        assert!(
            text.contains(&normalised(expected)),
            "{expected} missing from the PDF text"
        );
    }
    assert!(
        dark_pixels_on_page_one(&pdf, temp.path()) > 40,
        "page 1 has no title"
    );
}

#[test]
fn the_combined_evaluation_is_valid_pdf_a_with_clusters_experts_and_the_chairs_line() {
    if !tools_present() {
        return;
    }
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let other = common::second_package(temp.path());
    let files = vec![
        scored_session(temp.path(), &demo, "E01", &[(1, "7")]),
        scored_session(temp.path(), &demo, "E02", &[(1, "5")]),
        scored_session(temp.path(), &other, "E01", &[(1, "6")]),
        scored_session(temp.path(), &other, "E02", &[(1, "4")]),
    ];
    let combined = temp.path().join("panel.sqlite");
    bin()
        .arg("merge")
        .args(&files)
        .arg("--allow-unsigned")
        .arg("--out")
        .arg(&combined)
        .assert()
        .success();
    let Some(pdf) = pdf(&combined, &temp.path().join("panel.pdf")) else {
        return;
    };
    assert_valid_pdf_a(&pdf);
    let text = normalised(&text_of(&pdf));
    for expected in [
        "专家组综合评价表",
        "生物医药",
        "专家E01",
        "专家E02",
        "评审组长签字",
        "排名",
        "草稿",
    ] {
        assert!(text.contains(expected), "{expected} missing: {text}");
    }
    assert!(
        dark_pixels_on_page_one(&pdf, temp.path()) > 40,
        "page 1 has no title"
    );
}

#[test]
fn a_character_the_font_lacks_is_named_and_no_pdf_is_written() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01", "张三");
    // the character is refused where it is typed, naming it and its code point ...
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "2", "--comment", "很好\u{1F600}"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("U+1F600"))
        .stderr(predicates::str::contains(
            "expected text the archival sheet can print",
        ));
    // ... and a text that came in before that rule (an older version, another tool) is named
    // when the PDF cannot print it, and no PDF is written
    rusqlite::Connection::open(&session)
        .and_then(|c| {
            c.execute(
                "UPDATE score SET comment = '很好\u{1F600}' WHERE indicator = 2",
                [],
            )
        })
        .expect("an older text");
    let out = temp.path().join("E01.pdf");
    let output = bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "pdf", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("no Chinese (CJK) font found") {
        no_cjk_font();
        return;
    }
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("U+1F600"), "{stderr}");
    assert!(!out.exists());
    // a font file that is not a font is refused clearly
    let fake = temp.path().join("fake.ttf");
    std::fs::write(&fake, "not a font").expect("write");
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "pdf", "--font"])
        .arg(&fake)
        .arg("--out")
        .arg(temp.path().join("x.pdf"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("fake.ttf"));
}

#[test]
fn a_long_opinion_runs_over_pages_with_the_header_repeated_and_pages_numbered() {
    if !tools_present() {
        return;
    }
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01", "张三");
    let long: String = "集群内企业协同创新机制较为完善但公共服务平台建设仍需加强".repeat(120);
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "2", "--comment", &long])
        .assert()
        .success();
    let Some(pdf) = pdf(&session, &temp.path().join("long.pdf")) else {
        return;
    };
    assert_valid_pdf_a(&pdf);
    let text = normalised(&text_of(&pdf));
    assert!(text.contains("第1页/共"), "page numbers");
    assert!(
        !text.contains("/共1页"),
        "the sheet runs over more than one page"
    );
    assert!(
        text.matches("评审意见/数据核验").count() >= 2,
        "the table header repeats on the next page"
    );
    assert!(text.contains("评审专家签字"));
}

#[test]
fn many_experts_with_long_names_fit_the_combined_sheet() {
    if !tools_present() {
        return;
    }
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let long_name = "欧阳".repeat(20);
    let mut files = Vec::new();
    for n in 1..=18 {
        let path = temp.path().join(format!("E{n:02}.sqlite"));
        let name = if n <= 2 {
            long_name.clone()
        } else {
            format!("专家{n}")
        };
        bin()
            .args(["session", "new", "--package"])
            .arg(&demo)
            .args([
                "--expert",
                &format!("E{n:02}"),
                "--name",
                &name,
                "--declare-no-conflict",
                "--session",
            ])
            .arg(&path)
            .assert()
            .success();
        files.push(path);
    }
    let combined = temp.path().join("panel.sqlite");
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    let Some(pdf) = pdf(&combined, &temp.path().join("panel.pdf")) else {
        return;
    };
    assert_valid_pdf_a(&pdf);
    let text = normalised(&text_of(&pdf));
    assert!(text.contains("评审组长签字"));
    assert!(text.contains("合议意见"), "the last column is on the page");
}

#[test]
fn a_name_that_is_not_one_line_is_refused_at_creation() {
    let temp = tempfile::tempdir().expect("temp");
    for name in ["张\n三", "Tab\tName", &"长".repeat(41)] {
        bin()
            .args(["session", "new", "--package"])
            .arg(fixture("packages/demo"))
            .args([
                "--expert",
                "E01",
                "--name",
                name,
                "--declare-no-conflict",
                "--session",
            ])
            .arg(temp.path().join("E01.sqlite"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("--name"));
    }
    assert!(!temp.path().join("E01.sqlite").exists());
}

/// The repertoire of texts a sheet may carry (README, "Text on sheets") is printable: every one
/// of its characters has a glyph in Noto Sans CJK SC, the font CI installs.
#[test]
fn every_character_of_the_repertoire_has_a_glyph_in_noto_sans_cjk_sc() {
    let path = std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    let Ok(data) = std::fs::read(path) else {
        no_cjk_font();
        return;
    };
    common::tools::ran("a CJK font");
    // the Simplified Chinese face of the collection
    let face = (0..10)
        .find(|&i| ttf_face_name(&data, i).is_some_and(|n| n == "Noto Sans CJK SC"))
        .expect("Noto Sans CJK SC in the collection");
    let mut text = String::new();
    let mut count = 0;
    for (low, high) in cluster_review::repertoire::RANGES {
        for c in *low..=*high {
            if !c.is_control() {
                text.push(c);
                count += 1;
            }
        }
    }
    assert!(count > 29_000, "{count}");
    for chunk in text.chars().collect::<Vec<_>>().chunks(2000) {
        let part: String = chunk.iter().collect();
        assert!(
            cluster_review::sheet::font_covers(&data, face, &part),
            "a character of the repertoire lacks a glyph"
        );
    }
}

/// The family name of face `index` of a font collection (name id 1, as fontdb reads it).
fn ttf_face_name(data: &[u8], index: u32) -> Option<String> {
    let mut db = fontdb::Database::new();
    db.load_font_data(data.to_vec());
    db.faces()
        .find(|f| matches!(f.source, fontdb::Source::Binary(_)) && f.index == index)
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
}
