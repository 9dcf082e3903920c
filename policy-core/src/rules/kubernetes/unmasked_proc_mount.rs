use super::yaml_edit::replace_scalar;
use crate::config::PodSecurityLevel;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{in_user_namespace, PROC_MOUNT};
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.procMount` is anything but `Default` (in practice `Unmasked`),
    /// at the value; init and ephemeral containers count. The fix writes `Default`. At the Baseline level, pods in
    /// their own user namespace (`hostUsers: false`) may unmask /proc from Kubernetes 1.35, as the admission
    /// allows; the Restricted level never does.
    ///
    /// ## Why it matters
    /// The container runtime masks and makes read-only the parts of /proc that expose the node (`/proc/kcore`,
    /// `/proc/sys`, ...). An `Unmasked` /proc gives those back to the container. The Pod Security Standards'
    /// Baseline profile ("/proc Mount Type") requires the default mask.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: build
    /// spec:
    ///   containers:
    ///     - name: builder
    ///       image: registry.example.com/builder:3.2.0
    ///       securityContext:
    ///         procMount: Unmasked
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: build
    /// spec:
    ///   containers:
    ///     - name: builder
    ///       image: registry.example.com/builder:3.2.0
    ///       securityContext:
    ///         procMount: Default
    /// ```
    ///
    /// ## Peers
    /// Kyverno `disallow-proc-mount`; trivy `KSV027`; kube-linter `unsafe-proc-mount`.
    pub static RULE = {
        id: "unmasked-proc-mount",
        severity: Warning,
        category: Security,
        summary: "a container mounts /proc without the runtime's masks (`procMount: Unmasked`)",
        peers: [("kube-linter", "unsafe-proc-mount")],
        controls: [PROC_MOUNT],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&PROC_MOUNT, &template) {
        return;
    }
    let relaxed =
        enforcement.level == PodSecurityLevel::Baseline && enforcement.at_least(35) && in_user_namespace(&template);
    if relaxed {
        return;
    }
    for container in template.containers() {
        let Some(entry) = container.security_context().and_then(|context| context.value.entry("procMount")) else {
            continue;
        };
        if entry.value.is_null() || entry.value.as_str() == Some("Default") {
            continue;
        }
        let diagnostic = Diagnostic::new(
            RULE.id,
            entry.value.span,
            format!(
                "{} of {} mounts /proc as `{}`, without the runtime's masks{}",
                container.describe(),
                ctx.object.describe(),
                entry.value.span.slice(ctx.object.text),
                enforcement.note(&PROC_MOUNT)
            ),
            "Remove `procMount`, or set it to `Default`.",
        );
        out.push(match replace_scalar(ctx, &entry.value, "Default", "Set `procMount: Default`") {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::{Config, PodSecurityLevel};
    use crate::rules::test_support::{findings_with, fixed, flagged_text};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostUsers: false\n  initContainers:\n    - name: init\n      securityContext:\n        procMount: Unmasked\n  containers:\n    - name: app\n      securityContext: {procMount: Default}\n";

    #[test]
    fn unmasked_in_any_container_with_a_fix() {
        assert_eq!(flagged_text(RULE.id, POD), ["Unmasked"]);
        assert_eq!(fixed(RULE.id, POD), POD.replace("procMount: Unmasked", "procMount: Default"));
    }

    #[test]
    fn user_namespaces_relax_baseline_only() {
        let baseline = Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() };
        assert!(findings_with(RULE.id, POD, baseline.clone()).is_empty());
        let host_users = POD.replace("hostUsers: false", "hostUsers: true");
        assert_eq!(findings_with(RULE.id, &host_users, baseline).len(), 1);
    }
}
