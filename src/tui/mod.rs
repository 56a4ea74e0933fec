//! The expert's terminal user interface: score, annotate, review evidence, sign off — keyboard
//! only. Elm-style: `update::handle_key` turns events into actions, `update::update` applies
//! them to the `app::App` state and returns effects, `draw` renders the state, and `runtime`
//! is the only part that touches the terminal and the session file.

pub mod app;
pub mod chair;
pub mod config;
pub mod demo;
pub mod draw;
pub mod keymap;
pub mod labels;
pub mod runtime;
pub mod terminal;
pub mod update;
