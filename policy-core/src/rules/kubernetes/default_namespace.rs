use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Scope;

declare_rule! {
    /// ## What it does
    /// Reports `namespace: default` written in an object's metadata, at the value.
    ///
    /// Cluster-scoped kinds are skipped (Kubernetes ignores their namespace), and so are the two objects that
    /// belong in `default` by design: the ServiceAccount `default` and the Service `kubernetes`, which manifests
    /// sometimes declare to patch them. An object without a namespace is `missing-namespace`'s finding.
    ///
    /// ## Why it matters
    /// The article's advice is a namespace per project: it bounds who can do what, carries quotas, and can be
    /// deleted to reset the project. `default` is shared by everything that names no namespace, so RBAC,
    /// network policies and quotas cannot tell the project apart from the rest (CIS Kubernetes Benchmark 5.7.4:
    /// "The default namespace should not be used").
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: default
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// ```
    ///
    /// ## Peers
    /// kube-linter's `use-namespace` and checkov's `CKV_K8S_21` report this and a missing namespace as one
    /// finding; checkov also passes the ServiceAccount `default` and the Service `kubernetes`.
    pub static RULE = {
        id: "default-namespace",
        severity: Warning,
        category: Organization,
        summary: "object placed in the `default` namespace",
        peers: [("kube-linter", "use-namespace"), ("checkov", "CKV_K8S_21")],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    if object.scope() == Scope::Cluster {
        return;
    }
    let Some(entry) = object.metadata.namespace() else { return };
    if entry.value.as_str() != Some("default") {
        return;
    }
    let builtin_resident =
        matches!((object.kind, object.name()), ("ServiceAccount", Some("default")) | ("Service", Some("kubernetes")))
            && object.group().is_empty();
    if builtin_resident {
        return;
    }
    out.push(Diagnostic::new(
        RULE.id,
        entry.value.span,
        format!("{} is placed in the shared `default` namespace", object.describe()),
        "Give the project a namespace of its own (a Namespace object) and name it in `metadata.namespace`.",
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "default-namespace";

    #[test]
    fn points_at_the_value_plain_or_quoted() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n";
        assert_eq!(positions(ID, yaml), [(5, 14)]);
        assert_eq!(flagged_text(ID, yaml), ["default"]);
        assert_eq!(findings(ID, yaml)[0].message, "Deployment `web` is placed in the shared `default` namespace");

        let quoted = "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: \"default\"}\n";
        assert_eq!(flagged_text(ID, quoted), ["\"default\""]);
    }

    #[test]
    fn other_namespaces_none_and_cluster_scoped_objects_pass() {
        let shop = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\n";
        assert_eq!(positions(ID, shop), []);
        let none = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n";
        assert_eq!(positions(ID, none), []);
        let similar = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: default-shop\n";
        assert_eq!(positions(ID, similar), []);
        let cluster =
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n  namespace: default\n";
        assert_eq!(positions(ID, cluster), []);
    }

    #[test]
    fn residents_of_default_pass_custom_resources_do_not() {
        let account = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: default\n";
        assert_eq!(positions(ID, account), []);
        let kubernetes = "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\n";
        assert_eq!(positions(ID, kubernetes), []);
        let other_account = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  namespace: default\n";
        assert_eq!(flagged_text(ID, other_account), ["default"]);
        let custom =
            "apiVersion: example.com/v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: default\n";
        assert_eq!(flagged_text(ID, custom), ["default"], "a CRD sharing the kind name is not the built-in");
    }

    #[test]
    fn list_items_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
    namespace: default
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b
    namespace: shop
";
        assert_eq!(positions(ID, list), [(8, 16)]);
        let files = [
            ("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: shop\n"),
            ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: default\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 5, 14)]);
    }
}
