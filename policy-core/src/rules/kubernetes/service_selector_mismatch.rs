use std::collections::HashMap;

use crate::declare_rule;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::{Bundle, Metadata, Object, PodTemplate, Selector};

declare_rule! {
    /// ## What it does
    /// Reports a Service whose `spec.selector` matches no pod template in its namespace among the files checked
    /// together: the pods of Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
    /// ReplicationControllers and bare Pods. The finding points at the first selector pair that the nearest pod
    /// template (the one matching the most pairs) does not carry, and the message names that template, where it
    /// is, and the value it has instead.
    ///
    /// Namespaces are compared as `kubectl apply` resolves them: an object without `metadata.namespace` is in
    /// `default`. Skipped: Services without a selector (their endpoints are managed by hand), `ExternalName`
    /// Services, Services in a namespace where the files checked hold no pod template at all, since their pods
    /// are then deployed from elsewhere and a Service shipped alone is not a mistake, and Services that select
    /// the template labels of a custom workload (an Argo Rollout, an OpenShift DeploymentConfig: any object with
    /// `spec.template.metadata.labels`).
    ///
    /// ## Why it matters
    /// A Service routes to the pods whose labels include every pair of its selector. When none do, the Service
    /// has no endpoints and every connection to it fails, with nothing in `kubectl apply` to say so. The article
    /// calls label selectors "core grouping primitive in Kubernetes ... used to link objects together"; its own
    /// Service selects `app: my-app` while its Deployment labels its pods `app: publicname-a`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: webapp
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
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: webapp
    ///   ports:
    ///   - port: 80
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: webapp
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
    /// ## Peers
    /// kube-linter's `dangling-service` and kube-score's `service-targets-pod` check the same thing; their ignore
    /// annotations silence this rule. kube-linter compared namespaces as written, so a Service without a namespace
    /// missed pods in `namespace: default` (its issue 82); here both are `default`.
    pub static RULE = {
        id: "service-selector-mismatch",
        severity: Warning,
        category: Organization,
        summary: "Service selector that matches no pod template in its namespace",
        peers: [("kube-linter", "dangling-service"), ("kube-score", "service-targets-pod")],
        checks: [Check::Bundle(check)],
    }
}

/// How many templates of one label group the search for the nearest template looks at. The match itself is
/// exact (through the bundle's label index); the nearest template only words the message, and capping it keeps
/// a bundle of many dangling Services over one big label group linear instead of quadratic.
const CANDIDATES_PER_LABEL: usize = 64;

fn check(bundle: &Bundle<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    let mut others: HashMap<&str, OtherTemplates<'_>> = HashMap::new();
    for service in bundle.objects() {
        if !service.is_builtin("Service") || !service.group().is_empty() {
            continue;
        }
        if service.service_type().and_then(|entry| entry.value.as_str()) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = service.selector().filter(|selector| !selector.is_empty()) else { continue };
        let namespace = service.effective_namespace();
        let Some(first) = bundle.pod_templates_in(namespace).next() else { continue };
        if !bundle.templates_selected_by(namespace, &selector).is_empty() {
            continue;
        }
        if others.entry(namespace).or_insert_with(|| OtherTemplates::of(bundle, namespace)).select(&selector) {
            continue;
        }
        let (nearest, template) = nearest(bundle, namespace, &selector).unwrap_or(first);
        let labels = template.metadata;
        let mut differing = selector.match_labels.iter().filter(|(key, entry)| {
            let want = entry.value.as_str();
            want.is_none() || labels.label_value(key) != want
        });
        let Some((key, entry)) = differing.next() else { continue };
        let more = match differing.count() {
            0 => String::new(),
            1 => ", and 1 more selector label differs".to_owned(),
            count => format!(", and {count} more selector labels differ"),
        };
        let wanted =
            entry.value.as_str().map_or_else(|| format!("`{key}` without a value"), |v| format!("`{key}: {v}`"));
        let has = labels.label_value(key).map_or_else(|| format!("no `{key}` label"), |v| format!("`{key}: {v}`"));
        out.push((
            service.source,
            Diagnostic::new(
                RULE.id,
                entry.span(),
                format!(
                    "{} selects no pod template in namespace `{namespace}`: selector {wanted}, but the nearest pod \
                     template ({} at {}) has {has}{more}",
                    service.describe(),
                    qualified(nearest, namespace),
                    bundle.location(nearest.source, nearest.anchor()),
                ),
                "Make the selector's labels and values those of the pods the Service should reach, or fix the pod \
                 template's labels; a Service that selects no pods has no endpoints.",
            ),
        ));
    }
}

