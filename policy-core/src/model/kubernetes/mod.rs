//! Kubernetes manifests: typed, spanned views of objects over the YAML tree, the bundle of all manifests of a
//! check, and what per-object and cross-document rules are given.
//!
//! Every view borrows the [`crate::syntax::yaml::Node`] tree, so a rule can point at the exact key (`entry.key.span`) or
//! value (`entry.value.span`) it is about, and at an anchor (the object's name, a container's name, a `template:`
//! key) when the field it wants is missing. Kinds are told apart by kind and API group: a CRD with a built-in
//! kind name in its own group is not mistaken for the built-in.
//!
//! Per-object and cross-document rules read these views through the contexts in `crate::lint`; a cross-document
//! rule looks objects up through the bundle's indexes (`in_namespace`, `quotas_in`, `templates_selected_by`, ...).
//! What cannot be read as an object is a [`Problem`] (`NotAManifest`), filed by the engine.

mod bundle;
mod ignore;
mod pod;
mod quantity;
mod selector;
#[cfg(test)]
mod tests;

pub use bundle::{Bundle, Identity, Manifest};
pub use ignore::directives;
pub use pod::{Amount, Container, ContainerKind, Effective, Level, PodTemplate, Resources, Volume};
pub use quantity::Quantity;
pub use selector::{Requirement, Selector};

use crate::base::problem::{Problem, ProblemKind};
use crate::base::span::Span;
use crate::syntax::yaml::{Entry, Node};

/// An object's `metadata:`, possibly absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Metadata<'a> {
    /// The `metadata:` entry.
    pub entry: Option<&'a Entry>,
}

impl<'a> Metadata<'a> {
    fn field(self, key: &str) -> Option<&'a Entry> {
        self.entry.and_then(|entry| entry.value.entry(key))
    }

    pub fn name(&self) -> Option<&'a Entry> {
        self.field("name")
    }

    pub fn namespace(&self) -> Option<&'a Entry> {
        self.field("namespace")
    }

    /// The `labels:` entry.
    pub fn labels(&self) -> Option<&'a Entry> {
        self.field("labels")
    }

    /// Each label's entry (key span and value span).
    pub fn label_entries(&self) -> impl Iterator<Item = &'a Entry> + 'a {
        self.labels().into_iter().flat_map(|labels| labels.value.entries())
    }

    pub fn label(&self, key: &str) -> Option<&'a Entry> {
        self.labels().and_then(|labels| labels.value.entry(key))
    }

    /// A label's value as text, for selector matching.
    pub fn label_value(&self, key: &str) -> Option<&'a str> {
        self.label(key).and_then(|entry| entry.value.as_str())
    }

    /// The `annotations:` entry.
    pub fn annotations(&self) -> Option<&'a Entry> {
        self.field("annotations")
    }

    pub fn annotation_entries(&self) -> impl Iterator<Item = &'a Entry> + 'a {
        self.annotations().into_iter().flat_map(|annotations| annotations.value.entries())
    }

    pub fn annotation(&self, key: &str) -> Option<&'a Entry> {
        self.annotations().and_then(|annotations| annotations.value.entry(key))
    }
}

/// Whether objects of a kind live in a namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Namespaced,
    Cluster,
    /// A kind from a group Seaworthy does not know (a CRD): could be either.
    Unknown,
}

/// One Kubernetes object: a document, or an item of a `kind: List`.
#[derive(Debug, Clone)]
pub struct Object<'a> {
    /// The index of its source in the check's sources.
    pub source: usize,
    pub path: &'a str,
    /// The text the spans index (after any BOM).
    pub text: &'a str,
    /// The object's mapping.
    pub node: &'a Node,
    /// What its annotations and config exemptions cover: its whole document, or its item of a List.
    pub extent: Span,
    pub api_version: &'a str,
    pub api_version_entry: &'a Entry,
    pub kind: &'a str,
    pub kind_entry: &'a Entry,
    pub metadata: Metadata<'a>,
}

