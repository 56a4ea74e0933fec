//! The review meeting (评审会, DESIGN §11): one panel evaluating several clusters in one
//! sitting, bound by a meeting folder so that nobody glues files together by hand.
//!
//! Pure: the meeting file (`model`, `parse`), the expert × cluster status matrix (`status`),
//! the chair's agenda (`agenda`) and the compliance gate of 财政部令第87号 Art. 64 (`gate`), the
//! export receipt (`receipt`) and what collecting does with the files offered (`collect`).
//! The thin I/O layer: the folder on disk (`folder`), building it (`init`), moving files
//! between laptops (`transfer`).

pub mod agenda;
pub mod collect;
pub mod folder;
pub mod gate;
pub mod init;
pub mod model;
pub mod parse;
pub mod receipt;
pub mod status;
pub mod transfer;

pub use agenda::{Item, ItemKind, Resolution, agenda, describe};
pub use folder::{MeetingDir, MeetingPackage, meeting_of};
pub use gate::{Gate, Ground, GroundCheck, gate};
pub use model::{Meeting, MeetingKind, PackageEntry, Person, RubricEntry};
pub use parse::parse_meeting;
pub use status::{Blocker, Cell, CellFile, CellState, Matrix, status_json};
