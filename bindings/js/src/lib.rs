//! Seaworthy for JavaScript: the API of the npm package, built with wasm-bindgen for the `web` and `nodejs`
//! targets (`scripts/test-bindings.sh`).
//!
//! The crate only converts. Values cross the boundary as JSON (`JSON.stringify` in, `JSON.parse` out), so the
//! objects JavaScript sees have exactly the documented shape of the report (`docs/report-format.md`), with byte
//! spans and 1-based lines with UTF-16 columns. The conversions are plain functions, tested natively; the
//! wasm-bindgen exports in `exports` wrap them and turn errors into thrown `Error`s.

use policy_core::{Config, Source};

#[cfg(target_arch = "wasm32")]
mod exports;

/// Checks `files` (JSON array of `{path, content, kind?}`) under `config` (JSON object, or the defaults) and
/// answers the report as JSON.
pub fn check_json(files: &str, config: Option<&str>) -> Result<String, String> {
    let files: Vec<Source> = serde_json::from_str(files).map_err(|problem| error("files", &problem))?;
    let config = match config {
        Some(text) => Config::from_json(text).map_err(|problem| error("config", &problem))?,
        None => Config::default(),
    };
    Ok(serde_json::to_string(&policy_core::check(&files, &config)).unwrap_or_default())
}

/// Every rule, in id order, as the CLI's `rules --format json` lists them.
pub fn rules_json() -> String {
    policy_core::report::catalogue::catalogue().to_string()
}

/// The configuration a check runs under when none is given.
pub fn default_config_json() -> String {
    serde_json::to_string(&Config::default()).unwrap_or_default()
}

/// The one error helper: which argument was wrong and why, as the thrown `Error`'s message.
fn error(argument: &str, problem: &dyn std::fmt::Display) -> String {
    format!("seaworthy: invalid `{argument}` argument: {problem}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use policy_core::rules::REGISTRY;

    #[test]
    fn check_answers_the_core_report() {
        let content = "FROM alpine\nRUN echo \u{e9}t\u{e9}\n";
        let files = serde_json::json!([{ "path": "Dockerfile", "content": content }]).to_string();
        let answer: policy_core::Report = serde_json::from_str(&check_json(&files, None).unwrap()).unwrap();
        assert_eq!(answer, policy_core::check(&[Source::new("Dockerfile", content)], &Config::default()));
    }

    #[test]
    fn every_kind_is_accepted_by_name() {
        let files = serde_json::json!([
            { "path": "steps", "content": "kubectl create ns x\n", "kind": "shell" },
            { "path": "pipeline.yml", "content": "deploy:\n  script: kubectl create ns y\n", "kind": "ci" },
        ]);
        let report: policy_core::Report = serde_json::from_str(&check_json(&files.to_string(), None).unwrap()).unwrap();
        let kinds: Vec<policy_core::Kind> = report.files.iter().map(|file| file.kind).collect();
        assert_eq!(kinds, [policy_core::Kind::Shell, policy_core::Kind::Ci]);
        assert_eq!(report.findings.iter().filter(|f| f.rule == "imperative-kubectl").count(), 2);
        let problem = check_json(r#"[{"path": "x", "content": "", "kind": "powershell"}]"#, None).unwrap_err();
        assert!(problem.contains("powershell"), "{problem}");
    }

    #[test]
    fn config_changes_the_report_and_unknown_keys_are_errors() {
        let files = r#"[{"path": "Dockerfile", "content": "FROM alpine\n"}]"#;
        let over_limit = |report: &str| {
            let report: serde_json::Value = serde_json::from_str(report).unwrap();
            let findings = report["findings"].as_array().cloned().unwrap_or_default();
            findings
                .iter()
                .any(|finding| finding["message"].as_str().is_some_and(|text| text.contains("over the limit")))
        };
        assert!(!over_limit(&check_json(files, None).unwrap()));
        assert!(over_limit(&check_json(files, Some(r#"{"limits": {"max-file-bytes": 4}}"#)).unwrap()));
        let problem = check_json(files, Some(r#"{"rulez": {}}"#)).unwrap_err();
        assert!(problem.contains("`config`") && problem.contains("rulez"), "{problem}");
        let problem = check_json(r#"{"path": "Dockerfile"}"#, None).unwrap_err();
        assert!(problem.contains("`files`"), "{problem}");
    }

    #[test]
    fn rules_list_the_registry_and_the_default_config_round_trips() {
        let rules: Vec<serde_json::Value> = serde_json::from_str(&rules_json()).unwrap();
        let ids: Vec<&str> = rules.iter().filter_map(|rule| rule["id"].as_str()).collect();
        assert_eq!(ids, REGISTRY.iter().map(|rule| rule.id).collect::<Vec<_>>());
        assert!(rules.iter().all(|rule| rule["docs"].as_str().is_some_and(|docs| docs.contains("## Example"))));
        let config: Config = serde_json::from_str(&default_config_json()).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn an_unknown_rule_id_in_the_config_is_refused_with_the_near_one() {
        let refused = check_json("[]", Some(r#"{"rules": {"root-usr": "off"}}"#)).expect_err("unknown id");
        assert!(refused.contains("unknown rule `root-usr`; did you mean `root-user`?"), "{refused}");
    }
}