/// The API groups that kube-apiserver serves itself (the Kubernetes API reference lists them). Other `*.k8s.io`
/// groups, such as `gateway.networking.k8s.io`, `snapshot.storage.k8s.io` or `kustomize.config.k8s.io`, belong to
/// add-ons and tools: their kinds are treated like any CRD's.
fn is_builtin_group(group: &str) -> bool {
    // A `match` on strings switches on the length before comparing any text.
    matches!(
        group,
        "" | "admissionregistration.k8s.io"
            | "apiextensions.k8s.io"
            | "apiregistration.k8s.io"
            | "apps"
            | "authentication.k8s.io"
            | "authorization.k8s.io"
            | "autoscaling"
            | "batch"
            | "certificates.k8s.io"
            | "coordination.k8s.io"
            | "discovery.k8s.io"
            | "events.k8s.io"
            | "extensions"
            | "flowcontrol.apiserver.k8s.io"
            | "internal.apiserver.k8s.io"
            | "networking.k8s.io"
            | "node.k8s.io"
            | "policy"
            | "rbac.authorization.k8s.io"
            | "resource.k8s.io"
            | "scheduling.k8s.io"
            | "storage.k8s.io"
            | "storagemigration.k8s.io"
    )
}

fn is_cluster_kind(kind: &str) -> bool {
    // A `match` on strings switches on the length before comparing any text, where a list scan calls `memcmp` per item in builds for size.
    matches!(
        kind,
        "APIService"
            | "CertificateSigningRequest"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "ClusterTrustBundle"
            | "ComponentStatus"
            | "CSIDriver"
            | "CSINode"
            | "CustomResourceDefinition"
            | "DeviceClass"
            | "FlowSchema"
            | "IngressClass"
            | "InitializerConfiguration"
            | "IPAddress"
            | "MutatingAdmissionPolicy"
            | "MutatingAdmissionPolicyBinding"
            | "MutatingWebhookConfiguration"
            | "Namespace"
            | "Node"
            | "PersistentVolume"
            | "PodSecurityPolicy"
            | "PriorityClass"
            | "PriorityLevelConfiguration"
            | "ResourceSlice"
            | "RuntimeClass"
            | "SelfSubjectAccessReview"
            | "SelfSubjectReview"
            | "SelfSubjectRulesReview"
            | "ServiceCIDR"
            | "StorageClass"
            | "StorageVersion"
            | "StorageVersionMigration"
            | "SubjectAccessReview"
            | "TokenReview"
            | "ValidatingAdmissionPolicy"
            | "ValidatingAdmissionPolicyBinding"
            | "ValidatingWebhookConfiguration"
            | "VolumeAttachment"
            | "VolumeAttributesClass"
    )
}

