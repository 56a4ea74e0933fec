//! The widget layer both screens are drawn with: the one text input (entries and editors,
//! autosave, paste, the cursor at the caret), dialogs that clear what is under them, the
//! bottom line (hint bar and status), the scrollable help overlay, and CJK-aware wrapping.

pub mod dialog;
pub mod footer;
pub mod help;
pub mod status;
pub mod text_input;
pub mod wrap;

pub use dialog::{centred, clear, dialog};
pub use status::Status;
pub use text_input::{AUTOSAVE_AFTER, TextInput, normalise_newlines};
pub use wrap::{screen_text, wrap_line, wrap_lines};
