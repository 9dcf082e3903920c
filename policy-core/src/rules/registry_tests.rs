//! Tests over the whole registry: ids, docs, and the docs' examples executed.

use super::REGISTRY;

#[test]
fn ids_are_unique_sorted_kebab_case() {
    for pair in REGISTRY.windows(2) {
        if let [a, b] = pair {
            assert!(a.id < b.id, "registry not sorted or has a duplicate: {} then {}", a.id, b.id);
        }
    }
    for rule in REGISTRY {
        let kebab = !rule.id.is_empty()
            && rule
                .id
                .split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert!(kebab, "`{}` is not kebab-case", rule.id);
        for prefix in ["avoid-", "use-", "prefer-"] {
            assert!(!rule.id.starts_with(prefix), "`{}`: name the bad pattern, not the advice", rule.id);
        }
    }
}

#[test]
fn every_rule_has_the_doc_sections_and_a_summary() {
    for rule in REGISTRY {
        let docs = rule.docs_markdown();
        let mut last = 0;
        for section in ["## What it does", "## Why it matters", "## Example", "## Use instead"] {
            let at = docs.find(section).unwrap_or_else(|| panic!("`{}` docs lack `{section}`", rule.id));
            assert!(at >= last, "`{}`: `{section}` out of order", rule.id);
            last = at;
        }
        assert!(!rule.summary.trim().is_empty(), "`{}` has no summary", rule.id);
    }
}
