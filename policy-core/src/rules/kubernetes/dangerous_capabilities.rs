use super::yaml_edit::insert;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{CAPABILITIES_BASELINE, CAPABILITIES_RESTRICTED};
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Container;
use crate::syntax::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Reports, for every container (init and ephemeral ones included), what the Pod Security Standards'
    /// "Capabilities" controls forbid:
    /// - Baseline: each item of `securityContext.capabilities.add` outside the Baseline set (`AUDIT_WRITE`,
    ///   `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`,
    ///   `SETPCAP`, `SETUID`, `SYS_CHROOT`), at the item: `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`,
    ///   `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH`, `BPF` and the rest. Names compare exactly, as the
    ///   PodSecurity admission compares them: `CAP_CHOWN` or `chown` is not `CHOWN`;
    /// - Restricted (from 1.22): any other added item than `NET_BIND_SERVICE`, at the item, and a container whose
    ///   `capabilities.drop` does not hold `ALL`, at its `drop:` key, or at the container's name when it has none.
    ///   The fix adds `drop: ["ALL"]`. Pods with `spec.os.name: windows` are exempt at the Restricted level.
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
        controls: [CAPABILITIES_BASELINE, CAPABILITIES_RESTRICTED],
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
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    let restricted = enforcement.requires(&CAPABILITIES_RESTRICTED, &template);
    // At the Restricted level the admission's restricted check replaces the baseline one, so a Windows pod
    // exempt from it is not held to Baseline's either.
    let windows_exempt = enforcement.windows_exempt(&CAPABILITIES_RESTRICTED, &template);
    if !enforcement.requires(&CAPABILITIES_BASELINE, &template) || windows_exempt {
        return;
    }
    let baseline_note = enforcement.note(&CAPABILITIES_BASELINE);
    let restricted_note = enforcement.note(&CAPABILITIES_RESTRICTED);
    for container in template.containers() {
        let who = format!("{} of {}", container.describe(), ctx.object.describe());
        for item in list(&container, "add") {
            let written = item.as_str().unwrap_or_default();
            let name = capability_name(written);
            let exact = written == name;
            let (message, help) = if BASELINE.contains(&written) {
                if !restricted || written == "NET_BIND_SERVICE" {
                    continue;
                }
                (
                    format!("{who} adds the capability `{name}`, and only `NET_BIND_SERVICE` may be added back{restricted_note}"),
                    format!("Remove `{name}` from `capabilities.add`, or run the container where the Baseline level applies."),
                )
            } else if !exact && BASELINE.contains(&name.as_str()) {
                (
                    format!("{who} adds the capability as `{written}`, which the admission does not read as `{name}`{baseline_note}"),
                    format!("Write `{name}`: upper case, without `CAP_`."),
                )
            } else {
                let power = POWERS.iter().find(|(known, _)| *known == name).map_or_else(
                    || "which is outside the Baseline set".to_owned(),
                    |(_, power)| format!("which allows {power}"),
                );
                (
                    format!("{who} adds the capability `{name}`, {power}{baseline_note}"),
                    format!(
                        "Remove `{name}` from `capabilities.add`; if the container truly needs it, isolate it from \
                         other workloads and say why in a comment."
                    ),
                )
            };
            out.push(Diagnostic::new(RULE.id, item.span, message, help));
        }
        if !restricted || list(&container, "drop").any(|item| item.as_str() == Some("ALL")) {
            continue;
        }
        let capabilities = container.security_context().and_then(|context| context.value.get("capabilities"));
        let drop_entry = capabilities.and_then(|capabilities| capabilities.entry("drop"));
        let near_miss = list(&container, "drop").find_map(|item| {
            let written = item.as_str()?;
            (capability_name(written) == "ALL").then_some(written)
        });
        let message = match near_miss {
            Some(written) => format!("{who} drops `{written}`, which the admission does not read as `ALL`{restricted_note}"),
            None => format!("{who} does not drop `ALL` capabilities, so it keeps the runtime's defaults such as `NET_RAW`{restricted_note}"),
        };
        let diagnostic = Diagnostic::new(
            RULE.id,
            drop_entry.map_or_else(|| container.anchor(), |entry| entry.key.span),
            message,
            "Set `capabilities: {drop: [\"ALL\"]}` in its securityContext and add back only `NET_BIND_SERVICE` if it \
             binds a low port.",
        );
        let path = ["securityContext", "capabilities", "drop"];
        out.push(match insert(ctx, container.node, &path, "[\"ALL\"]", "Drop `ALL` capabilities") {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{capability_name, RULE};
    use crate::config::{Config, PodSecurityLevel};
    use crate::rules::test_support::{findings, findings_with, fixed, flagged_text, positions};

    fn pod(capabilities: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n{capabilities}"
        )
    }

    fn baseline() -> Config {
        Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() }
    }

    #[test]
    fn names_normalize_for_messages() {
        assert_eq!(capability_name("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(capability_name("Net_Raw"), "NET_RAW");
        assert_eq!(capability_name("all"), "ALL");
    }

    #[test]
    fn baseline_reports_items_outside_its_set_by_exact_name() {
        let text = pod("          add:\n            - CHOWN\n            - cap_sys_admin\n            - NET_BIND_SERVICE\n            - \"NET_RAW\"\n            - CAP_SETPCAP\n");
        let found = findings_with(RULE.id, &text, baseline());
        let flagged: Vec<&str> = found.iter().map(|f| f.span.slice(&text)).collect();
        assert_eq!(flagged, ["cap_sys_admin", "\"NET_RAW\"", "CAP_SETPCAP"]);
        assert_eq!((found[0].line, found[0].column), (13, 15));
        assert!(
            found[0].message.starts_with("container `app` of Pod `p` adds the capability `SYS_ADMIN`"),
            "{}",
            found[0].message
        );
        assert!(
            found[2].message.contains("as `CAP_SETPCAP`, which the admission does not read as `SETPCAP`"),
            "{}",
            found[2].message
        );
        assert!(found[0].message.contains("Baseline control \"Capabilities\""), "{}", found[0].message);
    }

    #[test]
    fn restricted_allows_only_net_bind_service_and_needs_drop_all() {
        let text = pod("          drop: [ALL]\n          add: [CHOWN, NET_BIND_SERVICE]\n");
        assert_eq!(flagged_text(RULE.id, &text), ["CHOWN"]);
        assert!(findings(RULE.id, &text)[0].message.contains("Restricted control \"Capabilities\""));
        assert!(findings_with(RULE.id, &text, baseline()).is_empty());
        let partial = pod("          drop: [NET_RAW]\n");
        assert_eq!(flagged_text(RULE.id, &partial), ["drop"]);
        let lower = pod("          drop: [all]\n");
        assert!(findings(RULE.id, &lower)[0]
            .message
            .contains("drops `all`, which the admission does not read as `ALL`"));
        for drop in ["[ALL]", "[NET_RAW, ALL]"] {
            assert_eq!(positions(RULE.id, &pod(&format!("          drop: {drop}\n"))), [], "{drop}");
        }
    }

    #[test]
    fn a_missing_drop_points_at_the_name_and_is_fixed() {
        let none = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n";
        assert_eq!(flagged_text(RULE.id, none), ["app"]);
        let after = fixed(RULE.id, none);
        assert_eq!(after, format!("{none}      securityContext:\n        capabilities:\n          drop: [\"ALL\"]\n"));
        assert!(findings(RULE.id, &after).is_empty());
        let with_add = pod("          add: [NET_BIND_SERVICE]\n");
        assert!(fixed(RULE.id, &with_add).ends_with("add: [NET_BIND_SERVICE]\n          drop: [\"ALL\"]\n"));
    }

    #[test]
    fn windows_pods_are_exempt_at_restricted_but_not_at_baseline() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os: {name: windows}\n  containers:\n    - {name: a, securityContext: {capabilities: {add: [SYS_ADMIN]}}}\n";
        assert!(findings(RULE.id, text).is_empty());
        assert_eq!(findings_with(RULE.id, text, baseline()).len(), 1);
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
