use std::collections::BTreeSet;

use crate::declare_rule;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::{Bundle, Container, ContainerKind, Object, PodTemplate, Quantity};
use crate::syntax::yaml::{Entry, Node};

declare_rule! {
    /// ## What it does
    /// Adds up, per namespace, what the workloads of the files checked together ask for, and reports each
    /// `ResourceQuota` `hard` amount they exceed, one finding per quota and resource. The message shows the
    /// arithmetic; the finding points at the `replicas` (or `parallelism`) value of the workload that asks for
    /// the most, or at its name when it does not set one, since that is usually the number to change (and an
    /// ignore annotation on that workload silences the finding).
    ///
    /// - `pods` and `count/pods`: the pods each workload runs. A Pod is 1; a Deployment, ReplicaSet, StatefulSet
    ///   or ReplicationController runs `replicas` (1 when unset); a Job runs `parallelism` (1 when unset) or
    ///   `completions` when that is smaller, none when suspended; a CronJob counts as one run of its Job, since
    ///   each run adds its pods to the others (with `concurrencyPolicy: Allow` runs can overlap, so this is a
    ///   lower bound). DaemonSets are skipped: they run one pod per matching node, which the files do not tell.
    /// - `requests.<resource>` (and `cpu`, `memory`, `ephemeral-storage`, which mean requests) and
    ///   `limits.<resource>`: pods times the per-pod amount, computed as Kubernetes does for quota: the app
    ///   containers' sum, or the largest init container when that is more (sidecars, init containers with
    ///   `restartPolicy: Always`, add to both); a request left unset takes the container's limit; pod-level
    ///   `spec.resources` replace the containers' CPU and memory; `spec.overhead` is added. Quantities are exact
    ///   (`1Gi` equals `1024Mi`, `3 × 500m` is `1500m`).
    ///
    /// Every quota of a namespace applies. A quota with `scopes` or a `scopeSelector` counts only the pods they
    /// select (`Terminating`, `NotTerminating`, `BestEffort`, `NotBestEffort`, `PriorityClass`); pods never match
    /// the scopes this rule does not evaluate, so those quotas cannot raise false alarms.
    ///
    /// A quota on `cpu`, `memory`, `requests.cpu`, `requests.memory`, `limits.cpu` or `limits.memory` also makes
    /// Kubernetes refuse any pod with a container (init containers included) that does not set that value. That
    /// is reported here too, at the first such container, unless the namespace has a LimitRange in the files
    /// checked (its defaults may fill the values in) or the pod sets the value at pod level. Unset values count
    /// as zero in the sums, so every total shown is a lower bound and every overrun reported is real.
    ///
    /// ## Why it matters
    /// The article defines a quota of `pods: "4"` next to a Deployment of 100 replicas; the quota admission
    /// refuses every pod past the fourth, so 96 replicas never start and the rollout never completes.
    /// Requests and limits work the same way, and a pod with a container that sets no request for a quota'd
    /// resource is refused outright (Kubernetes documentation, Resource Quotas: "Requests compared to Limits").
    /// The effective per-pod amount follows the Kubernetes documentation on init containers ("Resource sharing
    /// within containers") and sidecar containers. Totals are steady-state: a rolling update also needs room
    /// for its surge pods.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata:
    ///   name: compute-resources
    ///   namespace: awesome-project
    /// spec:
    ///   hard:
    ///     pods: "4"
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: microservice-y
    ///   namespace: awesome-project
    /// spec:
    ///   replicas: 100
    ///   selector:
    ///     matchLabels:
    ///       app: publicname-a
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: publicname-a
    ///     spec:
    ///       containers:
    ///       - name: grpc-proxy
    ///         image: grpc-proxy:1.4
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata:
    ///   name: compute-resources
    ///   namespace: awesome-project
    /// spec:
    ///   hard:
    ///     pods: "4"
    ///     requests.cpu: "1"
    ///     requests.memory: 1Gi
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: microservice-y
    ///   namespace: awesome-project
    /// spec:
    ///   replicas: 4
    ///   selector:
    ///     matchLabels:
    ///       app: publicname-a
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: publicname-a
    ///     spec:
    ///       containers:
    ///       - name: grpc-proxy
    ///         image: grpc-proxy:1.4
    ///         resources:
    ///           requests:
    ///             cpu: 250m
    ///             memory: 256Mi
    /// ```
    ///
    /// ## Peers
    /// None of hadolint, checkov, kube-linter or kube-score compares workloads with quotas.
    pub static RULE = {
        id: "quota-exceeded",
        severity: Error,
        category: Resources,
        summary: "workloads of a namespace ask for more than its ResourceQuota allows",
        peers: [],
        checks: [Check::Bundle(check)],
    }
}

