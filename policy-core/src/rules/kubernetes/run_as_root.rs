use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Level;

declare_rule! {
    /// ## What it does
    /// Reports a container that may run as root, reading its `securityContext` over the pod's (the container's
    /// setting wins, the pod's applies where the container sets none):
    /// - `runAsUser: 0`, at that value;
    /// - `runAsNonRoot: false`, or a value that is not a boolean, at that value;
    /// - no `runAsNonRoot` at either level, at the container's name. This includes a container with a non-zero
    ///   `runAsUser`: the Restricted profile asks for `runAsNonRoot: true` all the same, and admission under it
    ///   rejects such a pod.
    ///
    /// Init and ephemeral containers count. One finding per container, the `runAsUser: 0` one first.
    ///
    /// ## Why it matters
    /// The article: "All processes in containers run as the root user (uid 0) by default. To prevent the potential
    /// compromise of container hosts, it is essential to specify a non-root and a least-privileged user ID". With
    /// `runAsNonRoot: true` the kubelet refuses to start a container whose user is root, whatever the image says.
    /// The Pod Security Standards' Restricted profile requires `runAsNonRoot: true` and forbids `runAsUser: 0`.
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
    /// kube-linter `run-as-non-root`; kube-score `container-security-context-user-group-id` (which also wants
    /// ids of 10000 and more); checkov `CKV_K8S_23`.
    pub static RULE = {
        id: "run-as-root",
        severity: Warning,
        category: Security,
        summary: "a container may run as root: `runAsUser: 0`, or no `runAsNonRoot: true`",
        peers: [
            ("kube-linter", "run-as-non-root"),
            ("kube-score", "container-security-context-user-group-id"),
            ("checkov", "CKV_K8S_23"),
        ],
        checks: [Check::Object(check)],
    }
}

/// Where a setting came from, for messages.
fn at_level(level: Level) -> &'static str {
    match level {
        Level::Pod => " in the pod's securityContext",
        Level::Container | Level::Unset => "",
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.object.pod_template() else { return };
    for container in template.containers() {
        let who = format!("{} of {}", container.describe(), ctx.object.describe());
        let user = container.effective("runAsUser");
        if let (Some(entry), Some(0)) = (user.entry, user.as_i64()) {
            out.push(Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!("{who} runs as root: `runAsUser: 0`{}", at_level(user.level)),
                "Run as an unprivileged user id, e.g. `runAsUser: 10001`, and set `runAsNonRoot: true`.",
            ));
            continue;
        }
        let non_root = container.effective("runAsNonRoot");
        let user_note = match user.as_i64() {
            Some(id) => format!(" (`runAsUser: {id}` is set, but the Restricted Pod Security Standard asks for both)"),
            None => String::new(),
        };
        match (non_root.entry, non_root.as_bool()) {
            (_, Some(true)) => {}
            (Some(entry), Some(false)) => out.push(Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!("{who} may run as root: `runAsNonRoot: false`{}{user_note}", at_level(non_root.level)),
                "Set `runAsNonRoot: true` and run as an unprivileged user id, e.g. `runAsUser: 10001`.",
            )),
            (Some(entry), None) => out.push(Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!(
                    "{who} sets `runAsNonRoot` to `{}`, which is not a boolean",
                    entry.value.span.slice(ctx.object.text)
                ),
                "Write `runAsNonRoot: true` (unquoted).",
            )),
            (None, _) => out.push(Diagnostic::new(
                RULE.id,
                container.anchor(),
                format!("{who} may run as root: neither it nor its pod sets `runAsNonRoot: true`{user_note}"),
                "Add `runAsNonRoot: true` to the pod's `securityContext` (or the container's), with a non-root \
                 `runAsUser` if the image has no non-root USER.",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    /// A Deployment with a pod-level security context (`pod`, may be empty) and one container whose lines follow
    /// `- name: app`.
    fn deployment(pod: &str, container: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n{pod}      containers:\n        - name: app\n{container}"
        )
    }

    const POD_NON_ROOT: &str = "      securityContext:\n        runAsNonRoot: true\n";

    #[test]
    fn pod_level_non_root_covers_every_container() {
        assert_eq!(positions(RULE.id, &deployment(POD_NON_ROOT, "")), []);
        let two = format!("{}        - name: sidecar\n", deployment(POD_NON_ROOT, ""));
        assert_eq!(positions(RULE.id, &two), []);
    }

    #[test]
    fn container_level_overrides_the_pod() {
        let text = deployment(POD_NON_ROOT, "          securityContext:\n            runAsNonRoot: false\n");
        assert_eq!(positions(RULE.id, &text), [(13, 27)]);
        assert_eq!(flagged_text(RULE.id, &text), ["false"]);
        let pod_false = deployment(
            "      securityContext:\n        runAsNonRoot: false\n",
            "          securityContext:\n            runAsNonRoot: true\n",
        );
        assert_eq!(positions(RULE.id, &pod_false), []);
    }

    #[test]
    fn root_user_at_either_level_points_at_the_zero() {
        let container = deployment(POD_NON_ROOT, "          securityContext:\n            runAsUser: 0\n");
        assert_eq!(positions(RULE.id, &container), [(13, 24)]);
        let pod = deployment("      securityContext:\n        runAsNonRoot: true\n        runAsUser: 0\n", "");
        assert_eq!(positions(RULE.id, &pod), [(10, 20)]);
        let message = &findings(RULE.id, &pod)[0].message;
        assert!(message.contains("container `app` of Deployment `web`"), "{message}");
        assert!(message.contains("in the pod's securityContext"), "{message}");
        let overridden = deployment(
            "      securityContext:\n        runAsNonRoot: true\n        runAsUser: 0\n",
            "          securityContext:\n            runAsUser: 1000\n",
        );
        assert_eq!(positions(RULE.id, &overridden), []);
    }

    #[test]
    fn unset_points_at_the_container_name_even_with_a_user_id() {
        let text = deployment("", "          image: nginx:1.27\n");
        assert_eq!(flagged_text(RULE.id, &text), ["app"]);
        let with_user = deployment("      securityContext:\n        runAsUser: 10001\n", "");
        assert_eq!(flagged_text(RULE.id, &with_user), ["app"]);
        assert!(findings(RULE.id, &with_user)[0].message.contains("runAsUser: 10001"));
        let unnamed =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: nginx:1.27\n";
        assert_eq!(flagged_text(RULE.id, unnamed), ["-"]);
    }

    #[test]
    fn a_quoted_boolean_is_not_true() {
        let text = deployment("      securityContext:\n        runAsNonRoot: \"true\"\n", "");
        assert_eq!(flagged_text(RULE.id, &text), ["\"true\""]);
    }

    #[test]
    fn init_containers_cron_jobs_lists_and_crds() {
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          securityContext: {runAsNonRoot: true}\n          initContainers:\n            - {name: setup, securityContext: {runAsUser: 0}}\n          containers:\n            - name: job\n";
        assert_eq!(flagged_text(RULE.id, cron), ["0"]);
        assert!(findings(RULE.id, cron)[0].message.starts_with("init container `setup` of CronJob `nightly`"));
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: agent}\n  spec:\n    template:\n      spec:\n        containers: [{name: a}]\n- apiVersion: v1\n  kind: ReplicationController\n  metadata: {name: rc}\n  spec:\n    template:\n      spec:\n        containers: [{name: b}]\n";
        assert_eq!(flagged_text(RULE.id, list), ["a", "b"]);
        let crd = "apiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: a}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
