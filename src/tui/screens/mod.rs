//! The screens, peers on the shared runtime, key maps and widgets: the expert's review
//! (`review`), the expert's review meeting (`meeting`: the list of the meeting's clusters, each
//! opening the review screen) and the chair's combined evaluation (`chair`).

pub mod chair;
pub mod meeting;
pub mod review;
