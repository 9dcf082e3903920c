use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a container (init and ephemeral ones included) whose `securityContext` does not set
    /// `readOnlyRootFilesystem: true`: at `readOnlyRootFilesystem: false` (or a value that is not a boolean), else
    /// at the container's name. The field has no pod-level counterpart.
    ///
    /// ## Why it matters
    /// With a writable root filesystem, an attacker who gets code execution can drop tools and binaries into the
    /// container, replace its programs, and leave changes behind that survive until the pod is replaced; the app
    /// can also fill the node's disk through its writable layer. A read-only root, with `emptyDir` volumes for the
    /// few directories the app writes (`/tmp`, caches), makes the container immutable. The NSA/CISA Kubernetes
    /// Hardening Guidance recommends it, and the article's "Log Everything" section wants output on stdout, not in
    /// files.
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
    ///           securityContext:
    ///             readOnlyRootFilesystem: true
    ///           volumeMounts:
    ///             - name: tmp
    ///               mountPath: /tmp
    ///       volumes:
    ///         - name: tmp
    ///           emptyDir: {}
    /// ```
    ///
    /// ## Peers
    /// kube-linter `no-read-only-root-fs`; kube-score `container-security-context-readonlyrootfilesystem`; checkov
    /// `CKV_K8S_22`.
    pub static RULE = {
        id: "writable-root-filesystem",
        severity: Info,
        category: Security,
        summary: "a container does not set `readOnlyRootFilesystem: true`",
        peers: [
            ("kube-linter", "no-read-only-root-fs"),
            ("kube-score", "container-security-context-readonlyrootfilesystem"),
            ("checkov", "CKV_K8S_22"),
        ],
        checks: [Check::Object(check)],
    }
}

const HELP: &str = "Set `readOnlyRootFilesystem: true` in the container's securityContext, and mount `emptyDir` \
                    volumes where it must write (`/tmp`, caches).";

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    for container in template.containers() {
        let who = format!("{} of {}", container.describe(), ctx.object.describe());
        let setting = container.effective("readOnlyRootFilesystem");
        let (span, message) = match (setting.entry, setting.as_bool()) {
            (_, Some(true)) => continue,
            (Some(entry), Some(false)) => {
                (entry.value.span, format!("{who} has a writable root filesystem: `readOnlyRootFilesystem: false`"))
            }
            (Some(entry), None) => (
                entry.value.span,
                format!(
                    "{who} sets `readOnlyRootFilesystem` to `{}`, which is not a boolean, so its root filesystem is \
                     writable",
                    entry.value.span.slice(ctx.object.text)
                ),
            ),
            (None, _) => (
                container.anchor(),
                format!("{who} has a writable root filesystem: it does not set `readOnlyRootFilesystem: true`"),
            ),
        };
        out.push(Diagnostic::new(RULE.id, span, message, HELP));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::Severity;
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(context: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n{context}")
    }

    #[test]
    fn absent_false_and_non_boolean_values() {
        let absent = pod("      image: nginx:1.27\n");
        assert_eq!(flagged_text(RULE.id, &absent), ["app"]);
        assert_eq!(findings(RULE.id, &absent)[0].severity, Severity::Info);
        let off = pod("      securityContext:\n        readOnlyRootFilesystem: false\n");
        assert_eq!(positions(RULE.id, &off), [(9, 33)]);
        assert_eq!(flagged_text(RULE.id, &off), ["false"]);
        let quoted = pod("      securityContext: {readOnlyRootFilesystem: \"true\"}\n");
        assert_eq!(flagged_text(RULE.id, &quoted), ["\"true\""]);
        assert_eq!(positions(RULE.id, &pod("      securityContext: {readOnlyRootFilesystem: true}\n")), []);
    }

    #[test]
    fn the_pod_level_field_does_not_count() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        readOnlyRootFilesystem: true\n      initContainers: [{name: init}]\n      containers:\n        - name: app\n          securityContext: {readOnlyRootFilesystem: true}\n";
        assert_eq!(flagged_text(RULE.id, text), ["init"]);
        assert!(findings(RULE.id, text)[0].message.starts_with("init container `init` of Deployment `web`"));
    }

    #[test]
    fn lists_and_crds() {
        let list = "apiVersion: v1\nkind: PodList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: x}]}\n- apiVersion: example.com/v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {containers: [{name: y}]}\n";
        assert_eq!(flagged_text(RULE.id, list), ["x"]);
    }
}
