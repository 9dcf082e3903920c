use std::fmt::Write as _;

use super::dangerous_capabilities::added;
use super::privileged_container::security_fix;
use super::yaml_edit::insert;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::PRIVILEGE_ESCALATION;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a container whose processes may gain more privileges than their parent (through setuid binaries or
    /// file capabilities), because its `securityContext` does not set `allowPrivilegeEscalation: false`:
    /// - `allowPrivilegeEscalation: true`, or a value that is not a boolean, at that value. The fix writes
    ///   `false`, unless the container is privileged or adds `SYS_ADMIN`, where the API server rejects `false`;
    /// - no `allowPrivilegeEscalation`, where Kubernetes defaults it to `true`: at `privileged: true` or the added
    ///   `SYS_ADMIN` when the container has them (both always allow escalation), else at the container's name.
    ///
    /// Init and ephemeral containers count; the field has no pod-level counterpart. When the field is missing the
    /// fix adds `allowPrivilegeEscalation: false` to the container's `securityContext`. This is the Pod Security
    /// Standards' Restricted control, so the rule is silent at the Baseline level, and pods with
    /// `spec.os.name: windows` are exempt, as the admission exempts them.
    ///
    /// ## Why it matters
    /// Escalation is how a compromised process that runs as a non-root user becomes root again inside the
    /// container: `sudo`, `su`, `ping` and other setuid programs in the image do it for it. Setting the field to
    /// `false` sets the kernel's `no_new_privs` flag, which closes that path. The Pod Security Standards' Restricted
    /// profile requires `allowPrivilegeEscalation: false`, and the article's least-privilege advice asks for the
    /// same.
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
    ///             allowPrivilegeEscalation: true
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
    ///             allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## Peers
    /// kube-linter `privilege-escalation-container`; checkov `CKV_K8S_20`.
    pub static RULE = {
        id: "privilege-escalation",
        severity: Warning,
        category: Security,
        summary: "a container does not set `allowPrivilegeEscalation: false`",
        peers: [("kube-linter", "privilege-escalation-container"), ("checkov", "CKV_K8S_20")],
        controls: [PRIVILEGE_ESCALATION],
        checks: [Check::Object(check)],
    }
}

