use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::{Metadata, Object, Requirement};
use crate::syntax::yaml::{Entry, Node};

declare_rule! {
    /// ## What it does
    /// Reports a Deployment, ReplicaSet, StatefulSet or DaemonSet whose `spec.selector` is missing or empty, and
    /// a selector term that the workload's own pod template does not satisfy: a `matchLabels` pair (the message
    /// shows the template's value) or a `matchExpressions` requirement with `In`, `NotIn`, `Exists` or
    /// `DoesNotExist`. A ReplicationController's selector and a Job's selector under `manualSelector: true` are
    /// held to the same match; without a selector those two get one from their template labels, so only a
    /// mismatch counts there. Other Jobs are skipped: Kubernetes generates their selectors.
    ///
    /// A missing selector is reported in every API version. `extensions/v1beta1` and `apps/v1beta1` filled it in
    /// from the template labels, but both were removed in Kubernetes 1.16, and `apps/v1`, the version left,
    /// requires it; the finding points at `spec:` (or at the kind when there is no `spec`).
    ///
    /// ## Why it matters
    /// The API server refuses such a workload outright: `spec.selector: Required value` when it is missing, and
    /// "`selector` does not match template `labels`" when the pods it would create are not the pods it selects
    /// (Kubernetes documentation, Deployments: "Selector"). The article's own Deployment (`apps/v1beta1`, no
    /// selector) stops applying the moment its apiVersion is brought up to date.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: webapp
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: nginx:1.27
    /// ```
    ///
    /// ## Peers
    /// kube-linter's `mismatching-selector` and kube-score's
    /// `deployment-pod-selector-labels-match-template-metadata-labels` and
    /// `statefulset-pod-selector-labels-match-template-metadata-labels` check the same match; their ignore
    /// annotations silence this rule.
    pub static RULE = {
        id: "deployment-selector-mismatch",
        severity: Error,
        category: Organization,
        summary: "workload selector missing or not matching its own pod template labels",
        peers: [
            ("kube-linter", "mismatching-selector"),
            ("kube-score", "deployment-pod-selector-labels-match-template-metadata-labels"),
            ("kube-score", "statefulset-pod-selector-labels-match-template-metadata-labels"),
        ],
        checks: [Check::Object(check)],
    }
}

/// The kinds whose `LabelSelector` is required (in `apps/v1`) and must select their own template.
const WORKLOADS: &[&str] = &["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"];

const HELP: &str = "Make `spec.selector` require only labels that the pod template carries, with the same values.";

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    let workload = WORKLOADS.iter().any(|kind| object.is_builtin(kind));
    let controller = object.is_builtin("ReplicationController")
        || object.is_builtin("Job") && object.get_at(&["spec", "manualSelector"]).and_then(Node::as_bool) == Some(true);
    if !workload && !controller {
        return;
    }
    let Some(selector) = object.selector() else {
        if workload {
            out.push(missing(object));
        }
        return;
    };
    if selector.is_empty() {
        // A ReplicationController's empty map is defaulted from the template like a missing one.
        if workload {
            out.push(Diagnostic::new(
                RULE.id,
                selector.entry.key.span,
                format!("{} has an empty selector, which Kubernetes refuses for a workload", object.describe()),
                HELP,
            ));
        }
        return;
    }
    let Some(template) = object.entry_at(&["spec", "template"]) else { return };
    let labels = Metadata { entry: template.value.entry("metadata") };
    if labels.label_entries().next().is_none() {
        out.push(Diagnostic::new(
            RULE.id,
            selector.entry.key.span,
            format!("the pod template of {} has no labels, so its selector cannot select its pods", object.describe()),
            "Give the pod template the labels that `spec.selector` requires.",
        ));
        return;
    }
    let label = |key: &str| labels.label_value(key);
    for (key, entry) in &selector.match_labels {
        let want = entry.value.as_str();
        if want.is_some() && label(key) == want {
            continue;
        }
        let term = want.map_or_else(|| format!("`{key}` without a value"), |want| format!("`{key}: {want}`"));
        out.push(Diagnostic::new(
            RULE.id,
            entry.span(),
            format!(
                "selector {term} does not match the pod template of {}, {}",
                object.describe(),
                has(label(key), key)
            ),
            HELP,
        ));
    }
    for requirement in &selector.match_expressions {
        if requirement.matches(&label) {
            continue;
        }
        let span = requirement.node.entry("key").map_or(requirement.node.span, Entry::span);
        let message = if matches!(requirement.operator, "In" | "NotIn" | "Exists" | "DoesNotExist") {
            format!(
                "selector requirement {} does not match the pod template of {}, {}",
                describe(requirement),
                object.describe(),
                has(label(requirement.key), requirement.key)
            )
        } else {
            format!(
                "selector requirement on `{}` has operator `{}`, which is not In, NotIn, Exists or DoesNotExist",
                requirement.key, requirement.operator
            )
        };
        out.push(Diagnostic::new(RULE.id, span, message, HELP));
    }
}

