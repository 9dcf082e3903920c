use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::HOST_PROCESS;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports `windowsOptions.hostProcess: true` in the pod's `securityContext` or in any container's (init
    /// and ephemeral containers too), at the value.
    ///
    /// ## Why it matters
    /// A Windows HostProcess container runs directly on the node, as a process of the host with the host's
    /// network and file system: it is the Windows counterpart of a privileged container. The Pod Security
    /// Standards' Baseline profile ("HostProcess") disallows it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: agent
    /// spec:
    ///   os:
    ///     name: windows
    ///   securityContext:
    ///     windowsOptions:
    ///       hostProcess: true
    ///   hostNetwork: true
    ///   containers:
    ///     - name: agent
    ///       image: registry.example.com/agent:2.1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: agent
    /// spec:
    ///   os:
    ///     name: windows
    ///   containers:
    ///     - name: agent
    ///       image: registry.example.com/agent:2.1.0
    /// ```
    ///
    /// ## Peers
    /// Kyverno `disallow-host-process`; trivy `KSV103`.
    pub static RULE = {
        id: "host-process",
        severity: Error,
        category: Security,
        summary: "a Windows pod or container runs as a HostProcess on the node",
        peers: [],
        controls: [HOST_PROCESS],
        checks: [Check::Object(check)],
    }
}

fn host_process(security_context: Option<&Entry>) -> Option<&Entry> {
    let entry = security_context?.value.entry("windowsOptions")?.value.entry("hostProcess")?;
    (entry.value.as_bool() == Some(true)).then_some(entry)
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&HOST_PROCESS, &template) {
        return;
    }
    let note = enforcement.note(&HOST_PROCESS);
    let help =
        "Remove `hostProcess: true`; run node agents as ordinary containers, or exempt them in the configuration.";
    if let Some(entry) = host_process(template.security_context()) {
        let message = format!("the pods of {} run as HostProcess containers on the node{note}", ctx.object.describe());
        out.push(Diagnostic::new(RULE.id, entry.value.span, message, help));
    }
    for container in template.containers() {
        if let Some(entry) = host_process(container.security_context()) {
            let message = format!(
                "{} of {} runs as a HostProcess on the node{note}",
                container.describe(),
                ctx.object.describe()
            );
            out.push(Diagnostic::new(RULE.id, entry.value.span, message, help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn pod_and_container_levels_each_at_their_value() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      securityContext:\n        windowsOptions: {hostProcess: true}\n      initContainers:\n        - name: init\n          securityContext: {windowsOptions: {hostProcess: yes}}\n      containers:\n        - name: app\n          securityContext: {windowsOptions: {hostProcess: false}}\n";
        assert_eq!(flagged_text(RULE.id, text), ["true", "yes"]);
        assert!(findings(RULE.id, text)[1]
            .message
            .starts_with("init container `init` of DaemonSet `d` runs as a HostProcess"));
    }

    #[test]
    fn false_unset_and_other_windows_options_pass() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    windowsOptions: {runAsUserName: ContainerUser, hostProcess: false}\n  containers: [{name: a}]\n";
        assert!(findings(RULE.id, text).is_empty());
    }
}
