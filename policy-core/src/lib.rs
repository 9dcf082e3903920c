//! Seaworthy's policy engine: parsers and rules for Dockerfiles, Kubernetes manifests, shell scripts and CI files,
//! with no I/O.
//!
//! Hosts hand [`check`] a bundle of [`Source`]s and a [`Config`] and get a [`Report`]. Everything else (files,
//! terminals, browsers, admission requests) belongs to the hosts, which only convert.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod config;
pub mod dockerfile;
pub mod kubernetes;
pub mod order;
pub mod report;
pub mod rules;
pub mod script;
pub mod source;
pub mod span;
pub mod suppress;
pub mod yaml;

mod engine;

pub use config::Config;
pub use engine::check;
pub use report::{Finding, Report, Severity};
pub use source::{Kind, Source};

/// This crate's version, stamped into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
