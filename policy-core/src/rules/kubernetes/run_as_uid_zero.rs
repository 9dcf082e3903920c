use crate::config::PodSecurityLevel;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{in_user_namespace, RUNNING_AS_NON_ROOT_USER};
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports `runAsUser: 0` in the pod's `securityContext` or in any container's (init and ephemeral
    /// containers too), at the value. The pod's setting is reported even when every container overrides it,
    /// since it is what a new container inherits. Pods in their own user namespace (`hostUsers: false`) are
    /// exempt from Kubernetes 1.35, as the admission exempts them.
    ///
    /// ## Why it matters
    /// User id 0 is root. A container that runs as root and escapes is root on the node, and many escapes need
    /// root inside the container to begin with. The Pod Security Standards' Restricted profile ("Running as
    /// Non-root user", from 1.23) forbids user id 0 explicitly, on top of `runAsNonRoot: true`.
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
    ///       securityContext:
    ///         runAsNonRoot: true
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    ///           securityContext:
    ///             runAsUser: 0
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
    ///       securityContext:
    ///         runAsNonRoot: true
    ///         runAsUser: 10001
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Peers
    /// Kyverno `require-run-as-non-root-user`; trivy `KSV105`.
    pub static RULE = {
        id: "run-as-uid-zero",
        severity: Warning,
        category: Security,
        summary: "a pod or container runs as user id 0 (`runAsUser: 0`)",
        peers: [],
        controls: [RUNNING_AS_NON_ROOT_USER],
        checks: [Check::Object(check)],
    }
}

fn root_user(security_context: Option<&Entry>) -> Option<&Entry> {
    security_context?.value.entry("runAsUser").filter(|entry| entry.value.as_i64() == Some(0))
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&RUNNING_AS_NON_ROOT_USER, &template)
        || (enforcement.at_least(35) && in_user_namespace(&template) && enforcement.level >= PodSecurityLevel::Baseline)
    {
        return;
    }
    let note = enforcement.note(&RUNNING_AS_NON_ROOT_USER);
    let object = ctx.object.describe();
    let help = "Run as an unprivileged user id, e.g. `runAsUser: 10001`, and set `runAsNonRoot: true`.";
    if let Some(entry) = root_user(template.security_context()) {
        let message = format!("the pods of {object} run as root: `runAsUser: 0` in the pod's securityContext{note}");
        out.push(Diagnostic::new(RULE.id, entry.value.span, message, help));
    }
    for container in template.containers() {
        if let Some(entry) = root_user(container.security_context()) {
            let message = format!("{} of {object} runs as root: `runAsUser: 0`{note}", container.describe());
            out.push(Diagnostic::new(RULE.id, entry.value.span, message, help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn pod_and_container_zeros_each_reported() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext: {runAsUser: 0}\n  initContainers:\n    - name: init\n      securityContext: {runAsUser: 0}\n  containers:\n    - name: app\n      securityContext: {runAsUser: 1000}\n";
        assert_eq!(flagged_text(RULE.id, text), ["0", "0"]);
        let found = findings(RULE.id, text);
        assert!(found[0].message.starts_with("the pods of Pod `p` run as root"), "{}", found[0].message);
        assert!(found[1].message.starts_with("init container `init` of Pod `p` runs as root"), "{}", found[1].message);
    }

    #[test]
    fn versions_before_1_23_and_user_namespaces_pass() {
        let pod = |labels: &str, spec: &str| {
            format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {{{labels}}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p, namespace: n}}\nspec:\n{spec}  containers: [{{name: a, securityContext: {{runAsUser: 0}}}}]\n")
        };
        let restricted = "pod-security.kubernetes.io/enforce: restricted";
        assert_eq!(findings(RULE.id, &pod(restricted, "")).len(), 1);
        let old = format!("{restricted}, pod-security.kubernetes.io/enforce-version: v1.22");
        assert!(findings(RULE.id, &pod(&old, "")).is_empty());
        assert!(findings(RULE.id, &pod(restricted, "  hostUsers: false\n")).is_empty());
        let before_1_35 = format!("{restricted}, pod-security.kubernetes.io/enforce-version: v1.34");
        assert_eq!(findings(RULE.id, &pod(&before_1_35, "  hostUsers: false\n")).len(), 1);
    }
}
