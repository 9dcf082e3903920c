use std::collections::BTreeMap;

use super::*;
use crate::base::problem::ProblemKind;
use crate::base::span::LineIndex;
use crate::config::Limits;
use crate::syntax::yaml::{parse_stream, Stream};
use crate::{Config, Source};

/// Parses `texts` as sources 0, 1, ... and hands the bundle to `test`.
fn with_bundle(texts: &[&str], test: impl FnOnce(&Bundle<'_>)) {
    let streams: Vec<Stream> = texts.iter().map(|text| parse_stream(text, &Limits::default())).collect();
    let manifests = texts
        .iter()
        .zip(&streams)
        .enumerate()
        .map(|(source, (text, stream))| Manifest { source, path: "t.yaml", text, stream })
        .collect();
    test(&Bundle::new(manifests));
}

fn at(text: &str, span: Span) -> (u32, u32) {
    let position = LineIndex::new(text).position(span.start);
    (position.line, position.column)
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
      initContainers:
      - name: setup
        image: busybox:1.36
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests: {cpu: 250m, memory: 64Mi}
          limits: {cpu: \"1\", memory: nonsense}
        readinessProbe:
          httpGet: {path: /, port: 80}
        securityContext:
          runAsUser: 0
          privileged: true
      - image: sidecar:1
        livenessProbe:
      volumes:
      - name: docker
        hostPath: {path: /var/run/docker.sock}
      - name: scratch
        emptyDir: {}
";

#[test]
fn a_deployment_typed_with_spans() {
    with_bundle(&[DEPLOYMENT], |bundle| {
        let [object] = bundle.objects() else { panic!("one object") };
        assert_eq!((object.group(), object.version(), object.kind), ("apps", "v1", "Deployment"));
        assert_eq!(
            (object.name(), object.namespace(), object.effective_namespace()),
            (Some("web"), Some("shop"), "shop")
        );
        assert_eq!(object.scope(), Scope::Namespaced);
        assert_eq!(object.describe(), "Deployment `web`");
        assert_eq!(at(DEPLOYMENT, object.anchor()), (4, 9));
        assert_eq!(at(DEPLOYMENT, object.metadata.namespace().expect("ns").key.span), (5, 3));
        assert_eq!(object.metadata.label("app").and_then(|label| label.value.as_str()), Some("web"));
        assert_eq!(object.pod_count(), Some(3));
        assert_eq!(
            object.identity(),
            Some(Identity { group: "apps", kind: "Deployment", namespace: "shop", name: "web" })
        );

        let template = object.pod_template().expect("template");
        assert_eq!(at(DEPLOYMENT, template.anchor()), (11, 3));
        assert_eq!(template.metadata.label_value("tier"), Some("front"));
        let names: Vec<(ContainerKind, Option<&str>)> = template.containers().map(|c| (c.kind, c.name())).collect();
        assert_eq!(
            names,
            [
                (ContainerKind::Init, Some("setup")),
                (ContainerKind::Regular, Some("app")),
                (ContainerKind::Regular, None)
            ]
        );

        let containers: Vec<Container<'_>> = template.containers_of(ContainerKind::Regular).collect();
        let [app, sidecar] = containers.as_slice() else { panic!("two containers") };
        assert_eq!(app.describe(), "container `app`");
        assert_eq!(at(DEPLOYMENT, app.anchor()), (22, 15));
        assert_eq!(app.item_span().slice(DEPLOYMENT).lines().next(), Some("- name: app"));
        // Without a name, findings point at the item's `-`.
        assert_eq!(at(DEPLOYMENT, sidecar.anchor()), (32, 7));
        assert_eq!(sidecar.anchor().slice(DEPLOYMENT), "-");
        assert_eq!(sidecar.describe(), "container");

        let cpu = app.resources().request("cpu").expect("cpu request");
        assert_eq!(cpu.quantity.map(Quantity::millis), Some(250));
        assert_eq!(at(DEPLOYMENT, cpu.entry.value.span), (25, 27));
        assert_eq!(app.resources().request("memory").and_then(|m| m.quantity).map(Quantity::units), Some(64 << 20));
        assert_eq!(app.resources().limit("cpu").and_then(|m| m.quantity).map(Quantity::millis), Some(1000));
        let memory = app.resources().limit("memory").expect("memory limit");
        assert_eq!((memory.quantity, memory.entry.value.as_str()), (None, Some("nonsense")));
        assert!(sidecar.resources().entry.is_none() && sidecar.resources().request("cpu").is_none());
        assert!(app.probe("readinessProbe").is_some() && app.probe("livenessProbe").is_none());
        assert!(sidecar.probe("livenessProbe").is_none(), "an empty probe is no probe");

        let volumes: Vec<Volume<'_>> = template.volumes().collect();
        assert_eq!(volumes.len(), 2);
        let path = volumes.first().and_then(Volume::host_path_path).expect("hostPath path");
        assert_eq!(path.value.as_str(), Some("/var/run/docker.sock"));
        assert!(volumes.get(1).and_then(Volume::host_path).is_none());
    });
}

#[test]
fn security_context_inheritance() {
    with_bundle(&[DEPLOYMENT], |bundle| {
        let template = bundle.objects().first().and_then(Object::pod_template).expect("template");
        let containers: Vec<Container<'_>> = template.containers().collect();
        let [setup, app, sidecar] = containers.as_slice() else { panic!("three containers") };

        let own = app.effective("runAsUser");
        assert_eq!((own.level, own.as_i64()), (Level::Container, Some(0)));
        assert_eq!(own.span.slice(DEPLOYMENT), "runAsUser: 0");

        let inherited = setup.effective("runAsUser");
        assert_eq!((inherited.level, inherited.as_i64()), (Level::Pod, Some(1000)));
        assert_eq!(at(DEPLOYMENT, inherited.span), (16, 9));
        assert_eq!(sidecar.effective("runAsNonRoot").as_bool(), Some(true));

        assert_eq!(app.effective("privileged").as_bool(), Some(true));
        let unset = setup.effective("allowPrivilegeEscalation");
        assert_eq!((unset.level, unset.entry.is_none()), (Level::Unset, true));
        assert_eq!(unset.span, setup.anchor());
    });
    // Container-only fields never come from the pod.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {privileged: true}\n  containers:\n  - name: c\n";
    with_bundle(&[text], |bundle| {
        let template = bundle.objects().first().and_then(Object::pod_template).expect("template");
        let container = template.containers().next().expect("container");
        assert_eq!(container.effective("privileged").level, Level::Unset);
        assert!(template.template_entry.is_none());
        assert_eq!(template.anchor().slice(text), "spec");
    });
}

#[test]
fn pod_templates_of_every_workload_kind() {
    let wrap =
        |kind: &str, api: &str, spec: &str| format!("apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\n{spec}");
    let template = "  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c}]\n";
    let texts = [
        wrap("Pod", "v1", "spec:\n  containers: [{name: c}]\n"),
        wrap("Deployment", "apps/v1", &format!("spec:\n{template}")),
        wrap("ReplicaSet", "apps/v1", &format!("spec:\n{template}")),
        wrap("StatefulSet", "apps/v1", &format!("spec:\n{template}")),
        wrap("DaemonSet", "apps/v1", &format!("spec:\n{template}")),
        wrap("Job", "batch/v1", &format!("spec:\n{template}")),
        wrap("ReplicationController", "v1", &format!("spec:\n{template}")),
        wrap("Deployment", "extensions/v1beta1", &format!("spec:\n{template}")),
        wrap(
            "CronJob",
            "batch/v1",
            &format!(
                "spec:\n  jobTemplate:\n    spec:\n{}",
                template.replace("\n  ", "\n      ").replacen("  template", "      template", 1)
            ),
        ),
        wrap("PodTemplate", "v1", &template.replace("\n  ", "\n").replacen("  template", "template", 1)),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    with_bundle(&texts, |bundle| {
        assert_eq!(bundle.objects().len(), texts.len());
        for object in bundle.objects() {
            let template = object.pod_template().unwrap_or_else(|| panic!("{} has a template", object.kind));
            assert_eq!(template.containers().filter_map(|c| c.name()).collect::<Vec<_>>(), ["c"], "{}", object.kind);
        }
    });
    // A CRD with a built-in kind name is not the built-in.
    let crd = "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec: {containers: []}\n";
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}}\n";
    with_bundle(&[crd, service], |bundle| {
        let [crd, service] = bundle.objects() else { panic!("two objects") };
        assert!(crd.pod_template().is_none() && crd.selector().is_none());
        assert_eq!((crd.scope(), crd.pod_count()), (Scope::Unknown, None));
        assert!(service.pod_template().is_none());
        assert_eq!(service.pod_count(), None);
    });
}

#[test]
fn lists_are_flattened_with_item_extents() {
    let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
- apiVersion: v1
  kind: Secret
  metadata: {name: b}
";
    with_bundle(&[text], |bundle| {
        let names: Vec<&str> = bundle.objects().iter().filter_map(Object::name).collect();
        assert_eq!(names, ["a", "b"]);
        let second = bundle.objects().get(1).expect("b");
        assert!(second.extent.slice(text).starts_with("- apiVersion: v1\n  kind: Secret"));
        assert!(bundle.problems.is_empty());
    });
}

#[test]
fn selectors_match_labels_and_expressions() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [front, edge]}
    - {key: canary, operator: DoesNotExist}
    - {key: env, operator: NotIn, values: [dev]}
    - {key: team, operator: Exists}
";
    with_bundle(&[text], |bundle| {
        let selector = bundle.objects().first().and_then(Object::selector).expect("selector");
        assert_eq!(selector.match_expressions.len(), 4);
        let labels = |pairs: &[(&'static str, &'static str)]| pairs.iter().copied().collect::<BTreeMap<_, _>>();
        let matches = |pairs: &[(&'static str, &'static str)]| {
            let labels = labels(pairs);
            selector.matches(|key| labels.get(key).copied())
        };
        assert!(matches(&[("app", "web"), ("tier", "front"), ("team", "a")]));
        assert!(matches(&[("app", "web"), ("tier", "edge"), ("team", "a"), ("env", "prod")]));
        assert!(!matches(&[("app", "web"), ("tier", "back"), ("team", "a")]));
        assert!(!matches(&[("app", "web"), ("tier", "front"), ("team", "a"), ("canary", "1")]));
        assert!(!matches(&[("app", "web"), ("tier", "front"), ("team", "a"), ("env", "dev")]));
        assert!(!matches(&[("app", "api"), ("tier", "front"), ("team", "a")]));
        assert!(!matches(&[("app", "web"), ("tier", "front")]));
    });
}

