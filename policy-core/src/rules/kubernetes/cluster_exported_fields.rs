use crate::declare_rule;
use std::fmt::Write as _;

use crate::base::span::Span;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::{Diagnostic, Edit, Fix};
use crate::model::kubernetes::Object;
use crate::syntax::yaml::{Entry, Node};

declare_rule! {
    /// ## What it does
    /// Reports the fields that the cluster writes into an object and that a manifest saved with
    /// `kubectl get -o yaml` carries along: `status`, and under `metadata` the keys `managedFields`,
    /// `resourceVersion`, `uid`, `creationTimestamp`, `generation` and `selfLink`, and the annotations
    /// `kubectl.kubernetes.io/last-applied-configuration` and `deployment.kubernetes.io/revision`. Each finding
    /// points at its key. The `creationTimestamp` of nested templates (a pod template, a CronJob's job template, a
    /// StatefulSet's volume claim templates) and the `status` of volume claim templates are reported too.
    ///
    /// `creationTimestamp: null` and `status: {}`, which `kubectl create ... --dry-run=client -o yaml` prints, are
    /// reported as well: the API server ignores them, but they mark generator output committed without review,
    /// and the fix removes them in the same stroke.
    ///
    /// The fix deletes every such field of the object, whole lines with their nested blocks, and an
    /// `annotations:` (or nested `metadata:`) mapping left empty; comments and formatting elsewhere are kept. No fix
    /// is offered for an object where one of the fields is not alone on its lines (a flow mapping such as
    /// `metadata: {name: web, uid: ...}`, or a key merged in from an anchor): deleting lines there could break the
    /// document.
    ///
    /// ## Why it matters
    /// The article's "Kubectl apply vs. Kubectl create": a cluster's state is recreated from committed files.
    /// Files exported from a cluster carry its state with them, and it fights every later `kubectl apply`: a stale
    /// `resourceVersion` makes the API server refuse the update as a conflict ("the object has been modified"), a
    /// `uid` belongs to one object in one cluster, `managedFields` is the API server's own record of field
    /// ownership (Server-Side Apply), and a copied `last-applied-configuration` gives kubectl's three-way merge a
    /// wrong base, so fields deleted from the file are not deleted from the cluster. The Kubernetes docs
    /// ("Object Management", "Server-Side Apply") describe all of them as written by the system, not by users.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    ///   uid: 9d3c1b7e-3f5a-4c8e-9a0b-2f6d1e4c7a10
    ///   resourceVersion: "48213"
    ///   creationTimestamp: "2024-05-02T09:14:07Z"
    ///   annotations:
    ///     kubectl.kubernetes.io/last-applied-configuration: |
    ///       {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop"}}
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    pub static RULE = {
        id: "cluster-exported-fields",
        severity: Warning,
        category: Organization,
        summary: "a manifest carries fields the cluster sets (status, uid, resourceVersion, managedFields, ...)",
        peers: [],
        checks: [Check::Object(check)],
    }
}

/// `metadata` keys the API server sets, with why a manifest must not carry each.
const METADATA_FIELDS: [(&str, &str); 6] = [
    ("managedFields", "the API server's record of which manager owns each field"),
    ("resourceVersion", "once the live object changes, `kubectl apply` is refused as a conflict"),
    ("uid", "it identifies one object in one cluster, and an update carrying another UID is refused"),
    ("creationTimestamp", "the API server sets it when the object is created"),
    ("generation", "the API server counts spec changes with it"),
    ("selfLink", "deprecated, and no longer set by the API server since Kubernetes 1.20"),
];

/// Annotations that tools write on live objects.
const ANNOTATIONS: [(&str, &str); 2] = [
    (
        "kubectl.kubernetes.io/last-applied-configuration",
        "kubectl's record of the previous apply, which gives the next apply a stale base to merge from",
    ),
    ("deployment.kubernetes.io/revision", "the Deployment controller counts rollouts with it"),
];

