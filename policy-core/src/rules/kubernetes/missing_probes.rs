use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::ContainerKind;

declare_rule! {
    /// ## What it does
    /// Reports a container of a long-running pod that has no `readinessProbe` or no `livenessProbe`, at the
    /// container's name; the message says which is missing. Long-running means a Deployment, StatefulSet,
    /// DaemonSet, ReplicaSet, ReplicationController or PodTemplate, or a bare Pod, unless its `restartPolicy` is
    /// `Never` or `OnFailure`. Jobs and CronJobs run to completion and are skipped, as kube-score skips them; so are
    /// pods with `restartPolicy: Never` or `OnFailure`, which are jobs in all but name. Only the `containers` list
    /// counts: init containers finish before the pod is ready, and ephemeral containers cannot have probes.
    ///
    /// ## Why it matters
    /// Kubernetes' "Configure Liveness, Readiness and Startup Probes": without a readiness probe a pod receives
    /// traffic as soon as its process starts, before the app is ready, and a rollout carries on even when the new
    /// version never becomes able to serve; without a liveness probe a deadlocked app is never restarted. Keep the
    /// two probes different: a liveness probe that fails whenever the app is merely busy restarts it for nothing.
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
    ///           readinessProbe:
    ///             httpGet: {path: /ready, port: 8080}
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
    ///           readinessProbe:
    ///             httpGet: {path: /ready, port: 8080}
    ///           livenessProbe:
    ///             httpGet: {path: /healthz, port: 8080}
    /// ```
    ///
    /// ## Peers
    /// kube-linter `no-readiness-probe` and `no-liveness-probe`; kube-score `pod-probes`; checkov `CKV_K8S_8`
    /// (liveness) and `CKV_K8S_9` (readiness).
    pub static RULE = {
        id: "missing-probes",
        severity: Info,
        category: Reliability,
        summary: "a long-running container without a readiness or liveness probe",
        peers: [
            ("kube-linter", "no-readiness-probe"),
            ("kube-linter", "no-liveness-probe"),
            ("kube-score", "pod-probes"),
            ("checkov", "CKV_K8S_8"),
            ("checkov", "CKV_K8S_9"),
        ],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.object.is_builtin("Job") || ctx.object.is_builtin("CronJob") {
        return;
    }
    let Some(template) = ctx.template else { return };
    let restart = template.field("restartPolicy").and_then(|entry| entry.value.as_str());
    if matches!(restart, Some("Never" | "OnFailure")) {
        return;
    }
    for container in template.containers_of(ContainerKind::Regular) {
        let missing: Vec<&str> =
            ["readinessProbe", "livenessProbe"].into_iter().filter(|probe| container.probe(probe).is_none()).collect();
        let (message, help) = match missing.as_slice() {
            [] => continue,
            ["readinessProbe"] => (
                "no `readinessProbe`, so it receives traffic before it is ready",
                "Add a `readinessProbe` that succeeds once the app can serve.",
            ),
            ["livenessProbe"] => (
                "no `livenessProbe`, so it is never restarted when it hangs",
                "Add a `livenessProbe` that fails only when the app must be restarted.",
            ),
            _ => (
                "no `readinessProbe` and no `livenessProbe`",
                "Add a `readinessProbe` that succeeds once the app can serve, and a `livenessProbe` that fails only \
                 when the app must be restarted.",
            ),
        };
        out.push(Diagnostic::new(
            RULE.id,
            container.anchor(),
            format!("{} of {} has {message}", container.describe(), ctx.object.describe()),
            help,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::Severity;
    use crate::rules::test_support::{findings, flagged_text, positions};

    const PROBES: &str = "readinessProbe: {tcpSocket: {port: 80}}, livenessProbe: {tcpSocket: {port: 80}}";

    fn workload(kind: &str, containers: &str) -> String {
        format!("apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n{containers}")
    }

    #[test]
    fn says_which_probe_is_missing_at_the_name() {
        let text = workload(
            "Deployment",
            "        - name: none\n        - name: ready\n          readinessProbe: {httpGet: {path: /, port: 80}}\n        - name: live\n          livenessProbe: {exec: {command: [true]}}\n",
        );
        assert_eq!(flagged_text(RULE.id, &text), ["none", "ready", "live"]);
        assert_eq!(positions(RULE.id, &text)[0], (9, 17));
        let found = findings(RULE.id, &text);
        assert_eq!(
            found[0].message,
            "container `none` of Deployment `w` has no `readinessProbe` and no `livenessProbe`"
        );
        assert!(found[1].message.contains("no `livenessProbe`") && !found[1].message.contains("readinessProbe"));
        assert!(found[2].message.contains("no `readinessProbe`") && !found[2].message.contains("livenessProbe"));
        assert_eq!(found[0].severity, Severity::Info);
    }

    #[test]
    fn both_probes_pass_and_a_null_probe_is_missing() {
        let both = workload("StatefulSet", &format!("        - {{name: db, {PROBES}}}\n"));
        assert_eq!(positions(RULE.id, &both), []);
        let null = workload(
            "DaemonSet",
            "        - name: agent\n          readinessProbe:\n          livenessProbe: {tcpSocket: {port: 1}}\n",
        );
        assert_eq!(flagged_text(RULE.id, &null), ["agent"]);
    }

    #[test]
    fn init_and_ephemeral_containers_do_not_count() {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers: [{{name: init}}]\n  containers: [{{name: app, {PROBES}}}]\n  ephemeralContainers: [{{name: debug}}]\n"
        );
        assert_eq!(positions(RULE.id, &text), []);
    }

    #[test]
    fn run_to_completion_pods_are_skipped() {
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: run}]\n";
        assert_eq!(positions(RULE.id, job), []);
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: run}]\n";
        assert_eq!(positions(RULE.id, cron), []);
        let once = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: once\nspec:\n  restartPolicy: OnFailure\n  containers: [{name: run}]\n";
        assert_eq!(positions(RULE.id, once), []);
        let bare = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: counter\nspec:\n  containers: [{name: count, image: busybox:1.36}]\n";
        assert_eq!(flagged_text(RULE.id, bare), ["count"]);
        let crd_job = "apiVersion: example.com/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers: [{name: run}]\n";
        assert_eq!(positions(RULE.id, crd_job), [], "a CRD has no pod template Seaworthy knows");
    }

    #[test]
    fn replication_controllers_and_list_items() {
        let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ReplicationController\n    metadata: {name: rc}\n    spec:\n      template:\n        spec:\n          containers: [{name: a}]\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    metadata: {name: rs}\n    spec:\n      template:\n        spec:\n          containers: [{name: b}]\n";
        assert_eq!(flagged_text(RULE.id, list), ["a", "b"]);
    }
}
