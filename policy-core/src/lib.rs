//! Seaworthy's policy engine: parsers and rules for Dockerfiles, Kubernetes manifests, shell scripts and CI files,
//! with no I/O.
//!
//! Hosts hand [`check`] a bundle of [`Source`]s and a [`Config`] and get a [`Report`]. Everything else (files,
//! terminals, browsers, admission requests) belongs to the hosts, which only convert.
//!
//! The modules are layers, each importing only from the ones before it (`docs/architecture.md`; a test fails on
//! an import that points up): [`base`] → [`syntax`] → [`model`] → [`config`] → [`lint`] → [`rules`] →
//! [`report`] → [`engine`].
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod base;
pub mod config;
pub mod engine;
pub mod lint;
pub mod model;
pub mod report;
pub mod rules;
pub mod syntax;

pub use base::source::{Kind, Source};
pub use base::{order, span};
pub use config::Config;
pub use engine::check;
pub use report::{Finding, Report, Severity};

/// This crate's version, stamped into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
