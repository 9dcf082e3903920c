//! Dockerfile rules, one per file.

pub mod images;