#[test]
fn bundle_indexes_by_namespace_and_label() {
    let shop = "\
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: shop}
spec:
  hard: {pods: \"4\", requests.cpu: 2, limits.memory: 1Gi}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web, tier: front}
";
    let workloads = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api, tier: front}}
    spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: loose}
spec: {containers: [{name: c}]}
";
    with_bundle(&[shop, workloads], |bundle| {
        assert_eq!(bundle.namespaces().filter_map(Object::name).collect::<Vec<_>>(), ["shop"]);
        assert!(bundle.namespace("shop").is_some() && bundle.namespace("shp").is_none());
        assert_eq!(bundle.namespace("shop").map(Object::effective_namespace), Some(""));
        assert_eq!(bundle.in_namespace("shop").count(), 4);
        assert_eq!(bundle.in_namespace("default").filter_map(Object::name).collect::<Vec<_>>(), ["loose"]);
        let mut used: Vec<&str> = bundle.used_namespaces().collect();
        used.sort_unstable();
        assert_eq!(used, ["default", "shop"]);

        let quota = bundle.quotas_in("shop").next().expect("quota");
        let hard: Vec<(&str, Option<i128>)> = quota
            .quota_hard()
            .map(|amount| (amount.entry.key_str().unwrap_or(""), amount.quantity.map(Quantity::millis)))
            .collect();
        assert_eq!(
            hard,
            [("pods", Some(4000)), ("requests.cpu", Some(2000)), ("limits.memory", Some(1_073_741_824_000))]
        );

        assert_eq!(bundle.pod_templates_in("shop").count(), 2);
        assert_eq!(bundle.templates_with_label("shop", "tier", "front").count(), 2);
        assert_eq!(bundle.templates_with_label("default", "tier", "front").count(), 0);
        let service = bundle.in_namespace("shop").find(|object| object.kind == "Service").expect("service");
        let selector = service.selector().expect("selector");
        let selected: Vec<&str> =
            bundle.templates_selected_by("shop", &selector).iter().filter_map(|(object, _)| object.name()).collect();
        assert_eq!(selected, ["web"]);
        assert_eq!(bundle.location(service.source, service.anchor()), "t.yaml:13");
        let loose = bundle.in_namespace("default").next().expect("loose pod");
        assert_eq!(bundle.location(loose.source, loose.anchor()), "t.yaml:19");
    });
}

