//! The configuration a check runs under: which rules, at what severity, and the settings rules read.
//!
//! The same structure comes from `.seaworthy.yaml` (the CLI), from JSON (the npm package, the raw ABI,
//! Kubewarden settings) and from the playground's config panel. Unknown keys are errors, not silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// Per-rule setting: `off`, or a severity that replaces the rule's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleSetting {
    pub const fn severity(self) -> Option<Severity> {
        match self {
            Self::Off => None,
            Self::Info => Some(Severity::Info),
            Self::Warning => Some(Severity::Warning),
            Self::Error => Some(Severity::Error),
        }
    }
}

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

/// The configuration of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Rule id → `off` or a severity.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Registries whose images are trusted, e.g. `registry.example.com`. Empty: every registry is.
    pub trusted_registries: Vec<String>,
    /// Base images accepted whatever the image rules say, as `name` or `name:tag` (e.g. `node:20`).
    pub allowed_base_images: Vec<String>,
    /// Labels every workload and pod template must carry.
    pub required_labels: Vec<String>,
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rules: BTreeMap::new(),
            trusted_registries: Vec::new(),
            allowed_base_images: Vec::new(),
            required_labels: ["app", "version", "release", "stage"].map(String::from).to_vec(),
            limits: Limits::default(),
        }
    }
}

/// Why a configuration was refused, with the 1-based line and UTF-16 column of the offending key or value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The severity `rule` reports at under this config, or `None` when it is off.
    pub fn severity_of(&self, rule: &crate::rules::Rule) -> Option<Severity> {
        match self.rules.get(rule.id) {
            Some(setting) => setting.severity(),
            None => Some(rule.default_severity),
        }
    }

    /// A config with every rule off but `ids` (rules that only parsers emit stay on).
    pub fn only(ids: &[&str]) -> Self {
        let mut config = Self::default();
        for rule in crate::rules::REGISTRY {
            if !ids.contains(&rule.id) && !rule.checks.is_empty() {
                config.rules.insert(rule.id.to_owned(), RuleSetting::Off);
            }
        }
        config
    }
}
