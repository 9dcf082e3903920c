use std::collections::{BTreeSet, HashMap};

use crate::declare_rule;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::kubernetes::{Bundle, Object};

declare_rule! {
    /// ## What it does
    /// When the files checked together declare at least one Namespace, reports each object whose
    /// `metadata.namespace` names a namespace none of them declares, at the namespace value. The message
    /// suggests the closest declared name when at most a third of the characters differ, and a fix replaces
    /// the value with it when one or two edits separate them (the article's `awsome-project` for
    /// `awesome-project`).
    ///
    /// The namespaces every cluster has (`default`, `kube-system`, `kube-public`, `kube-node-lease`) count as
    /// declared, objects without a namespace are `missing-namespace`'s business, and cluster-scoped objects are
    /// skipped. Files that declare no Namespace at all are assumed to deploy into namespaces made elsewhere.
    /// When more than 128 namespaces are declared, only names one edit away (or one swap of neighbouring
    /// letters) are suggested: they are found through an index instead of by comparing every pair of names,
    /// so a bundle of thousands of namespaces is checked in linear time.
    ///
    /// ## Why it matters
    /// A misspelt namespace is not a new namespace: `kubectl apply` stops with `namespaces "awsome-project" not
    /// found`, or, where someone once created the misspelt one by hand, quietly puts the object beside the
    /// project instead of in it, out of reach of its quota, policies and RBAC. The article's Service and
    /// Deployment both sit in `awsome-project` while its Namespace is `awesome-project`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: awesome-project
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: awsome-project
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: awesome-project
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: awesome-project
    /// ```
    pub static RULE = {
        id: "undeclared-namespace",
        severity: Warning,
        category: Organization,
        summary: "object in a namespace the manifests do not declare",
        peers: [],
        checks: [Check::Bundle(check)],
    }
}

/// Namespaces a cluster creates for itself.
const BUILT_IN: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

/// Most declared names listed in a message without a suggestion.
const LISTED: usize = 5;

fn check(bundle: &Bundle<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    let declared: BTreeSet<&str> = bundle.namespaces().filter_map(Object::name).collect();
    if declared.is_empty() {
        return;
    }
    let nearby = (declared.len() > EXHAUSTIVE).then(|| OneEditIndex::new(&declared));
    // Each undeclared namespace is compared with the declared ones once, however many objects use it.
    for namespace in bundle.used_namespaces() {
        if declared.contains(namespace) || BUILT_IN.contains(&namespace) {
            continue;
        }
        let near = match &nearby {
            Some(index) => closest(namespace, index.candidates(namespace)),
            None => closest(namespace, declared.iter().copied()),
        };
        for object in bundle.in_namespace(namespace) {
            let Some(entry) = object.metadata.namespace() else { continue };
            out.push((object.source, diagnostic(object, entry.value.span, namespace, near, &declared)));
        }
    }
}

/// Up to this many declared namespaces, every one is compared with an undeclared name.
const EXHAUSTIVE: usize = 128;

/// The candidate with the smallest edit distance to `namespace` (ties to the first in name order), when at most a
/// third of its characters differ.
fn closest<'d>(namespace: &str, candidates: impl Iterator<Item = &'d str>) -> Option<(usize, &'d str)> {
    candidates
        .map(|name| (strsim::osa_distance(namespace, name), name))
        .filter(|(distance, _)| distance * 3 <= namespace.chars().count().max(3))
        .min()
}

/// Declared names keyed by themselves and by each of their one-character deletions. Two names one edit or one
/// neighbour swap apart share a key (the shorter name, or the name with the differing or swapped character
/// removed), so looking up an undeclared name's keys finds them without visiting the others.
struct OneEditIndex<'d> {
    by_key: HashMap<String, Vec<&'d str>>,
}

impl<'d> OneEditIndex<'d> {
    fn new(declared: &BTreeSet<&'d str>) -> Self {
        let mut by_key: HashMap<String, Vec<&'d str>> = HashMap::new();
        for name in declared {
            for key in with_one_deletion(name) {
                by_key.entry(key).or_default().push(name);
            }
        }
        Self { by_key }
    }

    fn candidates<'s>(&'s self, namespace: &str) -> impl Iterator<Item = &'d str> + 's {
        let mut found: Vec<&'d str> =
            with_one_deletion(namespace).filter_map(|key| self.by_key.get(&key)).flatten().copied().collect();
        crate::base::order::sort_dedup(&mut found);
        found.into_iter()
    }
}

/// `name` itself, then `name` with each one of its characters removed.
fn with_one_deletion(name: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(name.to_owned()).chain(name.char_indices().map(move |(at, c)| {
        let mut shorter = String::with_capacity(name.len());
        shorter.push_str(name.get(..at).unwrap_or_default());
        shorter.push_str(name.get(at + c.len_utf8()..).unwrap_or_default());
        shorter
    }))
}