#[test]
fn documents_that_are_not_objects_are_reported() {
    with_bundle(&["", "# nothing\n", "[1, 2]\n", "kind: Pod\n", "apiVersion: v1\nkind: {a: b}\n"], |bundle| {
        assert!(bundle.objects().is_empty());
        let sources: Vec<usize> = bundle.problems.iter().map(|(source, _)| *source).collect();
        assert_eq!(sources, [0, 1, 2, 3, 4]);
        assert!(bundle.problems.iter().all(|(_, problem)| problem.kind == ProblemKind::NotAManifest));
    });
}

#[test]
fn a_scalar_document_is_pointed_at_by_its_whole_first_character() {
    // Found by fuzzing (the `check` target): a one-byte span split `é` and the U+FFFD of an invalid byte.
    for text in ["é\n", "\u{fffd}\u{4}", "a: 1\n---\n🐳 whale\n"] {
        with_bundle(&[text], |bundle| {
            let scalar = bundle.problems.iter().find(|(_, problem)| problem.message.contains("is a scalar"));
            let (_, problem) = scalar.expect("a scalar document is not a manifest");
            assert_eq!(problem.kind, ProblemKind::NotAManifest);
            let first = text.get(problem.span.start..).and_then(|rest| rest.chars().next()).expect("in the text");
            assert_eq!(problem.span.len(), first.len_utf8(), "{text:?}: {:?}", problem.span);
        });
    }
}