/// Pod template labels the bundle does not index as pod templates: those of custom workloads (an Argo Rollout,
/// an OpenShift DeploymentConfig) and of built-in workloads whose template has no `spec`. Their pods may well be
/// what a Service selects, so a Service that selects them is not reported. Indexed by label like the bundle's
/// own templates, and built once per namespace, so the lookups stay linear.
struct OtherTemplates<'a> {
    labels: Vec<Metadata<'a>>,
    /// Label key → label value → templates.
    by_label: HashMap<&'a str, HashMap<&'a str, Vec<usize>>>,
}

impl<'a> OtherTemplates<'a> {
    fn of(bundle: &Bundle<'a>, namespace: &str) -> Self {
        let mut others = Self { labels: Vec::new(), by_label: HashMap::new() };
        for object in bundle.in_namespace(namespace) {
            if object.pod_template().is_some() {
                continue;
            }
            let metadata = object.get_at(&["spec", "template"]).and_then(|template| template.entry("metadata"));
            let labels = Metadata { entry: metadata };
            let at = others.labels.len();
            let mut any = false;
            for label in labels.label_entries() {
                let (Some(key), Some(value)) = (label.key_str(), label.value.as_str()) else { continue };
                others.by_label.entry(key).or_default().entry(value).or_default().push(at);
                any = true;
            }
            if any {
                others.labels.push(labels);
            }
        }
        others
    }

    /// Whether `selector` selects one of these templates; looks only at the templates of its rarest pair.
    fn select(&self, selector: &Selector<'_>) -> bool {
        let Some(rarest) = selector.labels().map(|(key, value)| self.group(key, value)).min_by_key(|group| group.len())
        else {
            return false;
        };
        rarest
            .iter()
            .filter_map(|&at| self.labels.get(at))
            .any(|labels| selector.matches(|key| labels.label_value(key)))
    }

    /// The templates labelled `key: value`.
    fn group(&self, key: &str, value: Option<&str>) -> &[usize] {
        value.and_then(|value| self.by_label.get(key)?.get(value)).map_or(&[], Vec::as_slice)
    }
}

/// The template in `namespace` that carries the most pairs of `selector` (the first in file order on a tie), or
/// when none carries any, the first that has the selector's first key.
fn nearest<'s, 'a>(
    bundle: &'s Bundle<'a>,
    namespace: &str,
    selector: &Selector<'_>,
) -> Option<(&'s Object<'a>, PodTemplate<'a>)> {
    let order = |object: &Object<'_>| (object.source, object.extent.start);
    let mut counts: HashMap<(usize, usize), (usize, &'s Object<'a>, PodTemplate<'a>)> = HashMap::new();
    for (key, value) in selector.labels() {
        let Some(value) = value else { continue };
        for (object, template) in bundle.templates_with_label(namespace, key, value).take(CANDIDATES_PER_LABEL) {
            counts.entry(order(object)).or_insert((0, object, template)).0 += 1;
        }
    }
    let best = counts
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| order(b.1).cmp(&order(a.1))))
        .map(|(_, object, template)| (object, template));
    best.or_else(|| {
        let (first_key, _) = selector.match_labels.first()?;
        bundle
            .pod_templates_in(namespace)
            .take(CANDIDATES_PER_LABEL)
            .find(|(_, template)| template.metadata.label(first_key).is_some())
    })
}

