use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::kubernetes::Object;
use crate::syntax::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Reports an object whose `apiVersion` is one that Kubernetes no longer serves for its kind, at the
    /// apiVersion value: every removal in the Kubernetes Deprecated API Migration Guide
    /// (<https://kubernetes.io/docs/reference/using-api/deprecation-guide/>), from 1.16 (`extensions/v1beta1`,
    /// `apps/v1beta1` and `apps/v1beta2` workloads) through 1.22 (`networking.k8s.io/v1beta1` Ingress, the
    /// `v1beta1` RBAC, storage, webhook and CRD APIs, ...), 1.25 (`batch/v1beta1` CronJob, `policy/v1beta1`
    /// PodDisruptionBudget and PodSecurityPolicy, `autoscaling/v2beta1`, ...), 1.26 (`autoscaling/v2beta2`,
    /// flow control `v1beta1`), 1.27 (`storage.k8s.io/v1beta1` CSIStorageCapacity), 1.29 and 1.32 (flow control
    /// `v1beta2` and `v1beta3`). The message names the release and the version to use; where the guide's
    /// replacement was itself removed later (flow control `v1beta2`, PodSecurityPolicy's `policy/v1beta1`), it
    /// names the version still served, or says there is none.
    ///
    /// The fix changes the apiVersion when that is all the new version needs: for `apps/v1` workloads only
    /// once they have a `spec.selector` (and no `rollbackTo` or `templateGeneration`), for a
    /// HorizontalPodAutoscaler only when no metric uses the `v2beta1` field names, and never for Ingress,
    /// CustomResourceDefinition, webhook configurations and Event, whose schemas changed; the help says what
    /// else to rewrite. Custom resources in other groups are not matched.
    ///
    /// ## Why it matters
    /// A removed version is not served at all: `kubectl apply` fails with `no matches for kind "Deployment" in
    /// version "apps/v1beta1"`, so manifests that worked for years stop applying on the first cluster upgrade.
    /// The article's own Deployment is written against `apps/v1beta1`, which Kubernetes 1.16 removed.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1beta1
    /// kind: Deployment
    /// metadata:
    ///   name: microservice-y
    /// spec:
    ///   replicas: 3
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
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: microservice-y
    /// spec:
    ///   replicas: 3
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
    /// ## Peers
    /// kube-linter's `no-extensions-v1beta` flags every `extensions/v1beta*` object; kube-score's
    /// `stable-version` recommends the stable version for Deployments, StatefulSets, DaemonSets, Ingresses,
    /// CronJobs and PodDisruptionBudgets.
    pub static RULE = {
        id: "deprecated-api-version",
        severity: Error,
        category: Organization,
        summary: "apiVersion that Kubernetes removed for the object's kind",
        peers: [("kube-linter", "no-extensions-v1beta"), ("kube-score", "stable-version")],
        checks: [Check::Object(check)],
    }
}

/// What an object must look like for the new version to read it with only its apiVersion changed.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// A field the new version requires, by path from the object's root.
    Present(&'static [&'static str]),
    /// A field the new version dropped.
    Absent(&'static [&'static str]),
    /// A key the new version renamed, wherever it is outside `metadata`.
    NoKey(&'static str),
    /// A mapping the new version reads differently when it is empty.
    NotEmpty(&'static [&'static str]),
    /// A number the new version reads differently when it is zero.
    NotZero(&'static [&'static str]),
    /// The schema changed in ways no field check confirms: never offer the fix.
    Rewrite,
}

/// One line of the migration guide: these apiVersions of these kinds stopped being served in `removed_in`.
#[derive(Debug)]
struct Removal {
    from: &'static [&'static str],
    kinds: &'static [&'static str],
    removed_in: &'static str,
    /// The apiVersion to use instead; `None` when the API has no successor.
    to: Option<&'static str>,
    needs: &'static [Need],
    /// What else is different in the new version, for the help; for an API without successor, what to do.
    changes: &'static str,
}