/// The quota keys for which Kubernetes makes every container state a value (its pod evaluator's validation
/// set).
const VALIDATED: &[&str] = &["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

/// How many workloads a message lists before it says how many more there are.
const LISTED: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Requests,
    Limits,
}

impl Side {
    const fn field(self) -> &'static str {
        match self {
            Self::Requests => "requests",
            Self::Limits => "limits",
        }
    }
}

/// What a `hard` key counts in a pod.
#[derive(Debug, Clone, Copy)]
enum Measure<'k> {
    Pods,
    Compute(Side, &'k str),
}

fn measure(key: &str) -> Option<Measure<'_>> {
    match key {
        "pods" | "count/pods" => Some(Measure::Pods),
        "cpu" | "memory" | "ephemeral-storage" => Some(Measure::Compute(Side::Requests, key)),
        // `requests.storage` is what PersistentVolumeClaims ask for, not pods.
        _ => match key.split_once('.') {
            Some(("requests", resource)) if resource != "storage" => Some(Measure::Compute(Side::Requests, resource)),
            Some(("limits", resource)) => Some(Measure::Compute(Side::Limits, resource)),
            _ => None,
        },
    }
}

/// A workload with a pod template and a pod count the files tell.
struct Workload<'s, 'a> {
    object: &'s Object<'a>,
    template: PodTemplate<'a>,
    pods: i64,
    /// The entry that sets the pod count (`replicas`, `parallelism`), pointed at when this workload asks most.
    count: Option<&'a Entry>,
}

fn workload<'s, 'a>(object: &'s Object<'a>, template: PodTemplate<'a>) -> Option<Workload<'s, 'a>> {
    let spec = object.node.get("spec");
    let (pods, count) = if object.is_builtin("Job") {
        job_pods(spec?)?
    } else if object.is_builtin("CronJob") {
        if spec.and_then(|spec| spec.get("suspend")).and_then(Node::as_bool) == Some(true) {
            (0, None)
        } else {
            job_pods(spec?.get_at(&["jobTemplate", "spec"])?)?
        }
    } else {
        (object.pod_count()?, object.replicas().filter(|entry| !entry.value.is_null()))
    };
    (pods > 0).then_some(Workload { object, template, pods, count })
}

/// The pods a Job spec runs at once: `parallelism` (default 1), at most `completions`; none when suspended.
fn job_pods(spec: &Node) -> Option<(i64, Option<&Entry>)> {
    if spec.get("suspend").and_then(Node::as_bool) == Some(true) {
        return Some((0, None));
    }
    let integer = |key: &str| -> Option<Option<(i64, &Entry)>> {
        match spec.entry(key).filter(|entry| !entry.value.is_null()) {
            Some(entry) => Some(Some((entry.value.as_i64()?, entry))),
            None => Some(None),
        }
    };
    let parallelism = integer("parallelism")?;
    let completions = integer("completions")?;
    let pods = parallelism.map_or(1, |(value, _)| value);
    Some(match completions {
        Some((completions, entry)) if completions < pods => (completions, Some(entry)),
        _ => (pods, parallelism.map(|(_, entry)| entry)),
    })
}

fn check(bundle: &Bundle<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    let namespaces: BTreeSet<&str> = bundle
        .objects()
        .iter()
        .filter(|object| object.is_builtin("ResourceQuota"))
        .map(Object::effective_namespace)
        .collect();
    // Each namespace's workloads are read once and compared with each of its (few) quotas: linear in the bundle.
    for namespace in namespaces {
        let workloads: Vec<Workload<'_, '_>> =
            bundle.pod_templates_in(namespace).filter_map(|(object, template)| workload(object, template)).collect();
        if workloads.is_empty() {
            continue;
        }
        let defaulted = bundle.in_namespace(namespace).any(|object| object.is_builtin("LimitRange"));
        for quota in bundle.quotas_in(namespace) {
            let counted: Vec<&Workload<'_, '_>> =
                workloads.iter().filter(|workload| in_scope(quota, &workload.template)).collect();
            for amount in quota.quota_hard() {
                let (Some(key), Some(hard)) = (amount.entry.key_str(), amount.quantity) else { continue };
                if let Some(measure) = measure(key) {
                    exceeded(namespace, quota, key, hard, measure, &counted, out);
                }
            }
            if !defaulted {
                unset(namespace, quota, &counted, out);
            }
        }
    }
}

