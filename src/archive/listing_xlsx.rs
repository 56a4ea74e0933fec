//! `archive list --format xlsx`: the listed entries as a workbook for the bureau, one row per
//! entry and cluster it covers (a combined evaluation covers several), so that Excel's filters
//! find every sheet of a cluster. Sequence numbers and years are number cells; the header is
//! frozen.

use super::ArchiveEntry;
use crate::i18n::Lang;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

/// An entry as listed, with the clusters its sheet covers: (package id, cluster, year).
#[derive(Debug, Clone, Copy)]
pub struct ListedEntry<'a> {
    /// The archive entry.
    pub entry: &'a ArchiveEntry,
    /// The packages of its sheet (empty when the sheet cannot be read).
    pub packages: &'a [(String, String, i64)],
}

/// The listing as `.xlsx` bytes.
pub fn listing_xlsx(rows: &[ListedEntry<'_>], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let mut sheet = Worksheet::new();
    sheet.set_name(lang.pick("档案", "archive"))?;
    let headers = [
        (lang.pick("序号", "seq"), 6.0),
        (lang.pick("类型", "kind"), 10.0),
        (lang.pick("签署人编号", "signer id"), 12.0),
        (lang.pick("签署人", "signer"), 12.0),
        (lang.pick("签署时间", "signed at"), 26.0),
        (lang.pick("申报包", "package"), 16.0),
        (lang.pick("集群", "cluster"), 44.0),
        (lang.pick("评价年度", "year"), 9.0),
        (lang.pick("归档时间", "added at"), 26.0),
        (lang.pick("评分表 SHA-256", "sheet SHA-256"), 66.0),
        (lang.pick("条目哈希", "entry hash"), 66.0),
    ];
    for (column, (title, width)) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &header)?;
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let none = [(String::new(), String::new(), 0)];
    let mut row = 1;
    for listed in rows {
        let e = listed.entry;
        let packages = if listed.packages.is_empty() {
            &none[..]
        } else {
            listed.packages
        };
        for (id, cluster, year) in packages {
            sheet.write_number(row, 0, e.seq as f64)?;
            sheet.write_string(row, 1, &e.entry.kind)?;
            sheet.write_string(row, 2, &e.entry.signer_id)?;
            sheet.write_string(row, 3, &e.entry.signer_name)?;
            sheet.write_string(row, 4, &e.entry.signed_at)?;
            sheet.write_string(row, 5, id)?;
            sheet.write_string(row, 6, cluster)?;
            if !id.is_empty() {
                sheet.write_number(row, 7, *year as f64)?;
            }
            sheet.write_string(row, 8, &e.added_at)?;
            sheet.write_string(row, 9, &e.sheet_sha256)?;
            sheet.write_string(row, 10, &e.entry_hash)?;
            row += 1;
        }
    }
    let mut book = Workbook::new();
    book.push_worksheet(sheet);
    book.save_to_buffer()
}
