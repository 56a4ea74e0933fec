//! Reading and checking `meeting.toml`: the TOML itself (unknown fields refused), then the
//! meeting's own rules — ids that can name files, one id per person, the chair not among the
//! experts (the roster gives each id one role), a real date, digests of 64 hex digits. Every
//! problem is reported at once, each with the file, the line and the item.

use super::model::{Meeting, MeetingKind};
use crate::error::{InputError, InputErrors, toml_error};
use crate::i18n::Lang;
use crate::session::{valid_expert_id, valid_person_name};
use std::collections::BTreeSet;

/// The line of the `nth` (0-based) line of `text` holding `needle`, if any.
fn line_of_text(text: &str, needle: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(n, _)| n + 1)
}

/// Whether a text is 64 lowercase hex digits (a SHA-256).
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Whether a text is a calendar date written `YYYY-MM-DD`.
pub fn valid_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && text.parse::<jiff::civil::Date>().is_ok()
}

/// Checks a meeting's fields; every problem found, each naming the line of `text` it is on.
pub fn check_meeting(file: &str, text: &str, meeting: &Meeting, lang: Lang) -> Vec<InputError> {
    let mut errors = Vec::new();
    let at = |needle: &str, nth: usize, item: String, message: String| InputError {
        file: file.to_string(),
        line: line_of_text(text, needle, nth),
        item: Some(item),
        message,
    };
    if !valid_expert_id(&meeting.id) {
        errors.push(at(
            "id",
            0,
            "id".into(),
            match lang {
                Lang::Zh => format!(
                    "为 \"{}\"，应为字母、数字、'.'、'_' 或 '-' 组成的标识",
                    meeting.id
                ),
                Lang::En => format!(
                    "found \"{}\", expected an id of letters, digits, '.', '_' or '-'",
                    meeting.id
                ),
            },
        ));
    }
    if meeting.title.trim().is_empty() || meeting.title.chars().any(char::is_control) {
        errors.push(at(
            "title",
            0,
            "title".into(),
            lang.pick(
                "为空或含控制字符，应为一行会议名称",
                "is empty or holds control characters, expected the meeting's title on one line",
            )
            .to_string(),
        ));
    }
    if !valid_date(&meeting.date) {
        errors.push(at(
            "date",
            0,
            "date".into(),
            match lang {
                Lang::Zh => format!("为 \"{}\"，应为 YYYY-MM-DD 格式的日期", meeting.date),
                Lang::En => format!(
                    "found \"{}\", expected a date written YYYY-MM-DD",
                    meeting.date
                ),
            },
        ));
    }
    let mut people = BTreeSet::new();
    for (n, person) in std::iter::once(&meeting.chair)
        .chain(&meeting.experts)
        .enumerate()
    {
        let item = if n == 0 {
            "chair".to_string()
        } else {
            format!("experts {}", person.id)
        };
        let needle = format!("\"{}\"", person.id);
        if !valid_expert_id(&person.id) {
            errors.push(at(
                &needle,
                0,
                item.clone(),
                match lang {
                    Lang::Zh => format!(
                        "标识为 \"{}\"，应为字母、数字、'.'、'_' 或 '-'（它用作会话文件名）",
                        person.id
                    ),
                    Lang::En => format!(
                        "found the id \"{}\", expected letters, digits, '.', '_' or '-' (it names session files)",
                        person.id
                    ),
                },
            ));
        }
        if !valid_person_name(&person.name) {
            errors.push(at(
                &needle,
                0,
                item.clone(),
                match lang {
                    Lang::Zh => format!(
                        "姓名为 \"{}\"，应为一行、1 至 {} 个字符",
                        person.name.escape_debug(),
                        crate::session::MAX_NAME
                    ),
                    Lang::En => format!(
                        "found the name \"{}\", expected one line of 1 to {} characters",
                        person.name.escape_debug(),
                        crate::session::MAX_NAME
                    ),
                },
            ));
        }
        if !people.insert(person.id.clone()) {
            errors.push(at(
                &needle,
                1,
                item,
                match (lang, n) {
                    (Lang::Zh, 1..) if meeting.chair.id == person.id => format!(
                        "专家标识 \"{}\" 与组长相同；名册中每个标识只有一个角色，组长若也打分，请另设专家标识",
                        person.id
                    ),
                    (Lang::En, 1..) if meeting.chair.id == person.id => format!(
                        "the expert id \"{}\" is the chair's; the roster gives each id one role, so a chair who also scores needs a separate expert id",
                        person.id
                    ),
                    (Lang::Zh, _) => format!("标识 \"{}\" 重复，每位专家应有唯一标识", person.id),
                    (Lang::En, _) => format!(
                        "the id \"{}\" appears twice, expected one id per person",
                        person.id
                    ),
                },
            ));
        }
    }
    if meeting.experts.is_empty() {
        errors.push(InputError::file(
            file,
            lang.pick(
                "没有专家，应至少有一位专家（[[experts]]）",
                "lists no expert, expected at least one ([[experts]])",
            ),
        ));
    }
    if meeting.packages.is_empty() {
        errors.push(InputError::file(
            file,
            lang.pick(
                "没有申报包，应至少有一个（[[packages]]）",
                "lists no package, expected at least one ([[packages]])",
            ),
        ));
    }
    if !is_sha256(&meeting.rubric.sha256) {
        errors.push(at(
            "sha256",
            0,
            "rubric".into(),
            lang.pick(
                "sha256 应为 64 位小写十六进制数",
                "sha256 is not 64 lowercase hex digits",
            )
            .to_string(),
        ));
    }
    if !plain_relative(&meeting.rubric.file) {
        errors.push(at(
            "file",
            0,
            "rubric".into(),
            match lang {
                Lang::Zh => format!(
                    "文件为 \"{}\"，应为会议文件夹内的相对路径",
                    meeting.rubric.file
                ),
                Lang::En => format!(
                    "found the file \"{}\", expected a path inside the meeting folder",
                    meeting.rubric.file
                ),
            },
        ));
    }
    let mut packages = BTreeSet::new();
    for package in &meeting.packages {
        let needle = format!("\"{}\"", package.id);
        let item = format!("packages {}", package.id);
        if !valid_expert_id(&package.id) {
            errors.push(at(
                &needle,
                0,
                item.clone(),
                match lang {
                    Lang::Zh => {
                        format!("标识为 \"{}\"，应为字母、数字、'.'、'_' 或 '-'", package.id)
                    }
                    Lang::En => format!(
                        "found the id \"{}\", expected letters, digits, '.', '_' or '-'",
                        package.id
                    ),
                },
            ));
        }
        if !packages.insert(package.id.clone()) {
            errors.push(at(
                &needle,
                1,
                item.clone(),
                match lang {
                    Lang::Zh => format!("申报包 \"{}\" 重复", package.id),
                    Lang::En => format!("the package \"{}\" appears twice", package.id),
                },
            ));
        }
        if !is_sha256(&package.digest) {
            errors.push(at(
                &needle,
                0,
                item.clone(),
                lang.pick(
                    "digest 应为 64 位小写十六进制数",
                    "digest is not 64 lowercase hex digits",
                )
                .to_string(),
            ));
        }
        if !plain_relative(&package.dir) {
            errors.push(at(
                &needle,
                0,
                item,
                match lang {
                    Lang::Zh => format!("dir 为 \"{}\"，应为会议文件夹内的相对路径", package.dir),
                    Lang::En => format!(
                        "found the dir \"{}\", expected a path inside the meeting folder",
                        package.dir
                    ),
                },
            ));
        }
    }
    errors
}