/// Reports `key` of `quota` when the counted workloads ask for more than `hard`.
fn exceeded(
    namespace: &str,
    quota: &Object<'_>,
    key: &str,
    hard: Quantity,
    measure: Measure<'_>,
    counted: &[&Workload<'_, '_>],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    let mut parts = Vec::new();
    let mut total = Quantity::ZERO;
    for workload in counted {
        let per_pod = match measure {
            Measure::Pods => Some(Quantity::from_units(1)),
            Measure::Compute(side, resource) => per_pod(&workload.template, side, resource),
        };
        // An overflow means amounts no cluster has; there is nothing sensible to add up.
        let Some(per_pod) = per_pod else { return };
        let Some(asked) = per_pod.checked_mul(workload.pods) else { return };
        let Some(sum) = total.checked_add(asked) else { return };
        total = sum;
        if asked > Quantity::ZERO {
            parts.push((asked, per_pod, *workload));
        }
    }
    if total <= hard {
        return;
    }
    // Stable: among equal contributions the first in file order is named first and pointed at.
    crate::base::order::sort_by_key(&mut parts, |part| std::cmp::Reverse(part.0));
    let Some(&(_, _, biggest)) = parts.first() else { return };
    let show = |quantity: Quantity| match measure {
        Measure::Pods => quantity.units().to_string(),
        Measure::Compute(_, "cpu") => quantity.to_string(),
        Measure::Compute(..) => quantity.shortest(),
    };
    let mut items: Vec<String> = parts
        .iter()
        .take(LISTED)
        .map(|(_, per_pod, workload)| match measure {
            Measure::Pods => pods_of(workload),
            Measure::Compute(..) if workload.object.is_builtin("Pod") => {
                format!("{} {}", workload.object.describe(), show(*per_pod))
            }
            Measure::Compute(..) => format!("{} {} × {}", workload.object.describe(), workload.pods, show(*per_pod)),
        })
        .collect();
    if parts.len() > LISTED {
        items.push(format!("{} more", parts.len() - LISTED));
    }
    let (asked, help) = match measure {
        Measure::Pods => (
            format!("{} pod{}", show(total), if total == Quantity::from_units(1) { "" } else { "s" }),
            format!(
                "Lower the replicas, or raise `{key}` in the ResourceQuota so that every workload of the namespace \
                 fits; pods past it are refused."
            ),
        ),
        Measure::Compute(side, resource) => (
            format!("{} `{key}`", show(total)),
            format!(
                "Lower the replicas or the containers' `{}.{resource}`, or raise `{key}` in the ResourceQuota; pods \
                 past it are refused.",
                side.field()
            ),
        ),
    };
    let span = biggest.count.map_or_else(|| biggest.object.anchor(), |entry| entry.value.span);
    out.push((
        biggest.object.source,
        Diagnostic::new(
            RULE.id,
            span,
            format!(
                "namespace `{namespace}` asks for {asked} ({}) but {} allows {}",
                items.join(", "),
                quota.describe(),
                show(hard)
            ),
            help,
        ),
    ));
}

/// `Deployment `web` 100 replicas`, `Job `migrate` 2 in parallel`, `Pod `debug``.
fn pods_of(workload: &Workload<'_, '_>) -> String {
    let object = workload.object;
    let pods = workload.pods;
    if object.is_builtin("Pod") {
        object.describe()
    } else if object.is_builtin("Job") || object.is_builtin("CronJob") {
        format!("{} {pods} in parallel", object.describe())
    } else {
        format!("{} {pods} replica{}", object.describe(), if pods == 1 { "" } else { "s" })
    }
}

