//! What a script rule is given: one shell script, or one shell step of a CI file, at a time.

use crate::config::Config;
use crate::syntax::script::Script;

/// What a script rule is given: one script at a time.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub script: &'a Script,
    /// The text the spans index (after any BOM).
    pub source: &'a str,
    pub config: &'a Config,
}