/// `Deployment `shop/web``: the kind, namespace and name that the message names the template by.
fn qualified(object: &Object<'_>, namespace: &str) -> String {
    object.name().map_or_else(
        || format!("{} in `{namespace}`", object.kind),
        |name| format!("{} `{namespace}/{name}`", object.kind),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_in, flagged_text, positions};
    use crate::{Config, Finding};

    const ID: &str = "service-selector-mismatch";

    fn service(namespace: &str, selector: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: front\n{namespace}spec:\n  selector:\n{selector}  \
             ports:\n  - port: 80\n"
        )
    }

    fn deployment(name: &str, namespace: &str, labels: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{namespace}spec:\n  selector: \
             {{matchLabels: {labels}}}\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      \
             containers: [{{name: c, image: nginx:1}}]\n"
        )
    }

    fn run(files: &[(&str, String)]) -> Vec<Finding> {
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        findings_in(ID, &files, Config::default())
    }

    const SHOP: &str = "  namespace: shop\n";

    #[test]
    fn points_at_the_first_differing_pair_and_names_the_nearest_template() {
        let yaml = format!("{}---\n{}", service(SHOP, "    app: web\n"), deployment("web", SHOP, "{app: webapp}"));
        assert_eq!(positions(ID, &yaml), [(8, 5)]);
        assert_eq!(flagged_text(ID, &yaml), ["app: web"]);
        let message = &findings(ID, &yaml)[0].message;
        assert!(message.starts_with("Service `front` selects no pod template in namespace `shop`"), "{message}");
        assert!(
            message.contains(
                "selector `app: web`, but the nearest pod template (Deployment `shop/web` at manifest.yaml:15) has \
                 `app: webapp`"
            ),
            "{message}"
        );
    }

    #[test]
    fn the_nearest_template_is_the_one_sharing_most_pairs() {
        let selector = "    app: shop\n    tier: front\n    track: stable\n";
        let files = [
            ("svc.yaml", service(SHOP, selector)),
            ("one.yaml", deployment("one", SHOP, "{app: shop, tier: back, track: canary}")),
            ("two.yaml", deployment("two", SHOP, "{app: shop, tier: front, track: canary}")),
            (
                "other-namespace.yaml",
                deployment("three", "  namespace: billing\n", "{app: shop, tier: front, track: stable}"),
            ),
        ];
        let found = run(&files);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "svc.yaml");
        assert_eq!(found[0].span.slice(&files[0].1), "track: stable");
        let message = &found[0].message;
        assert!(message.contains("(Deployment `shop/two` at two.yaml:4) has `track: canary`"), "{message}");
        assert!(!message.contains("more selector"), "{message}");
    }

    #[test]
    fn a_template_without_the_key_and_several_differences_are_worded() {
        let yaml = format!(
            "{}---\n{}",
            service("", "    app: web\n    tier: front\n    zone: a\n"),
            "\
apiVersion: v1
kind: Pod
metadata:
  name: solo
  labels: {run: solo}
spec:
  containers: [{name: c}]
"
        );
        let found = findings(ID, &yaml);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.slice(&yaml), "app: web");
        let message = &found[0].message;
        assert!(message.contains("(Pod `default/solo` at manifest.yaml:16) has no `app` label"), "{message}");
        assert!(message.ends_with(", and 2 more selector labels differ"), "{message}");
    }

    const CRON_JOB: &str = "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: shop}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: c}]}
";

    #[test]
    fn a_match_in_another_file_anywhere_among_the_kinds_is_enough() {
        for template in [
            deployment("web", SHOP, "{app: web, extra: x}"),
            CRON_JOB.to_owned(),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, labels: {app: web}}\nspec: {}\n"
                .to_owned(),
        ] {
            let files = [("svc.yaml", service(SHOP, "    app: web\n")), ("workload.yaml", template.clone())];
            assert!(run(&files).is_empty(), "{template}");
        }
    }

    const ROLLOUT: &str = "\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, track: stable}}
    spec: {containers: [{name: c}]}
