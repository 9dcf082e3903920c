use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::ContainerKind;

declare_rule! {
    /// ## What it does
    /// Reports a container (init containers included) without a `cpu` or `memory` request, and each request that
    /// is not a valid Kubernetes quantity (`1GB`, `half`, a negative amount) at its value. A missing request is
    /// reported at the `requests:` key, else at `resources:`, else at the container's name; the message names the
    /// missing resources. A resource with a limit but no request is fine: Kubernetes copies the limit into the
    /// request. Defaults that a LimitRange would give are not taken into account.
    ///
    /// ## Why it matters
    /// The article, "Define Resource Quotas": "By default, all resources in the Kubernetes cluster are created with
    /// unbounded CPU and memory requests/limits", which "puts your system at risk of DoS or noisy neighbor
    /// scenarios". The scheduler places pods by their requests: a pod without them lands on a node that has no
    /// room for it, is the first evicted under memory pressure (QoS class BestEffort), and a namespace with a
    /// ResourceQuota on requests rejects it outright.
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
    ///             requests:
    ///               memory: 1GB
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
    ///             requests:
    ///               cpu: 250m
    ///               memory: 1Gi
    /// ```
    ///
    /// ## Peers
    /// kube-linter `unset-cpu-requirements` (which checks CPU requests by default); kube-score
    /// `container-resources`; checkov `CKV_K8S_10` (CPU) and `CKV_K8S_12` (memory).
    pub static RULE = {
        id: "missing-resource-requests",
        severity: Warning,
        category: Resources,
        summary: "a container without cpu or memory requests, or with a request that is not a quantity",
        peers: [
            ("kube-linter", "unset-cpu-requirements"),
            ("kube-score", "container-resources"),
            ("checkov", "CKV_K8S_10"),
            ("checkov", "CKV_K8S_12"),
        ],
        checks: [Check::Object(check)],
    }
}

/// Which half of `resources` a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Requests,
    Limits,
}

impl Which {
    /// The field under `resources`, which is also the verb messages use ("requests cpu `x`").
    const fn key(self) -> &'static str {
        match self {
            Self::Requests => "requests",
            Self::Limits => "limits",
        }
    }
}

const RESOURCES: [&str; 2] = ["cpu", "memory"];

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    check_resources(ctx, out, RULE.id, Which::Requests);
}

