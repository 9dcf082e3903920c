//! The Examples menu: the article's Dockerfiles and manifests (as written, and corrected), and one workspace per
//! rule built from the fenced code blocks under the rule's `## Example` and `## Use instead` docs sections.
//!
//! The article is "Safe Practices on Running Containers in Kubernetes" (Sajan Jaiswal, 2020); its flattened
//! snippets are laid out again as files under `playground/examples/`. The Deployment's truncated `image:` is
//! completed with the container's name.

use policy_core::rules::{Rule, REGISTRY};

use crate::docs::{Docs, RuleDocs};
use crate::markdown::{code_under, parse};

/// Where an example comes from, for grouping in the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Article,
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Stable id, used in the menu's `<option value>` and by tests: `article-...` or `rule:<id>[:fixed]`.
    pub id: String,
    pub title: String,
    pub group: Group,
    pub files: Vec<ExampleFile>,
    /// The `.seaworthy.yaml` the example needs to show its rule (`trusted-registries` for `untrusted-registry`),
    /// from the rule's `## Configuration` docs; it replaces the config panel's when the example is opened.
    pub config: Option<String>,
}

fn file(path: &str, text: &str) -> ExampleFile {
    ExampleFile { path: path.to_owned(), text: text.to_owned() }
}

fn article(id: &str, title: &str, files: Vec<ExampleFile>) -> Example {
    Example { id: id.to_owned(), title: title.to_owned(), group: Group::Article, files, config: None }
}

/// The article's examples, bad then corrected.
pub fn article_examples() -> Vec<Example> {
    vec![
        article(
            "article-as-written",
            "Article: multi-stage Go build and Deployment, as written",
            vec![
                file("Dockerfile", include_str!("../examples/go-multistage.Dockerfile")),
                file("k8s/app.yaml", include_str!("../examples/deployment.yaml")),
            ],
        ),
        article(
            "article-corrected",
            "Article: multi-stage Go build and Deployment, corrected",
            vec![
                file("Dockerfile", include_str!("../examples/go-fixed.Dockerfile")),
                file("k8s/app.yaml", include_str!("../examples/deployment-fixed.yaml")),
            ],
        ),
        article(
            "article-node-onbuild",
            "Article: node:onbuild image, as written",
            vec![file("Dockerfile", include_str!("../examples/node-onbuild.Dockerfile"))],
        ),
        article(
            "article-node-alpine",
            "Article: Node on Alpine, as written",
            vec![file("Dockerfile", include_str!("../examples/node-alpine.Dockerfile"))],
        ),
        article(
            "article-node-corrected",
            "Article: Node on Alpine, corrected",
            vec![file("Dockerfile", include_str!("../examples/node-fixed.Dockerfile"))],
        ),
        article(
            "article-logging-pod",
            "Article: logging Pod, as written",
            vec![file("k8s/counter.yaml", include_str!("../examples/counter-pod.yaml"))],
        ),
        article(
            "article-logging-corrected",
            "Article: logging Pod, corrected as a Deployment",
            vec![file("k8s/counter.yaml", include_str!("../examples/counter-fixed.yaml"))],
        ),
        article(
            "article-imperative",
            "Article: kubectl create instead of apply, in a script, a workflow and an exported manifest",
            vec![
                file("deploy.sh", include_str!("../examples/deploy.sh")),
                file(".github/workflows/deploy.yml", include_str!("../examples/deploy-workflow.yml")),
                file("k8s/settings.yaml", include_str!("../examples/exported-configmap.yaml")),
            ],
        ),
        article(
            "article-declarative",
            "Article: kubectl apply of committed manifests, corrected",
            vec![
                file("deploy.sh", include_str!("../examples/deploy-fixed.sh")),
                file(".github/workflows/deploy.yml", include_str!("../examples/deploy-workflow-fixed.yml")),
                file("k8s/settings.yaml", include_str!("../examples/configmap-fixed.yaml")),
            ],
        ),
    ]
}

/// A menu entry's id and title for a rule's example, or with `corrected`, for its corrected version.
fn rule_entry(rule: &Rule, corrected: bool) -> (String, String) {
    if corrected {
        (format!("rule:{}:fixed", rule.id), format!("{} (corrected)", rule.id))
    } else {
        (format!("rule:{}", rule.id), format!("{}: {}", rule.id, rule.summary))
    }
}

/// The workspace for one rule: its docs' `Example` (the bad case) or, with `corrected`, its `Use instead`.
pub fn rule_example(rule: &Rule, corrected: bool, docs: &RuleDocs) -> Option<Example> {
    let section = if corrected { "Use instead" } else { "Example" };
    let (lang, text) = code_under(&parse(&docs.markdown), section)?;
    let path = policy_core::rules::example_path(&lang).unwrap_or_else(|| "Dockerfile".to_owned());
    let (id, title) = rule_entry(rule, corrected);
    let config = docs.example_config.clone();
    Some(Example { id, title, group: Group::Rule, files: vec![file(&path, &text)], config })
}

