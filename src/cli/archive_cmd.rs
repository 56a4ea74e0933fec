//! `archive add|list|verify ARCHIVE.sqlite`: the bureau's tamper-evident archive of signed
//! sheets.

use super::CliError;
use super::files::{WriteMode, refuse_existing, write_file};
use super::files::{read_bytes, signature_path};
use super::json_out::json_text;
use crate::archive::{ArchiveEntry, ListedEntry, describe, listing_xlsx, verify_entries};
use crate::columns::fit;
use crate::error::InputError;
use crate::hashing::sha256_hex;
use crate::i18n::Lang;
use crate::sheet::{SheetInfo, TrustedKey, read_sheet, verify_sheet};
use crate::signing::parse_roster;
use crate::store::{ArchiveDb, read_archive};
use serde_json::json;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Verifies every sheet (and, with a roster, who signed it), then appends them all; one bad
/// sheet and nothing is added.
pub fn add(
    archive: &Path,
    sheets: &[PathBuf],
    roster: Option<&Path>,
    lang: Lang,
) -> Result<String, CliError> {
    let roster = roster.map(parse_roster).transpose()?;
    let mut entries = Vec::new();
    for sheet in sheets {
        let bytes = read_bytes(sheet, "sheet")?;
        let signature = read_bytes(&signature_path(sheet), "signature (SHEET.sig)")?;
        let refuse = |why: String| {
            CliError::from(InputError::file(
                sheet.display().to_string(),
                format!(
                    "{}: {why}; nothing was added",
                    lang.pick("未通过验证", "does not verify")
                ),
            ))
        };
        if let Some(roster) = &roster {
            verify_sheet(&bytes, &signature, TrustedKey::Roster(roster)).map_err(refuse)?;
        }
        entries.push((sheet, describe(bytes, signature).map_err(refuse)?));
    }
    let mut db = ArchiveDb::open_or_create(archive)?;
    let existing = db.entries()?;
    verify_entries(&existing).map_err(|broken| {
        CliError::from(InputError::file(
            archive.display().to_string(),
            format!("does not verify ({broken}); nothing was added to a broken archive"),
        ))
    })?;
    let mut seen: Vec<(String, String)> = existing
        .iter()
        .map(|e| (e.sheet_sha256.clone(), format!("entry {}", e.seq)))
        .collect();
    for (sheet, entry) in &entries {
        let sha = sha256_hex(&entry.sheet);
        if let Some((_, place)) = seen.iter().find(|(s, _)| *s == sha) {
            return Err(CliError::from(InputError::file(
                sheet.display().to_string(),
                format!("is in the archive already ({place}); nothing was added"),
            )));
        }
        seen.push((sha, sheet.display().to_string()));
    }
    let (sheets, new): (Vec<_>, Vec<_>) = entries.into_iter().unzip();
    let stored = db.append_all(new)?;
    let mut out = String::new();
    for (sheet, stored) in sheets.iter().zip(&stored) {
        let _ = writeln!(
            out,
            "{} {} ← {} ({} {}, SHA-256 {})",
            lang.pick("已归档 条目", "archived entry"),
            stored.seq,
            sheet.display(),
            stored.entry.signer_id,
            stored.entry.signer_name,
            stored.sheet_sha256
        );
    }
    Ok(out)
}

/// Output formats of `archive list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for the terminal.
    Table,
    /// JSON.
    Json,
    /// An Excel workbook, written to `--out FILE.xlsx`.
    Xlsx,
}

/// `--format xlsx` needs `--out FILE.xlsx`, and `--out` is only for the workbook (a usage
/// error otherwise).
pub fn check_out(format: ListFormat, out: Option<&Path>) -> Result<(), String> {
    let workbook = out.is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    });
    match (format, out) {
        (ListFormat::Xlsx, None) => {
            Err("--format xlsx writes a workbook: name it with --out FILE.xlsx".to_string())
        }
        (ListFormat::Xlsx, Some(path)) if !workbook => Err(format!(
            "--format xlsx writes a workbook: --out {} must end in .xlsx",
            path.display()
        )),
        (ListFormat::Xlsx, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err("--out is for the workbook of --format xlsx".to_string()),
    }
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Cluster name or package id contains this.
    pub cluster: Option<String>,
    /// Signed by this expert (or chair) id.
    pub expert: Option<String>,
    /// Of this year.
    pub year: Option<i64>,
}

fn matches(filter: &Filter, entry: &ArchiveEntry, info: Option<&SheetInfo>) -> bool {
    let packages = info.map(|i| i.packages.as_slice()).unwrap_or_default();
    filter.cluster.as_ref().is_none_or(|c| {
        packages
            .iter()
            .any(|(id, name, _)| id.contains(c.as_str()) || name.contains(c.as_str()))
    }) && filter
        .expert
        .as_ref()
        .is_none_or(|e| &entry.entry.signer_id == e)
        && filter
            .year
            .is_none_or(|y| packages.iter().any(|(_, _, year)| *year == y))
}

