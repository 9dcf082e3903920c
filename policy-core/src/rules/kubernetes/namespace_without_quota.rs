use crate::declare_rule;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Bundle;

declare_rule! {
    /// ## What it does
    /// Reports a `Namespace` declared in the files checked together when none of them holds a `ResourceQuota` in
    /// that namespace, at the Namespace's `metadata.name` value. Any ResourceQuota counts, scoped or not; a
    /// Namespace without a name is skipped.
    ///
    /// ## Why it matters
    /// The article: "By default, all resources in the Kubernetes cluster are created with unbounded CPU and
    /// memory requests/limits", which puts the cluster "at risk of DoS or noisy neighbor scenarios"; its advice is
    /// to "define resource quotas ... attached to Kubernetes namespace". A quota is only enforced in a namespace
    /// that has one (Kubernetes documentation, Resource Quotas), so a Namespace shipped without its quota lets one
    /// runaway workload take the whole cluster.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: awesome-project
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
    /// kind: ResourceQuota
    /// metadata:
    ///   name: compute-resources
    ///   namespace: awesome-project
    /// spec:
    ///   hard:
    ///     pods: "4"
    ///     requests.cpu: "1"
    ///     requests.memory: 1Gi
    ///     limits.cpu: "2"
    ///     limits.memory: 2Gi
    /// ```
    ///
    /// ## Peers
    /// None of hadolint, checkov, kube-linter or kube-score has this check.
    pub static RULE = {
        id: "namespace-without-quota",
        severity: Warning,
        category: Resources,
        summary: "a Namespace with no ResourceQuota in the files checked",
        peers: [],
        checks: [Check::Bundle(check)],
    }
}

fn check(bundle: &Bundle<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    for namespace in bundle.namespaces() {
        let (Some(name), Some(entry)) = (namespace.name(), namespace.metadata.name()) else { continue };
        // `quotas_in` walks only the objects of this namespace, so the whole rule stays linear in the bundle.
        if bundle.quotas_in(name).next().is_some() {
            continue;
        }
        out.push((
            namespace.source,
            Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!("Namespace `{name}` has no ResourceQuota in the files checked, so nothing bounds what it uses"),
                format!(
                    "Add a ResourceQuota with `metadata.namespace: {name}` and `spec.hard` limits on pods, CPU and \
                     memory."
                ),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "namespace-without-quota";

    fn namespace(name: &str) -> String {
        format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n")
    }

    fn quota(namespace: &str) -> String {
        format!(
            "apiVersion: v1\nkind: ResourceQuota\nmetadata: {{name: q, namespace: {namespace}}}\n\
             spec: {{hard: {{pods: \"4\"}}}}\n"
        )
    }

    #[test]
    fn points_at_the_name_value() {
        let yaml = namespace("shop");
        assert_eq!(positions(ID, &yaml), [(4, 9)]);
        assert_eq!(flagged_text(ID, &yaml), ["shop"]);
        assert!(findings(ID, &yaml)[0].message.contains("Namespace `shop`"));
    }

    #[test]
    fn a_quota_in_another_file_counts_and_only_for_its_namespace() {
        let files = [
            (
                "namespaces.yaml",
                format!("{}---\n{}---\n{}", namespace("shop"), namespace("billing"), namespace("\"ops\"")),
            ),
            ("quota.yaml", quota("shop")),
            ("other.yaml", quota("shopping")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        let found = findings_in(ID, &files, Config::default());
        let flagged: Vec<(&str, u32, &str)> =
            found.iter().map(|f| (f.path.as_str(), f.line, f.span.slice(files[0].1))).collect();
        assert_eq!(flagged, [("namespaces.yaml", 9, "billing"), ("namespaces.yaml", 14, "\"ops\"")]);
    }

    #[test]
    fn quota_without_namespace_covers_default_and_unnamed_or_custom_namespaces_are_skipped() {
        let yaml = format!(
            "{}---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {{name: q}}\n---\napiVersion: v1\nkind: Namespace\n\
             metadata: {{}}\n---\napiVersion: example.com/v1\nkind: Namespace\nmetadata: {{name: x}}\n",
            namespace("default")
        );
        assert_eq!(positions(ID, &yaml), []);
    }
}
