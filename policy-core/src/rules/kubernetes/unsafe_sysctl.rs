use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::SYSCTLS;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Reports a sysctl in the pod's `securityContext.sysctls` that is not in the Pod Security Standards' safe
    /// set, at its `name`. The set grows with the standard's version: `kernel.shm_rmid_forced`,
    /// `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies` and
    /// `net.ipv4.ping_group_range`; from 1.27 `net.ipv4.ip_local_reserved_ports`; from 1.29
    /// `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl` and
    /// `net.ipv4.tcp_keepalive_probes`; from 1.32 `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`; from 1.37
    /// `net.ipv4.tcp_slow_start_after_idle` and `net.ipv4.tcp_notsent_lowat`.
    ///
    /// ## Why it matters
    /// Only these sysctls are namespaced and isolated from other pods on the node; the others change the kernel
    /// for every pod, or let one pod starve the rest. The Pod Security Standards' Baseline profile ("Sysctls")
    /// allows only the safe set.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - name: net.core.somaxconn
    ///         value: "4096"
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
    ///     sysctls:
    ///       - name: net.ipv4.ip_local_port_range
    ///         value: "32768 60999"
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Peers
    /// Kyverno `restrict-sysctls`; trivy `KSV026`; kube-linter `unsafe-sysctls`.
    pub static RULE = {
        id: "unsafe-sysctl",
        severity: Warning,
        category: Security,
        summary: "a pod sets a sysctl outside the safe set",
        peers: [("kube-linter", "unsafe-sysctls")],
        controls: [SYSCTLS],
        checks: [Check::Object(check)],
    }
}

/// Each safe sysctl with the minor version of the standard that added it.
const SAFE: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&SYSCTLS, &template) {
        return;
    }
    let sysctls = template.security_context().and_then(|context| context.value.get("sysctls"));
    for item in sysctls.into_iter().flat_map(Node::items) {
        let Some(name) = item.entry("name") else { continue };
        let written = name.value.as_str().unwrap_or_default();
        let safe = SAFE.iter().find(|(safe, _)| *safe == written);
        let message = match safe {
            Some((_, since)) if enforcement.at_least(*since) => continue,
            Some((_, since)) => format!("the pods of {} set the sysctl `{written}`, which the standard counts as safe only from version 1.{since}", ctx.object.describe()),
            None => format!("the pods of {} set the sysctl `{written}`, which is outside the safe set", ctx.object.describe()),
        };
        out.push(Diagnostic::new(
            RULE.id,
            name.value.span,
            format!("{message}{}", enforcement.note(&SYSCTLS)),
            "Remove the sysctl, or set it on the nodes (or allow it as an unsafe sysctl on a dedicated node pool).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn names_outside_the_safe_set_at_the_name() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    sysctls:\n      - {name: kernel.shm_rmid_forced, value: \"0\"}\n      - {name: net.core.somaxconn, value: \"1024\"}\n      - name: net.ipv4.tcp_keepalive_time\n        value: \"600\"\n      - {name: kernel.msgmax, value: \"1\"}\n  containers: [{name: a}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["net.core.somaxconn", "kernel.msgmax"]);
        assert!(findings(RULE.id, text)[0]
            .message
            .starts_with("the pods of Pod `p` set the sysctl `net.core.somaxconn`"));
    }

    #[test]
    fn later_additions_follow_the_enforced_version() {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.28}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_fin_timeout, value: \"30\"}, {name: net.ipv4.ip_local_reserved_ports, value: \"1\"}]\n  containers: [{name: a}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["net.ipv4.tcp_fin_timeout"]);
        assert!(findings(RULE.id, text)[0].message.contains("safe only from version 1.29"));
    }
}