/// One field to report: its entry, the dotted path shown, why it is the cluster's, the span of the mapping it is
/// written in, and the mapping entry that holds it (`annotations:` or a nested `metadata:`), which the fix deletes
/// instead when nothing else is left in it.
struct Found<'a> {
    entry: &'a Entry,
    path: String,
    why: String,
    parent: Span,
    holder: Option<&'a Entry>,
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    let found = exported(object);
    if found.is_empty() {
        return;
    }
    let fix = fix(object, &found);
    for field in &found {
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            field.entry.key.span,
            format!("{} carries `{}`, which the cluster sets: {}", object.describe(), field.path, field.why),
            "Delete the fields the cluster sets, so the file holds only what you declare; the fix removes all of \
             them.",
        );
        if let Some(fix) = &fix {
            diagnostic = diagnostic.with_fix(fix.clone());
        }
        out.push(diagnostic);
    }
}

/// The object's cluster-set fields, in document order.
fn exported<'a>(object: &Object<'a>) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    if let Some(status) = object.node.entry("status") {
        let why = if is_empty(&status.value) {
            "`kubectl create ... --dry-run -o yaml` prints it empty, and controllers write the real one".to_owned()
        } else {
            "controllers write it to report what they observe".to_owned()
        };
        found.push(Found { entry: status, path: "status".to_owned(), why, parent: object.node.span, holder: None });
    }
    if let Some(metadata) = object.metadata.entry {
        metadata_fields(metadata, "metadata", None, &mut found);
        if let Some(annotations) = object.metadata.annotations() {
            for (key, why) in ANNOTATIONS {
                if let Some(entry) = annotations.value.entry(key) {
                    let path = format!("metadata.annotations.{key}");
                    let parent = annotations.value.span;
                    found.push(Found { entry, path, why: why.to_owned(), parent, holder: Some(annotations) });
                }
            }
        }
    }
    if let Some(spec) = object.node.get("spec") {
        nested_templates(spec, "spec", &mut found);
    }
    crate::base::order::sort_by_key(&mut found, |field| field.entry.key.span.start);
    found
}

/// The `METADATA_FIELDS` of one `metadata:` entry (only `creationTimestamp` for nested templates).
fn metadata_fields<'a>(metadata: &'a Entry, path: &str, only: Option<&str>, found: &mut Vec<Found<'a>>) {
    for (key, why) in METADATA_FIELDS {
        if only.is_some_and(|only| only != key) {
            continue;
        }
        let Some(entry) = metadata.value.entry(key) else { continue };
        let why = if key == "creationTimestamp" && entry.value.is_null() {
            "`kubectl create ... --dry-run -o yaml` prints it as `null`, and the API server sets the real one"
                .to_owned()
        } else {
            why.to_owned()
        };
        // Nested templates only carry `creationTimestamp`; their `metadata:` goes too when it holds nothing else.
        let holder = only.is_some().then_some(metadata);
        found.push(Found { entry, path: format!("{path}.{key}"), why, parent: metadata.value.span, holder });
    }
}

