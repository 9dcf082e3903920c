use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::SELINUX;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports `seLinuxOptions` in the pod's or a container's `securityContext` that set a `user` or a `role`, or
    /// a `type` other than the container types `container_t`, `container_init_t`, `container_kvm_t` and (from
    /// Kubernetes 1.31) `container_engine_t`, each at its value. `level` is free.
    ///
    /// ## Why it matters
    /// SELinux labels decide what a container's processes may touch on the node. A custom user, role or type can
    /// give the container a host domain such as `spc_t`, which is not confined at all. The Pod Security
    /// Standards' Baseline profile ("SELinux") allows only the container types and forbids custom users and roles.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     seLinuxOptions:
    ///       type: spc_t
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     seLinuxOptions:
    ///       level: "s0:c123,c456"
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Peers
    /// Kyverno `disallow-selinux`; trivy `KSV025`.
    pub static RULE = {
        id: "custom-selinux-options",
        severity: Warning,
        category: Security,
        summary: "a pod or container sets an SELinux user, role or non-container type",
        peers: [],
        controls: [SELINUX],
        checks: [Check::Object(check)],
    }
}

/// The entries of `seLinuxOptions` that the standard forbids, with what is wrong with each.
fn forbidden(security_context: Option<&Entry>, engine_type: bool) -> Vec<(&Entry, &'static str)> {
    let Some(options) = security_context.and_then(|context| context.value.entry("seLinuxOptions")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in options.value.entries() {
        let value = entry.value.as_str().unwrap_or_default();
        if entry.value.is_null() || value.is_empty() {
            continue;
        }
        let allowed_type = matches!(value, "container_t" | "container_init_t" | "container_kvm_t")
            || (engine_type && value == "container_engine_t");
        match entry.key_str() {
            Some("type") if !allowed_type => found.push((entry, "type")),
            Some("user") => found.push((entry, "user")),
            Some("role") => found.push((entry, "role")),
            _ => {}
        }
    }
    found
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&SELINUX, &template) {
        return;
    }
    let note = enforcement.note(&SELINUX);
    let engine_type = enforcement.at_least(31);
    let object = ctx.object.describe();
    let text = ctx.object.text;
    let mut report = |who: String, found: Vec<(&Entry, &str)>| {
        for (entry, field) in found {
            let written = entry.value.span.slice(text);
            let (message, help) = if field == "type" {
                (
                    format!("{who} sets the SELinux type `{written}`, which is not a container type{note}"),
                    "Remove `type`, or use `container_t`, `container_init_t`, `container_kvm_t` or `container_engine_t`.",
                )
            } else {
                (
                    format!("{who} sets a custom SELinux {field} `{written}`{note}"),
                    "Remove the SELinux `user` and `role`; only `level` and a container `type` may be set.",
                )
            };
            out.push(Diagnostic::new(RULE.id, entry.value.span, message, help));
        }
    };
    let pod = forbidden(template.security_context(), engine_type);
    if !pod.is_empty() {
        report(format!("the pods of {object}"), pod);
    }
    for container in template.containers() {
        let found = forbidden(container.security_context(), engine_type);
        if !found.is_empty() {
            report(format!("{} of {object}", container.describe()), found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn types_users_and_roles_at_pod_and_container_level() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seLinuxOptions: {type: container_init_t, level: \"s0:c1\"}\n  initContainers:\n    - name: init\n      securityContext:\n        seLinuxOptions: {user: system_u, role: sysadm_r}\n  containers:\n    - name: app\n      securityContext:\n        seLinuxOptions: {type: spc_t}\n    - name: engine\n      securityContext:\n        seLinuxOptions: {type: container_engine_t, user: \"\"}\n";
        assert_eq!(flagged_text(RULE.id, text), ["system_u", "sysadm_r", "spc_t"]);
        let found = findings(RULE.id, text);
        assert!(
            found[2].message.starts_with("container `app` of Pod `p` sets the SELinux type `spc_t`"),
            "{}",
            found[2].message
        );
    }

    #[test]
    fn the_engine_type_is_allowed_from_version_1_31() {
        let pod = |version: &str| {
            format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: {version}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\nspec:\n  securityContext:\n    seLinuxOptions: {{type: container_engine_t}}\n  containers: [{{name: a}}]\n")
        };
        assert_eq!(flagged_text(RULE.id, &pod("v1.30")), ["container_engine_t"]);
        assert!(findings(RULE.id, &pod("v1.31")).is_empty());
        assert!(findings(RULE.id, &pod("latest")).is_empty());
    }
}
