//! The terminal user interfaces: the expert's review screen and the chair's screen
//! (`screens`), Elm-style — keys become actions through per-mode key tables (`keymap`), an
//! `update` applies them to the screen's state and returns effects, draw functions render the
//! state with the shared widgets (`widgets`) — on one event loop (`runtime`) that alone touches
//! the terminal (`terminal`, `signals`) and, through the caller, the file.

pub mod config;
pub mod demo;
pub mod keymap;
pub mod labels;
pub mod runtime;
pub mod screens;
pub mod signals;
pub mod terminal;
pub mod widgets;
