use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::Metadata;

declare_rule! {
    /// ## What it does
    /// Reports a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod or
    /// ReplicationController) whose own labels, or whose pod template's labels, lack any of the labels in the
    /// configuration's `required-labels` (by default `app`, `version`, `release` and `stage`). The finding lists
    /// every missing label and points at the `labels:` key, or at the `metadata:` key (else the object's name)
    /// when there are no labels at all.
    ///
    /// Keys are matched exactly: to require the Kubernetes recommended labels, list them in full, e.g.
    /// `required-labels: [app.kubernetes.io/name, app.kubernetes.io/version]`. An empty list turns the rule into a
    /// no-op. Custom resources are skipped.
    ///
    /// ## Why it matters
    /// Labels are how Kubernetes and the people running it find and group objects: selectors, `kubectl get -l`,
    /// dashboards, cost reports. The article names labels "required for every deployment resource": the
    /// application, its version, the release and the stage. The pods are what monitoring sees, so the template
    /// needs them as much as the controller does.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
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
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels: &labels
    ///     app: web
    ///     version: "v31"
    ///     release: "r42"
    ///     stage: production
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels: *labels
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: nginx:1.27
    /// ```
    pub static RULE = {
        id: "missing-required-labels",
        severity: Warning,
        category: Organization,
        summary: "workload or pod template without every required label",
        peers: [],
        checks: [Check::Object(check)],
    }
}

const WORKLOADS: &[&str] =
    &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController"];

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    let required = &ctx.config.required_labels;
    if required.is_empty() || !WORKLOADS.iter().any(|kind| object.is_builtin(kind)) {
        return;
    }
    let describe = object.describe();
    if let Some(missing) = missing(object.metadata, required) {
        let at = object.metadata.labels().map_or_else(|| object.metadata_anchor(), |labels| labels.key.span);
        out.push(diagnostic(at, &describe, &missing));
    }
    // A Pod's template is the Pod itself, already checked above.
    let Some(template) = object.pod_template() else { return };
    let Some(template_entry) = template.template_entry else { return };
    if let Some(missing) = missing(template.metadata, required) {
        let at = match (template.metadata.labels(), template.metadata.entry) {
            (Some(labels), _) => labels.key.span,
            (None, Some(metadata)) => metadata.key.span,
            (None, None) => template_entry.key.span,
        };
        out.push(diagnostic(at, &format!("the pod template of {describe}"), &missing));
    }
}

/// The required labels `metadata` lacks, or `None` when it has them all.
fn missing<'r>(metadata: Metadata<'_>, required: &'r [String]) -> Option<Vec<&'r str>> {
    let missing: Vec<&str> = required.iter().map(String::as_str).filter(|key| metadata.label(key).is_none()).collect();
    (!missing.is_empty()).then_some(missing)
}

fn diagnostic(span: Span, whose: &str, missing: &[&str]) -> Diagnostic {
    let list = missing.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
    let noun = if missing.len() == 1 { "label" } else { "labels" };
    Diagnostic::new(
        RULE.id,
        span,
        format!("{whose} lacks the required {noun} {list}"),
        format!(
            "Add {list} under `labels:`; the configuration's `required-labels` lists the labels every workload needs."
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::Config;

    const ID: &str = "missing-required-labels";

    const FULL: &str = "{app: web, version: v1, release: r1, stage: prod}";

    fn deployment(own: &str, template: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {own}\nspec:\n  template:\n    \
             metadata:\n      labels: {template}\n    spec:\n      containers: []\n"
        )
    }

    #[test]
    fn lists_every_missing_label_for_object_and_template() {
        let yaml = deployment("{app: web, stage: prod}", "{app: web}");
        assert_eq!(positions(ID, &yaml), [(5, 3), (9, 7)]);
        assert_eq!(flagged_text(ID, &yaml), ["labels", "labels"]);
        let found = findings(ID, &yaml);
        assert_eq!(found[0].message, "Deployment `web` lacks the required labels `version`, `release`");
        assert_eq!(
            found[1].message,
            "the pod template of Deployment `web` lacks the required labels `version`, `release`, `stage`"
        );
        assert!(found[0].help.contains("`version`, `release`"), "{}", found[0].help);

        let one = deployment("{app: web, version: v1, release: r1}", FULL);
        assert_eq!(findings(ID, &one)[0].message, "Deployment `web` lacks the required label `stage`");
        assert_eq!(positions(ID, &deployment(FULL, FULL)), []);
    }

    #[test]
    fn without_labels_points_at_metadata_or_template() {
        let bare = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers: []
";
        assert_eq!(flagged_text(ID, bare), ["metadata", "template"]);
        let no_metadata = "apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n";
        assert_eq!(flagged_text(ID, no_metadata), ["Pod"]);
        let template_metadata = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels: {app: a, version: b, release: c, stage: d}
spec:
  template:
    metadata:
      name: ignored
    spec:
      containers: []
";
        assert_eq!(positions(ID, template_metadata), [(8, 5)]);
    }

    #[test]
    fn a_pod_is_checked_once_and_cron_jobs_reach_their_template() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers: []\n";
        assert_eq!(positions(ID, pod), [(5, 3)]);
        let cron = format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n  labels: {FULL}\nspec:\n  jobTemplate:\n    \
             spec:\n      template:\n        metadata:\n          labels: {{app: c}}\n        spec:\n          \
             containers: []\n"
        );
        assert_eq!(positions(ID, &cron), [(11, 11)]);
    }

    #[test]
    fn other_kinds_custom_resources_and_the_configured_set() {
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n";
        assert_eq!(positions(ID, service), []);
        let custom = "apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: d\n";
        assert_eq!(positions(ID, custom), []);

        let yaml = deployment("{team: a}", "{team: a, app: x}");
        let only_team = Config { required_labels: vec!["team".into()], ..Config::default() };
        assert!(findings_in(ID, &[("a.yaml", &yaml)], only_team).is_empty());
        let app = Config { required_labels: vec!["app".into()], ..Config::default() };
        let found = findings_in(ID, &[("a.yaml", &yaml)], app);
        assert_eq!(found.iter().map(|f| f.line).collect::<Vec<_>>(), [5]);
        let none = Config { required_labels: Vec::new(), ..Config::default() };
        assert!(findings_in(ID, &[("a.yaml", "apiVersion: v1\nkind: Pod\n")], none).is_empty());
    }

    #[test]
    fn list_items_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    labels: {app: a, version: b, release: c, stage: d}
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
    labels: {app: b}
";
        assert_eq!(positions(ID, list), [(13, 5)]);
        let files = [
            ("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"),
            ("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels:\n    app: b\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 5, 3)]);
    }
}
