use super::yaml_edit::{insert, replace_scalar};
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::{Note, SECCOMP_BASELINE, SECCOMP_RESTRICTED};
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::kubernetes::PodTemplate;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports pods that run without a seccomp profile. At every level, a `seccompProfile` in the pod's or a
    /// container's `securityContext` whose `type` is not `RuntimeDefault` or `Localhost` (such as `Unconfined`, or
    /// no type at all), at its value; the fix writes `RuntimeDefault`. At the Restricted level, also a pod whose
    /// containers do not all get `RuntimeDefault` or `Localhost`, from their own `securityContext` or the pod's:
    /// one finding for the pod, with a fix that sets it in the pod's `securityContext`. Pods with
    /// `spec.os.name: windows` are exempt at the Restricted level, as the admission exempts them.
    ///
    /// ## Why it matters
    /// Seccomp filters the system calls a container may make; the runtime's default profile blocks the rarely
    /// needed calls that most kernel exploits use. Kubernetes runs containers `Unconfined` unless told otherwise.
    /// The Pod Security Standards forbid `Unconfined` at Baseline and require a profile at Restricted ("Seccomp").
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
    ///         seccompProfile:
    ///           type: Unconfined
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
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
    ///         seccompProfile:
    ///           type: RuntimeDefault
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Peers
    /// Kyverno `restrict-seccomp` and `restrict-seccomp-strict`; checkov `CKV_K8S_31`; trivy `KSV104` and `KSV030`.
    pub static RULE = {
        id: "seccomp-unconfined",
        severity: Warning,
        category: Security,
        summary: "a pod or container runs without a seccomp profile (`Unconfined`)",
        peers: [("checkov", "CKV_K8S_31")],
        controls: [SECCOMP_BASELINE, SECCOMP_RESTRICTED],
        checks: [Check::Object(check)],
    }
}

/// The `seccompProfile` entry of a security context, when it is set.
fn profile(security_context: Option<&Entry>) -> Option<&Entry> {
    security_context?.value.entry("seccompProfile").filter(|entry| !entry.value.is_null())
}

fn valid(profile: &Entry) -> bool {
    matches!(profile.value.get("type").and_then(|node| node.as_str()), Some("RuntimeDefault" | "Localhost"))
}

fn bad_profile(ctx: &ObjectContext<'_>, profile: &Entry, who: &str, note: Note<'_>) -> Diagnostic {
    let type_entry = profile.value.entry("type").filter(|entry| !entry.value.is_null());
    let (span, what) = match type_entry {
        Some(entry) => (entry.value.span, format!("the seccomp profile `{}`", entry.value.span.slice(ctx.object.text))),
        None => (profile.key.span, "a seccomp profile without a type".to_owned()),
    };
    let diagnostic = Diagnostic::new(
        RULE.id,
        span,
        format!("{who} sets {what}, so its system calls are not filtered{note}"),
        "Set `seccompProfile: {type: RuntimeDefault}`, or `Localhost` with a profile loaded on the nodes.",
    );
    let fix = type_entry.and_then(|entry| replace_scalar(ctx, &entry.value, "RuntimeDefault", TITLE));
    match fix {
        Some(fix) => diagnostic.with_fix(fix),
        None => diagnostic,
    }
}

const TITLE: &str = "Use the `RuntimeDefault` seccomp profile";

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    let restricted = enforcement.requires(&SECCOMP_RESTRICTED, &template);
    // At the Restricted level the admission's restricted check replaces the baseline one, so a Windows pod
    // exempt from it is not held to Baseline's either.
    let windows_exempt = enforcement.windows_exempt(&SECCOMP_RESTRICTED, &template);
    if !enforcement.requires(&SECCOMP_BASELINE, &template) || windows_exempt {
        return;
    }
    let baseline_note = enforcement.note(&SECCOMP_BASELINE);
    let object = ctx.object.describe();
    let pod_profile = profile(template.security_context());
    if let Some(entry) = pod_profile.filter(|entry| !valid(entry)) {
        out.push(bad_profile(ctx, entry, &format!("the pods of {object}"), baseline_note));
    }
    let mut unset = Vec::new();
    for container in template.containers() {
        match profile(container.security_context()) {
            Some(entry) if !valid(entry) => {
                out.push(bad_profile(ctx, entry, &format!("{} of {object}", container.describe()), baseline_note));
            }
            Some(_) => {}
            None => unset.push(container.describe()),
        }
    }
    if !restricted || pod_profile.is_some() || unset.is_empty() {
        return;
    }
    out.push(missing(ctx, &template, &unset));
}

/// The Restricted finding for containers that get no profile from themselves or the pod.
fn missing(ctx: &ObjectContext<'_>, template: &PodTemplate<'_>, unset: &[String]) -> Diagnostic {
    let enforcement = ctx.pod_security();
    let span = template.security_context().map_or_else(|| template.anchor(), |entry| entry.key.span);
    let diagnostic = Diagnostic::new(
        RULE.id,
        span,
        format!(
            "the pods of {} set no seccomp profile for {}, so they run `Unconfined`{}",
            ctx.object.describe(),
            unset.join(", "),
            enforcement.note(&SECCOMP_RESTRICTED)
        ),
        "Set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext`.",
    );
    let path = ["securityContext", "seccompProfile", "type"];
    let fix: Option<Fix> = insert(ctx, template.spec(), &path, "RuntimeDefault", TITLE);
    match fix {
        Some(fix) => diagnostic.with_fix(fix),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::{Config, PodSecurityLevel};
    use crate::rules::test_support::{findings, findings_with, fixed, flagged_text};

    #[test]
    fn explicit_bad_profiles_at_pod_and_container_level() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile: {type: Unconfined}\n  initContainers:\n    - name: init\n      securityContext:\n        seccompProfile: {}\n  containers:\n    - name: app\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n";
        assert_eq!(flagged_text(RULE.id, text), ["Unconfined", "seccompProfile"]);
        let found = findings(RULE.id, text);
        assert!(found[0].message.contains("Baseline control \"Seccomp\""), "{}", found[0].message);
        assert_eq!(fixed(RULE.id, text), text.replace("type: Unconfined", "type: RuntimeDefault"));
    }

    #[test]
    fn restricted_requires_a_profile_for_every_container() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          securityContext:\n            seccompProfile: {type: Localhost, localhostProfile: p.json}\n        - name: b\n          image: x:1\n";
        let found = findings(RULE.id, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("set no seccomp profile for container `b`"), "{}", found[0].message);
        assert!(found[0].message.contains("Restricted control \"Seccomp\""), "{}", found[0].message);
        let after = fixed(RULE.id, text);
        assert!(after.ends_with("          image: x:1\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n"), "{after}");
        assert!(findings(RULE.id, &after).is_empty());
        let baseline = Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() };
        assert!(findings_with(RULE.id, text, baseline).is_empty());
    }

    #[test]
    fn windows_pods_are_exempt_at_restricted_only() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os: {name: windows}\n  securityContext:\n    seccompProfile: {type: Unconfined}\n  containers: [{name: a}]\n";
        assert!(findings(RULE.id, text).is_empty());
        let baseline = Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() };
        assert_eq!(findings_with(RULE.id, text, baseline).len(), 1);
    }
}
