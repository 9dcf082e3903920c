use super::yaml_edit::replace_scalar;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::APPARMOR;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::yaml::Entry;

declare_rule! {
    /// ## What it does
    /// Reports an AppArmor profile other than the runtime's default or a profile loaded on the node: an
    /// `appArmorProfile.type` other than `RuntimeDefault` or `Localhost` in the pod's or a container's
    /// `securityContext`, and a `container.apparmor.security.beta.kubernetes.io/<container>` annotation of the pod
    /// other than `runtime/default` or `localhost/<profile>`. The finding points at the value; the fix writes the
    /// runtime's default profile.
    ///
    /// ## Why it matters
    /// AppArmor confines what a container's processes may touch on the node even when they run as root. An
    /// `Unconfined` profile removes that layer. The Pod Security Standards' Baseline profile ("AppArmor") allows
    /// only the runtime's default and node-local profiles, in the field and in the older annotation alike.
    ///
    /// ## Example
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
    ///         appArmorProfile:
    ///           type: Unconfined
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
    ///         appArmorProfile:
    ///           type: RuntimeDefault
    /// ```
    ///
    /// ## Peers
    /// Kyverno `restrict-apparmor-profiles`; checkov `CKV_K8S_29`; trivy `KSV002`.
    pub static RULE = {
        id: "apparmor-unconfined",
        severity: Warning,
        category: Security,
        summary: "a pod or container runs without the runtime's AppArmor profile (`Unconfined`)",
        peers: [],
        controls: [APPARMOR],
        checks: [Check::Object(check)],
    }
}

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The `appArmorProfile.type` entry of a security context, when it holds a type the standard does not allow.
fn bad_type(security_context: Option<&Entry>) -> Option<&Entry> {
    let entry = security_context?.value.entry("appArmorProfile")?.value.entry("type")?;
    let allowed = entry.value.is_null() || matches!(entry.value.as_str(), Some("RuntimeDefault" | "Localhost"));
    (!allowed).then_some(entry)
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&APPARMOR, &template) {
        return;
    }
    let note = enforcement.note(&APPARMOR);
    let object = ctx.object.describe();
    let text = ctx.object.text;
    let mut report = |entry: &Entry, who: String, to: &str| {
        let written = entry.value.span.slice(text);
        let diagnostic = Diagnostic::new(
            RULE.id,
            entry.value.span,
            format!("{who} sets the AppArmor profile `{written}`, which is not the runtime's default or a node-local profile{note}"),
            format!("Write `{to}`, or a profile loaded on the nodes (`Localhost` with `localhostProfile`)."),
        );
        let fix = replace_scalar(ctx, &entry.value, to, &format!("Use the `{to}` AppArmor profile"));
        out.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    };
    for annotation in template.metadata.annotation_entries() {
        let Some(container) = annotation.key_str().and_then(|key| key.strip_prefix(ANNOTATION_PREFIX)) else {
            continue;
        };
        let value = annotation.value.as_str().unwrap_or_default();
        if value == "runtime/default" || value.starts_with("localhost/") {
            continue;
        }
        report(annotation, format!("the annotation for container `{container}` of {object}"), "runtime/default");
    }
    if let Some(entry) = bad_type(template.security_context()) {
        report(entry, format!("the pods of {object}"), "RuntimeDefault");
    }
    for container in template.containers() {
        if let Some(entry) = bad_type(container.security_context()) {
            report(entry, format!("{} of {object}", container.describe()), "RuntimeDefault");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text};

    #[test]
    fn fields_and_annotations_at_their_values() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n        container.apparmor.security.beta.kubernetes.io/side: localhost/k8s-nginx\n        container.apparmor.security.beta.kubernetes.io/init: runtime/default\n    spec:\n      securityContext:\n        appArmorProfile: {type: Unconfined}\n      containers:\n        - name: app\n          securityContext:\n            appArmorProfile:\n              type: Localhost\n              localhostProfile: k8s-nginx\n      ephemeralContainers:\n        - name: debug\n          securityContext:\n            appArmorProfile:\n              type: Unconfined\n";
        assert_eq!(flagged_text(RULE.id, text), ["unconfined", "Unconfined", "Unconfined"]);
        let found = findings(RULE.id, text);
        assert!(
            found[0].message.starts_with(
                "the annotation for container `app` of Deployment `d` sets the AppArmor profile `unconfined`"
            ),
            "{}",
            found[0].message
        );
        assert!(found[2].message.starts_with("ephemeral container `debug`"), "{}", found[2].message);
        assert_eq!(fixed(RULE.id, text), text.replace("app: unconfined", "app: runtime/default"));
    }

    #[test]
    fn allowed_profiles_pass() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: localhost/custom\nspec:\n  securityContext:\n    appArmorProfile: {type: RuntimeDefault}\n  containers: [{name: a}]\n";
        assert!(findings(RULE.id, text).is_empty());
    }
}
