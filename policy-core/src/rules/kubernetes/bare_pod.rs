use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a Pod declared on its own, at its `kind` value: one whose `metadata.ownerReferences` names no
    /// controller. Pods owned by something (as exported from a cluster) are left alone, and so are custom
    /// resources that happen to be called Pod.
    ///
    /// Static pods (files the kubelet reads from its manifest folder) have no controller by design; exempt them
    /// in the configuration.
    ///
    /// ## Why it matters
    /// "Use Deployments all the time, even when you're deploying your first single Nginx pod", the article says.
    /// Nothing recreates a bare Pod when its node fails, drains or evicts it, and changing it means deleting
    /// and recreating it by hand; a Deployment replaces failed pods, rolls changes out gradually and can roll
    /// them back (Kubernetes documentation, Pods: "Working with Pods").
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: counter
    ///   namespace: shop
    /// spec:
    ///   containers:
    ///   - name: count
    ///     image: busybox:1.36
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: counter
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: counter
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: counter
    ///     spec:
    ///       containers:
    ///       - name: count
    ///         image: busybox:1.36
    /// ```
    pub static RULE = {
        id: "bare-pod",
        severity: Warning,
        category: Reliability,
        summary: "Pod not managed by a controller",
        peers: [],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    if !object.is_builtin("Pod") {
        return;
    }
    let owned = object
        .metadata
        .entry
        .and_then(|metadata| metadata.value.get("ownerReferences"))
        .and_then(|owners| owners.as_sequence())
        .is_some_and(|owners| !owners.is_empty());
    if owned {
        return;
    }
    out.push(Diagnostic::new(
        RULE.id,
        object.kind_entry.value.span,
        format!(
            "{} is not managed by a controller: nothing recreates it when its node fails or evicts it",
            object.describe()
        ),
        "Declare a Deployment instead, with this pod's metadata and spec as its `spec.template` and a \
         `spec.selector.matchLabels` matching the template's labels (a Job for work that runs to completion).",
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "bare-pod";

    #[test]
    fn points_at_the_kind_value_and_names_the_pod() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: counter\nspec:\n  containers: []\n";
        assert_eq!(positions(ID, yaml), [(2, 7)]);
        assert_eq!(flagged_text(ID, yaml), ["Pod"]);
        let found = findings(ID, yaml);
        assert!(found[0].message.starts_with("Pod `counter` is not managed"), "{}", found[0].message);
        assert!(found[0].help.contains("Deployment"), "{}", found[0].help);

        let quoted = "apiVersion: v1\nkind: \"Pod\"\nmetadata: {name: x}\n";
        assert_eq!(flagged_text(ID, quoted), ["\"Pod\""]);
    }

    #[test]
    fn owned_pods_controllers_and_custom_pods_pass() {
        let owned = "\
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abcde
  ownerReferences:
  - apiVersion: apps/v1
    kind: ReplicaSet
    name: web-5d8f
    uid: 1b2c
";
        assert_eq!(positions(ID, owned), []);
        let empty_owners = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences: []\n";
        assert_eq!(positions(ID, empty_owners), [(2, 7)], "an empty list owns nothing");
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
        assert_eq!(positions(ID, deployment), []);
        let custom = "apiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: x\n";
        assert_eq!(positions(ID, custom), []);
    }

    #[test]
    fn list_items_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: a}}
- {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}
";
        assert_eq!(positions(ID, list), [(4, 26)]);
        let files = [
            ("a.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n"),
            ("b.yaml", "# a comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 3, 7)]);
    }
}
