//! The two screens, peers on the shared runtime, key maps and widgets: the expert's review
//! (`review`) and the chair's combined evaluation (`chair`).

pub mod chair;
pub mod review;
