//! The config panel's text: a [`Config`] written as the `.seaworthy.yaml` that means the same, and read back.

use std::fmt::Write as _;

use policy_core::config::{Limits, RuleSetting};
use policy_core::Config;

/// The `.seaworthy.yaml` text for `config`, which reads back as the same config. Lists and rule settings are always
/// written so that the text shows where to edit, and so is the Pod Security level; limits,
/// `allow-ignore-annotations` and exemptions only when they differ from the defaults.
pub fn to_yaml(config: &Config) -> String {
    let mut out = String::from("# .seaworthy.yaml\n");
    if config.rules.is_empty() {
        out.push_str("rules: {}\n");
    } else {
        out.push_str("rules:\n");
        for (id, setting) in &config.rules {
            let _ = writeln!(out, "  {}: {}", scalar(id), setting_name(*setting));
        }
    }
    list(&mut out, "required-labels", &config.required_labels);
    list(&mut out, "trusted-registries", &config.trusted_registries);
    list(&mut out, "allowed-base-images", &config.allowed_base_images);
    let _ = writeln!(out, "pod-security: {}", config.pod_security.as_str());
    let defaults = Limits::default();
    if config.limits != defaults {
        out.push_str("limits:\n");
        let fields = [
            ("max-file-bytes", config.limits.max_file_bytes, defaults.max_file_bytes),
            ("max-documents", config.limits.max_documents, defaults.max_documents),
            ("max-depth", config.limits.max_depth, defaults.max_depth),
            ("max-alias-nodes", config.limits.max_alias_nodes, defaults.max_alias_nodes),
        ];
        for (key, value, default) in fields {
            if value != default {
                let _ = writeln!(out, "  {key}: {value}");
            }
        }
    }
    if config.allow_ignore_annotations != Config::default().allow_ignore_annotations {
        let _ = writeln!(out, "allow-ignore-annotations: {}", config.allow_ignore_annotations);
    }
    if !config.exemptions.is_empty() {
        out.push_str("exemptions:\n");
        for exemption in &config.exemptions {
            let matching = [("kind", &exemption.kind), ("namespace", &exemption.namespace), ("name", &exemption.name)];
            let mut lead = "  - ";
            for (key, value) in matching {
                if let Some(value) = value {
                    let _ = writeln!(out, "{lead}{key}: {}", scalar(value));
                    lead = "    ";
                }
            }
            let rules: Vec<String> = exemption.rules.iter().map(|rule| scalar(rule)).collect();
            let _ = writeln!(out, "{lead}rules: [{}]", rules.join(", "));
        }
    }
    out
}

/// Reads the panel's text. The error names the line and column of the offending key or value.
pub fn parse(text: &str) -> Result<Config, String> {
    Config::from_yaml(text).map_err(|error| error.to_string())
}

pub const fn setting_name(setting: RuleSetting) -> &'static str {
    match setting {
        RuleSetting::Off => "off",
        RuleSetting::Info => "info",
        RuleSetting::Warning => "warning",
        RuleSetting::Error => "error",
    }
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        let _ = writeln!(out, "{key}: []");
        return;
    }
    let _ = writeln!(out, "{key}:");
    for item in items {
        let _ = writeln!(out, "  - {}", scalar(item));
    }
}

/// A YAML scalar for `text`: plain when it cannot be read as anything but this string, double-quoted otherwise
/// (a JSON string literal is a valid YAML double-quoted scalar).
fn scalar(text: &str) -> String {
    const RESERVED: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_overrides_lists_and_changed_limits() {
        let mut config = Config::default();
        config.rules.insert("root-user".into(), RuleSetting::Off);
        config.rules.insert("latest-image-tag".into(), RuleSetting::Error);
        config.required_labels = vec!["app".into(), "team: a".into(), "yes".into()];
        config.limits.max_depth = 64;
        let yaml = to_yaml(&config);
        assert_eq!(
            yaml,
            "# .seaworthy.yaml\nrules:\n  latest-image-tag: error\n  root-user: off\nrequired-labels:\n  - app\n  - \"team: a\"\n  - \"yes\"\ntrusted-registries: []\nallowed-base-images: []\npod-security: restricted\nlimits:\n  max-depth: 64\n"
        );
    }

    #[test]
    fn the_text_reads_back_as_the_same_config() {
        let mut config = Config::default();
        config.rules.insert("parse-error".into(), RuleSetting::Warning);
        config.trusted_registries = vec!["registry.example.com".into()];
        config.required_labels = vec!["app".into(), "1.0".into()];
        assert_eq!(parse(&to_yaml(&config)), Ok(config));
        assert_eq!(parse(&to_yaml(&Config::default())), Ok(Config::default()));
    }

    #[test]
    fn every_setting_survives_the_text() {
        let text = "rules:\n  root-user: off\nrequired-labels: [app]\ntrusted-registries: [\"r.example.com:5000\"]\n\
                    allowed-base-images: [\"node:20\"]\npod-security: baseline\nlimits:\n  max-documents: 9\n  max-alias-nodes: 10\n\
                    allow-ignore-annotations: false\nexemptions:\n  - kind: Deployment\n    namespace: \"on\"\n\
                    \x20   name: vendored\n    rules: [root-user, latest-image-tag]\n  - name: \"a b\"\n\
                    \x20 - rules: []\n";
        let config = parse(text).unwrap();
        assert!(!config.allow_ignore_annotations);
        assert_eq!(config.pod_security.as_str(), "baseline");
        assert_eq!(config.exemptions.len(), 3);
        assert_eq!(parse(&to_yaml(&config)), Ok(config.clone()));
        let yaml = to_yaml(&config);
        assert!(yaml.contains("allow-ignore-annotations: false\nexemptions:\n  - kind: Deployment\n"), "{yaml}");
        assert!(
            yaml.contains("    rules: [root-user, latest-image-tag]\n  - name: \"a b\"\n    rules: []\n"),
            "{yaml}"
        );
    }

    #[test]
    fn a_bad_config_is_an_error_with_a_position() {
        let error = parse("rules:\n  root-user: sometimes\n").unwrap_err();
        assert!(error.starts_with("2:"), "{error}");
        assert!(parse("no-such-key: 1\n").is_err());
    }
}