fn findings(sources: &[Source], config: &Config) -> Vec<(String, u32)> {
    crate::check(sources, config)
        .findings
        .into_iter()
        .filter(|finding| finding.rule == "duplicate-object")
        .map(|finding| (finding.path, finding.line))
        .collect()
}

#[test]
fn annotations_comments_and_exemptions_suppress() {
    let copy = |extra: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n{extra}  name: a\n")
    };
    let config = Config::only(&["duplicate-object"]);
    assert_eq!(findings(&[Source::new("a.yaml", copy(""))], &config), [("a.yaml".to_owned(), 9)]);

    let annotated = copy("  annotations:\n    seaworthy.dev/ignore: \"other-rule, duplicate-object\"\n");
    assert!(findings(&[Source::new("a.yaml", annotated.clone())], &config).is_empty());
    let strict = Config { allow_ignore_annotations: false, ..config.clone() };
    assert_eq!(findings(&[Source::new("a.yaml", annotated)], &strict).len(), 1);

    let commented = copy("  # seaworthy ignore=duplicate-object\n");
    assert!(findings(&[Source::new("a.yaml", commented)], &strict).is_empty());

    let exempt = |exemption: crate::config::Exemption| Config { exemptions: vec![exemption], ..config.clone() };
    let by_kind = exempt(crate::config::Exemption {
        kind: Some("ConfigMap".into()),
        rules: vec!["duplicate-object".into()],
        ..Default::default()
    });
    assert!(findings(&[Source::new("a.yaml", copy(""))], &by_kind).is_empty());
    let other_namespace =
        exempt(crate::config::Exemption { namespace: Some("kube-system".into()), ..Default::default() });
    assert_eq!(findings(&[Source::new("a.yaml", copy(""))], &other_namespace).len(), 1);
}