/// One step of the path from `spec` to a node: a key, or an item's index.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// `creationTimestamp` in every `metadata:` under `spec` (pod templates, job templates, volume claim templates),
/// and the `status` of volume claim templates. Walked with a stack, bounded by the YAML depth limit. Paths are
/// kept as steps pointing at their parent's and written out only for what is found: most of a spec holds nothing.
fn nested_templates<'a>(spec: &'a Node, path: &str, found: &mut Vec<Found<'a>>) {
    // Every step taken: its parent step and itself.
    let mut steps: Vec<(Option<usize>, Step<'a>)> = Vec::new();
    let mut stack: Vec<(&'a Node, Option<usize>)> = vec![(spec, None)];
    while let Some((node, at)) = stack.pop() {
        for entry in node.entries() {
            let Some(key) = entry.key_str() else { continue };
            steps.push((at, Step::Key(key)));
            let here = Some(steps.len() - 1);
            if key == "metadata" {
                metadata_fields(entry, &path_of(path, &steps, here), Some("creationTimestamp"), found);
            } else {
                stack.push((&entry.value, here));
            }
        }
        let claim_templates =
            at.and_then(|at| steps.get(at)).is_some_and(|(_, step)| matches!(step, Step::Key("volumeClaimTemplates")));
        for (index, item) in node.items().enumerate() {
            steps.push((at, Step::Item(index)));
            let here = Some(steps.len() - 1);
            if claim_templates {
                if let Some(status) = item.entry("status") {
                    let why = "the PersistentVolumeClaim controller writes it".to_owned();
                    let path = format!("{}.status", path_of(path, &steps, here));
                    found.push(Found { entry: status, path, why, parent: item.span, holder: None });
                }
            }
            stack.push((item, here));
        }
    }
}

/// `root` followed by the steps that lead to step `at`, as `spec.template.metadata` or `spec.items[0]`.
fn path_of(root: &str, steps: &[(Option<usize>, Step<'_>)], mut at: Option<usize>) -> String {
    let mut taken = Vec::new();
    while let Some((parent, step)) = at.and_then(|at| steps.get(at)) {
        taken.push(*step);
        at = *parent;
    }
    let mut path = root.to_owned();
    for step in taken.iter().rev() {
        match step {
            Step::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            Step::Item(index) => {
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

fn is_empty(node: &Node) -> bool {
    node.is_null() || node.as_mapping().is_some_and(<[Entry]>::is_empty)
}

/// One fix for the whole object: delete the lines of every field, or of its holder when the holder would be left
/// empty. `None` when any field cannot be deleted by whole lines.
fn fix(object: &Object<'_>, found: &[Found<'_>]) -> Option<Fix> {
    let text = object.text;
    let mut spans = Vec::with_capacity(found.len());
    for field in found {
        let whole_holder = field.holder.filter(|holder| {
            holder.value.entries().all(|entry| found.iter().any(|other| std::ptr::eq(other.entry, entry)))
        });
        if !field.parent.contains(field.entry.key.span.start) {
            // Merged in from an anchor: deleting its lines would change the anchor's other users.
            return None;
        }
        let entry = whole_holder.unwrap_or(field.entry);
        spans.push(entry_lines(text, entry)?);
    }
    crate::base::order::sort_dedup(&mut spans);
    if spans.windows(2).any(|pair| matches!(pair, [a, b] if b.start < a.end)) {
        // Two fields share text: keys merged in from an anchor.
        return None;
    }
    let edits = spans.into_iter().map(|span| Edit { span, replacement: String::new() }).collect();
    Some(Fix::new(format!("Remove the fields the cluster set on {}", object.describe()), edits))
}

/// The whole lines of an entry, from its key's line to the end of its value's last line. `None` unless the key
/// is the first thing on its line and nothing but a comment follows the value.
fn entry_lines(text: &str, entry: &Entry) -> Option<Span> {
    let key = entry.key.span.start;
    let line_start = text.get(..key)?.rfind('\n').map_or(0, |at| at + 1);
    if !text.get(line_start..key)?.bytes().all(|b| b == b' ') {
        return None;
    }
    let end = entry.value.span.end.max(entry.key.span.end);
    // A block value's span runs into the next line's indentation; the entry ends at its last character.
    let end = key + text.get(key..end)?.trim_end().len();
    let line_end = text.get(end..)?.find('\n').map_or(text.len(), |at| end + at + 1);
    let rest = text.get(end..line_end)?.trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    Some(Span::new(line_start, line_end))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text};

    const ID: &str = "cluster-exported-fields";

    /// What `kubectl get deployment web -o yaml` prints, trimmed, with a comment of the author's.
    const EXPORTED: &str = r#"# The web front end.
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "3"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"shop"}}
  creationTimestamp: "2024-05-02T09:14:07Z"
  generation: 3
  labels:
    app: web # kept
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:replicas: {}
    manager: kubectl-client-side-apply
    operation: Update
  name: web
  namespace: shop
  resourceVersion: "48213"
  selfLink: /apis/apps/v1/namespaces/shop/deployments/web
  uid: 9d3c1b7e-3f5a-4c8e-9a0b-2f6d1e4c7a10
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: registry.example.com/web:1.4.2
        name: web
status:
  availableReplicas: 2
  observedGeneration: 3
"#;

    const CLEAN: &str = r"# The web front end.
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web # kept
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: registry.example.com/web:1.4.2
        name: web
";

    #[test]
    fn points_at_each_exported_key() {
        assert_eq!(
            flagged_text(ID, EXPORTED),
            [
                "deployment.kubernetes.io/revision",
                "kubectl.kubernetes.io/last-applied-configuration",
                "creationTimestamp",
                "generation",
                "managedFields",
                "resourceVersion",
                "selfLink",
                "uid",
                "creationTimestamp",
                "status",
            ]
        );
        let found = findings(ID, EXPORTED);
        let messages: Vec<&str> = found.iter().map(|finding| finding.message.as_str()).collect();
        assert!(messages[5].starts_with("Deployment `web` carries `metadata.resourceVersion`, which the cluster sets"));
        assert!(messages[8].contains("`spec.template.metadata.creationTimestamp`") && messages[8].contains("`null`"));
        assert_eq!(found.iter().filter(|finding| finding.fix.is_some()).count(), found.len());
    }

    #[test]
    fn the_fix_strips_every_field_and_keeps_the_rest_byte_for_byte() {
        let once = fixed(ID, EXPORTED);
        assert_eq!(once, CLEAN);
        assert!(findings(ID, &once).is_empty());
        let report = crate::check(&[crate::Source::new("a.yaml", once)], &crate::Config::only(&["parse-error"]));
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn annotations_left_with_others_stay_and_crlf_and_lists_work() {
        let text = "apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Service\r\n  metadata:\r\n    name: web\r\n    annotations:\r\n      team: shop\r\n      kubectl.kubernetes.io/last-applied-configuration: '{}'\r\n    uid: x\r\n  spec:\r\n    ports:\r\n    - port: 80\r\n  status:\r\n    loadBalancer: {}\r\n";
        let once = fixed(ID, text);
        assert_eq!(
            once,
            "apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Service\r\n  metadata:\r\n    name: web\r\n    annotations:\r\n      team: shop\r\n  spec:\r\n    ports:\r\n    - port: 80\r\n"
        );
        assert!(findings(ID, &once).is_empty());
    }

    #[test]
    fn dry_run_leftovers_and_volume_claim_templates() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  creationTimestamp: null\n  name: db\nspec:\n  template:\n    metadata:\n      creationTimestamp: null\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    status:\n      phase: Pending\nstatus: {}\n";
        assert_eq!(flagged_text(ID, text), ["creationTimestamp", "creationTimestamp", "status", "status"]);
        let once = fixed(ID, text);
        assert_eq!(once, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n");
        assert!(findings(ID, &once).is_empty());
    }

    #[test]
    fn flow_mappings_and_merged_keys_get_no_fix() {
        let flow = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, uid: x}\n";
        let found = findings(ID, flow);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        let merged = "apiVersion: v1\nkind: ConfigMap\nx-base: &base\n  uid: x\nmetadata:\n  <<: *base\n  name: a\n";
        let found = findings(ID, merged);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn written_manifests_are_clean() {
        assert!(findings(ID, CLEAN).is_empty());
        let ordinary = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    note: uid\ndata:\n  status: ok\n  uid: x\n";
        assert!(findings(ID, ordinary).is_empty());
    }
}
