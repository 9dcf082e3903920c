use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::pod_security::PRIVILEGED_CONTAINERS;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::kubernetes::Container;
use crate::syntax::yaml::{Entry, Node};

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext` sets `privileged: true`, at that value. Init and ephemeral
    /// containers count; `privileged` has no pod-level counterpart. The fix turns the value into `false`.
    ///
    /// ## Why it matters
    /// The article asks for "ensuring that all application containers are non-privileged containers". A
    /// privileged container gets every capability and the host's devices, with no seccomp or AppArmor
    /// confinement: a root process in it is root on the node. The Pod Security Standards' Baseline profile
    /// ("Privileged Containers") forbids it.
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
    ///             privileged: true
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
    ///             privileged: false
    ///             capabilities:
    ///               add: ["NET_BIND_SERVICE"]
    /// ```
    ///
    /// ## Peers
    /// kube-linter `privileged-container`; kube-score `container-security-context-privileged`; checkov
    /// `CKV_K8S_16`.
    pub static RULE = {
        id: "privileged-container",
        severity: Error,
        category: Security,
        summary: "a container runs with `privileged: true`",
        peers: [
            ("kube-linter", "privileged-container"),
            ("kube-score", "container-security-context-privileged"),
            ("checkov", "CKV_K8S_16"),
        ],
        controls: [PRIVILEGED_CONTAINERS],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    let enforcement = ctx.pod_security();
    if !enforcement.requires(&PRIVILEGED_CONTAINERS, &template) {
        return;
    }
    let note = enforcement.note(&PRIVILEGED_CONTAINERS);
    for container in template.containers() {
        let effective = container.effective("privileged");
        let Some(entry) = effective.entry.filter(|_| effective.as_bool() == Some(true)) else { continue };
        let diagnostic = Diagnostic::new(
            RULE.id,
            entry.value.span,
            format!(
                "{} of {} runs privileged: it has every capability and the host's devices{note}",
                container.describe(),
                ctx.object.describe()
            ),
            "Set `privileged: false` and add only the capabilities the container needs under `capabilities.add`.",
        );
        out.push(match security_fix(ctx.object.text, &container, "privileged", false, "Set `privileged: false`") {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

/// Whether `entry` is written inside `parent` with its value right after the key (only a colon, blanks and
/// comments between): not copied in by an alias or a `<<` merge key, and without an anchor or tag on the value,
/// so that editing its text changes this place only.
pub(crate) fn in_place(text: &str, parent: &Node, entry: &Entry) -> bool {
    let (key, value) = (entry.key.span, entry.value.span);
    if key.start < parent.span.start || value.end > parent.span.end || value.start < key.end {
        return false;
    }
    let Some(between) = text.get(key.end..value.start) else { return false };
    let mut colons = 0;
    for line in between.split('\n') {
        let code = line.split_once('#').map_or(line, |(code, _)| code);
        for c in code.chars() {
            match c {
                ':' => colons += 1,
                ' ' | '\t' | '\r' => {}
                _ => return false,
            }
        }
    }
    colons == 1
}

/// A fix that writes `to` over the boolean at the end of `chain` (each entry inside the node before it), offered
/// only when every step is written in place and the value is a plain, untagged boolean literal, so the edit
/// keeps the YAML valid and touches nothing an alias shares.
pub(crate) fn bool_fix(text: &str, parent: &Node, chain: &[&Entry], to: bool, title: &str) -> Option<Fix> {
    let mut node = parent;
    for entry in chain {
        if !in_place(text, node, entry) {
            return None;
        }
        node = &entry.value;
    }
    let scalar = node.as_scalar()?;
    let literal = scalar.style.is_plain() && scalar.tag.is_none() && node.span.slice(text) == scalar.text;
    (literal && scalar.as_bool().is_some()).then(|| Fix::replace(title, node.span, to.to_string()))
}

/// [`bool_fix`] for a field of a container's own `securityContext`.
pub(crate) fn security_fix(text: &str, container: &Container<'_>, field: &str, to: bool, title: &str) -> Option<Fix> {
    let context = container.security_context()?;
    let entry = context.value.entry(field)?;
    bool_fix(text, container.node, &[context, entry], to, title)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    fn deployment(container: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n{container}"
        )
    }

    #[test]
    fn points_at_the_value_and_names_object_and_container() {
        let text = deployment(
            "        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n",
        );
        assert_eq!(positions(RULE.id, &text), [(12, 25)]);
        let found = findings(RULE.id, &text);
        assert!(found[0].message.contains("container `app` of Deployment `web`"), "{}", found[0].message);
        assert_eq!(fixed(RULE.id, &text), text.replace("privileged: true", "privileged: false"));
    }

    #[test]
    fn false_absent_and_quoted_values_pass() {
        for context in ["privileged: false", "runAsNonRoot: true", "privileged: \"true\"", "privileged: null"] {
            let text = deployment(&format!("        - name: app\n          securityContext:\n            {context}\n"));
            assert_eq!(positions(RULE.id, &text), [], "{context}");
        }
        assert_eq!(positions(RULE.id, &deployment("        - name: app\n")), []);
    }

    #[test]
    fn yaml_1_1_booleans_and_flow_style() {
        let text = deployment("        - {name: app, securityContext: {privileged: yes}}\n");
        assert_eq!(flagged_text(RULE.id, &text), ["yes"]);
        assert_eq!(fixed(RULE.id, &text), text.replace("privileged: yes", "privileged: false"));
    }

    #[test]
    fn pod_level_privileged_is_not_a_field() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    privileged: true\n  containers:\n    - name: app\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn every_workload_kind_and_container_list() {
        let container = "securityContext: {privileged: true}";
        let spec = |indent: &str| {
            format!(
                "{indent}initContainers:\n{indent}  - name: setup\n{indent}    {container}\n{indent}containers:\n{indent}  - name: app\n{indent}    {container}\n{indent}ephemeralContainers:\n{indent}  - name: debug\n{indent}    {container}\n"
            )
        };
        let template = format!("  template:\n    spec:\n{}", spec("      "));
        let cases = [
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n{}", spec("  ")),
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n{template}"),
            format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: x\nspec:\n{template}"),
            format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n{template}"),
            format!("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: x\nspec:\n{template}"),
            format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n{template}"),
            format!("apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: x\nspec:\n{template}"),
            format!(
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{}",
                spec("          ")
            ),
        ];
        for text in &cases {
            let found = findings(RULE.id, text);
            let names: Vec<&str> = found.iter().map(|f| f.message.split(" of ").next().unwrap_or("")).collect();
            assert_eq!(names, ["init container `setup`", "container `app`", "ephemeral container `debug`"], "{text}");
            assert!(found.iter().all(|f| f.span.slice(text) == "true"), "{text}");
        }
    }

    #[test]
    fn list_items_are_checked_and_crds_skipped() {
        let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      containers: [{name: app, securityContext: {privileged: true}}]\n";
        assert_eq!(positions(RULE.id, list), [(8, 62)]);
        assert_eq!(flagged_text(RULE.id, list), ["true"]);
        let crd = "apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: [{name: app, securityContext: {privileged: true}}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }

    #[test]
    fn no_fix_when_an_alias_or_anchor_shares_the_value() {
        let anchored = deployment(
            "        - name: app\n          securityContext: &strict\n            privileged: true\n        - name: sidecar\n          securityContext: *strict\n",
        );
        let found = findings(RULE.id, &anchored);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.fix.is_none()), "editing the anchored value would change its aliases too");
        let tagged =
            deployment("        - name: app\n          securityContext:\n            privileged: !!bool true\n");
        assert_eq!(flagged_text(RULE.id, &tagged), ["true"]);
        assert!(findings(RULE.id, &tagged)[0].fix.is_none());
        let merged = deployment(
            "        - name: app\n          securityContext:\n            <<: &base {privileged: true}\n        - name: b\n          securityContext:\n            <<: *base\n",
        );
        assert!(findings(RULE.id, &merged).iter().skip(1).all(|f| f.fix.is_none()));
    }

    #[test]
    fn peer_annotations_and_container_ignores_suppress_it() {
        let pod = |annotations: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    {annotations}\nspec:\n  containers:\n    - {{name: app, securityContext: {{privileged: true}}}}\n    - {{name: side, securityContext: {{privileged: true}}}}\n"
            )
        };
        assert_eq!(positions(RULE.id, &pod("ignore-check.kube-linter.io/privileged-container: \"node agent\"")), []);
        assert_eq!(positions(RULE.id, &pod("kube-score/ignore: pod-probes,container-security-context-privileged")), []);
        let one = findings(RULE.id, &pod("seaworthy.dev/ignore.app: privileged-container"));
        assert_eq!(
            one.iter().map(|f| f.message.split(" of ").next().unwrap_or("")).collect::<Vec<_>>(),
            ["container `side`"]
        );
        assert_eq!(positions(RULE.id, &pod("ignore-check.kube-linter.io/latest-tag: \"\"")).len(), 2);
    }
}