/// A relative path of plain names (no `..`, no root): stays inside the meeting folder.
pub fn plain_relative(path: &str) -> bool {
    !path.is_empty()
        && std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Parses and checks a meeting file's text.
pub fn parse_meeting(file: &str, text: &str, lang: Lang) -> Result<Meeting, InputErrors> {
    let meeting: Meeting = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let errors = check_meeting(file, text, &meeting, lang);
    if errors.is_empty() {
        Ok(meeting)
    } else {
        Err(InputErrors(errors))
    }
}

/// Parses a `--kind` or `--expert ID=NAME` argument's kind.
pub fn parse_kind(text: &str) -> Option<MeetingKind> {
    MeetingKind::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::model::{PackageEntry, Person, RubricEntry};

    fn sample() -> Meeting {
        Meeting {
            id: "m-2025".into(),
            title: "2025 年度绩效评价会（示例）".into(),
            date: "2025-03-18".into(),
            place: "示例会议室".into(),
            kind: MeetingKind::Performance,
            chair: Person {
                id: "C01".into(),
                name: "王组长".into(),
            },
            experts: vec![
                Person {
                    id: "E01".into(),
                    name: "张三".into(),
                },
                Person {
                    id: "E02".into(),
                    name: "李四".into(),
                },
            ],
            rubric: RubricEntry {
                file: "rubric.toml".into(),
                sha256: "a".repeat(64),
            },
            packages: vec![PackageEntry {
                id: "demo".into(),
                dir: "packages/demo".into(),
                digest: "b".repeat(64),
            }],
        }
    }

    #[test]
    fn a_written_meeting_reads_back_the_same() {
        let meeting = sample();
        let text = meeting.to_toml().expect("toml");
        let back = parse_meeting("meeting.toml", &text, Lang::En).expect("valid");
        assert_eq!(back, meeting);
        assert!(
            text.contains("[[experts]]") && text.contains("[[packages]]"),
            "{text}"
        );
    }

    #[test]
    fn every_problem_is_named_with_its_line() {
        let mut meeting = sample();
        meeting.date = "2025-02-30".into();
        meeting.experts[1].id = "E01".into();
        meeting.packages[0].digest = "xyz".into();
        meeting.packages[0].dir = "../elsewhere".into();
        let text = meeting.to_toml().expect("toml");
        let errors = parse_meeting("m/meeting.toml", &text, Lang::En).expect_err("invalid");
        let shown = errors.to_string();
        assert_eq!(errors.0.len(), 4, "{shown}");
        assert!(shown.contains("2025-02-30"), "{shown}");
        assert!(shown.contains("\"E01\" appears twice"), "{shown}");
        assert!(shown.contains("digest is not 64"), "{shown}");
        assert!(shown.contains("../elsewhere"), "{shown}");
        // the second E01 is named at its own line
        let second = errors
            .0
            .iter()
            .find(|e| e.message.contains("twice"))
            .expect("duplicate");
        let lines: Vec<&str> = text.lines().collect();
        let line = second.line.expect("a line");
        assert!(lines[line - 1].contains("E01"));
        assert_eq!(
            lines.iter().filter(|l| l.contains("\"E01\"")).count(),
            2,
            "{text}"
        );
    }

    #[test]
    fn the_chair_cannot_also_be_an_expert_id() {
        let mut meeting = sample();
        meeting.experts[0].id = "C01".into();
        let text = meeting.to_toml().expect("toml");
        let errors = parse_meeting("meeting.toml", &text, Lang::Zh).expect_err("invalid");
        assert!(errors.to_string().contains("与组长相同"), "{errors}");
    }

    #[test]
    fn unknown_fields_and_kinds_are_refused() {
        let text = sample()
            .to_toml()
            .expect("toml")
            .replace("kind = \"performance\"", "kind = \"annual\"");
        assert!(parse_meeting("meeting.toml", &text, Lang::En).is_err());
        let text = format!("{}\nsecret = 1\n", sample().to_toml().expect("toml"));
        assert!(parse_meeting("meeting.toml", &text, Lang::En).is_err());
    }

    #[test]
    fn dates_and_digests() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("20240229"));
        assert!(!valid_date("2024-2-29"));
        assert!(is_sha256(&"0f".repeat(32)));
        assert!(!is_sha256(&"0F".repeat(32)));
        assert!(plain_relative("packages/a"));
        assert!(!plain_relative("/abs"));
        assert!(!plain_relative("a/../b"));
    }
}