const SELECTOR: Need = Need::Present(&["spec", "selector"]);
const FLOW_CONTROL: &str = "flowcontrol.apiserver.k8s.io/v1";
/// The `autoscaling/v2beta1` metric fields that `autoscaling/v2` (like `v2beta2`) spells as `metric` and `target`.
const HPA_V2BETA1_FIELDS: &[Need] = &[
    Need::NoKey("targetAverageUtilization"),
    Need::NoKey("targetAverageValue"),
    Need::NoKey("targetValue"),
    Need::NoKey("metricName"),
    Need::NoKey("metricSelector"),
];
const HPA_CHANGES: &str = "a metric's `metricName`, `metricSelector`, `targetValue`, `targetAverageValue` and \
    `targetAverageUtilization` become `metric` and `target` blocks (`target.type: Utilization` with \
    `target.averageUtilization`, ...)";
const NO_PSP: &str = "Enforce pod security with Pod Security Admission (the `pod-security.kubernetes.io/enforce` \
    namespace label) or an admission webhook, and delete the PodSecurityPolicy";
const PRIORITY_LEVEL_RENAME: &str =
    "`spec.limited.assuredConcurrencyShares` is renamed `nominalConcurrencyShares`, and an explicit 0 stays 0";

/// The removals of the Deprecated API Migration Guide, by release.
const REMOVALS: &[Removal] = &[
    // 1.16
    Removal {
        from: &["extensions/v1beta1"],
        kinds: &["NetworkPolicy"],
        removed_in: "1.16",
        to: Some("networking.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["extensions/v1beta1", "apps/v1beta2"],
        kinds: &["DaemonSet"],
        removed_in: "1.16",
        to: Some("apps/v1"),
        needs: &[SELECTOR, Need::Absent(&["spec", "templateGeneration"])],
        changes: "`spec.selector` is required and immutable, `spec.templateGeneration` is gone, and \
            `spec.updateStrategy.type` defaults to `RollingUpdate`",
    },
    Removal {
        from: &["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"],
        kinds: &["Deployment"],
        removed_in: "1.16",
        to: Some("apps/v1"),
        needs: &[SELECTOR, Need::Absent(&["spec", "rollbackTo"])],
        changes: "`spec.selector` is required and immutable, `spec.rollbackTo` is gone, and \
            `progressDeadlineSeconds`, `revisionHistoryLimit`, `maxSurge` and `maxUnavailable` have new defaults",
    },
    Removal {
        from: &["apps/v1beta1", "apps/v1beta2"],
        kinds: &["StatefulSet"],
        removed_in: "1.16",
        to: Some("apps/v1"),
        needs: &[SELECTOR],
        changes: "`spec.selector` is required and immutable, and `spec.updateStrategy.type` defaults to \
            `RollingUpdate`",
    },
    Removal {
        from: &["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"],
        kinds: &["ReplicaSet"],
        removed_in: "1.16",
        to: Some("apps/v1"),
        needs: &[SELECTOR],
        changes: "`spec.selector` is required and immutable",
    },
    Removal {
        from: &["extensions/v1beta1"],
        kinds: &["PodSecurityPolicy"],
        removed_in: "1.16",
        to: None,
        needs: &[],
        changes: NO_PSP,
    },
    // 1.22
    Removal {
        from: &["admissionregistration.k8s.io/v1beta1"],
        kinds: &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        removed_in: "1.22",
        to: Some("admissionregistration.k8s.io/v1"),
        needs: &[Need::Rewrite],
        changes: "every webhook needs `sideEffects` (`None` or `NoneOnDryRun`) and `admissionReviewVersions`, \
            and `failurePolicy`, `matchPolicy` and `timeoutSeconds` have new defaults",
    },
    Removal {
        from: &["apiextensions.k8s.io/v1beta1"],
        kinds: &["CustomResourceDefinition"],
        removed_in: "1.22",
        to: Some("apiextensions.k8s.io/v1"),
        needs: &[Need::Rewrite],
        changes: "`spec.scope` and a structural `schema.openAPIV3Schema` per version are required, and \
            `spec.version`, `validation`, `subresources` and `additionalPrinterColumns` move under \
            `spec.versions[*]`",
    },
    Removal {
        from: &["apiregistration.k8s.io/v1beta1"],
        kinds: &["APIService"],
        removed_in: "1.22",
        to: Some("apiregistration.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["authentication.k8s.io/v1beta1"],
        kinds: &["TokenReview"],
        removed_in: "1.22",
        to: Some("authentication.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["authorization.k8s.io/v1beta1"],
        kinds: &[
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SubjectAccessReview",
            "SelfSubjectRulesReview",
        ],
        removed_in: "1.22",
        to: Some("authorization.k8s.io/v1"),
        needs: &[Need::Absent(&["spec", "group"])],
        changes: "`spec.group` is renamed `spec.groups`",
    },
    Removal {
        from: &["certificates.k8s.io/v1beta1"],
        kinds: &["CertificateSigningRequest"],
        removed_in: "1.22",
        to: Some("certificates.k8s.io/v1"),
        needs: &[Need::Present(&["spec", "signerName"]), Need::Present(&["spec", "usages"])],
        changes: "`spec.signerName` and `spec.usages` are required, and `kubernetes.io/legacy-unknown` cannot be \
            requested",
    },
    Removal {
        from: &["coordination.k8s.io/v1beta1"],
        kinds: &["Lease"],
        removed_in: "1.22",
        to: Some("coordination.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["extensions/v1beta1", "networking.k8s.io/v1beta1"],
        kinds: &["Ingress"],
        removed_in: "1.22",
        to: Some("networking.k8s.io/v1"),
        needs: &[Need::Rewrite],
        changes: "`spec.backend` becomes `spec.defaultBackend`, a backend's `serviceName` and `servicePort` become \
            `service.name` and `service.port.number` (or `service.port.name`), and every path needs a `pathType`",
    },
    Removal {
        from: &["networking.k8s.io/v1beta1"],
        kinds: &["IngressClass"],
        removed_in: "1.22",
        to: Some("networking.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["rbac.authorization.k8s.io/v1beta1"],
        kinds: &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        removed_in: "1.22",
        to: Some("rbac.authorization.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["scheduling.k8s.io/v1beta1"],
        kinds: &["PriorityClass"],
        removed_in: "1.22",
        to: Some("scheduling.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["storage.k8s.io/v1beta1"],
        kinds: &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        removed_in: "1.22",
        to: Some("storage.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    // 1.25
    Removal {
        from: &["batch/v1beta1"],
        kinds: &["CronJob"],
        removed_in: "1.25",
        to: Some("batch/v1"),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["discovery.k8s.io/v1beta1"],
        kinds: &["EndpointSlice"],
        removed_in: "1.25",
        to: Some("discovery.k8s.io/v1"),
        needs: &[Need::NoKey("topology")],
        changes: "an endpoint's `topology` map gives way to its `nodeName` and `zone` fields",
    },
    Removal {
        from: &["events.k8s.io/v1beta1"],
        kinds: &["Event"],
        removed_in: "1.25",
        to: Some("events.k8s.io/v1"),
        needs: &[Need::Rewrite],
        changes: "`involvedObject` becomes `regarding`, `type` is `Normal` or `Warning`, `action`, `reason`, \
            `reportingController` and `reportingInstance` are required, and the old timestamps, `count` and \
            `source` give way to `eventTime` and `series`",
    },
    Removal {
        from: &["autoscaling/v2beta1"],
        kinds: &["HorizontalPodAutoscaler"],
        removed_in: "1.25",
        to: Some("autoscaling/v2"),
        needs: HPA_V2BETA1_FIELDS,
        changes: HPA_CHANGES,
    },
    Removal {
        from: &["policy/v1beta1"],
        kinds: &["PodDisruptionBudget"],
        removed_in: "1.25",
        to: Some("policy/v1"),
        needs: &[Need::NotEmpty(&["spec", "selector"])],
        changes: "an empty `spec.selector` selects every pod in the namespace instead of none",
    },
    Removal {
        from: &["policy/v1beta1"],
        kinds: &["PodSecurityPolicy"],
        removed_in: "1.25",
        to: None,
        needs: &[],
        changes: NO_PSP,
    },
    Removal {
        from: &["node.k8s.io/v1beta1"],
        kinds: &["RuntimeClass"],
        removed_in: "1.25",
        to: Some("node.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    // 1.26: the guide's replacement, `v1beta2`, went in 1.29; `v1` is served since 1.29.
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta1"],
        kinds: &["FlowSchema"],
        removed_in: "1.26",
        to: Some(FLOW_CONTROL),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta1"],
        kinds: &["PriorityLevelConfiguration"],
        removed_in: "1.26",
        to: Some(FLOW_CONTROL),
        needs: &[
            Need::NoKey("assuredConcurrencyShares"),
            Need::NotZero(&["spec", "limited", "nominalConcurrencyShares"]),
        ],
        changes: PRIORITY_LEVEL_RENAME,
    },
    Removal {
        from: &["autoscaling/v2beta2"],
        kinds: &["HorizontalPodAutoscaler"],
        removed_in: "1.26",
        to: Some("autoscaling/v2"),
        // `v2` has the fields of `v2beta2`; the guide's note about `targetAverageUtilization` concerns
        // manifests still written in the `v2beta1` style, which the field check catches.
        needs: HPA_V2BETA1_FIELDS,
        changes: "",
    },
    // 1.27
    Removal {
        from: &["storage.k8s.io/v1beta1"],
        kinds: &["CSIStorageCapacity"],
        removed_in: "1.27",
        to: Some("storage.k8s.io/v1"),
        needs: &[],
        changes: "",
    },
    // 1.29
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta2"],
        kinds: &["FlowSchema"],
        removed_in: "1.29",
        to: Some(FLOW_CONTROL),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta2"],
        kinds: &["PriorityLevelConfiguration"],
        removed_in: "1.29",
        to: Some(FLOW_CONTROL),
        needs: &[
            Need::NoKey("assuredConcurrencyShares"),
            Need::NotZero(&["spec", "limited", "nominalConcurrencyShares"]),
        ],
        changes: PRIORITY_LEVEL_RENAME,
    },
    // 1.32
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta3"],
        kinds: &["FlowSchema"],
        removed_in: "1.32",
        to: Some(FLOW_CONTROL),
        needs: &[],
        changes: "",
    },
    Removal {
        from: &["flowcontrol.apiserver.k8s.io/v1beta3"],
        kinds: &["PriorityLevelConfiguration"],
        removed_in: "1.32",
        to: Some(FLOW_CONTROL),
        needs: &[Need::NotZero(&["spec", "limited", "nominalConcurrencyShares"])],
        changes: "an explicit `spec.limited.nominalConcurrencyShares: 0` stays 0 instead of becoming 30",
    },
];

fn removal(api_version: &str, kind: &str) -> Option<&'static Removal> {
    REMOVALS.iter().find(|removal| removal.from.contains(&api_version) && removal.kinds.contains(&kind))
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    let Some(removal) = removal(object.api_version, object.kind) else { return };
    let span = object.api_version_entry.value.span;
    let gone = format!("`{}` {} was removed in Kubernetes {}", object.api_version, object.kind, removal.removed_in);
    let Some(to) = removal.to else {
        let message = match object.name() {
            Some(name) => format!("{gone} and has no successor, so `{name}` cannot be applied"),
            None => format!("{gone} and has no successor"),
        };
        out.push(Diagnostic::new(RULE.id, span, message, format!("{}.", removal.changes)));
        return;
    };
    let message = match object.name() {
        Some(name) => format!("{gone}; use `{to}` for `{name}`"),
        None => format!("{gone}; use `{to}`"),
    };
    let also = if removal.changes.is_empty() { String::new() } else { format!(" In `{to}`, {}.", removal.changes) };
    let unmet = removal.needs.iter().find(|need| !met(object, **need));
    let Some(unmet) = unmet else {
        let written = span.slice(object.text);
        let replacement = match written.chars().next() {
            Some(quote @ ('"' | '\'')) => format!("{quote}{to}{quote}"),
            _ => to.to_owned(),
        };
        let help = format!("Change `apiVersion` to `{to}`.{also}");
        let fix = Fix::replace(format!("Change apiVersion to `{to}`"), span, replacement);
        out.push(Diagnostic::new(RULE.id, span, message, help).with_fix(fix));
        return;
    };
    let todo = match unmet {
        Need::Present(path) if path == &["spec", "selector"] => {
            "add `spec.selector.matchLabels` with the pod template's labels".to_owned()
        }
        Need::Present(path) => format!("add `{}`", path.join(".")),
        Need::Absent(path) => format!("remove `{}`", path.join(".")),
        Need::NoKey(key) => format!("rewrite the fields that use `{key}`"),
        Need::NotEmpty(path) => format!("decide what the empty `{}` should select", path.join(".")),
        Need::NotZero(path) => format!("check the `0` in `{}`", path.join(".")),
        Need::Rewrite => "rewrite the object for the new schema".to_owned(),
    };
    out.push(Diagnostic::new(RULE.id, span, message, format!("Change `apiVersion` to `{to}` and {todo}.{also}")));
}

/// Whether `object` already satisfies `need`.
fn met(object: &Object<'_>, need: Need) -> bool {
    let set = |path: &[&str]| object.get_at(path).filter(|node| !node.is_null());
    match need {
        Need::Present(path) => set(path).is_some(),
        Need::Absent(path) => set(path).is_none(),
        Need::NoKey(key) => !has_key_outside_metadata(object.node, key),
        Need::NotEmpty(path) => {
            set(path).is_none_or(|node| node.as_mapping().is_none_or(|entries| !entries.is_empty()))
        }
        Need::NotZero(path) => set(path).and_then(Node::as_i64) != Some(0),
        Need::Rewrite => false,
    }
}

/// Whether `key` is a mapping key anywhere in `root` except under its `metadata` (labels and annotations may
/// use any name).
fn has_key_outside_metadata(root: &Node, key: &str) -> bool {
    let mut pending: Vec<&Node> =
        root.entries().filter(|entry| entry.key_str() != Some("metadata")).map(|entry| &entry.value).collect();
    while let Some(node) = pending.pop() {
        if node.entries().any(|entry| entry.key_str() == Some(key)) {
            return true;
        }
        pending.extend(node.entries().map(|entry| &entry.value));
        pending.extend(node.items());
    }
    false
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::{removal, REMOVALS};
    use crate::rules::test_support::{findings, findings_in, fixed, flagged_text, positions};
    use crate::Config;

    const ID: &str = "deprecated-api-version";

    const ARTICLE: &str = "\
apiVersion: apps/v1beta1
kind: Deployment
metadata:
  name: microservice-y
  namespace: awsome-project
spec:
  replicas: 100
  template:
    metadata:
      labels:
        app: publicname-a
    spec:
      containers:
      - name: grpc-proxy
        image: grpc-proxy:1.4
";

    #[test]
    fn the_guide_is_covered_release_by_release_without_overlaps_or_dead_ends() {
        let releases: BTreeSet<&str> = REMOVALS.iter().map(|removal| removal.removed_in).collect();
        assert_eq!(releases, ["1.16", "1.22", "1.25", "1.26", "1.27", "1.29", "1.32"].into_iter().collect());
        let mut seen = HashSet::new();
        for row in REMOVALS {
            for from in row.from {
                for kind in row.kinds {
                    assert!(seen.insert((*from, *kind)), "{from} {kind} is listed twice");
                    if let Some(to) = row.to {
                        assert!(removal(to, kind).is_none(), "{from} {kind} points at `{to}`, removed too");
                        assert_ne!(*from, to);
                    }
                }
            }
            assert!(row.to.is_some() || !row.changes.is_empty(), "{:?} says neither what to use nor do", row.from);
        }
        assert_eq!(seen.len(), 50, "apiVersion/kind pairs in the guide");
    }

    #[test]
    fn the_article_deployment_needs_a_selector_before_the_fix() {
        assert_eq!(positions(ID, ARTICLE), [(1, 13)]);
        assert_eq!(flagged_text(ID, ARTICLE), ["apps/v1beta1"]);
        let found = findings(ID, ARTICLE);
        assert_eq!(
            found[0].message,
            "`apps/v1beta1` Deployment was removed in Kubernetes 1.16; use `apps/v1` for `microservice-y`"
        );
        assert!(
            found[0].help.starts_with(
                "Change `apiVersion` to `apps/v1` and add `spec.selector.matchLabels` with the pod template's labels."
            ),
            "{}",
            found[0].help
        );
        assert!(found[0].fix.is_none(), "apps/v1 refuses a Deployment without selector");

        let with_selector =
            ARTICLE.replace("  replicas: 100\n", "  replicas: 100\n  selector: {matchLabels: {app: publicname-a}}\n");
        assert!(fixed(ID, &with_selector).starts_with("apiVersion: apps/v1\nkind: Deployment\n"));
        let rollback = with_selector.replace("  replicas: 100\n", "  rollbackTo: {revision: 2}\n");
        assert!(findings(ID, &rollback)[0].help.contains("remove `spec.rollbackTo`"));
    }

    #[test]
    fn drop_in_replacements_are_fixed_keeping_quotes() {
        let cron = "apiVersion: \"batch/v1beta1\"\nkind: CronJob\nmetadata:\n  name: nightly\n";
        assert_eq!(flagged_text(ID, cron), ["\"batch/v1beta1\""]);
        assert_eq!(
            findings(ID, cron)[0].message,
            "`batch/v1beta1` CronJob was removed in Kubernetes 1.25; use `batch/v1` for `nightly`"
        );
        assert!(fixed(ID, cron).starts_with("apiVersion: \"batch/v1\"\n"));

        let role = "kind: Role\napiVersion: rbac.authorization.k8s.io/v1beta1\n";
        assert_eq!(positions(ID, role), [(2, 13)]);
        assert_eq!(
            findings(ID, role)[0].message,
            "`rbac.authorization.k8s.io/v1beta1` Role was removed in Kubernetes 1.22; use \
             `rbac.authorization.k8s.io/v1`"
        );
        assert_eq!(fixed(ID, role), "kind: Role\napiVersion: rbac.authorization.k8s.io/v1\n");

        let flow = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f}\n";
        assert!(findings(ID, flow)[0]
            .message
            .contains("removed in Kubernetes 1.29; use `flowcontrol.apiserver.k8s.io/v1`"));
    }

    #[test]
    fn changed_schemas_get_no_fix_but_say_what_to_rewrite() {
        let ingress = "\
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: web}
spec:
  backend: {serviceName: web, servicePort: 80}
";
        let found = findings(ID, ingress);
        assert!(found[0].fix.is_none());
        assert!(found[0].help.contains("`spec.defaultBackend`"), "{}", found[0].help);

        let hpa = |api_version: &str, metrics: &str| {
            format!(
                "apiVersion: {api_version}\nkind: HorizontalPodAutoscaler\nmetadata: {{name: h}}\nspec:\n  \
                 maxReplicas: 3\n{metrics}"
            )
        };
        let v2beta1_metrics =
            "  metrics:\n  - type: Resource\n    resource: {name: cpu, targetAverageUtilization: 80}\n";
        let found = findings(ID, &hpa("autoscaling/v2beta1", v2beta1_metrics));
        assert!(found[0].fix.is_none());
        assert!(found[0].help.contains("rewrite the fields that use `targetAverageUtilization`"), "{}", found[0].help);
        assert!(fixed(ID, &hpa("autoscaling/v2beta1", "")).starts_with("apiVersion: autoscaling/v2\n"));
        let v2beta2_metrics = "  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
";
        assert!(fixed(ID, &hpa("autoscaling/v2beta2", v2beta2_metrics)).starts_with("apiVersion: autoscaling/v2\n"));

        let pdb = |selector: &str| {
            format!(
                "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {{name: p}}\nspec:\n  \
                 minAvailable: 1\n{selector}"
            )
        };
        assert!(findings(ID, &pdb("  selector: {}\n"))[0].fix.is_none(), "`{{}}` selects all pods in policy/v1");
        assert!(findings(ID, &pdb("  selector: {matchLabels: {app: a}}\n"))[0].fix.is_some());

        let level = |shares: &str| {
            format!(
                "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: PriorityLevelConfiguration\n\
                 metadata: {{name: l}}\nspec:\n  type: Limited\n  limited: {{nominalConcurrencyShares: {shares}}}\n"
            )
        };
        assert!(findings(ID, &level("0"))[0].fix.is_none());
        assert!(findings(ID, &level("10"))[0].fix.is_some());
    }

    #[test]
    fn pod_security_policies_have_no_successor() {
        for (api_version, release) in [("policy/v1beta1", "1.25"), ("extensions/v1beta1", "1.16")] {
            let yaml = format!("apiVersion: {api_version}\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n");
            let found = findings(ID, &yaml);
            assert_eq!(
                found[0].message,
                format!(
                    "`{api_version}` PodSecurityPolicy was removed in Kubernetes {release} and has no successor, so \
                     `restricted` cannot be applied"
                )
            );
            assert!(found[0].help.contains("Pod Security Admission"), "{}", found[0].help);
            assert!(found[0].fix.is_none());
        }
    }

    #[test]
    fn current_versions_other_kinds_and_custom_groups_pass() {
        for (api_version, kind) in [
            ("apps/v1", "Deployment"),
            ("batch/v1", "CronJob"),
            ("networking.k8s.io/v1", "Ingress"),
            ("policy/v1beta1", "Eviction"),
            ("extensions/v1beta1", "Scale"),
            ("example.com/v1beta1", "Deployment"),
            ("apps.example.com/v1beta1", "Deployment"),
        ] {
            let yaml = format!("apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n");
            assert_eq!(positions(ID, &yaml), [], "{api_version} {kind}");
        }
        let labelled = "\
apiVersion: discovery.k8s.io/v1beta1
kind: EndpointSlice
metadata:
  name: e
  labels: {topology: x}
";
        assert!(findings(ID, labelled)[0].fix.is_some(), "keys under metadata are not fields");
        let topology = "\
apiVersion: discovery.k8s.io/v1beta1
kind: EndpointSlice
metadata:
  name: e
endpoints:
- addresses: [10.0.0.1]
  topology: {kubernetes.io/hostname: n1}
";
        assert!(findings(ID, topology)[0].fix.is_none());
    }

    #[test]
    fn list_items_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata: {name: deny}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: allow}
";
        assert_eq!(positions(ID, list), [(4, 15)]);
        assert!(fixed(ID, list)
            .contains("- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: deny}"));
        let files = [
            ("a.yaml", "apiVersion: apps/v1\nkind: DaemonSet\n"),
            ("b.yaml", "---\napiVersion: apps/v1beta2\nkind: DaemonSet\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 2, 13)]);
    }
}
