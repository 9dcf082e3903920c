use crate::config::PodSecurityLevel;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{in_user_namespace, RUNNING_AS_NON_ROOT};
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports pods whose containers may run as root because `runAsNonRoot: true` is missing, as the Pod Security
    /// Standards' Restricted profile reads it:
    /// - `runAsNonRoot: false` (or a value that is not a boolean) in the pod's `securityContext`, at that value,
    ///   even when every container sets `true`, since the pod's setting is what a new container inherits;
    /// - `runAsNonRoot: false` (or not a boolean) in a container's `securityContext`, at that value;
    /// - a container that sets no `runAsNonRoot` in a pod that does not set `true`, at the container's name. This
    ///   includes a container with a non-zero `runAsUser`: the Restricted profile asks for `runAsNonRoot: true`
    ///   all the same.
    ///
    /// Init and ephemeral containers count. `runAsUser: 0` is `run-as-uid-zero`'s. Pods in their own user
    /// namespace (`hostUsers: false`) are exempt from Kubernetes 1.35, as the admission exempts them.
    ///
    /// ## Why it matters
    /// The article: "All processes in containers run as the root user (uid 0) by default. To prevent the potential
    /// compromise of container hosts, it is essential to specify a non-root and a least-privileged user ID". With
    /// `runAsNonRoot: true` the kubelet refuses to start a container whose user is root, whatever the image says.
    /// The Pod Security Standards' Restricted profile ("Running as Non-root") requires it.
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
    ///           securityContext:
    ///             runAsNonRoot: false
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
    /// kube-linter `run-as-non-root`; kube-score `container-security-context-user-group-id`; checkov `CKV_K8S_23`;
    /// Kyverno `require-run-as-nonroot`; trivy `KSV012`.
    pub static RULE = {
        id: "run-as-root",
        severity: Warning,
        category: Security,
        summary: "a container may run as root: no `runAsNonRoot: true`",
        peers: [
            ("kube-linter", "run-as-non-root"),
            ("kube-score", "container-security-context-user-group-id"),
            ("checkov", "CKV_K8S_23"),
        ],
        controls: [RUNNING_AS_NON_ROOT],
        checks: [Check::Object(check)],
    }
}

/// A `runAsNonRoot` entry that is set to something other than `true`, with what is wrong with it.
fn not_true<'a>(text: &str, security_context: Option<&'a Entry>) -> Option<(&'a Entry, String)> {
    let entry = security_context?.value.entry("runAsNonRoot").filter(|entry| !entry.value.is_null())?;
    match entry.value.as_bool() {
        Some(true) => None,
        Some(false) => Some((entry, "`runAsNonRoot: false`".to_owned())),
        None => Some((entry, format!("`runAsNonRoot` to `{}`, which is not a boolean", entry.value.span.slice(text)))),
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&RUNNING_AS_NON_ROOT, &template)
        || (enforcement.at_least(35) && in_user_namespace(&template) && enforcement.level >= PodSecurityLevel::Baseline)
    {
        return;
    }
    let note = enforcement.note(&RUNNING_AS_NON_ROOT);
    let text = ctx.object.text;
    let object = ctx.object.describe();
    let pod_setting = template.security_context().and_then(|context| context.value.entry("runAsNonRoot"));
    // A pod-level value covers the containers that set none: `true` makes them safe, anything else is reported
    // once, at the pod.
    let pod_set = pod_setting.is_some_and(|entry| !entry.value.is_null());
    if let Some((entry, what)) = not_true(text, template.security_context()) {
        out.push(Diagnostic::new(
            RULE.id,
            entry.value.span,
            format!("the pods of {object} set {what}, so a container that sets none may run as root{note}"),
            "Set `runAsNonRoot: true` in the pod's `securityContext`.",
        ));
    }
    for container in template.containers() {
        let who = || format!("{} of {object}", container.describe());
        if let Some((entry, what)) = not_true(text, container.security_context()) {
            out.push(Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!("{} may run as root: it sets {what}{note}", who()),
                "Set `runAsNonRoot: true` and run as an unprivileged user id, e.g. `runAsUser: 10001`.",
            ));
            continue;
        }
        let own = container.security_context().and_then(|context| context.value.entry("runAsNonRoot"));
        if own.is_some_and(|entry| !entry.value.is_null()) || pod_set {
            continue;
        }
        let user_note = match container.effective("runAsUser").as_i64() {
            Some(id) if id != 0 => format!(" (`runAsUser: {id}` is set, but the Restricted profile asks for both)"),
            _ => String::new(),
        };
        out.push(Diagnostic::new(
            RULE.id,
            container.anchor(),
            format!("{} may run as root: neither it nor its pod sets `runAsNonRoot: true`{user_note}{note}", who()),
            "Add `runAsNonRoot: true` to the pod's `securityContext` (or the container's), with a non-root \
             `runAsUser` if the image has no non-root USER.",
        ));
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
    fn container_false_overrides_the_pod_and_pod_false_is_reported_itself() {
        let text = deployment(POD_NON_ROOT, "          securityContext:\n            runAsNonRoot: false\n");
        assert_eq!(positions(RULE.id, &text), [(13, 27)]);
        assert_eq!(flagged_text(RULE.id, &text), ["false"]);
        let pod_false = deployment(
            "      securityContext:\n        runAsNonRoot: false\n",
            "          securityContext:\n            runAsNonRoot: true\n",
        );
        assert_eq!(flagged_text(RULE.id, &pod_false), ["false"]);
        assert!(findings(RULE.id, &pod_false)[0]
            .message
            .starts_with("the pods of Deployment `web` set `runAsNonRoot: false`"));
    }

    #[test]
    fn root_user_ids_are_another_rules() {
        let container = deployment(POD_NON_ROOT, "          securityContext:\n            runAsUser: 0\n");
        assert_eq!(positions(RULE.id, &container), []);
    }

    #[test]
    fn user_namespaces_are_exempt_from_1_35() {
        let text = deployment("      hostUsers: false\n", "");
        assert_eq!(positions(RULE.id, &text), []);
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
        assert_eq!(positions(RULE.id, cron), []);
        let cron = cron.replace("{runAsUser: 0}", "{runAsNonRoot: false}");
        assert_eq!(flagged_text(RULE.id, &cron), ["false"]);
        assert!(findings(RULE.id, &cron)[0].message.starts_with("init container `setup` of CronJob `nightly`"));
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: agent}\n  spec:\n    template:\n      spec:\n        containers: [{name: a}]\n- apiVersion: v1\n  kind: ReplicationController\n  metadata: {name: rc}\n  spec:\n    template:\n      spec:\n        containers: [{name: b}]\n";
        assert_eq!(flagged_text(RULE.id, list), ["a", "b"]);
        let crd = "apiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: a}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
