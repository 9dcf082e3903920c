//! What a Dockerfile rule is given.

use crate::config::Config;
use crate::model::run::Run;
use crate::syntax::dockerfile::Dockerfile;

/// What a Dockerfile rule is given.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub file: &'a Dockerfile,
    /// The text the spans index (after any BOM).
    pub source: &'a str,
    pub config: &'a Config,
    /// Every `RUN` and `ONBUILD RUN` with its shell commands, split once for all rules.
    pub runs: &'a [Run<'a>],
}
