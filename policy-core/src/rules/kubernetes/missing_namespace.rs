use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Scope;

declare_rule! {
    /// ## What it does
    /// Reports a namespaced object without `metadata.namespace`, at its name (or at its kind when it has no name).
    ///
    /// Only kinds Seaworthy knows to be namespaced are checked: built-in kinds outside the cluster-scoped list
    /// (Namespace, Node, PersistentVolume, StorageClass, ClusterRole, ClusterRoleBinding,
    /// CustomResourceDefinition, PriorityClass, the webhook configurations, ...). Objects of other API groups
    /// (custom resources) are skipped, since whether they are namespaced is written in their
    /// CustomResourceDefinition, not in the object.
    ///
    /// If a tool sets the namespace when it applies the files (kustomize's `namespace:`, `helm --namespace`,
    /// `kubectl apply -n`), turn this rule off.
    ///
    /// ## Why it matters
    /// "Use Namespaces, always", the article says: they are a security boundary, a way to partition work, and a way
    /// to reset or delete it. An object without a namespace lands in whatever namespace the applying context
    /// names, usually `default`, so the same file ends up in different places for different people (CIS
    /// Kubernetes Benchmark 5.7.1 and 5.7.4).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    /// data:
    ///   mode: fast
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// data:
    ///   mode: fast
    /// ```
    ///
    /// ## Peers
    /// kube-linter's `use-namespace` and checkov's `CKV_K8S_21` flag an object without a namespace and one in
    /// `default` alike; Seaworthy splits them into this rule and `default-namespace`.
    pub static RULE = {
        id: "missing-namespace",
        severity: Warning,
        category: Organization,
        summary: "namespaced object without `metadata.namespace`",
        peers: [("kube-linter", "use-namespace"), ("checkov", "CKV_K8S_21")],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    if object.scope() != Scope::Namespaced {
        return;
    }
    // An empty `namespace:` reads as unset in the API server too.
    let written = object.metadata.namespace().is_some_and(|entry| !entry.value.is_null());
    if written {
        return;
    }
    out.push(Diagnostic::new(
        RULE.id,
        object.anchor(),
        format!(
            "{} has no `metadata.namespace`, so it lands in whatever namespace the applying context names \
             (usually `default`)",
            object.describe()
        ),
        "Add `namespace: <name>` under `metadata:`, naming a Namespace that the manifests declare.",
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "missing-namespace";

    #[test]
    fn points_at_the_name_or_the_kind() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n";
        assert_eq!(positions(ID, yaml), [(4, 9)]);
        assert_eq!(flagged_text(ID, yaml), ["web"]);
        let message = &findings(ID, yaml)[0].message;
        assert!(message.starts_with("Deployment `web` has no `metadata.namespace`"), "{message}");

        let unnamed = "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {app: web}\n";
        assert_eq!(flagged_text(ID, unnamed), ["Service"]);
        let no_metadata = "apiVersion: v1\nkind: ConfigMap\n";
        assert_eq!(positions(ID, no_metadata), [(2, 7)]);
    }

    #[test]
    fn a_written_namespace_passes_an_empty_one_does_not() {
        let with = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: shop\n";
        assert_eq!(positions(ID, with), []);
        let default = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\n";
        assert_eq!(positions(ID, default), [], "`default` written out is default-namespace's business");
        let empty = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace:\n";
        assert_eq!(flagged_text(ID, empty), ["s"]);
    }

    #[test]
    fn cluster_scoped_and_custom_kinds_are_skipped() {
        for (api_version, kind) in [
            ("v1", "Namespace"),
            ("v1", "PersistentVolume"),
            ("rbac.authorization.k8s.io/v1", "ClusterRole"),
            ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
            ("storage.k8s.io/v1", "StorageClass"),
            ("cert-manager.io/v1", "Certificate"),
            ("example.com/v1", "Deployment"),
        ] {
            let yaml = format!("apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n");
            assert_eq!(positions(ID, &yaml), [], "{api_version} {kind}");
        }
        let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n";
        assert_eq!(flagged_text(ID, role), ["reader"], "a Role is namespaced");
    }

    #[test]
    fn list_items_flow_style_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a, namespace: shop}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: b}
";
        assert_eq!(positions(ID, list), [(9, 20)]);
        assert_eq!(flagged_text(ID, list), ["b"]);

        let files = [
            ("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"),
            ("b.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32)> = found.iter().map(|f| (f.path.as_str(), f.line)).collect();
        assert_eq!(places, [("b.yaml", 4)]);
    }
}
