//! `package template DIR [--xlsx]` and `session template --out SHEET.xlsx|.csv`: empty forms a
//! park or an expert fills. Nothing existing is ever overwritten: the package folder must be
//! new (or empty), the sheet file must not exist.

use super::CliError;
use super::files::{WriteMode, refuse_existing, write_file};
use super::rubric_source;
use crate::error::InputError;
use crate::i18n::Lang;
use crate::package::{TemplateFormat, package_template};
use crate::session::{paper_sheet_csv, paper_sheet_xlsx};
use std::path::Path;

/// Writes an empty package into `dir`, a new or empty folder.
pub fn package(
    dir: &Path,
    rubric_file: Option<&Path>,
    xlsx: bool,
    lang: Lang,
) -> Result<String, CliError> {
    let shown = dir.display().to_string();
    let occupied = std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied || (dir.exists() && !dir.is_dir()) {
        return Err(CliError::from(InputError::file(
            &shown,
            "exists and is not an empty folder, expected a new folder for the template (nothing was written; existing files are never overwritten)",
        )));
    }
    let rubric = rubric_source::resolve(rubric_file)?.rubric;
    let format = if xlsx {
        TemplateFormat::Xlsx
    } else {
        TemplateFormat::Csv
    };
    let files = package_template(&rubric, format)
        .map_err(|why| CliError::from(InputError::file(&shown, why)))?;
    for (path, bytes) in &files {
        let target = path
            .split('/')
            .fold(dir.to_path_buf(), |folder, part| folder.join(part));
        write_file(&target, bytes, WriteMode::New)?;
    }
    let listed: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    Ok(match lang {
        Lang::Zh => format!(
            "已写入申报包模板 {shown}（评分表 {}）：{}\n填写后运行 cluster-review package check {shown}\n",
            rubric.id,
            listed.join("、")
        ),
        Lang::En => format!(
            "wrote the package template {shown} (rubric {}): {}\nfill it in, then run cluster-review package check {shown}\n",
            rubric.id,
            listed.join(", ")
        ),
    })
}

/// Writes the paper score sheet, as a workbook or CSV by the extension of `out`.
pub fn session(out: &Path, rubric_file: Option<&Path>, lang: Lang) -> Result<String, CliError> {
    let shown = out.display().to_string();
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extension != "xlsx" && extension != "csv" {
        return Err(CliError::from(InputError::file(
            &shown,
            "has neither the extension .xlsx nor .csv, expected SHEET.xlsx (a workbook) or SHEET.csv",
        )));
    }
    refuse_existing(out, "choose another name (files are never overwritten)")?;
    let rubric = rubric_source::resolve(rubric_file)?.rubric;
    let bytes = if extension == "xlsx" {
        paper_sheet_xlsx(&rubric).map_err(|e| {
            CliError::from(InputError::file(
                &shown,
                format!("cannot make the workbook: {e}"),
            ))
        })?
    } else {
        paper_sheet_csv(&rubric)
    };
    write_file(out, &bytes, WriteMode::New)?;
    Ok(match lang {
        Lang::Zh => format!(
            "已写入评分表 {shown}（评分表 {}）；填写后运行 cluster-review session import 会话文件 --{extension} {shown}\n",
            rubric.id
        ),
        Lang::En => format!(
            "wrote the score sheet {shown} (rubric {}); fill it in, then run cluster-review session import SESSION --{extension} {shown}\n",
            rubric.id
        ),
    })
}
