//! The combined evaluation file's schema (format 1). It keeps every session given to the merge
//! (so the counting can be redone at any time), the chair's corrections and consensus notes,
//! an append-only audit trail, and the chair's sign-off. Triggers keep the inputs fixed, the
//! audit append-only, and everything read-only once signed.

/// `PRAGMA application_id`: "CRCE" (cluster-review combined evaluation).
pub const COMBINED_APPLICATION_ID: i32 = 0x4352_4345;

/// The newest format of the combined file.
pub const COMBINED_FORMAT: u32 = 4;

/// The format before the experts' verdicts on the application conditions were kept: read as it
/// is (it holds none).
pub const PRE_CONDITIONS_FORMAT: u32 = 3;

/// The format of the first release, read for printing its signed sheet only.
pub const LEGACY_COMBINED_FORMAT: u32 = 2;

const FORMAT_1: &str = r#"
CREATE TABLE combined (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    rubric_id       TEXT NOT NULL,
    rubric_sha256   TEXT NOT NULL,
    rubric_toml     TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('trimmed', 'mean', 'median')),
    allow_unsigned  INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE TABLE input (
    file             TEXT PRIMARY KEY,
    package_id       TEXT NOT NULL,
    package_digest   TEXT NOT NULL,
    cluster          TEXT NOT NULL,
    park             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    expert_id        TEXT NOT NULL,
    expert_name      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    declaration      TEXT,
    declaration_reason TEXT NOT NULL DEFAULT '',
    overall          TEXT NOT NULL DEFAULT '',
    signed_at        TEXT,
    sheet_sha256     TEXT,
    signature        TEXT NOT NULL CHECK (signature IN ('unsigned', 'not_verified', 'verified'))
);
CREATE TABLE input_figure (
    file      TEXT NOT NULL REFERENCES input(file),
    measure   TEXT NOT NULL,
    declared  TEXT,
    derived   TEXT,
    value     TEXT,
    PRIMARY KEY (file, measure)
);
CREATE TABLE input_score (
    file       TEXT NOT NULL REFERENCES input(file),
    indicator  INTEGER NOT NULL,
    points     TEXT,
    comment    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (file, indicator)
);
CREATE TABLE input_annotation (
    file       TEXT NOT NULL REFERENCES input(file),
    measure    TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    corrected  TEXT,
    PRIMARY KEY (file, measure)
);
CREATE TABLE correction (
    package_id  TEXT NOT NULL,
    measure     TEXT NOT NULL,
    value       TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at          TEXT NOT NULL,
    PRIMARY KEY (package_id, measure)
);
CREATE TABLE note (
    package_id  TEXT NOT NULL,
    indicator   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (package_id, indicator)
);
CREATE TABLE signoff (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    signed_at     TEXT NOT NULL,
    sheet_sha256  TEXT NOT NULL,
    signature     BLOB NOT NULL,
    public_key    TEXT NOT NULL
);
CREATE TABLE audit (
    seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    at    TEXT NOT NULL,
    what  TEXT NOT NULL,
    old   TEXT,
    new   TEXT
);
"#;

/// The SQL that takes a combined file from format `from` to `from + 1`.
pub fn combined_migration(from: u32) -> Option<String> {
    match from {
        0 => Some(format!("{FORMAT_1}{}", triggers())),
        1 => Some(FORMAT_2.to_string()),
        2 => Some(FORMAT_3.to_string()),
        3 => Some(FORMAT_4.to_string()),
        _ => None,
    }
}

/// Format 4 keeps each merged session's verdicts on the application conditions (申报条件) and
/// the review meeting it belongs to, so that an application review's and a meeting's signed
/// sheets verify again when the file is opened.
const FORMAT_4: &str = r#"
CREATE TABLE input_meeting (
    file        TEXT PRIMARY KEY REFERENCES input(file),
    meeting_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL
);
CREATE TRIGGER input_meeting_update BEFORE UPDATE ON input_meeting
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
CREATE TRIGGER input_meeting_delete BEFORE DELETE ON input_meeting
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
CREATE TABLE input_condition (
    file     TEXT NOT NULL REFERENCES input(file),
    id       INTEGER NOT NULL,
    verdict  TEXT CHECK (verdict IN ('met', 'largely_met', 'not_met')),
    note     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (file, id)
);
CREATE TRIGGER input_condition_update BEFORE UPDATE ON input_condition
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
CREATE TRIGGER input_condition_delete BEFORE DELETE ON input_condition
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
"#;

/// Format 3 keeps the packages' files (figures are derived from them, bound to their digests,
/// never read from stored figures), the roster the merge checked the experts' keys with (keys
/// written in), a digest of the list of merged sessions, and the meeting.
const FORMAT_3: &str = r#"
CREATE TABLE package_file (
    digest   TEXT NOT NULL,
    path     TEXT NOT NULL,
    content  BLOB NOT NULL,
    PRIMARY KEY (digest, path)
);
CREATE TRIGGER package_file_update BEFORE UPDATE ON package_file
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
CREATE TRIGGER package_file_delete BEFORE DELETE ON package_file
BEGIN SELECT RAISE(ABORT, 'the merged sessions are fixed'); END;
DROP TRIGGER input_figure_update;
DROP TRIGGER input_figure_delete;
DROP TABLE input_figure;
ALTER TABLE combined ADD COLUMN roster TEXT;
ALTER TABLE combined ADD COLUMN inputs_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE combined ADD COLUMN meeting_id TEXT;
ALTER TABLE combined ADD COLUMN meeting_title TEXT;
ALTER TABLE combined ADD COLUMN meeting_date TEXT;
ALTER TABLE combined ADD COLUMN meeting_kind TEXT;
"#;

/// Format 2 keeps each merged session's signed sheet, signature and key (so the evidence the
/// merge checked travels with the evaluation), and the chair's signed sheet and identity.
const FORMAT_2: &str = r#"
ALTER TABLE input ADD COLUMN sheet BLOB;
ALTER TABLE input ADD COLUMN sheet_signature BLOB;
ALTER TABLE input ADD COLUMN public_key TEXT;
ALTER TABLE input ADD COLUMN declared_at TEXT NOT NULL DEFAULT '';
ALTER TABLE signoff ADD COLUMN sheet BLOB NOT NULL DEFAULT x'';
ALTER TABLE signoff ADD COLUMN signer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE signoff ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';
"#;

fn triggers() -> String {
    let mut sql = String::new();
    let raise = |table: &str, event: &str, when: &str, message: &str| {
        format!(
            "CREATE TRIGGER {table}_{} BEFORE {event} ON {table} {when}\nBEGIN SELECT RAISE(ABORT, '{message}'); END;\n",
            event.to_lowercase()
        )
    };
    for table in [
        "combined",
        "input",
        "input_figure",
        "input_score",
        "input_annotation",
    ] {
        for event in ["UPDATE", "DELETE"] {
            sql.push_str(&raise(table, event, "", "the merged sessions are fixed"));
        }
    }
    for table in ["audit", "signoff"] {
        for event in ["UPDATE", "DELETE"] {
            sql.push_str(&raise(table, event, "", "append-only"));
        }
    }
    for table in ["correction", "note"] {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            sql.push_str(&raise(
                table,
                event,
                "WHEN EXISTS (SELECT 1 FROM signoff)",
                "the combined evaluation is signed and read-only",
            ));
        }
    }
    sql
}