/// Lists the entries that match (to `out` for a workbook).
pub fn list(
    archive: &Path,
    filter: &Filter,
    format: ListFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<String, CliError> {
    let workbook = out.filter(|_| format == ListFormat::Xlsx);
    if let Some(path) = workbook {
        refuse_existing(path, "choose another name (files are never overwritten)")?;
    }
    let entries = read_archive(archive)?;
    let mut rows = Vec::new();
    for entry in &entries {
        let info = read_sheet(&entry.entry.sheet).ok().map(|(_, info)| info);
        if matches(filter, entry, info.as_ref()) {
            rows.push((entry, info));
        }
    }
    if let Some(path) = workbook {
        let listed: Vec<ListedEntry<'_>> = rows
            .iter()
            .map(|(entry, info)| ListedEntry {
                entry,
                packages: info
                    .as_ref()
                    .map(|i| i.packages.as_slice())
                    .unwrap_or_default(),
            })
            .collect();
        let bytes = listing_xlsx(&listed, lang).map_err(|e| {
            CliError::from(InputError::file(
                path.display().to_string(),
                format!("cannot make the workbook: {e}"),
            ))
        })?;
        write_file(path, &bytes, WriteMode::New)?;
        return Ok(match lang {
            Lang::Zh => format!("已写入 {}：{} 个条目\n", path.display(), rows.len()),
            Lang::En => format!("wrote {}: {} entries\n", path.display(), rows.len()),
        });
    }
    if format == ListFormat::Json {
        let listed: Vec<serde_json::Value> = rows
            .iter()
            .map(|(e, info)| {
                let packages: Vec<serde_json::Value> = info
                    .as_ref()
                    .map(|i| i.packages.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|(id, cluster, year)| json!({"id": id, "cluster": cluster, "year": year}))
                    .collect();
                json!({
                    "seq": e.seq,
                    "added_at": e.added_at,
                    "kind": e.entry.kind,
                    "signer": {"id": e.entry.signer_id, "name": e.entry.signer_name},
                    "signed_at": e.entry.signed_at,
                    "packages": packages,
                    "sheet_sha256": e.sheet_sha256,
                    "entry_hash": e.entry_hash,
                })
            })
            .collect();
        return Ok(json_text(&json!({"entries": listed})));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "序号  类型      签署人              签署时间                  集群",
            "seq   kind      signer              signed at                 cluster"
        )
    );
    for (e, info) in &rows {
        let clusters: Vec<String> = info
            .as_ref()
            .map(|i| {
                i.packages
                    .iter()
                    .map(|(_, c, y)| format!("{c} ({y})"))
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<5} {} {} {} {}",
            e.seq,
            fit(&e.entry.kind, 9),
            fit(
                &format!("{} {}", e.entry.signer_id, e.entry.signer_name),
                19
            ),
            fit(&e.entry.signed_at, 25),
            clusters.join("；")
        );
    }
    let _ = writeln!(
        out,
        "{} {} / {}",
        lang.pick("共", "shown"),
        rows.len(),
        entries.len()
    );
    Ok(out)
}

/// Re-checks every entry and the whole chain; names the first broken entry (exit 1).
pub fn verify(archive: &Path, roster: Option<&Path>, lang: Lang) -> Result<String, CliError> {
    let entries = read_archive(archive)?;
    let name = archive.display().to_string();
    let count = verify_entries(&entries).map_err(|broken| {
        CliError::from(InputError::file(
            &name,
            format!(
                "{}: {broken}",
                lang.pick("档案校验失败", "the archive does not verify")
            ),
        ))
    })?;
    if let Some(roster) = roster.map(parse_roster).transpose()? {
        for e in &entries {
            verify_sheet(
                &e.entry.sheet,
                &e.entry.signature,
                TrustedKey::Roster(&roster),
            )
            .map_err(|why| {
                CliError::from(InputError::file(&name, format!("entry {}: {why}", e.seq)))
            })?;
        }
    }
    let head = entries
        .last()
        .map(|e| e.entry_hash.as_str())
        .unwrap_or(crate::archive::GENESIS);
    Ok(format!(
        "{} {count} {}\n{} {head}\n",
        lang.pick("档案完好：", "archive intact:"),
        lang.pick(
            "个条目，签名与哈希链均有效",
            "entries, every signature and the hash chain valid"
        ),
        lang.pick("链尾哈希", "head hash")
    ))
}
