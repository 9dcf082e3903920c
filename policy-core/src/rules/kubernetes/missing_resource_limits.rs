use super::missing_resource_requests::{check_resources, Which};
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a container (init containers included) without a `cpu` or `memory` limit, and each limit that is
    /// not a valid Kubernetes quantity (`1GB`, `lots`, a negative amount) at its value. A missing limit is
    /// reported at the `limits:` key, else at `resources:`, else at the container's name; the message names the
    /// missing resources. Defaults that a LimitRange would give are not taken into account.
    ///
    /// ## Why it matters
    /// The article, "Define Resource Quotas": "An option of running resource-unbound containers puts your system at
    /// risk of DoS or 'noisy neighbor' scenarios." Without a memory limit a leaking container grows until the
    /// node runs out of memory and the kernel kills whatever it picks, other pods included; without a CPU limit a
    /// busy container takes the cycles its neighbours were promised beyond their requests. A namespace whose
    /// ResourceQuota sets `limits.cpu` or `limits.memory` rejects pods without them.
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
    ///           resources:
    ///             requests: {cpu: 250m, memory: 256Mi}
    ///             limits: {memory: 512Mi}
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
    ///           resources:
    ///             requests: {cpu: 250m, memory: 256Mi}
    ///             limits: {cpu: "1", memory: 512Mi}
    /// ```
    ///
    /// ## Peers
    /// kube-linter `unset-memory-requirements` (which checks memory limits by default); kube-score
    /// `container-resources`; checkov `CKV_K8S_11` (CPU) and `CKV_K8S_13` (memory).
    pub static RULE = {
        id: "missing-resource-limits",
        severity: Warning,
        category: Resources,
        summary: "a container without cpu or memory limits, or with a limit that is not a quantity",
        peers: [
            ("kube-linter", "unset-memory-requirements"),
            ("kube-score", "container-resources"),
            ("checkov", "CKV_K8S_11"),
            ("checkov", "CKV_K8S_13"),
        ],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    check_resources(ctx, out, RULE.id, Which::Limits);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(container: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n{container}")
    }

    #[test]
    fn missing_limits_point_at_the_closest_key() {
        let none = pod("      image: nginx:1.27\n");
        assert_eq!(flagged_text(RULE.id, &none), ["app"]);
        let found = findings(RULE.id, &none);
        assert_eq!(found[0].message, "container `app` of Pod `p` has no `cpu` and `memory` limits");
        assert!(found[0].help.contains("`resources.limits.cpu` and `resources.limits.memory`"), "{}", found[0].help);
        let requests_only = pod("      resources:\n        requests: {cpu: 1, memory: 1Gi}\n");
        assert_eq!(flagged_text(RULE.id, &requests_only), ["resources"]);
        let memory_only = pod("      resources:\n        limits:\n          memory: 1Gi\n");
        assert_eq!(positions(RULE.id, &memory_only), [(9, 9)]);
        assert!(findings(RULE.id, &memory_only)[0].message.ends_with("has no `cpu` limit"));
    }

    #[test]
    fn complete_limits_pass_and_bad_quantities_are_reported() {
        assert_eq!(positions(RULE.id, &pod("      resources: {limits: {cpu: 500m, memory: 2e9}}\n")), []);
        let bad = pod("      resources: {limits: {cpu: lots, memory: \"512 Mi\"}}\n");
        assert_eq!(flagged_text(RULE.id, &bad), ["lots", "\"512 Mi\""]);
        assert!(findings(RULE.id, &bad)[0].message.contains("limits cpu `lots`, which is not a valid"));
    }

    #[test]
    fn init_containers_and_workloads() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      initContainers: [{name: init, resources: {limits: {cpu: 1, memory: 1Gi}}}]\n      containers: [{name: agent}]\n      ephemeralContainers: [{name: debug}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["agent"]);
        let crd = "apiVersion: example.com/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: [{name: agent}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