/// Reports the workloads whose pods Kubernetes refuses because a container sets no value for a resource that
/// `quota` caps.
fn unset(namespace: &str, quota: &Object<'_>, counted: &[&Workload<'_, '_>], out: &mut Vec<(usize, Diagnostic)>) {
    let keys: Vec<(&str, Side, &str)> = quota
        .quota_hard()
        .filter_map(|amount| amount.entry.key_str())
        .filter(|key| VALIDATED.contains(key))
        .filter_map(|key| match measure(key)? {
            Measure::Compute(side, resource) => Some((key, side, resource)),
            Measure::Pods => None,
        })
        .collect();
    if keys.is_empty() {
        return;
    }
    for workload in counted {
        let template = &workload.template;
        let mut lacking: Vec<(Container<'_>, Vec<&str>)> = Vec::new();
        for container in
            template.containers_of(ContainerKind::Init).chain(template.containers_of(ContainerKind::Regular))
        {
            let missing: Vec<&str> = keys
                .iter()
                .filter(|(_, side, resource)| {
                    pod_level(template, *side, resource).is_none()
                        && container_value(&container, *side, resource).is_none()
                })
                .map(|(key, _, _)| *key)
                .collect();
            if !missing.is_empty() {
                lacking.push((container, missing));
            }
        }
        let Some((first, _)) = lacking.first() else { continue };
        let listed: Vec<String> = lacking
            .iter()
            .map(|(container, keys)| {
                let keys: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
                format!("{} sets no {}", container.describe(), keys.join(", "))
            })
            .collect();
        out.push((
            workload.object.source,
            Diagnostic::new(
                RULE.id,
                first.anchor(),
                format!(
                    "{} in namespace `{namespace}` refuses the pods of {}: {}, and every container must set what \
                     the quota caps",
                    quota.describe(),
                    workload.object.describe(),
                    listed.join("; ")
                ),
                "Set a request and a limit for each resource the quota caps in every container, init containers \
                 included, or give the namespace a LimitRange with defaults.",
            ),
        ));
    }
}

/// A container's amount of `resource`: its limit when the request is unset, as the API server defaults it.
/// `None` when it sets neither (or, for limits, no limit); an amount that is not a quantity counts as zero.
fn container_value(container: &Container<'_>, side: Side, resource: &str) -> Option<Quantity> {
    let resources = container.resources();
    let amount = match side {
        Side::Requests => resources.request(resource).or_else(|| resources.limit(resource)),
        Side::Limits => resources.limit(resource),
    }?;
    Some(amount.quantity.unwrap_or(Quantity::ZERO))
}

/// The pod-level `spec.resources` amount of CPU or memory, which replaces the containers' when set.
fn pod_level(template: &PodTemplate<'_>, side: Side, resource: &str) -> Option<Quantity> {
    if !matches!(resource, "cpu" | "memory") {
        return None;
    }
    let resources = template.field("resources")?;
    let value = |field: &str| resources.value.get(field)?.get(resource).filter(|node| !node.is_null());
    let node = match side {
        Side::Requests => value("requests").or_else(|| value("limits")),
        Side::Limits => value("limits"),
    }?;
    Some(node.as_str().and_then(Quantity::parse).unwrap_or(Quantity::ZERO))
}

/// One pod's amount as the quota counts it: the larger of the app containers' sum (sidecars included) and the
/// largest init container (plus the sidecars started before it), or the pod-level amount; plus the overhead.
/// `None` on overflow.
fn per_pod(template: &PodTemplate<'_>, side: Side, resource: &str) -> Option<Quantity> {
    let mut total = pod_level(template, side, resource).map_or_else(|| containers(template, side, resource), Some)?;
    let overhead = template.field("overhead").and_then(|entry| entry.value.get(resource)).and_then(Node::as_str);
    if let Some(overhead) = overhead.and_then(Quantity::parse) {
        // Kubernetes adds the overhead to limits only where a limit is set.
        if side == Side::Requests || total > Quantity::ZERO {
            total = total.checked_add(overhead)?;
        }
    }
    Some(total)
}

/// The containers' part of [`per_pod`]: the app containers and sidecars summed, or the largest init container
/// with the sidecars started before it, whichever is more.
fn containers(template: &PodTemplate<'_>, side: Side, resource: &str) -> Option<Quantity> {
    let value = |container: &Container<'_>| container_value(container, side, resource).unwrap_or(Quantity::ZERO);
    let mut sum = Quantity::ZERO;
    for container in template.containers_of(ContainerKind::Regular) {
        sum = sum.checked_add(value(&container))?;
    }
    let mut sidecars = Quantity::ZERO;
    let mut init = Quantity::ZERO;
    for container in template.containers_of(ContainerKind::Init) {
        let amount = value(&container);
        let running = if is_sidecar(&container) {
            sum = sum.checked_add(amount)?;
            sidecars = sidecars.checked_add(amount)?;
            sidecars
        } else {
            amount.checked_add(sidecars)?
        };
        init = init.max(running);
    }
    Some(sum.max(init))
}

/// An init container with `restartPolicy: Always` keeps running beside the app containers.
fn is_sidecar(container: &Container<'_>) -> bool {
    container.field("restartPolicy").and_then(|entry| entry.value.as_str()) == Some("Always")
}

/// Whether `quota` counts the pods of `template`: every scope in `scopes` and every `scopeSelector` requirement
/// must select them. Scopes this rule does not evaluate select nothing, as unknown scopes do in Kubernetes.
fn in_scope(quota: &Object<'_>, template: &PodTemplate<'_>) -> bool {
    let scopes = quota.get_at(&["spec", "scopes"]).into_iter().flat_map(Node::items).filter_map(Node::as_str);
    let listed = scopes.map(|scope| (scope, "Exists", Vec::new()));
    let selected = quota.get_at(&["spec", "scopeSelector", "matchExpressions"]).into_iter().flat_map(Node::items).map(
        |requirement| {
            let text = |key: &str| requirement.get(key).and_then(Node::as_str).unwrap_or("");
            let values = requirement.get("values").into_iter().flat_map(Node::items).filter_map(Node::as_str).collect();
            (text("scopeName"), text("operator"), values)
        },
    );
    listed.chain(selected).all(|(scope, operator, values)| scope_selects(scope, operator, &values, template))
}

fn scope_selects(scope: &str, operator: &str, values: &[&str], template: &PodTemplate<'_>) -> bool {
    let terminating = || {
        template
            .field("activeDeadlineSeconds")
            .and_then(|entry| entry.value.as_i64())
            .is_some_and(|seconds| seconds >= 0)
    };
    match scope {
        "Terminating" => terminating(),
        "NotTerminating" => !terminating(),
        "BestEffort" => best_effort(template),
        "NotBestEffort" => !best_effort(template),
        "PriorityClass" => {
            let class = template.field("priorityClassName").and_then(|entry| entry.value.as_str()).unwrap_or("");
            match operator {
                "Exists" => !class.is_empty(),
                "In" => values.contains(&class),
                "NotIn" => !values.contains(&class),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A pod is BestEffort when no init or app container (and not the pod) sets a CPU or memory request or limit.
fn best_effort(template: &PodTemplate<'_>) -> bool {
    let sets = |resources: Option<&Entry>| {
        ["requests", "limits"].iter().any(|field| {
            let amounts = resources.and_then(|entry| entry.value.get(field));
            ["cpu", "memory"]
                .iter()
                .any(|resource| amounts.and_then(|node| node.get(resource)).is_some_and(|node| !node.is_null()))
        })
    };
    !sets(template.field("resources"))
        && !template
            .containers_of(ContainerKind::Init)
            .chain(template.containers_of(ContainerKind::Regular))
            .any(|container| sets(container.resources().entry))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text};
    use crate::{Config, Finding};

    const ID: &str = "quota-exceeded";

    fn quota(name: &str, namespace: &str, hard: &str) -> String {
        format!(
            "\
apiVersion: v1
kind: ResourceQuota
metadata:
  name: {name}
  namespace: {namespace}
spec:
  hard: {hard}
"
        )
    }

    /// A Deployment in `namespace` with `replicas` (left out when empty) and the given pod spec (indented by 6).
    fn deployment(name: &str, namespace: &str, replicas: &str, pod: &str) -> String {
        let replicas = if replicas.is_empty() { String::new() } else { format!("  replicas: {replicas}\n") };
        format!(
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
spec:
{replicas}  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
{pod}"
        )
    }

    /// One container `app` with `cpu` as request and limit.
    fn containers(cpu: &str) -> String {
        format!(
            "      containers:\n      - name: app\n        resources: \
             {{requests: {{cpu: {cpu}, memory: 64Mi}}, limits: {{cpu: {cpu}, memory: 64Mi}}}}\n"
        )
    }

    fn both(first: &str, second: &str) -> String {
        format!("{first}---\n{second}")
    }

    fn run(files: &[(&str, String)]) -> Vec<Finding> {
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        findings_in(ID, &files, Config::default())
    }

    fn messages(yaml: &str) -> Vec<String> {
        findings(ID, yaml).into_iter().map(|finding| finding.message).collect()
    }

    #[test]
    fn the_article_case_points_at_the_replicas_and_shows_the_arithmetic() {
        let yaml = both(
            &quota("compute-resources", "awesome-project", "{pods: \"4\"}"),
            &deployment("microservice-y", "awesome-project", "100", &containers("10m")),
        );
        let found = findings(ID, &yaml);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (15, 13));
        assert_eq!(found[0].span.slice(&yaml), "100");
        assert_eq!(
            found[0].message,
            "namespace `awesome-project` asks for 100 pods (Deployment `microservice-y` 100 replicas) but \
             ResourceQuota `compute-resources` allows 4"
        );
    }

    #[test]
    fn milli_cpu_times_replicas_is_exact() {
        let yaml =
            both(&quota("q", "shop", "{requests.cpu: \"1\"}"), &deployment("web", "shop", "3", &containers("500m")));
        let found = findings(ID, &yaml);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.slice(&yaml), "3");
        assert_eq!(
            found[0].message,
            "namespace `shop` asks for 1500m `requests.cpu` (Deployment `web` 3 × 500m) but ResourceQuota `q` allows 1"
        );
        let fits =
            both(&quota("q", "shop", "{requests.cpu: 1500m}"), &deployment("web", "shop", "3", &containers("500m")));
        assert!(findings(ID, &fits).is_empty(), "1500m is not more than 1500m");
    }

    #[test]
    fn binary_and_decimal_memory_compare_exactly() {
        let pod = "      containers:\n      - name: app\n        resources: {requests: {memory: 512Mi}}\n";
        let fits = both(&quota("q", "shop", "{requests.memory: 1Gi}"), &deployment("web", "shop", "2", pod));
        assert!(findings(ID, &fits).is_empty(), "2 × 512Mi is exactly 1Gi");
        let over = both(&quota("q", "shop", "{memory: 1Gi}"), &deployment("web", "shop", "3", pod));
        assert_eq!(
            messages(&over),
            ["namespace `shop` asks for 1536Mi `memory` (Deployment `web` 3 × 512Mi) but ResourceQuota `q` allows 1Gi"]
        );
        let decimal = both(&quota("q", "shop", "{requests.memory: 1G}"), &deployment("web", "shop", "2", pod));
        assert_eq!(findings(ID, &decimal).len(), 1, "1Gi is more than 1G");
    }

    const JOB: &str = "\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec:
  parallelism: 2
  template:
    spec:
      containers: [{name: m, resources: {requests: {cpu: 100m}}}]
";

    const DEBUG_POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop}
spec:
  containers: [{name: d, resources: {requests: {cpu: 100m}}}]
";

    #[test]
    fn a_namespace_sums_workloads_across_files_and_ignores_other_namespaces() {
        let files = [
            ("quota.yaml", quota("compute", "shop", "{pods: \"4\", requests.cpu: \"2\"}")),
            ("web.yaml", deployment("web", "shop", "", &containers("500m"))),
            ("more.yaml", format!("{JOB}---\n{DEBUG_POD}---\n{}", deployment("api", "shop", "2", &containers("1")))),
            ("billing.yaml", deployment("ledger", "billing", "50", &containers("4"))),
        ];
        let found = run(&files);
        let more = &files[2].1;
        let summary: Vec<(&str, u32, &str)> =
            found.iter().map(|f| (f.path.as_str(), f.line, f.span.slice(more))).collect();
        assert_eq!(
            summary,
            [("more.yaml", 5, "2"), ("more.yaml", 22, "2")],
            "the Job's parallelism, the api's replicas"
        );
        assert_eq!(
            found[0].message,
            "namespace `shop` asks for 6 pods (Job `migrate` 2 in parallel, Deployment `api` 2 replicas, Deployment \
             `web` 1 replica, 1 more) but ResourceQuota `compute` allows 4"
        );
        assert_eq!(
            found[1].message,
            "namespace `shop` asks for 2800m `requests.cpu` (Deployment `api` 2 × 1, Deployment `web` 1 × 500m, Job \
             `migrate` 2 × 100m, 1 more) but ResourceQuota `compute` allows 2"
        );
    }

    #[test]
    fn several_quotas_each_apply_and_a_bare_pod_is_pointed_at_by_name() {
        let pod = "\
apiVersion: v1
kind: Pod
metadata: {name: big, namespace: shop}
spec:
  containers: [{name: c, resources: {limits: {cpu: \"3\", memory: 3Gi}}}]
";
        let quotas = both(
            &quota("cpu", "shop", "{limits.cpu: \"2\", requests.cpu: \"4\"}"),
            &quota("memory", "shop", "{limits.memory: 2Gi, requests.memory: 2Gi}"),
        );
        let yaml = both(&quotas, pod);
        let found = findings(ID, &yaml);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{messages:#?}");
        assert!(found.iter().all(|f| f.span.slice(&yaml) == "big"));
        for expected in [
            "asks for 3 `limits.cpu` (Pod `big` 3) but ResourceQuota `cpu` allows 2",
            "asks for 3Gi `limits.memory` (Pod `big` 3Gi) but ResourceQuota `memory` allows 2Gi",
            "asks for 3Gi `requests.memory` (Pod `big` 3Gi) but ResourceQuota `memory` allows 2Gi",
        ] {
            assert!(messages.iter().any(|m| m.ends_with(expected)), "{expected} in {messages:#?}");
        }
    }

    #[test]
    fn init_containers_count_by_their_largest_and_sidecars_add_up() {
        let apps = "      containers:
      - name: a
        resources: {requests: {cpu: 200m}}
      - name: b
        resources: {requests: {cpu: 300m}}
";
        let quota = quota("q", "shop", "{requests.cpu: 100m}");
        let breakdown = |init: &str| {
            let yaml = both(&quota, &deployment("web", "shop", "2", &format!("      initContainers:\n{init}{apps}")));
            let message = messages(&yaml).concat();
            message.split_once('(').and_then(|(_, rest)| rest.split_once(')')).map(|(inside, _)| inside.to_owned())
        };
        let setup = |cpu: &str| format!("      - name: setup\n        resources: {{requests: {{cpu: {cpu}}}}}\n");
        let proxy = "      - name: proxy\n        restartPolicy: Always\n        resources: {requests: {cpu: 100m}}\n";
        assert_eq!(breakdown(&setup("400m")).as_deref(), Some("Deployment `web` 2 × 500m"), "the app sum wins");
        assert_eq!(breakdown(&setup("800m")).as_deref(), Some("Deployment `web` 2 × 800m"), "the init container wins");
        let sidecar_first = format!("{proxy}{}", setup("800m"));
        assert_eq!(breakdown(&sidecar_first).as_deref(), Some("Deployment `web` 2 × 900m"), "runs beside setup");
        let sidecar_last = format!("{}{proxy}", setup("800m"));
        assert_eq!(breakdown(&sidecar_last).as_deref(), Some("Deployment `web` 2 × 800m"), "starts after setup");
    }

    #[test]
    fn requests_default_to_limits_and_pod_level_resources_and_overhead_count() {
        let limits_only = "      containers:\n      - name: a\n        resources: {limits: {cpu: \"1\"}}\n";
        let yaml = both(&quota("q", "shop", "{requests.cpu: \"1\"}"), &deployment("web", "shop", "2", limits_only));
        assert_eq!(
            messages(&yaml),
            ["namespace `shop` asks for 2 `requests.cpu` (Deployment `web` 2 × 1) but ResourceQuota `q` allows 1"]
        );
        let pod_level =
            "      resources: {requests: {cpu: 300m}}\n      overhead: {cpu: 50m}\n      containers:\n      \
                         - name: a\n";
        let yaml = both(&quota("q", "shop", "{requests.cpu: 500m}"), &deployment("web", "shop", "2", pod_level));
        assert_eq!(
            messages(&yaml),
            ["namespace `shop` asks for 700m `requests.cpu` (Deployment `web` 2 × 350m) but ResourceQuota `q` allows \
              500m"],
            "pod-level requests stand in for the container's, and the overhead adds to them"
        );
    }

    #[test]
    fn a_container_without_a_quotad_value_is_refused_unless_a_limit_range_may_default_it() {
        let pod = "      initContainers:
      - name: setup
      containers:
      - name: app
        resources: {requests: {cpu: 100m}}
";
        let quotas = quota("compute", "shop", "{requests.cpu: \"4\", limits.cpu: \"4\", pods: \"10\"}");
        let yaml = both(&quotas, &deployment("web", "shop", "", pod));
        assert_eq!(flagged_text(ID, &yaml), ["setup"]);
        assert_eq!(
            messages(&yaml),
            ["ResourceQuota `compute` in namespace `shop` refuses the pods of Deployment `web`: init container `setup` \
              sets no `requests.cpu`, `limits.cpu`; container `app` sets no `limits.cpu`, and every container must \
              set what the quota caps"]
        );
        let limit_range = "\
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
  - type: Container
    default: {cpu: 500m}
";
        let yaml = both(&both(&quotas, &deployment("web", "shop", "", pod)), limit_range);
        assert!(findings(ID, &yaml).is_empty());
        let pods_only = both(&quota("q", "shop", "{pods: \"10\"}"), &deployment("web", "shop", "", pod));
        assert!(findings(ID, &pods_only).is_empty(), "a pods quota asks nothing of containers");
    }

    #[test]
    fn scoped_quotas_count_only_the_pods_they_select() {
        let best_effort = "      containers: [{name: a}]\n";
        let bounded =
            "      priorityClassName: high\n      containers: [{name: a, resources: {requests: {cpu: 100m}}}]\n";
        let workloads =
            both(&deployment("loose", "shop", "3", best_effort), &deployment("bounded", "shop", "5", bounded));
        let check = |spec: &str| {
            let quota =
                format!("apiVersion: v1\nkind: ResourceQuota\nmetadata: {{name: q, namespace: shop}}\nspec:\n{spec}");
            messages(&both(&quota, &workloads))
        };
        assert!(check("  hard: {pods: \"3\"}\n  scopes: [BestEffort]\n").is_empty());
        assert_eq!(
            check("  hard: {pods: \"4\"}\n  scopes: [NotBestEffort]\n"),
            ["namespace `shop` asks for 5 pods (Deployment `bounded` 5 replicas) but ResourceQuota `q` allows 4"]
        );
        let selector = "  hard: {pods: \"4\"}\n  scopeSelector:\n    matchExpressions:\n    \
                        - {scopeName: PriorityClass, operator: In, values: [high]}\n";
        assert_eq!(check(selector).len(), 1);
        assert!(check(&selector.replace("[high]", "[low]")).is_empty());
        assert!(check("  hard: {pods: \"1\"}\n  scopes: [Terminating]\n").is_empty(), "no activeDeadlineSeconds");
        assert!(check("  hard: {pods: \"1\"}\n  scopes: [CrossNamespacePodAffinity]\n").is_empty());
        assert_eq!(check("  hard: {pods: \"7\"}\n  scopes: [NotTerminating]\n").len(), 1);
    }

    #[test]
    fn jobs_cronjobs_and_daemonsets() {
        let job = |spec: &str| {
            format!(
                "\
apiVersion: batch/v1
kind: Job
metadata: {{name: j, namespace: shop}}
spec:
{spec}  template:
    spec:
      containers: [{{name: c}}]
"
            )
        };
        let quota = quota("q", "shop", "{pods: \"2\"}");
        let flagged = |workload: &str| flagged_text(ID, &both(&quota, workload));
        assert_eq!(flagged(&job("  parallelism: 5\n")), ["5"]);
        assert_eq!(flagged(&job("  parallelism: 5\n  completions: 3\n")), ["3"], "at most `completions` run at once");
        assert!(flagged(&job("  parallelism: 5\n  completions: 2\n")).is_empty());
        assert!(flagged(&job("  parallelism: 5\n  suspend: true\n")).is_empty());
        assert!(flagged(&job("")).is_empty(), "one pod by default");
        let cron = |extra: &str| {
            format!(
                "\
apiVersion: batch/v1
kind: CronJob
metadata: {{name: c, namespace: shop}}
spec:
  schedule: \"* * * * *\"
{extra}  jobTemplate:
    spec:
      parallelism: 3
      template:
        spec:
          containers: [{{name: c}}]
"
            )
        };
        assert_eq!(flagged(&cron("")), ["3"]);
        assert!(flagged(&cron("  suspend: true\n")).is_empty());
        let daemon = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d, namespace: shop}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers: [{name: c}]
";
        assert!(flagged(daemon).is_empty(), "a DaemonSet's pod count depends on the nodes");
    }

    #[test]
    fn huge_and_broken_amounts_never_panic_or_guess() {
        let huge = "      containers:\n      - name: a\n        resources: {requests: {memory: 99999999999Ei}}\n";
        let max = i64::MAX.to_string();
        let yaml = both(&quota("q", "shop", "{requests.memory: 1Gi}"), &deployment("web", "shop", &max, huge));
        assert!(findings(ID, &yaml).is_empty(), "an overflowing total is not added up");
        let broken = both(
            &quota("q", "shop", "{requests.memory: lots, pods: \"1\"}"),
            &deployment("web", "shop", "\"2\"", &containers("1")),
        );
        assert!(findings(ID, &broken).is_empty(), "a quoted replicas and an unparseable hard amount are skipped");
        let storage =
            both(&quota("q", "shop", "{requests.storage: 1Ki}"), &deployment("web", "shop", "2", &containers("1")));
        assert!(findings(ID, &storage).is_empty(), "`requests.storage` is for PersistentVolumeClaims");
    }
}
