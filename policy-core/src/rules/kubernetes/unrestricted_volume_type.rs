use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::VOLUME_TYPES;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// At the Restricted level, reports a pod volume of a type outside the Restricted list: `configMap`, `csi`,
    /// `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret`. The
    /// finding points at the volume's type key. A `hostPath` volume is reported by `host-path-volume`, which
    /// claims this control too, so that it is not reported twice.
    ///
    /// ## Why it matters
    /// Volume types such as `nfs`, `iscsi`, `rbd`, `gitRepo` or `flexVolume` mount storage with the node's
    /// credentials and drivers, outside what PersistentVolumeClaims and their storage classes control. The Pod
    /// Security Standards' Restricted profile ("Volume Types") allows only the listed types; claim other storage
    /// through a PersistentVolumeClaim. (`image` volumes are allowed by the admission since Kubernetes 1.33.)
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
    ///   volumes:
    ///     - name: shared
    ///       nfs:
    ///         server: nfs.example.com
    ///         path: /exports/web
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
    ///   volumes:
    ///     - name: shared
    ///       persistentVolumeClaim:
    ///         claimName: web-shared
    /// ```
    ///
    /// ## Peers
    /// Kyverno `restrict-volume-types`; trivy `KSV028`.
    pub static RULE = {
        id: "unrestricted-volume-type",
        severity: Warning,
        category: Security,
        summary: "a pod mounts a volume type outside the Restricted list",
        peers: [],
        controls: [VOLUME_TYPES],
        checks: [Check::Object(check)],
    }
}

const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&VOLUME_TYPES, &template) {
        return;
    }
    for volume in template.volumes() {
        let named = volume.name().map_or_else(String::new, |name| format!(" `{name}`"));
        for entry in volume.node.entries() {
            let Some(key) = entry.key_str() else { continue };
            if key == "name" || key == "hostPath" || entry.value.is_null() || ALLOWED.contains(&key) {
                continue;
            }
            out.push(Diagnostic::new(
                RULE.id,
                entry.key.span,
                format!(
                    "the pods of {} mount the {key} volume{named}, a type the Restricted profile does not allow{}",
                    ctx.object.describe(),
                    enforcement.note(&VOLUME_TYPES)
                ),
                "Claim the storage through a `persistentVolumeClaim` (or use `csi`, `configMap`, `secret`, \
                 `emptyDir`, `projected`, `downwardAPI`, `ephemeral` or `image`).",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::{Config, PodSecurityLevel};
    use crate::rules::test_support::{findings, findings_with, flagged_text};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: a}]\n  volumes:\n    - {name: a, emptyDir: {}}\n    - {name: b, gitRepo: {repository: x}}\n    - {name: c, hostPath: {path: /data}}\n    - {name: d, projected: {sources: []}}\n    - name: e\n      cephfs:\n        monitors: [m]\n    - {name: f, image: {reference: x:1}}\n";

    #[test]
    fn types_outside_the_list_at_their_key() {
        assert_eq!(flagged_text(RULE.id, POD), ["gitRepo", "cephfs"]);
        assert!(findings(RULE.id, POD)[0].message.starts_with("the pods of Pod `p` mount the gitRepo volume `b`"));
        let baseline = Config { pod_security: PodSecurityLevel::Baseline, ..Config::default() };
        assert!(findings_with(RULE.id, POD, baseline).is_empty());
    }
}