fn missing(object: &Object<'_>) -> Diagnostic {
    let span = object.node.entry("spec").map_or(object.kind_entry.value.span, |spec| spec.key.span);
    let defaulted = matches!(object.api_version, "extensions/v1beta1" | "apps/v1beta1");
    let message = if defaulted {
        format!(
            "{} has no `spec.selector`; `{}` filled it in from the template labels, but `apps/v1`, the only \
             version served since Kubernetes 1.16, requires it",
            object.describe(),
            object.api_version
        )
    } else {
        format!("{} has no `spec.selector`, which `{}` requires", object.describe(), object.api_version)
    };
    let labels = Metadata { entry: object.get_at(&["spec", "template"]).and_then(|node| node.entry("metadata")) };
    let help = match identifying(labels) {
        Some((key, value)) => format!("Add `selector: {{matchLabels: {{{key}: {value}}}}}` under `spec:`."),
        None => "Add `spec.selector.matchLabels`, and the same labels to the pod template.".to_owned(),
    };
    Diagnostic::new(RULE.id, span, message, help)
}

/// The template label a selector would most likely use: `app`, `app.kubernetes.io/name`, else the first one.
fn identifying<'a>(labels: Metadata<'a>) -> Option<(&'a str, &'a str)> {
    let pair = |entry: &'a Entry| Some((entry.key_str()?, entry.value.as_str()?));
    let preferred = ["app", "app.kubernetes.io/name"].into_iter().find_map(|key| labels.label(key).and_then(pair));
    preferred.or_else(|| labels.label_entries().find_map(pair))
}

/// How the message tells what the template has under `key`.
fn has(value: Option<&str>, key: &str) -> String {
    value.map_or_else(|| format!("which has no `{key}` label"), |value| format!("whose `{key}` is `{value}`"))
}

