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

/// The fenced code blocks under `heading` in a rule's docs, with their language tag.
fn code_blocks<'a>(docs: &'a str, heading: &str) -> Vec<(&'a str, String)> {
    let Some(start) = docs.find(heading) else { return Vec::new() };
    let section = &docs[start + heading.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            blocks.push((lang.trim(), body.join("\n") + "\n"));
        }
    }
    blocks
}

fn source_for(info: &str, text: String) -> crate::Source {
    let path = crate::lint::example_path(info)
        .unwrap_or_else(|| panic!("doc example fenced as `{info}`: use `dockerfile`, `yaml` or `sh`, then a path"));
    crate::Source::new(path, text)
}

#[test]
fn example_paths_follow_the_fence() {
    assert_eq!(crate::lint::example_path("dockerfile").as_deref(), Some("Dockerfile"));
    assert_eq!(crate::lint::example_path("yaml").as_deref(), Some("manifest.yaml"));
    assert_eq!(crate::lint::example_path("sh").as_deref(), Some("deploy.sh"));
    let workflow = crate::lint::example_path("yaml .github/workflows/deploy.yml").unwrap();
    assert_eq!(crate::Source::new(workflow, "").kind(), Some(crate::Kind::Ci));
    assert_eq!(crate::lint::example_path("toml"), None);
    assert_eq!(crate::lint::example_path(""), None);
}

/// Each rule's docs are run, the way biome checks its rule docs: with only that rule on, every Example block
/// raises it (and nothing else), and every Use-instead block raises nothing at all.
#[test]
fn doc_examples_fire_and_use_instead_is_clean() {
    for rule in REGISTRY {
        let docs = rule.docs_markdown();
        let base = rule.example_config().map_or_else(crate::Config::default, |text| {
            crate::Config::from_yaml(&text).unwrap_or_else(|error| panic!("`{}` example config: {error}", rule.id))
        });
        let config = crate::Config { rules: crate::Config::only(&[rule.id]).rules, ..base };
        let bad = code_blocks(&docs, "## Example");
        let good = code_blocks(&docs, "## Use instead");
        assert!(!bad.is_empty() && !good.is_empty(), "`{}` needs code blocks under Example and Use instead", rule.id);
        for (lang, text) in bad {
            let report = crate::check(&[source_for(lang, text.clone())], &config);
            let ids: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
            assert!(
                !ids.is_empty() && ids.iter().all(|id| *id == rule.id),
                "`{}` Example should raise only `{}`, got {ids:?} for:\n{text}",
                rule.id,
                rule.id
            );
        }
        for (lang, text) in good {
            let report = crate::check(&[source_for(lang, text.clone())], &config);
            assert!(report.findings.is_empty(), "`{}` Use instead raised {:?} for:\n{text}", rule.id, report.findings);
        }
    }
}

#[test]
fn rules_with_checks_have_peers_listed_in_docs_when_mapped() {
    for rule in REGISTRY {
        for peer in rule.peers {
            assert!(
                rule.docs.contains(peer.id),
                "`{}` maps to {} {} but its docs do not say so",
                rule.id,
                peer.tool,
                peer.id
            );
        }
    }
}
