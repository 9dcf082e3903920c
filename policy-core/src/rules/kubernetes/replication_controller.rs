use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a ReplicationController, at its `kind` value. Custom resources that share the name are skipped.
    ///
    /// ## Why it matters
    /// The article calls Deployments "the upgraded and higher version of the replication controller": a
    /// Deployment manages ReplicaSets, rolls a new template out gradually, keeps its history and rolls back,
    /// where a ReplicationController replaces pods only when they die, so changing its template changes nothing
    /// until pods are deleted by hand. The Kubernetes documentation (ReplicationController) recommends a
    /// Deployment that configures a ReplicaSet instead.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ReplicationController
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: nginx:1.27
    /// ```
    pub static RULE = {
        id: "replication-controller",
        severity: Warning,
        category: Reliability,
        summary: "ReplicationController instead of a Deployment",
        peers: [],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    if !object.is_builtin("ReplicationController") {
        return;
    }
    out.push(Diagnostic::new(
        RULE.id,
        object.kind_entry.value.span,
        format!("{} is a ReplicationController, which cannot roll out a new template or roll back", object.describe()),
        "Declare a Deployment (`apiVersion: apps/v1`) with the same `replicas` and `template`, and the \
         controller's selector under `spec.selector.matchLabels`.",
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "replication-controller";

    #[test]
    fn points_at_the_kind_value_and_names_the_object() {
        let yaml = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        assert_eq!(positions(ID, yaml), [(2, 7)]);
        assert_eq!(flagged_text(ID, yaml), ["ReplicationController"]);
        let found = findings(ID, yaml);
        assert!(found[0].message.starts_with("ReplicationController `web` is a ReplicationController"));
        assert!(found[0].help.contains("apps/v1"), "{}", found[0].help);

        let unnamed = "apiVersion: v1\nkind: ReplicationController\n";
        assert!(findings(ID, unnamed)[0].message.starts_with("ReplicationController is a"));
    }

    #[test]
    fn other_controllers_and_custom_kinds_pass() {
        for (api_version, kind) in
            [("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("example.com/v1", "ReplicationController")]
        {
            let yaml = format!("apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n");
            assert_eq!(positions(ID, &yaml), [], "{api_version} {kind}");
        }
    }

    #[test]
    fn list_items_flow_style_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ReplicationController, metadata: {name: a}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
";
        assert_eq!(positions(ID, list), [(4, 26)]);
        let files = [
            ("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"),
            ("b.yaml", "---\napiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: b\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 3, 7)]);
    }
}