impl<'a> Object<'a> {
    /// The API group: `apps` for `apps/v1`, empty for the core group (`v1`).
    pub fn group(&self) -> &'a str {
        self.api_version.rsplit_once('/').map_or("", |(group, _)| group)
    }

    /// The API version without its group: `v1` for `apps/v1`.
    pub fn version(&self) -> &'a str {
        self.api_version.rsplit_once('/').map_or(self.api_version, |(_, version)| version)
    }

    /// Whether this is the built-in `kind` (from a built-in group), not a CRD that shares its name.
    pub fn is_builtin(&self, kind: &str) -> bool {
        self.kind == kind && is_builtin_group(self.group())
    }

    pub fn name(&self) -> Option<&'a str> {
        self.metadata.name().and_then(|entry| entry.value.as_str())
    }

    /// The namespace as written.
    pub fn namespace(&self) -> Option<&'a str> {
        self.metadata.namespace().and_then(|entry| entry.value.as_str())
    }

    /// The namespace the object lands in when applied with a default context: as written, else `default`;
    /// empty for cluster-scoped objects.
    pub fn effective_namespace(&self) -> &'a str {
        if self.scope() == Scope::Cluster {
            ""
        } else {
            self.namespace().unwrap_or("default")
        }
    }

    pub fn scope(&self) -> Scope {
        if !is_builtin_group(self.group()) {
            Scope::Unknown
        } else if is_cluster_kind(self.kind) {
            Scope::Cluster
        } else {
            Scope::Namespaced
        }
    }

    /// `Deployment `web``, or the kind alone when unnamed: for messages.
    pub fn describe(&self) -> String {
        self.name().map_or_else(|| self.kind.to_owned(), |name| format!("{} `{name}`", self.kind))
    }

    /// What a finding about the object as a whole, or about a field it lacks, points at: its name, else its kind.
    pub fn anchor(&self) -> Span {
        self.metadata.name().map_or(self.kind_entry.value.span, |name| name.value.span)
    }

    /// Where a finding about a missing metadata field points: the `metadata:` key, else the anchor.
    pub fn metadata_anchor(&self) -> Span {
        self.metadata.entry.map_or_else(|| self.anchor(), |entry| entry.key.span)
    }

    pub fn entry_at(&self, path: &[&str]) -> Option<&'a Entry> {
        self.node.entry_at(path)
    }

    pub fn get_at(&self, path: &[&str]) -> Option<&'a Node> {
        self.node.get_at(path)
    }

    /// The group/kind key and namespace/name that Kubernetes stores the object under; `None` without a name.
    pub fn identity(&self) -> Option<Identity<'a>> {
        Some(Identity {
            group: self.group(),
            kind: self.kind,
            namespace: self.effective_namespace(),
            name: self.name()?,
        })
    }

    /// The pod spec of a Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob (through its
    /// `jobTemplate`), ReplicationController or PodTemplate.
    pub fn pod_template(&self) -> Option<PodTemplate<'a>> {
        if !is_builtin_group(self.group()) {
            return None;
        }
        let template = match self.kind {
            "Pod" => {
                let spec_entry = self.node.entry("spec")?;
                return Some(PodTemplate {
                    spec_entry,
                    metadata: self.metadata,
                    template_entry: None,
                    text: self.text,
                });
            }
            "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" | "ReplicationController" => {
                self.node.entry_at(&["spec", "template"])?
            }
            "CronJob" => self.node.entry_at(&["spec", "jobTemplate", "spec", "template"])?,
            "PodTemplate" => self.node.entry("template")?,
            _ => return None,
        };
        let spec_entry = template.value.entry("spec").filter(|entry| entry.value.as_mapping().is_some())?;
        Some(PodTemplate {
            spec_entry,
            metadata: Metadata { entry: template.value.entry("metadata") },
            template_entry: Some(template),
            text: self.text,
        })
    }

    /// The `replicas:` entry of a workload.
    pub fn replicas(&self) -> Option<&'a Entry> {
        self.node.entry_at(&["spec", "replicas"])
    }

    /// How many pods the object runs when it sets its own count: 1 for a Pod; `replicas` (default 1) for a
    /// Deployment, ReplicaSet, StatefulSet or ReplicationController. `None` for kinds that scale otherwise
    /// (DaemonSets per node, Jobs by parallelism) and for a `replicas` that is not an integer.
    pub fn pod_count(&self) -> Option<i64> {
        if !is_builtin_group(self.group()) {
            return None;
        }
        match self.kind {
            "Pod" => Some(1),
            "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController" => match self.replicas() {
                Some(entry) if !entry.value.is_null() => entry.value.as_i64(),
                _ => Some(1),
            },
            _ => None,
        }
    }

    /// The selector of a Service or ReplicationController (a plain map) or of a Deployment, ReplicaSet,
    /// StatefulSet, DaemonSet or Job (a `LabelSelector`).
    pub fn selector(&self) -> Option<Selector<'a>> {
        if !is_builtin_group(self.group()) {
            return None;
        }
        let entry = self.node.entry_at(&["spec", "selector"]).filter(|entry| !entry.value.is_null())?;
        match self.kind {
            "Service" | "ReplicationController" => Some(Selector::from_map(entry)),
            "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" => {
                Some(Selector::from_label_selector(entry))
            }
            _ => None,
        }
    }

    /// A Service's `type:` entry (unset means `ClusterIP`).
    pub fn service_type(&self) -> Option<&'a Entry> {
        if !self.is_builtin("Service") {
            return None;
        }
        self.node.entry_at(&["spec", "type"])
    }

    /// A ResourceQuota's `spec.hard` amounts, e.g. `pods`, `requests.cpu`, `limits.memory`.
    pub fn quota_hard(&self) -> impl Iterator<Item = Amount<'a>> + 'a {
        let hard = self.is_builtin("ResourceQuota").then(|| self.node.entry_at(&["spec", "hard"])).flatten();
        hard.into_iter()
            .flat_map(|hard| hard.value.entries().filter_map(move |entry| Amount::of(hard, entry.key_str()?)))
    }
}

