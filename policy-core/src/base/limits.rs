//! The bounds every reader obeys, set by the configuration (`limits:`) and read by the parsers.

use serde::{Deserialize, Serialize};

/// Bounds that keep hostile or accidental input from hanging or exhausting a host. Exceeding one gives an
/// `input-too-large` finding instead of a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Limits {
    /// Largest source text read, in bytes.
    pub max_file_bytes: usize,
    /// Most YAML documents read from one source.
    pub max_documents: usize,
    /// Deepest nesting of YAML collections.
    pub max_depth: usize,
    /// Most nodes that alias expansion may produce in one document (stops "billion laughs").
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_file_bytes: 4 * 1024 * 1024, max_documents: 10_000, max_depth: 128, max_alias_nodes: 100_000 }
    }
}
