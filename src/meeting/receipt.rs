//! The receipt of a `meeting export` (`ID.receipt.json`): which meeting and expert the files
//! are of, and every file with its SHA-256 and size, so that `meeting collect` takes in exactly
//! what was exported. Signed with the expert's key (`--key`) as `ID.receipt.json.sig`: the raw
//! Ed25519 signature over the receipt's exact bytes, the key named in the receipt.

use super::parse::{is_sha256, plain_relative};
use crate::i18n::Lang;
use crate::sheet::MeetingRefDoc;
use serde::{Deserialize, Serialize};

/// The `receipt` field of every receipt.
pub const RECEIPT: &str = "cluster-review meeting export";
/// The receipt format this program writes and reads.
pub const RECEIPT_FORMAT: u32 = 1;

/// The expert whose files a receipt lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptExpert {
    /// Expert id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptFile {
    /// Path inside the export folder, `/`-separated (`sessions/demo/E01.sqlite`).
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Who signed the receipt, and with which key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptSigner {
    /// The expert's id.
    pub id: String,
    /// The public key (SPKI PEM) whose private half signed `ID.receipt.json.sig`.
    pub public_key: String,
}

/// A whole receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always [`RECEIPT`].
    pub receipt: String,
    /// Always [`RECEIPT_FORMAT`].
    pub format: u32,
    /// The meeting.
    pub meeting: MeetingRefDoc,
    /// The expert.
    pub expert: ReceiptExpert,
    /// When the export was written (the exporter's local time with its offset).
    pub exported_at: String,
    /// Every file of the export but the receipt and its signature, in path order.
    pub files: Vec<ReceiptFile>,
    /// The signer, when the receipt is signed.
    pub signer: Option<ReceiptSigner>,
}

impl Receipt {
    /// The receipt's exact bytes (pretty JSON, a final newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// `ID.receipt.json`.
pub fn receipt_name(expert: &str) -> String {
    format!("{expert}.receipt.json")
}

/// Reads a receipt, refusing anything this program would not have written.
pub fn parse_receipt(bytes: &[u8], lang: Lang) -> Result<Receipt, String> {
    let receipt: Receipt = serde_json::from_slice(bytes).map_err(|e| match lang {
        Lang::Zh => format!("不是本程序写出的收据（{e}）"),
        Lang::En => format!("is not a receipt written by this program ({e})"),
    })?;
    if receipt.receipt != RECEIPT || receipt.format != RECEIPT_FORMAT {
        return Err(match lang {
            Lang::Zh => format!(
                "收据类型为 \"{}\" 格式 {}，应为 \"{RECEIPT}\" 格式 {RECEIPT_FORMAT}",
                receipt.receipt, receipt.format
            ),
            Lang::En => format!(
                "is a \"{}\" of format {}, expected \"{RECEIPT}\" of format {RECEIPT_FORMAT}",
                receipt.receipt, receipt.format
            ),
        });
    }
    if receipt.to_bytes() != bytes {
        return Err(lang
            .pick(
                "的字节与本程序写出的不同（被改写或重新排版过）",
                "differs from the bytes this program writes (it was rewritten or reformatted)",
            )
            .to_string());
    }
    for file in &receipt.files {
        if !plain_relative(&file.path) || file.path.contains('\\') || !is_sha256(&file.sha256) {
            return Err(match lang {
                Lang::Zh => format!("列出的文件 \"{}\" 路径或 SHA-256 无效", file.path),
                Lang::En => format!(
                    "lists the file \"{}\" with a path or SHA-256 that is not valid",
                    file.path
                ),
            });
        }
    }
    if receipt
        .signer
        .as_ref()
        .is_some_and(|s| s.id != receipt.expert.id)
    {
        return Err(lang
            .pick(
                "的签署人不是收据中的专家",
                "names a signer other than its expert",
            )
            .to_string());
    }
    Ok(receipt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Receipt {
        Receipt {
            receipt: RECEIPT.into(),
            format: RECEIPT_FORMAT,
            meeting: MeetingRefDoc {
                id: "m".into(),
                title: "示例评审会".into(),
                date: "2025-03-18".into(),
                kind: "performance".into(),
            },
            expert: ReceiptExpert {
                id: "E01".into(),
                name: "张三".into(),
            },
            exported_at: "2025-03-18T10:00:00.000+08:00".into(),
            files: vec![ReceiptFile {
                path: "sessions/demo/E01.sqlite".into(),
                sha256: "a".repeat(64),
                bytes: 10,
            }],
            signer: None,
        }
    }

    #[test]
    fn a_receipt_reads_back_only_byte_for_byte() {
        let bytes = sample().to_bytes();
        assert_eq!(parse_receipt(&bytes, Lang::En).expect("valid"), sample());
        let compact = serde_json::to_vec(&sample()).expect("json");
        assert!(parse_receipt(&compact, Lang::En).is_err());
    }

    #[test]
    fn paths_leaving_the_folder_are_refused() {
        let mut receipt = sample();
        receipt.files[0].path = "../E01.sqlite".into();
        let error = parse_receipt(&receipt.to_bytes(), Lang::En).expect_err("refused");
        assert!(error.contains("../E01.sqlite"), "{error}");
    }
}