/// Reports missing and unparsable `cpu` and `memory` amounts of `which` for the init and regular containers
/// (ephemeral containers may not set resources).
pub(crate) fn check_resources(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>, rule: &'static str, which: Which) {
    let Some(template) = ctx.template else { return };
    let containers =
        [ContainerKind::Init, ContainerKind::Regular].into_iter().flat_map(|kind| template.containers_of(kind));
    for container in containers {
        // Named only for a finding: most containers have none.
        let who = || format!("{} of {}", container.describe(), ctx.object.describe());
        let resources = container.resources();
        let mut missing = Vec::new();
        for resource in RESOURCES {
            let amount = match which {
                Which::Requests => resources.request(resource),
                Which::Limits => resources.limit(resource),
            };
            let Some(amount) = amount else {
                // Kubernetes copies a limit into a missing request; a bad limit is the limits rule's finding.
                if which == Which::Limits || resources.limit(resource).is_none() {
                    missing.push(resource);
                }
                continue;
            };
            if amount.quantity.is_some_and(|quantity| quantity.nanos() >= 0) {
                continue;
            }
            out.push(Diagnostic::new(
                rule,
                amount.entry.value.span,
                format!(
                    "{} {} {resource} `{}`, which is not a valid Kubernetes quantity",
                    who(),
                    which.key(),
                    amount.entry.value.span.slice(ctx.object.text)
                ),
                "Write a non-negative quantity: `250m` or `1` for cpu, `256Mi` or `1Gi` for memory (`Mi` and `Gi` \
                 are powers of two, `M` and `G` powers of ten; `MB` and `GB` are not quantities).",
            ));
        }
        if missing.is_empty() {
            continue;
        }
        let (field, noun) = match which {
            Which::Requests => (resources.requests(), if missing.len() > 1 { "requests" } else { "request" }),
            Which::Limits => (resources.limits(), if missing.len() > 1 { "limits" } else { "limit" }),
        };
        let span = field.or(resources.entry).map_or_else(|| container.anchor(), |entry| entry.key.span);
        let names: Vec<String> = missing.iter().map(|resource| format!("`{resource}`")).collect();
        let settings: Vec<String> =
            missing.iter().map(|resource| format!("`resources.{}.{resource}`", which.key())).collect();
        out.push(Diagnostic::new(
            rule,
            span,
            format!("{} has no {} {noun}", who(), names.join(" and ")),
            match which {
                Which::Requests => format!(
                    "Set {} to what the container uses at steady state, e.g. `cpu: 250m`, `memory: 256Mi`.",
                    settings.join(" and ")
                ),
                Which::Limits => format!(
                    "Set {} to the most the container may use, e.g. `cpu: 500m`, `memory: 512Mi`.",
                    settings.join(" and ")
                ),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(container: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n{container}")
    }

    #[test]
    fn missing_requests_point_at_the_closest_key_and_name_the_resources() {
        let none = pod("      image: nginx:1.27\n");
        assert_eq!(flagged_text(RULE.id, &none), ["app"]);
        let found = findings(RULE.id, &none);
        assert_eq!(found[0].message, "container `app` of Pod `p` has no `cpu` and `memory` requests");
        assert!(found[0].help.contains("`resources.requests.cpu` and `resources.requests.memory`"));
        let resources = pod("      resources: {}\n");
        assert_eq!(flagged_text(RULE.id, &resources), ["resources"]);
        let cpu_only = pod("      resources:\n        requests:\n          cpu: 100m\n");
        assert_eq!(flagged_text(RULE.id, &cpu_only), ["requests"]);
        assert_eq!(positions(RULE.id, &cpu_only), [(9, 9)]);
        assert!(findings(RULE.id, &cpu_only)[0].message.ends_with("has no `memory` request"));
    }

    #[test]
    fn complete_requests_and_limits_standing_in_for_requests_pass() {
        let both = pod("      resources:\n        requests: {cpu: \"0.5\", memory: 128974848}\n");
        assert_eq!(positions(RULE.id, &both), []);
        let limits = pod("      resources:\n        limits: {cpu: 1, memory: 1Gi}\n");
        assert_eq!(positions(RULE.id, &limits), []);
        let mixed = pod("      resources:\n        requests: {cpu: 1e3}\n        limits: {memory: 64Mi}\n");
        assert_eq!(positions(RULE.id, &mixed), []);
    }

    #[test]
    fn unparsable_and_negative_quantities_are_reported_at_the_value() {
        let text = pod("      resources:\n        requests:\n          cpu: half\n          memory: 1GB\n");
        assert_eq!(flagged_text(RULE.id, &text), ["half", "1GB"]);
        assert!(findings(RULE.id, &text)[1].message.contains("requests memory `1GB`, which is not a valid"));
        let negative = pod("      resources: {requests: {cpu: -1, memory: 1Mi}}\n");
        assert_eq!(flagged_text(RULE.id, &negative), ["-1"]);
        let null = pod("      resources: {requests: {cpu: ~, memory: 1Mi}}\n");
        assert_eq!(flagged_text(RULE.id, &null), ["requests"]);
        let only_bad_limit = pod("      resources: {requests: {memory: 1Mi}, limits: {cpu: lots}}\n");
        assert_eq!(positions(RULE.id, &only_bad_limit), [], "the limits rule reports the bad limit");
    }

    #[test]
    fn init_containers_count_ephemeral_ones_do_not() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      initContainers: [{name: init}]\n      containers: [{name: db, resources: {requests: {cpu: 1, memory: 1Gi}}}]\n      ephemeralContainers: [{name: debug}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["init"]);
        assert!(findings(RULE.id, text)[0].message.starts_with("init container `init` of StatefulSet `db`"));
    }

    #[test]
    fn workload_kinds_lists_and_crds() {
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: run}]\n";
        assert_eq!(flagged_text(RULE.id, cron), ["run"]);
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec:\n    template:\n      spec:\n        containers: [{name: a}]\n- apiVersion: example.com/v1\n  kind: Deployment\n  metadata: {name: x}\n  spec:\n    template:\n      spec:\n        containers: [{name: b}]\n";
        assert_eq!(flagged_text(RULE.id, list), ["a"]);
    }
}
