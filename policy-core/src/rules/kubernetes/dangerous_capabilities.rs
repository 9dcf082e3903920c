use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Container;
use crate::syntax::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Reports, for every container (init and ephemeral ones included):
    /// - each item of `securityContext.capabilities.add` outside the Pod Security Standards' Baseline set
    ///   (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`,
    ///   `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`), at the item: `ALL`, `SYS_ADMIN`, `NET_ADMIN`,
    ///   `NET_RAW`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH`, `BPF` and the rest. Names compare without case
    ///   and with or without the `CAP_` prefix, as container runtimes read them;
    /// - a container whose `capabilities.drop` does not hold `ALL`, at its `drop:` key, or at the container's name
    ///   when it has none.
    ///
    /// ## Why it matters
    /// A container keeps the runtime's default capabilities unless it drops them: `NET_RAW` alone lets it forge
    /// packets on the pod network. Added capabilities go further: `SYS_ADMIN` is most of root, `SYS_MODULE` loads
    /// kernel code, `DAC_READ_SEARCH` was the way out of the container in the "shocker" escape. The Pod Security
    /// Standards' Baseline profile forbids adding anything outside its list, and the Restricted profile requires
    /// dropping `ALL` and allows adding back only `NET_BIND_SERVICE`. The article's least-privilege advice is the
    /// same thing said for users.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: sniffer
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/sniffer:2.0.1
    ///       securityContext:
    ///         capabilities:
    ///           add: ["NET_ADMIN", "SYS_PTRACE"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    ///       securityContext:
    ///         capabilities:
    ///           drop: ["ALL"]
    ///           add: ["NET_BIND_SERVICE"]
    /// ```
    ///
    /// ## Peers
    /// kube-linter `drop-net-raw-capability`; checkov `CKV_K8S_25` (any added capability), `CKV_K8S_28`
    /// (`NET_RAW` not dropped), `CKV_K8S_37` (`ALL` not dropped) and `CKV_K8S_39` (`SYS_ADMIN`).
    pub static RULE = {
        id: "dangerous-capabilities",
        severity: Warning,
        category: Security,
        summary: "a container adds capabilities beyond the Baseline set, or does not drop ALL",
        peers: [
            ("kube-linter", "drop-net-raw-capability"),
            ("checkov", "CKV_K8S_25"),
            ("checkov", "CKV_K8S_28"),
            ("checkov", "CKV_K8S_37"),
            ("checkov", "CKV_K8S_39"),
        ],
        checks: [Check::Object(check)],
    }
}

/// What the Pod Security Standards' Baseline profile lets a container add.
const BASELINE: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// What the capabilities that are added most often let a process do (capabilities(7)).
const POWERS: &[(&str, &str)] = &[
    ("ALL", "every capability, as a privileged container has"),
    ("SYS_ADMIN", "mounting filesystems and most of root's other powers"),
    ("NET_ADMIN", "reconfiguring interfaces, routes and firewall rules"),
    ("NET_RAW", "forging packets on the pod network"),
    ("SYS_PTRACE", "tracing and reading the memory of other processes"),
    ("SYS_MODULE", "loading kernel modules"),
    ("DAC_READ_SEARCH", "reading any file, the way out in the \"shocker\" escape"),
    ("BPF", "loading eBPF programs into the kernel"),
    ("PERFMON", "tracing the kernel"),
    ("SYS_RAWIO", "raw access to devices and memory"),
    ("SYS_BOOT", "rebooting the node"),
    ("SYS_TIME", "setting the node's clock"),
    ("MAC_ADMIN", "changing the node's AppArmor or SELinux policy"),
    ("MAC_OVERRIDE", "bypassing AppArmor or SELinux"),
    ("SYSLOG", "reading the kernel log, kernel addresses included"),
    ("SYS_RESOURCE", "overriding resource limits"),
    ("LINUX_IMMUTABLE", "changing immutable files"),
    ("IPC_LOCK", "locking memory"),
    ("CHECKPOINT_RESTORE", "checkpointing other processes"),
];

/// A capability as container runtimes read it: upper case, without the `CAP_` prefix.
pub(crate) fn capability_name(text: &str) -> String {
    let upper = text.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").map_or_else(|| upper.clone(), str::to_owned)
}

