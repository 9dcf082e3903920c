//! The rule catalogue as JSON, the one shape every host lists rules in (`seaworthy rules --format json`, the npm
//! package's `rules()`): id, default severity, category, summary, peers' ids, the Pod Security Standards controls
//! it implements, the configuration its examples run under, and the Markdown docs, in id order.

use serde_json::{json, Value};

use crate::rules::REGISTRY;

/// Every rule as a JSON value, in id order.
pub fn catalogue() -> Value {
    let rules = REGISTRY
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "severity": rule.default_severity,
                "enabled": rule.enabled_by_default,
                "category": rule.category,
                "summary": rule.summary,
                "peers": rule.peers,
                "controls": rule.controls.iter().map(|control| control.id).collect::<Vec<_>>(),
                "example-config": rule.example_config(),
                "docs": rule.docs_markdown(),
            })
        })
        .collect();
    Value::Array(rules)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_every_rule_once_in_id_order_with_its_peers() {
        let catalogue = super::catalogue();
        let rules = catalogue.as_array().expect("an array");
        let ids: Vec<&str> = rules.iter().filter_map(|rule| rule["id"].as_str()).collect();
        assert_eq!(ids, crate::rules::ids());
        let root = rules.iter().find(|rule| rule["id"] == "root-user").expect("root-user");
        assert_eq!(root["peers"][0], serde_json::json!({"tool": "hadolint", "id": "DL3002"}));
        let trusted = rules.iter().find(|rule| rule["id"] == "untrusted-registry").expect("untrusted-registry");
        assert!(trusted["example-config"].as_str().is_some_and(|config| config.contains("trusted-registries")));
        assert_eq!(root["controls"], serde_json::json!([]));
        assert_eq!(root["enabled"], true);
        let healthcheck = rules.iter().find(|rule| rule["id"] == "missing-healthcheck").expect("missing-healthcheck");
        assert_eq!(healthcheck["enabled"], false);
        let turned_on = healthcheck["example-config"].as_str().and_then(|text| crate::Config::from_json(text).ok());
        assert!(turned_on.is_some_and(|config| config.rules.contains_key("missing-healthcheck")), "{healthcheck}");
        let claimed: Vec<&str> = rules
            .iter()
            .flat_map(|rule| rule["controls"].as_array().into_iter().flatten())
            .filter_map(serde_json::Value::as_str)
            .collect();
        for control in crate::lint::pod_security::CONTROLS {
            assert!(claimed.contains(&control.id), "no rule claims {}", control.id);
        }
    }
}
