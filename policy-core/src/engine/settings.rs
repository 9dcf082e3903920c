//! Reading a configuration against the registry: the one validation every host goes through. `config` sits below
//! the rules and is told the known ids; these are the entry points that tell it the registry's.

use crate::config::{check_rule_id, Config, ConfigError, RuleSetting};
use crate::rules;

impl Config {
    /// Reads `.seaworthy.yaml` text: unknown keys and rule ids are refused with their line, column and a
    /// did-you-mean (see [`Config::parse_yaml`]).
    pub fn from_yaml(text: &str) -> Result<Self, ConfigError> {
        Self::parse_yaml(text, &rules::ids())
    }

    /// Reads a JSON configuration (the npm package, the raw ABI, the playground's worker) with the same checks.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        Self::parse_json(text, &rules::ids())
    }

    /// A config with every rule off but `ids`, which run at their default severity even when they are off by
    /// default (rules that only readers report stay on).
    pub fn only(ids: &[&str]) -> Self {
        let mut config = Self::default();
        for rule in rules::REGISTRY {
            if ids.contains(&rule.id) {
                if !rule.enabled_by_default {
                    config.rules.insert(rule.id.to_owned(), RuleSetting::from(rule.default_severity));
                }
            } else if !rule.checks.is_empty() {
                config.rules.insert(rule.id.to_owned(), RuleSetting::Off);
            }
        }
        config
    }
}

/// `Ok` when `id` names a rule, else the message every host shows for it ("unknown rule `root-usr`; did you
/// mean `root-user`?"), for settings that list rule ids outside a configuration (Kubewarden's `disabled-rules`).
pub fn check_rule(id: &str) -> Result<(), String> {
    check_rule_id(id, &rules::ids())
}