/// The items of a container's own `capabilities.add`, with their names normalized.
pub(crate) fn added<'a>(container: &Container<'a>) -> impl Iterator<Item = (&'a Node, String)> + 'a {
    list(container, "add").filter_map(|item| Some((item, capability_name(item.as_str()?))))
}

fn list<'a>(container: &Container<'a>, field: &str) -> impl Iterator<Item = &'a Node> + 'a {
    let capabilities = container.security_context().and_then(|context| context.value.get("capabilities"));
    capabilities.and_then(|capabilities| capabilities.get(field)).into_iter().flat_map(Node::items)
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.object.pod_template() else { return };
    for container in template.containers() {
        let who = format!("{} of {}", container.describe(), ctx.object.describe());
        for (item, name) in added(&container) {
            if BASELINE.contains(&name.as_str()) {
                continue;
            }
            let power = POWERS.iter().find(|(known, _)| *known == name).map_or_else(
                || "which is outside the Baseline set of the Pod Security Standards".to_owned(),
                |(_, power)| format!("which allows {power}"),
            );
            out.push(Diagnostic::new(
                RULE.id,
                item.span,
                format!("{who} adds the capability `{name}`, {power}"),
                format!(
                    "Remove `{name}` from `capabilities.add`; if the container truly needs it, isolate it from \
                         other workloads and say why in a comment."
                ),
            ));
        }
        let drops_all =
            list(&container, "drop").any(|item| item.as_str().map(capability_name).as_deref() == Some("ALL"));
        if drops_all {
            continue;
        }
        let drop_key = container
            .security_context()
            .and_then(|context| context.value.get("capabilities"))
            .and_then(|capabilities| capabilities.entry("drop"))
            .map(|entry| entry.key.span);
        out.push(Diagnostic::new(
            RULE.id,
            drop_key.unwrap_or_else(|| container.anchor()),
            format!("{who} does not drop `ALL` capabilities, so it keeps the runtime's defaults such as `NET_RAW`"),
            "Set `capabilities: {drop: [\"ALL\"]}` in its securityContext and add back only what it needs, such as \
             `NET_BIND_SERVICE`.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{capability_name, RULE};
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(capabilities: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n{capabilities}"
        )
    }

    #[test]
    fn names_compare_without_case_or_prefix() {
        assert_eq!(capability_name("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(capability_name("Net_Raw"), "NET_RAW");
        assert_eq!(capability_name("all"), "ALL");
    }

    #[test]
    fn each_dangerous_item_is_reported_and_baseline_ones_are_not() {
        let text = pod("          drop: [ALL]\n          add:\n            - CHOWN\n            - cap_sys_admin\n            - NET_BIND_SERVICE\n            - \"NET_RAW\"\n            - all\n");
        assert_eq!(flagged_text(RULE.id, &text), ["cap_sys_admin", "\"NET_RAW\"", "all"]);
        assert_eq!(positions(RULE.id, &text)[0], (14, 15));
        let messages: Vec<String> = findings(RULE.id, &text).into_iter().map(|f| f.message).collect();
        assert!(messages[0].starts_with("container `app` of Pod `p` adds the capability `SYS_ADMIN`"), "{messages:?}");
        assert!(messages[2].contains("every capability"), "{messages:?}");
        let unknown = pod("          drop: [ALL]\n          add: [WAKE_ALARM]\n");
        assert!(findings(RULE.id, &unknown)[0].message.contains("outside the Baseline set"));
    }

    #[test]
    fn not_dropping_all_points_at_drop_or_the_name() {
        let partial = pod("          drop: [NET_RAW]\n");
        assert_eq!(flagged_text(RULE.id, &partial), ["drop"]);
        let none = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n";
        assert_eq!(flagged_text(RULE.id, none), ["app"]);
        for drop in ["[ALL]", "[all]", "[\"CAP_ALL\"]", "[NET_RAW, ALL]"] {
            assert_eq!(positions(RULE.id, &pod(&format!("          drop: {drop}\n"))), [], "{drop}");
        }
    }

    #[test]
    fn pod_level_capabilities_do_not_exist_and_init_containers_count() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      securityContext:\n        capabilities: {drop: [ALL]}\n      initContainers:\n        - name: chown\n          securityContext: {capabilities: {drop: [ALL], add: [SYS_ADMIN]}}\n      containers:\n        - name: db\n          securityContext: {capabilities: {drop: [ALL]}}\n";
        assert_eq!(flagged_text(RULE.id, text), ["SYS_ADMIN"]);
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers: [{name: run}]\n";
        assert_eq!(flagged_text(RULE.id, job), ["run"]);
        let crd = "apiVersion: example.com/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers: [{name: run}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