";

    #[test]
    fn custom_workloads_and_templates_without_spec_may_be_what_a_service_selects() {
        let cron_job = CRON_JOB.replace("app: web", "app: nightly");
        let files = [("svc.yaml", service(SHOP, "    app: web\n")), ("cron.yaml", cron_job)];
        assert_eq!(run(&files).len(), 1, "only the CronJob's template, which does not match");
        let with_rollout = [files[0].clone(), files[1].clone(), ("rollout.yaml", ROLLOUT.to_owned())];
        assert!(run(&with_rollout).is_empty(), "the Rollout's pods are selected");
        let other_value =
            [files[0].clone(), files[1].clone(), ("rollout.yaml", ROLLOUT.replace("app: web", "app: api"))];
        assert_eq!(run(&other_value).len(), 1);
        let no_spec = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  \
                       template:\n    metadata: {labels: {app: web}}\n";
        let files = [files[0].clone(), files[1].clone(), ("no-spec.yaml", no_spec.to_owned())];
        assert!(run(&files).is_empty(), "a template without `spec` still labels the pods it is meant to make");
    }

    #[test]
    fn peer_ignore_annotations_on_the_service_silence_it() {
        let deploy = deployment("web", SHOP, "{app: webapp}");
        for annotation in
            ["ignore-check.kube-linter.io/dangling-service: \"by hand\"", "kube-score/ignore: service-targets-pod"]
        {
            let annotated = service(&format!("{SHOP}  annotations:\n    {annotation}\n"), "    app: web\n");
            assert!(findings(ID, &format!("{annotated}---\n{deploy}")).is_empty(), "{annotation}");
        }
        let other = service(&format!("{SHOP}  annotations:\n    kube-score/ignore: service-type\n"), "    app: web\n");
        assert_eq!(findings(ID, &format!("{other}---\n{deploy}")).len(), 1);
    }

    #[test]
    fn no_namespace_means_default_on_both_sides() {
        let files = [
            ("svc.yaml", service("", "    app: web\n")),
            ("deploy.yaml", deployment("web", "  namespace: default\n", "{app: web}")),
        ];
        assert!(run(&files).is_empty());
        let files = [
            ("svc.yaml", service("  namespace: default\n", "    app: web\n")),
            ("deploy.yaml", deployment("web", "", "{app: api}")),
        ];
        assert_eq!(run(&files).len(), 1);
    }

    #[test]
    fn a_namespace_without_pod_templates_in_the_bundle_is_not_judged() {
        assert!(findings(ID, &service(SHOP, "    app: web\n")).is_empty(), "a Service shipped alone");
        let files = [
            ("svc.yaml", service(SHOP, "    app: web\n")),
            ("elsewhere.yaml", deployment("web", "  namespace: billing\n", "{app: api}")),
        ];
        assert!(run(&files).is_empty());
    }

    #[test]
    fn selectorless_empty_and_external_name_services_are_skipped() {
        let deploy = deployment("web", "", "{app: api}");
        for svc in [
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {}\n",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector:\n",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: ExternalName\n  \
             externalName: x.example.com\n  selector: {app: web}\n",
            "apiVersion: example.com/v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: web}\n",
        ] {
            assert!(findings(ID, &format!("{svc}---\n{deploy}")).is_empty(), "{svc}");
        }
    }

    #[test]
    fn many_dangling_services_over_one_big_label_group() {
        // Every template shares `tier: front`; each Service also wants an `app` no template has. The match is
        // exact and the nearest-template search is capped, so this stays linear in the bundle.
        let mut yaml = String::new();
        for at in 0..300 {
            yaml.push_str(&deployment(&format!("d{at}"), "", &format!("{{tier: front, app: a{at}}}")));
            yaml.push_str("---\n");
            yaml.push_str(&service("", &format!("    tier: front\n    app: missing{at}\n")));
            yaml.push_str("---\n");
        }
        let found = findings(ID, &yaml);
        assert_eq!(found.len(), 300);
        assert!(found.iter().all(|finding| finding.span.slice(&yaml).starts_with("app: missing")));
        assert!(found[0].message.contains("has `app: a0`"), "{}", found[0].message);
    }
}