#[test]
fn container_annotations_cover_only_that_container() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seaworthy.dev/ignore.app: rule-a
    ignore-check.kube-linter.io/no-such-check: whatever
spec:
  containers:
  - name: app
    image: a
  - name: other
    image: b
";
    with_bundle(&[text], |bundle| {
        let found = directives(bundle);
        let scopes: Vec<(&str, Vec<String>)> =
            found.iter().map(|(_, declared)| (declared.scope.slice(text), declared.directive.ids.clone())).collect();
        assert_eq!(scopes.len(), 2);
        let (scope, ids) = scopes.first().expect("container scope");
        assert_eq!((*scope, ids.as_slice()), ("- name: app\n    image: a", ["rule-a".to_owned()].as_slice()));
        // A kube-linter check is kept as written, for the engine to map (or not) to Seaworthy rules.
        assert!(scopes.get(1).is_some_and(|(_, ids)| ids == &["no-such-check".to_owned()]));
    });
}

/// Every file of the shared corpus goes through the whole check: no panic, and every file gives objects or
/// findings. Prints documents, objects and findings per rule.
#[test]
fn the_corpus_is_read_without_panic_or_silence() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        eprintln!("corpus not found at {}; skipped", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 500, "only {} corpus files", files.len());
    let sources: Vec<Source> = files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("readable file");
            Source::new(path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    let config = Config::default();
    let streams: Vec<Stream> = sources.iter().map(|source| parse_stream(&source.content, &config.limits)).collect();
    let documents: usize = streams.iter().map(|stream| stream.documents.len()).sum();
    let manifests = sources
        .iter()
        .zip(&streams)
        .enumerate()
        .map(|(source, (file, stream))| Manifest { source, path: &file.path, text: &file.content, stream })
        .collect();
    let bundle = Bundle::new(manifests);
    let objects = bundle.objects().len();
    drop(bundle);
    let report = crate::check(&sources, &config);
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &report.findings {
        *per_rule.entry(finding.rule.as_str()).or_default() += 1;
    }
    eprintln!("corpus: {} files, {documents} documents, {objects} objects, findings {per_rule:?}", files.len());
    let silent: Vec<&str> = sources
        .iter()
        .zip(&streams)
        .filter(|(source, stream)| {
            stream.documents.is_empty() && !report.findings.iter().any(|finding| finding.path == source.path)
        })
        .map(|(source, _)| source.path.as_str())
        .collect();
    assert!(silent.is_empty(), "files with neither objects nor findings: {silent:?}");
    assert!(objects > 500, "{objects} objects");
    assert!(per_rule.contains_key("unrendered-template") && per_rule.contains_key("duplicate-key"), "{per_rule:?}");
}

#[test]
fn every_prefix_of_a_manifest_is_checked_without_panic() {
    let text = format!("{DEPLOYMENT}---\napiVersion: v1\nkind: List\nitems:\n- {{apiVersion: v1, kind: Service, metadata: {{name: s}}, spec: {{selector: {{app: web}}}}}}\n");
    for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
        let source = Source::new("p.yaml", text.get(..end).expect("prefix"));
        let _ = crate::check(&[source], &Config::default());
    }
}

#[test]
fn only_the_api_servers_own_groups_are_built_in() {
    let text = "\
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: a}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
---
apiVersion: authentication.k8s.io/v1
kind: TokenReview
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b}
---
apiVersion: storage.k8s.io/v1
kind: VolumeAttributesClass
";
    with_bundle(&[text], |bundle| {
        let scopes: Vec<(&str, Scope)> = bundle.objects().iter().map(|object| (object.kind, object.scope())).collect();
        assert_eq!(
            scopes,
            [
                ("GatewayClass", Scope::Unknown),
                ("Kustomization", Scope::Unknown),
                ("TokenReview", Scope::Cluster),
                ("Ingress", Scope::Namespaced),
                ("VolumeAttributesClass", Scope::Cluster),
            ]
        );
    });
}