const HELP: &str = "Set `allowPrivilegeEscalation: false` in the container's securityContext.";

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&PRIVILEGE_ESCALATION, &template) {
        return;
    }
    let note = enforcement.note(&PRIVILEGE_ESCALATION);
    for container in template.containers() {
        let who = format!("{} of {}", container.describe(), ctx.object.describe());
        let setting = container.effective("allowPrivilegeEscalation");
        let privileged = container.effective("privileged").entry.filter(|entry| entry.value.as_bool() == Some(true));
        let sys_admin = added(&container).find(|(_, name)| name == "SYS_ADMIN").map(|(item, _)| item);
        // The API server rejects `allowPrivilegeEscalation: false` beside either of these.
        let forced = match (privileged, sys_admin) {
            (Some(_), _) => Some("`privileged: true`"),
            (None, Some(_)) => Some("the capability `SYS_ADMIN`"),
            (None, None) => None,
        };
        let diagnostic = match (setting.entry, setting.as_bool()) {
            (_, Some(false)) => continue,
            (Some(entry), Some(true)) => {
                let diagnostic = Diagnostic::new(
                    RULE.id,
                    entry.value.span,
                    format!("{who} sets `allowPrivilegeEscalation: true`"),
                    match forced {
                        Some(reason) => format!("Remove {reason}, then set `allowPrivilegeEscalation: false`."),
                        None => HELP.to_owned(),
                    },
                );
                let fix = forced.is_none().then(|| {
                    let title = "Set `allowPrivilegeEscalation: false`";
                    security_fix(ctx.object.text, &container, "allowPrivilegeEscalation", false, title)
                });
                match fix.flatten() {
                    Some(fix) => diagnostic.with_fix(fix),
                    None => diagnostic,
                }
            }
            (Some(entry), None) => Diagnostic::new(
                RULE.id,
                entry.value.span,
                format!(
                    "{who} sets `allowPrivilegeEscalation` to `{}`, which is not a boolean",
                    entry.value.span.slice(ctx.object.text)
                ),
                "Write `allowPrivilegeEscalation: false` (unquoted).",
            ),
            (None, _) => match (privileged, sys_admin) {
                (Some(entry), _) => Diagnostic::new(
                    RULE.id,
                    entry.value.span,
                    format!("{who} runs privileged, which always allows privilege escalation"),
                    "Remove `privileged: true`, then set `allowPrivilegeEscalation: false`.",
                ),
                (None, Some(item)) => Diagnostic::new(
                    RULE.id,
                    item.span,
                    format!("{who} adds `SYS_ADMIN`, which always allows privilege escalation"),
                    "Remove `SYS_ADMIN` from `capabilities.add`, then set `allowPrivilegeEscalation: false`.",
                ),
                (None, None) => {
                    let diagnostic = Diagnostic::new(
                        RULE.id,
                        container.anchor(),
                        format!("{who} does not set `allowPrivilegeEscalation: false`, and it defaults to `true`"),
                        HELP,
                    );
                    let path = ["securityContext", "allowPrivilegeEscalation"];
                    let title = "Set `allowPrivilegeEscalation: false`";
                    match insert(ctx, container.node, &path, "false", title) {
                        Some(fix) => diagnostic.with_fix(fix),
                        None => diagnostic,
                    }
                }
            },
        };
        let mut diagnostic = diagnostic;
        let _ = write!(diagnostic.message, "{note}");
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    fn pod(container: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n{container}")
    }

    #[test]
    fn explicit_true_points_at_the_value_with_a_fix() {
        let text = pod("      securityContext:\n        allowPrivilegeEscalation: true\n");
        assert_eq!(positions(RULE.id, &text), [(9, 35)]);
        assert_eq!(fixed(RULE.id, &text), text.replace(": true", ": false"));
        let message = &findings(RULE.id, &text)[0].message;
        assert!(
            message.starts_with("container `app` of Pod `p` sets `allowPrivilegeEscalation: true` (Pod Security"),
            "{message}"
        );
        assert!(message.ends_with("Restricted control \"Privilege Escalation\"; level `restricted` from `pod-security` in the configuration)"), "{message}");
    }

    #[test]
    fn absent_points_at_the_name_and_false_passes() {
        assert_eq!(flagged_text(RULE.id, &pod("      image: nginx:1.27\n")), ["app"]);
        let off = pod("      securityContext: {allowPrivilegeEscalation: false}\n");
        assert_eq!(positions(RULE.id, &off), []);
        let quoted = pod("      securityContext: {allowPrivilegeEscalation: 'false'}\n");
        assert_eq!(flagged_text(RULE.id, &quoted), ["'false'"]);
    }

    #[test]
    fn privileged_and_sys_admin_imply_escalation_and_block_the_fix() {
        let privileged = pod("      securityContext:\n        privileged: true\n");
        assert_eq!(flagged_text(RULE.id, &privileged), ["true"]);
        assert!(findings(RULE.id, &privileged)[0].message.contains("runs privileged"));
        let sys_admin = pod("      securityContext:\n        capabilities:\n          add: [CAP_SYS_ADMIN]\n");
        assert_eq!(flagged_text(RULE.id, &sys_admin), ["CAP_SYS_ADMIN"]);
        let both = pod("      securityContext:\n        privileged: true\n        allowPrivilegeEscalation: true\n");
        let found = findings(RULE.id, &both);
        assert_eq!(found.iter().map(|f| f.span.slice(&both)).collect::<Vec<_>>(), ["true"]);
        assert_eq!(found[0].span.start, both.rfind("true").unwrap_or(0));
        assert!(found[0].fix.is_none(), "the API server rejects false beside privileged: true");
    }

    #[test]
    fn pod_level_setting_does_not_exist_and_every_list_counts() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      securityContext:\n        allowPrivilegeEscalation: false\n      initContainers: [{name: init}]\n      containers: [{name: main, securityContext: {allowPrivilegeEscalation: false}}]\n      ephemeralContainers: [{name: debug}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["init", "debug"]);
    }
}
