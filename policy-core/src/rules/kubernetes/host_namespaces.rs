use super::privileged_container::bool_fix;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::HOST_NAMESPACES;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports `hostNetwork: true`, `hostPID: true` and `hostIPC: true` in a pod spec (a Pod's, or the pod
    /// template of a workload), each at its key. The fix writes `false`.
    ///
    /// ## Why it matters
    /// These fields put every container of the pod into the node's own namespaces: with `hostNetwork` it binds
    /// the node's ports and reaches services that listen on localhost only, and NetworkPolicies no longer apply to
    /// it; with `hostPID` it sees, signals and (with `SYS_PTRACE`) reads every process of the node, including other
    /// pods' secrets in their environments; with `hostIPC` it shares the node's shared memory. The Pod Security
    /// Standards' Baseline profile ("Host Namespaces") forbids all three, and the article's least-privilege advice
    /// covers them. Node agents such as CNI plugins need them; exempt those in the configuration.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       hostNetwork: true
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    ///           ports:
    ///             - containerPort: 8080
    /// ```
    ///
    /// ## Peers
    /// kube-linter `host-network`, `host-pid` and `host-ipc`; checkov `CKV_K8S_17` (PID), `CKV_K8S_18` (IPC) and
    /// `CKV_K8S_19` (network).
    pub static RULE = {
        id: "host-namespaces",
        severity: Error,
        category: Security,
        summary: "a pod shares the node's network, process or IPC namespace",
        peers: [
            ("kube-linter", "host-network"),
            ("kube-linter", "host-pid"),
            ("kube-linter", "host-ipc"),
            ("checkov", "CKV_K8S_17"),
            ("checkov", "CKV_K8S_18"),
            ("checkov", "CKV_K8S_19"),
        ],
        controls: [HOST_NAMESPACES],
        checks: [Check::Object(check)],
    }
}

/// Each field and what sharing it exposes.
const FIELDS: &[(&str, &str)] = &[
    ("hostNetwork", "the node's network: its interfaces, its ports and what listens on its localhost"),
    ("hostPID", "the node's processes: it can see and signal every process on the node"),
    ("hostIPC", "the node's IPC namespace: the shared memory of every process on the node"),
];

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&HOST_NAMESPACES, &template) {
        return;
    }
    let note = enforcement.note(&HOST_NAMESPACES);
    for (field, exposed) in FIELDS {
        let Some(entry) = template.field(field).filter(|entry| entry.value.as_bool() == Some(true)) else { continue };
        let diagnostic = Diagnostic::new(
            RULE.id,
            entry.key.span,
            format!("the pods of {} share {exposed}{note}", ctx.object.describe()),
            format!("Remove `{field}: true`; if this is a node agent that needs it, exempt the object in the configuration."),
        );
        let fix = bool_fix(ctx.object.text, template.spec(), &[entry], false, &format!("Set `{field}: false`"));
        out.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    #[test]
    fn each_field_at_its_key_with_a_fix() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  hostIPC: on\n  hostNetwork: true\n  containers: [{name: a}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["hostPID", "hostIPC", "hostNetwork"]);
        assert_eq!(positions(RULE.id, text), [(6, 3), (7, 3), (8, 3)]);
        assert_eq!(fixed(RULE.id, text), text.replace("hostPID: true", "hostPID: false"));
        let found = findings(RULE.id, text);
        assert!(found[2].message.starts_with("the pods of Pod `p` share the node's network"), "{}", found[2].message);
        assert_eq!(
            found[1].fix.as_ref().map(|fix| fix.apply(text)),
            Some(text.replace("hostIPC: on", "hostIPC: false"))
        );
    }

    #[test]
    fn false_absent_and_quoted_pass() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: false\n  hostPID: \"true\"\n  containers: [{name: a}]\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn workloads_cron_jobs_lists_and_crds() {
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {hostNetwork: true, containers: [{name: a}]}\n";
        assert_eq!(flagged_text(RULE.id, cron), ["hostNetwork"]);
        assert_eq!(fixed(RULE.id, cron), cron.replace("hostNetwork: true", "hostNetwork: false"));
        let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: StatefulSet\n    metadata: {name: s}\n    spec:\n      template:\n        spec:\n          hostIPC: true\n";
        assert_eq!(flagged_text(RULE.id, list), ["hostIPC"]);
        let crd = "apiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n";
        assert_eq!(positions(RULE.id, crd), []);
        let outside_spec = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  hostNetwork: true\n  template:\n    spec:\n      containers: [{name: a}]\n";
        assert_eq!(positions(RULE.id, outside_spec), []);
    }
}