fn diagnostic(
    object: &Object<'_>,
    span: crate::base::span::Span,
    namespace: &str,
    near: Option<(usize, &str)>,
    declared: &BTreeSet<&str>,
) -> Diagnostic {
    let describe = object.describe();
    let Some((distance, near)) = near else {
        let mut list: Vec<String> = declared.iter().take(LISTED).map(|name| format!("`{name}`")).collect();
        if declared.len() > LISTED {
            list.push(format!("and {} more", declared.len() - LISTED));
        }
        return Diagnostic::new(
            RULE.id,
            span,
            format!(
                "{describe} is in namespace `{namespace}`, which the manifests do not declare (they declare {})",
                list.join(", ")
            ),
            format!("Add a Namespace named `{namespace}` to the manifests, or move the object to one they declare."),
        );
    };
    let diagnostic = Diagnostic::new(
        RULE.id,
        span,
        format!("{describe} is in namespace `{namespace}`, which the manifests do not declare; did you mean `{near}`?"),
        format!("Change it to `{near}`, or add a Namespace named `{namespace}` if it is meant to be a new one."),
    );
    if distance > 2 {
        return diagnostic;
    }
    // Keep the quotes the value was written with.
    let written = span.slice(object.text);
    let replacement = match written.chars().next() {
        Some(quote @ ('"' | '\'')) => format!("{quote}{near}{quote}"),
        _ => near.to_owned(),
    };
    diagnostic.with_fix(Fix::replace(format!("Change the namespace to `{near}`"), span, replacement))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, fixed, flagged_text, positions};
    use crate::Config;

    const ID: &str = "undeclared-namespace";

    const AWESOME: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: awesome-project\n";

    #[test]
    fn the_article_typo_is_found_suggested_and_fixed() {
        let yaml = format!(
            "{AWESOME}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: service-p\n  namespace: awsome-project\n\
             ---\napiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: microservice-y\n  namespace: \
             awsome-project\n"
        );
        assert_eq!(positions(ID, &yaml), [(10, 14), (16, 14)]);
        assert_eq!(flagged_text(ID, &yaml), ["awsome-project", "awsome-project"]);
        let found = findings(ID, &yaml);
        assert_eq!(
            found[0].message,
            "Service `service-p` is in namespace `awsome-project`, which the manifests do not declare; did you mean \
             `awesome-project`?"
        );
        assert!(found[1].message.starts_with("Deployment `microservice-y` is in namespace `awsome-project`"));
        assert!(fixed(ID, &yaml).contains("  name: service-p\n  namespace: awesome-project\n---\n"));
    }

    #[test]
    fn far_names_are_listed_not_suggested_middling_ones_suggested_not_fixed() {
        let namespaces = "apiVersion: v1\nkind: Namespace\nmetadata: {name: billing}\n---\n\
                          apiVersion: v1\nkind: Namespace\nmetadata: {name: awesome-project}\n---\n";
        let far = format!("{namespaces}apiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: shop}}\n");
        let found = findings(ID, &far);
        assert_eq!(
            found[0].message,
            "Secret `s` is in namespace `shop`, which the manifests do not declare (they declare `awesome-project`, \
             `billing`)"
        );
        assert!(found[0].fix.is_none());

        let middling =
            format!("{namespaces}apiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: awsme-projct}}\n");
        let found = findings(ID, &middling);
        assert!(found[0].message.ends_with("did you mean `awesome-project`?"), "{}", found[0].message);
        assert!(found[0].fix.is_none(), "three edits apart is a guess, not a fix");
    }

    #[test]
    fn quotes_survive_the_fix_in_flow_style() {
        let yaml = format!(
            "{AWESOME}---\napiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: 'awesome-projekt'}}\n"
        );
        assert_eq!(flagged_text(ID, &yaml), ["'awesome-projekt'"]);
        assert!(fixed(ID, &yaml).ends_with("metadata: {name: s, namespace: 'awesome-project'}\n"));
    }

    #[test]
    fn nothing_without_declared_namespaces_or_for_built_in_declared_unset_and_cluster_scoped() {
        let alone = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: awsome-project\n";
        assert_eq!(positions(ID, alone), [], "no Namespace declared: namespaces come from elsewhere");
        let quiet = format!(
            "{AWESOME}---\napiVersion: v1\nkind: Secret\nmetadata: {{name: a, namespace: awesome-project}}\n\
             ---\napiVersion: v1\nkind: Secret\nmetadata: {{name: b, namespace: kube-system}}\n\
             ---\napiVersion: v1\nkind: Secret\nmetadata: {{name: c, namespace: default}}\n\
             ---\napiVersion: v1\nkind: Secret\nmetadata: {{name: d}}\n\
             ---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: e, namespace: x}}\n"
        );
        assert_eq!(positions(ID, &quiet), []);
        let custom = format!(
            "{AWESOME}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w, namespace: other}}\n"
        );
        assert_eq!(flagged_text(ID, &custom), ["other"], "a custom resource in a namespace is held to it too");
    }

    #[test]
    fn across_files_and_list_items() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
    namespace: awsome-project
";
        let files = [("namespace.yaml", AWESOME), ("app.yaml", list)];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("app.yaml", 8, 16)]);
        assert!(found[0].fix.is_some());
    }

    #[test]
    fn many_declared_namespaces_still_get_suggestions_one_edit_or_swap_away() {
        use std::fmt::Write as _;
        let mut yaml = String::new();
        for team in 0..300 {
            let _ = write!(yaml, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-{team}-shop\n---\n");
        }
        for (name, namespace) in [("swap", "taem-7-shop"), ("drop", "team-42-shp"), ("far", "tx-99-shoq")] {
            let _ = write!(
                yaml,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {namespace}\n---\n"
            );
        }
        let messages: Vec<String> = findings(ID, &yaml).into_iter().map(|finding| finding.message).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].ends_with("did you mean `team-7-shop`?"), "{}", messages[0]);
        assert!(messages[1].ends_with("did you mean `team-42-shop`?"), "{}", messages[1]);
        assert!(messages[2].contains("do not declare (they declare"), "four edits away: {}", messages[2]);
    }
}