/// `kind: List` (and `DeploymentList` and the like) hold objects in `items`; kubectl applies each of them.
fn is_list(kind: &str, node: &Node) -> bool {
    (kind == "List" || kind.ends_with("List")) && node.get("items").is_some_and(|items| items.as_sequence().is_some())
}

/// Reads the objects of one document into `objects`, and a `not-a-manifest` finding for what is not one.
pub(crate) fn read_objects<'a>(
    manifest: &Manifest<'a>,
    root: &'a Node,
    extent: Span,
    objects: &mut Vec<Object<'a>>,
    problems: &mut Vec<(usize, Problem)>,
) {
    let mut pending = vec![(root, extent, false)];
    while let Some((node, extent, in_list)) = pending.pop() {
        match object(manifest, node, extent) {
            Ok(object) if is_list(object.kind, node) && !in_list => {
                let items: Vec<_> = node.get("items").into_iter().flat_map(Node::items).collect();
                pending.extend(
                    items
                        .into_iter()
                        .rev()
                        .map(|item| (item, crate::syntax::yaml::item_span(manifest.text, item), true)),
                );
            }
            Ok(object) => objects.push(object),
            Err(problem) => problems.push((manifest.source, *problem)),
        }
    }
}

fn not_a_manifest(span: Span, what: &str) -> Problem {
    Problem::new(
        ProblemKind::NotAManifest,
        span,
        format!("{what}, so it is not a Kubernetes object and was not checked"),
        "Check Kubernetes manifests only (a mapping with `apiVersion` and `kind`), or exclude this file.",
    )
}

pub(crate) fn empty_file() -> Problem {
    Problem::new(
        ProblemKind::NotAManifest,
        Span::at(0),
        "the file holds no YAML document, so there was nothing to check",
        "Add the manifests, or exclude this file.",
    )
}

fn object<'a>(manifest: &Manifest<'a>, node: &'a Node, extent: Span) -> Result<Object<'a>, Box<Problem>> {
    let Some(entries) = node.as_mapping() else {
        // The document's first character, whole: one byte of `é` or of a replaced invalid byte (U+FFFD) would put
        // the span off a character boundary, which hosts cannot slice or show.
        let first = manifest.text.get(node.span.start..node.span.end).and_then(|text| text.chars().next());
        let span = Span::new(node.span.start, node.span.start + first.map_or(0, char::len_utf8));
        return Err(Box::new(not_a_manifest(span, &format!("the document is a {}", node.type_name()))));
    };
    let first = entries.first().map_or(node.span, |entry| entry.key.span);
    let scalar = |key: &str| node.entry(key).and_then(|entry| Some((entry.value.as_str()?, entry)));
    let (Some((api_version, api_version_entry)), Some((kind, kind_entry))) = (scalar("apiVersion"), scalar("kind"))
    else {
        let missing = match (scalar("apiVersion"), scalar("kind")) {
            (None, None) => "the mapping has no `apiVersion` and no `kind`",
            (None, Some(_)) => "the mapping has no `apiVersion`",
            _ => "the mapping has no `kind`",
        };
        return Err(Box::new(not_a_manifest(first, missing)));
    };
    Ok(Object {
        source: manifest.source,
        path: manifest.path,
        text: manifest.text,
        node,
        extent,
        api_version,
        api_version_entry,
        kind,
        kind_entry,
        metadata: Metadata { entry: node.entry("metadata") },
    })
}