/// Whether the example `id` is a rule's, which needs the rules' docs to open.
pub fn needs_docs(id: &str) -> bool {
    id.starts_with("rule:")
}

/// One line of the Examples menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub id: String,
    pub title: String,
    pub group: Group,
}

/// The Examples menu: the article's examples, then one per rule, in registry order. Only ids and titles: the page
/// opens without parsing sixty rules' docs, and `find` builds the workspace that is chosen. Every rule's docs have
/// an `Example` block (a test below holds it).
pub fn menu() -> Vec<MenuEntry> {
    let article = article_examples().into_iter().map(|example| MenuEntry {
        id: example.id,
        title: example.title,
        group: example.group,
    });
    let rules = REGISTRY.iter().map(|rule| {
        let (id, title) = rule_entry(rule, false);
        MenuEntry { id, title, group: Group::Rule }
    });
    article.chain(rules).collect()
}

/// An example by id, including the corrected rule examples that the menu does not list.
pub fn find(id: &str, docs: &Docs) -> Option<Example> {
    if let Some(rule_id) = id.strip_prefix("rule:") {
        let (rule_id, corrected) = rule_id.strip_suffix(":fixed").map_or((rule_id, false), |rule_id| (rule_id, true));
        let rule = policy_core::rules::find(rule_id)?;
        return rule_example(rule, corrected, docs.get(rule.id)?);
    }
    article_examples().into_iter().find(|example| example.id == id)
}

/// What the playground opens with when the link carries no workspace.
pub fn default_example() -> Example {
    article_examples().into_iter().next().unwrap_or_else(|| article("empty", "Empty", vec![file("Dockerfile", "")]))
}

#[cfg(test)]
mod tests {
    use policy_core::{check, Config, Source};

    use super::*;
    use crate::docs::tests::catalogue_docs;

    #[test]
    fn every_rule_with_checks_has_an_example_that_raises_it() {
        let docs = catalogue_docs();
        for rule in REGISTRY {
            let Some(example) = docs.get(rule.id).and_then(|found| rule_example(rule, false, found)) else {
                assert!(rule.checks.is_empty(), "{} has checks but no Example block", rule.id);
                continue;
            };
            let sources: Vec<Source> =
                example.files.iter().map(|file| Source::new(file.path.clone(), file.text.clone())).collect();
            let base =
                example.config.as_deref().map_or_else(Config::default, |text| Config::from_yaml(text).expect("config"));
            let report = check(&sources, &Config { rules: Config::only(&[rule.id]).rules, ..base });
            assert!(report.findings.iter().any(|f| f.rule == rule.id), "{}: {:?}", rule.id, report.findings);
            assert_eq!(find(&example.id, &docs), Some(example.clone()));
            let fixed = find(&format!("rule:{}:fixed", rule.id), &docs).expect("corrected example");
            assert_eq!(fixed.files.len(), 1);
        }
    }

    #[test]
    fn article_examples_are_checked_and_the_corrected_ones_are_cleaner() {
        let docs = catalogue_docs();
        let count = |id: &str| {
            let example = find(id, &docs).expect(id);
            let sources: Vec<Source> =
                example.files.iter().map(|file| Source::new(file.path.clone(), file.text.clone())).collect();
            let report = check(&sources, &Config::default());
            assert_eq!(report.files.len(), example.files.len(), "{id}: every file has a kind");
            report.findings.len()
        };
        assert!(count("article-as-written") >= count("article-corrected"));
        assert!(count("article-node-onbuild") >= count("article-node-corrected"));
        assert!(count("article-logging-pod") >= count("article-logging-corrected"));
        assert!(count("article-imperative") > count("article-declarative"));
        assert!(find("no-such-example", &docs).is_none());
        assert!(find("rule:no-such-rule", &docs).is_none());
        assert!(find("rule:root-user", &Docs::default()).is_none(), "a rule's example needs its docs");
        assert_eq!(default_example().id, "article-as-written");
    }

    #[test]
    fn menu_lists_article_examples_first_then_every_rule_example() {
        let menu = menu();
        let docs = catalogue_docs();
        let first_rule = menu.iter().position(|e| e.group == Group::Rule).unwrap_or(menu.len());
        assert!(first_rule > 0);
        assert!(menu[..first_rule].iter().all(|e| e.group == Group::Article));
        let rule_examples: Vec<MenuEntry> = REGISTRY
            .iter()
            .map(|rule| {
                let found = docs.get(rule.id).and_then(|found| rule_example(rule, false, found));
                found.unwrap_or_else(|| panic!("{} has no Example block", rule.id))
            })
            .map(|example| MenuEntry { id: example.id, title: example.title, group: example.group })
            .collect();
        assert_eq!(menu[first_rule..], rule_examples[..]);
        for entry in &menu {
            let example = find(&entry.id, &docs).unwrap_or_else(|| panic!("{} opens nothing", entry.id));
            assert_eq!((&example.title, example.group), (&entry.title, entry.group));
        }
    }
}
