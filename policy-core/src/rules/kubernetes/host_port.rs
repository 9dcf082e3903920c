use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::HOST_PORTS;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `hostPort` other than `0` on a port of any container (init and ephemeral containers too), at its
    /// value. `hostPort: 0` and an unset `hostPort` mean no host port, as the Pod Security Standards read them.
    ///
    /// ## Why it matters
    /// A host port binds the node's own network interface: the pod can then be reached around Services and
    /// NetworkPolicies, only one such pod fits on each node, and the scheduler must find a node where the port is
    /// free. The Pod Security Standards' Baseline profile ("Host Ports") disallows them.
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
    ///           ports:
    ///             - containerPort: 8080
    ///               hostPort: 8080
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
    /// Reach the pods through a Service (`ClusterIP`, `NodePort` or `LoadBalancer`).
    ///
    /// ## Peers
    /// Kyverno `disallow-host-ports`; checkov `CKV_K8S_26`; trivy `KSV024`; Polaris `hostPortSet`.
    pub static RULE = {
        id: "host-port",
        severity: Warning,
        category: Security,
        summary: "a container binds a port of the node (`hostPort`)",
        peers: [("checkov", "CKV_K8S_26")],
        controls: [HOST_PORTS],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&HOST_PORTS, &template) {
        return;
    }
    for container in template.containers() {
        for port in container.ports() {
            let Some(entry) = port.entry("hostPort").filter(|entry| !entry.value.is_null()) else { continue };
            if entry.value.as_i64() == Some(0) {
                continue;
            }
            let written = entry.value.span.slice(ctx.object.text);
            out.push(Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!(
                    "{} of {} binds port {written} of the node (`hostPort`){}",
                    container.describe(),
                    ctx.object.describe(),
                    enforcement.note(&HOST_PORTS)
                ),
                "Remove `hostPort` (or set it to 0) and reach the pods through a Service.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::{Config, PodSecurityLevel};
    use crate::rules::test_support::{findings, findings_in, findings_with, flagged_text};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      ports: [{containerPort: 1, hostPort: 0}]\n  containers:\n    - name: app\n      ports:\n        - containerPort: 80\n          hostPort: 8080\n        - containerPort: 81\n  ephemeralContainers:\n    - name: debug\n      ports: [{containerPort: 9, hostPort: \"9000\"}]\n";

    #[test]
    fn every_container_list_and_zero_is_no_host_port() {
        assert_eq!(flagged_text(RULE.id, POD), ["8080", "\"9000\""]);
        let found = findings(RULE.id, POD);
        assert!(
            found[0].message.starts_with("container `app` of Pod `p` binds port 8080 of the node"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains(
                "Baseline control \"Host Ports\"; level `restricted` from `pod-security` in the configuration"
            ),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn levels_from_config_and_namespace_labels() {
        let privileged = Config { pod_security: PodSecurityLevel::Privileged, ..Config::default() };
        assert!(findings_with(RULE.id, POD, privileged).is_empty());
        let baseline = Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() };
        assert_eq!(findings_with(RULE.id, POD, baseline).len(), 2);
        let in_namespace = |label: &str| {
            let namespace =
                format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ops\n  labels:\n    {label}\n");
            let pod = POD.replace("name: p\n", "name: p\n  namespace: ops\n");
            findings_in(RULE.id, &[("ns.yaml", namespace.as_str()), ("pod.yaml", pod.as_str())], Config::default())
        };
        assert!(in_namespace("pod-security.kubernetes.io/enforce: privileged").is_empty());
        let baseline = in_namespace("pod-security.kubernetes.io/enforce: baseline");
        assert!(
            baseline[0]
                .message
                .contains("level `baseline` from the `pod-security.kubernetes.io/enforce` label of Namespace `ops`"),
            "{}",
            baseline[0].message
        );
        // An unreadable level fails closed, as the admission does.
        assert_eq!(in_namespace("pod-security.kubernetes.io/enforce: strict").len(), 2);
    }
}
