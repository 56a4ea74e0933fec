//! The session file's schema (formats 1–3) and its migrations. The format is SQLite's
//! `user_version`; `application_id` marks the file as a cluster-review session.
//! Triggers make the audit trail append-only and a signed revision read-only, so an edit
//! through another tool (the sqlite3 shell) fails too.

/// `PRAGMA application_id`: "CRSS" (cluster-review session).
pub const APPLICATION_ID: i32 = 0x4352_5353;

/// The newest format this program writes.
pub const FORMAT_VERSION: u32 = 3;

/// The format that still kept derived figures (`figure`) instead of the package's files; it is
/// read for printing and verifying, and upgraded with the package (`session upgrade`).
pub const LEGACY_FORMAT: u32 = 2;

/// The SQL that takes a file from format `from` to `from + 1`, if there is such a step. The
/// step from 2 to 3 needs the package's files too (see `SessionDb::upgrade`).
pub fn migration(from: u32) -> Option<String> {
    match from {
        0 => Some(format!(
            "{FORMAT_1}{}",
            signed_read_only_triggers(&["declaration", "score", "annotation", "overall"])
        )),
        1 => Some(FORMAT_2.to_string()),
        2 => Some(format!(
            "{FORMAT_3}{}",
            signed_read_only_triggers(&["condition"])
        )),
        _ => None,
    }
}

const FORMAT_1: &str = r#"
CREATE TABLE session (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    rubric_id       TEXT NOT NULL,
    rubric_sha256   TEXT NOT NULL,
    rubric_toml     TEXT NOT NULL,
    package_id      TEXT NOT NULL,
    package_digest  TEXT NOT NULL,
    cluster         TEXT NOT NULL,
    park            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    expert_id       TEXT NOT NULL,
    expert_name     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE TABLE figure (
    measure   TEXT PRIMARY KEY,
    declared  TEXT,
    derived   TEXT,
    value     TEXT
);
CREATE TABLE declaration (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    kind         TEXT NOT NULL CHECK (kind IN ('no_conflict', 'recused')),
    reason       TEXT NOT NULL DEFAULT '',
    declared_at  TEXT NOT NULL
);
CREATE TABLE revision (
    number      INTEGER PRIMARY KEY CHECK (number >= 1),
    reason      TEXT NOT NULL,
    started_at  TEXT NOT NULL
);
CREATE TABLE score (
    indicator   INTEGER PRIMARY KEY,
    points      TEXT,
    comment     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
CREATE TABLE annotation (
    measure     TEXT PRIMARY KEY,
    status      TEXT NOT NULL DEFAULT 'unchecked'
                CHECK (status IN ('unchecked', 'verified', 'doubtful', 'missing')),
    note        TEXT NOT NULL DEFAULT '',
    corrected   TEXT,
    updated_at  TEXT NOT NULL
);
CREATE TABLE overall (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE signoff (
    revision      INTEGER PRIMARY KEY REFERENCES revision(number),
    signed_at     TEXT NOT NULL,
    sheet_sha256  TEXT NOT NULL,
    signature     BLOB NOT NULL,
    public_key    TEXT NOT NULL
);
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    what      TEXT NOT NULL,
    old       TEXT,
    new       TEXT
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER session_no_update BEFORE UPDATE ON session
BEGIN SELECT RAISE(ABORT, 'the session header is fixed at creation'); END;
CREATE TRIGGER session_no_delete BEFORE DELETE ON session
BEGIN SELECT RAISE(ABORT, 'the session header is fixed at creation'); END;
CREATE TRIGGER figure_no_update BEFORE UPDATE ON figure
BEGIN SELECT RAISE(ABORT, 'the package figures are fixed at creation'); END;
CREATE TRIGGER figure_no_delete BEFORE DELETE ON figure
BEGIN SELECT RAISE(ABORT, 'the package figures are fixed at creation'); END;
CREATE TRIGGER revision_rules BEFORE INSERT ON revision
WHEN NEW.number <> 1 AND (
    NEW.number <> (SELECT MAX(number) FROM revision) + 1
    OR NOT EXISTS (SELECT 1 FROM signoff WHERE revision = NEW.number - 1)
    OR length(trim(NEW.reason)) = 0)
BEGIN SELECT RAISE(ABORT, 'a new revision follows a signed one and needs a reason'); END;
CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER signoff_no_update BEFORE UPDATE ON signoff
BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
CREATE TRIGGER signoff_no_delete BEFORE DELETE ON signoff
BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
"#;

/// Format 2 keeps the exact bytes of every signed sheet in the session, so the sheet can be
/// written again, re-verified and compared with the session at any time.
const FORMAT_2: &str = "ALTER TABLE signoff ADD COLUMN sheet BLOB NOT NULL DEFAULT x'';";

/// Format 3 keeps the package's files themselves (`package_file`), bound to the recorded
/// digest; the figures are derived from them on every open, so no stored figure can be edited
/// into a merge. It adds the meeting a session belongs to, the expert's verdicts on the
/// application conditions, and the place of a text change in the audit (texts are audited as
/// the changed part only).
const FORMAT_3: &str = r#"
CREATE TABLE package_file (
    path     TEXT PRIMARY KEY,
    content  BLOB NOT NULL
);
CREATE TRIGGER package_file_no_update BEFORE UPDATE ON package_file
BEGIN SELECT RAISE(ABORT, 'the package files are fixed at creation'); END;
CREATE TRIGGER package_file_no_delete BEFORE DELETE ON package_file
BEGIN SELECT RAISE(ABORT, 'the package files are fixed at creation'); END;
DROP TRIGGER figure_no_update;
DROP TRIGGER figure_no_delete;
DROP TABLE figure;
CREATE TABLE meeting (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    meeting_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL
);
CREATE TRIGGER meeting_no_update BEFORE UPDATE ON meeting
BEGIN SELECT RAISE(ABORT, 'the meeting is fixed at creation'); END;
CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'the meeting is fixed at creation'); END;
CREATE TABLE condition (
    id          INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 6),
    verdict     TEXT CHECK (verdict IN ('met', 'largely_met', 'not_met')),
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
ALTER TABLE audit ADD COLUMN offset INTEGER;
"#;

/// Triggers that make the current revision read-only once signed, one set per editable table.
fn signed_read_only_triggers(tables: &[&str]) -> String {
    let signed =
        "EXISTS (SELECT 1 FROM signoff WHERE revision = (SELECT MAX(number) FROM revision))";
    let mut sql = String::new();
    for table in tables {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            sql.push_str(&format!(
                "CREATE TRIGGER {table}_signed_{} BEFORE {event} ON {table} WHEN {signed}\n\
                 BEGIN SELECT RAISE(ABORT, 'the session is signed and read-only'); END;\n",
                event.to_lowercase()
            ));
        }
    }
    sql
}