/// `tier In (front, back)`, `tier Exists`.
fn describe(requirement: &Requirement<'_>) -> String {
    if requirement.values.is_empty() {
        format!("`{} {}`", requirement.key, requirement.operator)
    } else {
        format!("`{} {} ({})`", requirement.key, requirement.operator, requirement.values.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged_text, positions};

    const ID: &str = "deployment-selector-mismatch";

    fn workload(api_version: &str, kind: &str, selector: &str, labels: &str) -> String {
        format!(
            "\
apiVersion: {api_version}
kind: {kind}
metadata:
  name: web
spec:
{selector}  template:
    metadata:
      labels: {labels}
    spec:
      containers:
      - name: web
        image: nginx:1
"
        )
    }

    #[test]
    fn match_labels_pair_that_differs_points_at_the_pair_and_shows_the_template_value() {
        let yaml = workload(
            "apps/v1",
            "Deployment",
            "  selector:\n    matchLabels:\n      app: web\n      tier: front\n",
            "{app: webapp, tier: front}",
        );
        assert_eq!(positions(ID, &yaml), [(8, 7)]);
        assert_eq!(flagged_text(ID, &yaml), ["app: web"]);
        let message = &findings(ID, &yaml)[0].message;
        assert!(message.contains("Deployment `web`") && message.contains("whose `app` is `webapp`"), "{message}");
    }

    #[test]
    fn a_label_the_template_lacks_is_named() {
        let yaml =
            workload("apps/v1", "StatefulSet", "  selector: {matchLabels: {app: web, role: db}}\n", "{app: web}");
        assert_eq!(flagged_text(ID, &yaml), ["role: db"]);
        assert!(findings(ID, &yaml)[0].message.contains("which has no `role` label"));
    }

    #[test]
    fn match_expressions_each_operator() {
        let expression = |requirement: &str| {
            workload(
                "apps/v1",
                "DaemonSet",
                &format!("  selector:\n    matchExpressions:\n    - {requirement}\n"),
                "{app: web, tier: front}",
            )
        };
        for passing in [
            "{key: tier, operator: In, values: [front, back]}",
            "{key: tier, operator: NotIn, values: [db]}",
            "{key: zone, operator: NotIn, values: [a]}",
            "{key: app, operator: Exists}",
            "{key: zone, operator: DoesNotExist}",
        ] {
            assert_eq!(positions(ID, &expression(passing)), [], "{passing}");
        }
        for (failing, says) in [
            ("{key: tier, operator: In, values: [back, db]}", "`tier In (back, db)` does not match"),
            ("{key: tier, operator: NotIn, values: [front]}", "whose `tier` is `front`"),
            ("{key: zone, operator: Exists}", "which has no `zone` label"),
            ("{key: app, operator: DoesNotExist}", "`app DoesNotExist`"),
            ("{key: app, operator: Contains, values: [w]}", "operator `Contains`, which is not"),
        ] {
            let yaml = expression(failing);
            let found = findings(ID, &yaml);
            assert_eq!(found.len(), 1, "{failing}");
            assert!(found[0].message.contains(says), "{failing}: {}", found[0].message);
            assert_eq!((found[0].line, found[0].column), (8, 8), "points at the requirement's key: {failing}");
            assert!(found[0].span.slice(&yaml).starts_with("key: "), "{failing}");
        }
    }

    #[test]
    fn missing_selector_points_at_spec_in_every_version() {
        let yaml = workload("apps/v1", "Deployment", "  replicas: 2\n", "{app: web}");
        assert_eq!(positions(ID, &yaml), [(5, 1)]);
        assert_eq!(flagged_text(ID, &yaml), ["spec"]);
        let found = findings(ID, &yaml);
        assert!(found[0].message.contains("which `apps/v1` requires"), "{}", found[0].message);
        assert!(found[0].help.contains("matchLabels: {app: web}"), "{}", found[0].help);

        let old = workload("apps/v1beta1", "Deployment", "", "{app: web}");
        let found = findings(ID, &old);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`apps/v1beta1` filled it in") && found[0].message.contains("1.16"));

        let no_spec = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: rs\n";
        assert_eq!(flagged_text(ID, no_spec), ["ReplicaSet"]);
        let null_selector = workload("apps/v1", "Deployment", "  selector:\n", "{app: web}");
        assert_eq!(flagged_text(ID, &null_selector), ["spec"]);
    }

    #[test]
    fn empty_selector_and_unlabelled_template_point_at_the_selector_key() {
        let empty = workload("apps/v1", "Deployment", "  selector: {matchLabels: {}}\n", "{app: web}");
        assert_eq!(flagged_text(ID, &empty), ["selector"]);
        assert!(findings(ID, &empty)[0].message.contains("empty selector"));
        let unlabelled = workload("apps/v1", "Deployment", "  selector: {matchLabels: {app: web}}\n", "{}");
        assert_eq!(flagged_text(ID, &unlabelled), ["selector"]);
        assert!(findings(ID, &unlabelled)[0].message.contains("has no labels"));
    }

    #[test]
    fn replication_controllers_and_manual_jobs_match_too_others_are_skipped() {
        let rc = |selector: &str| workload("v1", "ReplicationController", selector, "{app: web}");
        assert_eq!(flagged_text(ID, &rc("  selector: {app: api}\n")), ["app: api"]);
        assert_eq!(positions(ID, &rc("  selector: {app: web}\n")), []);
        assert_eq!(positions(ID, &rc("")), [], "a ReplicationController defaults its selector");
        assert_eq!(positions(ID, &rc("  selector: {}\n")), [], "an empty map is defaulted too");

        let job = |manual: &str| {
            workload("batch/v1", "Job", &format!("{manual}  selector: {{matchLabels: {{app: api}}}}\n"), "{app: web}")
        };
        assert_eq!(positions(ID, &job("")), [], "Kubernetes generates a Job's selector");
        assert_eq!(flagged_text(ID, &job("  manualSelector: true\n")), ["app: api"]);
        assert_eq!(positions(ID, &workload("batch/v1", "Job", "", "{app: web}")), []);

        let custom = workload("example.com/v1", "Deployment", "", "{app: web}");
        assert_eq!(positions(ID, &custom), [], "a CRD named Deployment is not the built-in");
        let matching =
            workload("extensions/v1beta1", "Deployment", "  selector: {matchLabels: {app: web}}\n", "{app: web, x: y}");
        assert_eq!(positions(ID, &matching), []);
    }

    #[test]
    fn peer_ignore_annotations_silence_it() {
        let selector = "  selector: {matchLabels: {app: a}}\n";
        for annotation in [
            "ignore-check.kube-linter.io/mismatching-selector: \"migrating\"",
            "kube-score/ignore: deployment-pod-selector-labels-match-template-metadata-labels",
        ] {
            let yaml = workload("apps/v1", "Deployment", selector, "{app: b}")
                .replace("  name: web\n", &format!("  name: web\n  annotations:\n    {annotation}\n"));
            assert_eq!(positions(ID, &yaml), [], "{annotation}");
        }
    }

    #[test]
    fn several_documents_are_each_checked() {
        let bad = workload("apps/v1", "Deployment", "  selector: {matchLabels: {app: a}}\n", "{app: b}");
        let good = workload("apps/v1", "Deployment", "  selector: {matchLabels: {app: b}}\n", "{app: b}");
        let yaml = format!("{good}---\n{bad}---\n{bad}");
        assert_eq!(flagged_text(ID, &yaml), ["app: a", "app: a"]);
    }
}
