//! Decoding CSV bytes: UTF-8, UTF-8 with a byte-order mark, or GB18030 (what Excel writes on
//! a Chinese Windows). Bytes valid in none of them are an error naming the line.

use crate::error::InputError;
use encoding_rs::GB18030;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// GB18030 (includes GBK and GB2312).
    Gb18030,
}

/// Decodes a text file; `file` names it in errors.
pub fn decode(file: &str, bytes: &[u8]) -> Result<(String, Encoding), InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), Encoding::Utf8Bom))
            .map_err(|e| {
                invalid(
                    file,
                    rest,
                    e.valid_up_to(),
                    "UTF-8 (it starts with a UTF-8 byte-order mark)",
                )
            });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(utf8_error) => match GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        {
            Some(text) => Ok((text.into_owned(), Encoding::Gb18030)),
            None => Err(invalid(
                file,
                bytes,
                utf8_error.valid_up_to(),
                "UTF-8, UTF-8 with BOM or GB18030",
            )),
        },
    }
}

fn invalid(file: &str, bytes: &[u8], offset: usize, expected: &str) -> InputError {
    let line = bytes
        .get(..offset)
        .map_or(1, |head| head.iter().filter(|&&b| b == b'\n').count() + 1);
    let shown: Vec<String> = bytes
        .iter()
        .skip(offset)
        .take(4)
        .map(|b| format!("{b:02X}"))
        .collect();
    InputError::at(
        file,
        line,
        "encoding",
        format!(
            "found bytes {} at byte {offset}, expected text in {expected}",
            shown.join(" ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_gb18030_alike() {
        let text = "名称,数值\n高新区,１２\n";
        let decoded = decode("a.csv", text.as_bytes()).expect("utf-8");
        assert_eq!(decoded, (text.to_string(), Encoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            decode("a.csv", &bom).expect("bom"),
            (text.to_string(), Encoding::Utf8Bom)
        );
        let (gb, _, _) = GB18030.encode(text);
        assert_ne!(gb.as_ref(), text.as_bytes());
        assert_eq!(
            decode("a.csv", &gb).expect("gb18030"),
            (text.to_string(), Encoding::Gb18030)
        );
    }

    #[test]
    fn garbage_names_line_and_bytes() {
        let message = decode("x.csv", b"a,b\n1,\xFF\xFF\n")
            .expect_err("garbage")
            .to_string();
        assert!(
            message.starts_with("x.csv:2: encoding: found bytes FF FF"),
            "{message}"
        );
    }
}
