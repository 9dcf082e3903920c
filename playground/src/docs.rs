//! The rules' docs. The page does not carry them in its module (they are about a third of its data, and most
//! visits open none): it loads `rules.json`, the catalogue JSON that `seaworthy rules --format json` prints
//! (written next to the page by `scripts/gen-docs.sh`), the first time a rule's docs or example is opened.

use std::collections::BTreeMap;

use serde_json::Value;

/// One rule's Markdown docs and the configuration its examples run under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDocs {
    pub markdown: String,
    pub example_config: Option<String>,
}

/// Every rule's docs, by rule id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    rules: BTreeMap<String, RuleDocs>,
}

impl Docs {
    /// Reads the catalogue JSON: an array of rules with `id`, `docs` and `example-config`.
    pub fn parse(json: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(json).map_err(|error| format!("rules.json: {error}"))?;
        let entries = value.as_array().ok_or("rules.json is not a list of rules")?;
        let mut rules = BTreeMap::new();
        for entry in entries {
            let (Some(id), Some(markdown)) = (entry["id"].as_str(), entry["docs"].as_str()) else {
                return Err("rules.json: a rule without `id` or `docs`".to_owned());
            };
            let example_config = entry["example-config"].as_str().map(str::to_owned);
            rules.insert(id.to_owned(), RuleDocs { markdown: markdown.to_owned(), example_config });
        }
        Ok(Self { rules })
    }

    pub fn get(&self, id: &str) -> Option<&RuleDocs> {
        self.rules.get(id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Docs;

    /// The docs as the page gets them: the catalogue JSON, which policy-core builds with its docs in tests.
    pub(crate) fn catalogue_docs() -> Docs {
        Docs::parse(&policy_core::report::catalogue::catalogue().to_string()).expect("the catalogue reads")
    }

    #[test]
    fn every_rule_has_its_docs_and_bad_json_is_an_error() {
        let docs = catalogue_docs();
        for rule in policy_core::rules::REGISTRY {
            let found = docs.get(rule.id).unwrap_or_else(|| panic!("{} has no docs", rule.id));
            assert!(found.markdown.contains("## What it does"), "{}", rule.id);
        }
        let trusted = docs.get("untrusted-registry").and_then(|rule| rule.example_config.as_deref());
        assert!(trusted.is_some_and(|config| config.contains("trusted-registries")));
        assert!(Docs::parse("{").is_err());
        assert!(Docs::parse("{}").is_err());
        assert!(Docs::parse("[{\"id\": \"x\"}]").is_err());
    }
}
