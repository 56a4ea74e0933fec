//! Use cases written once and called by both the command line and the screens: signing a
//! session or a combined evaluation. They speak to the store and the file system; the pure
//! rules live in `session`, `panel` and `sheet`.

mod sign;

pub use sign::{
    ChairSigning, CombinedSigning, SignError, SignedSheet, sign_combined_file,
    sign_combined_file_in, sign_open_combined, sign_open_session, sign_open_session_in,
    sign_session_file,
};
