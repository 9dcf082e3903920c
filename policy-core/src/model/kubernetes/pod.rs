//! Pod templates and their containers: where a pod spec lives in each workload kind, the three container lists,
//! resources, probes, volumes, and the security context a container ends up with.
//!
//! Inheritance follows the Pod Security Standards' reading of `SecurityContext` and `PodSecurityContext`: a
//! container's `runAsUser`, `runAsGroup`, `runAsNonRoot`, `seLinuxOptions`, `seccompProfile`, `appArmorProfile`
//! and `windowsOptions` override the pod's, and the pod's apply where the container sets none.

use crate::base::span::Span;
use crate::syntax::yaml::{self, Entry, Node};

use super::{Metadata, Quantity};

/// The security context fields a pod sets for all its containers.
const INHERITED: &[&str] = &[
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
    "windowsOptions",
];

/// A pod spec and the metadata its pods get: a Pod's own, or a controller's template.
#[derive(Debug, Clone, Copy)]
pub struct PodTemplate<'a> {
    /// The `spec:` entry of the pod (for controllers, the template's).
    pub spec_entry: &'a Entry,
    /// The pods' metadata: the Pod's own, or `template.metadata`.
    pub metadata: Metadata<'a>,
    /// The `template:` entry of a controller; `None` for a Pod.
    pub template_entry: Option<&'a Entry>,
    pub(crate) text: &'a str,
}

impl<'a> PodTemplate<'a> {
    pub fn spec(&self) -> &'a Node {
        &self.spec_entry.value
    }

    /// An entry of the pod spec, e.g. `hostNetwork`.
    pub fn field(&self, key: &str) -> Option<&'a Entry> {
        self.spec().entry(key)
    }

    /// What a finding about the pod as a whole points at: the `template:` key, or the Pod's `spec:` key.
    pub fn anchor(&self) -> Span {
        self.template_entry.map_or(self.spec_entry.key.span, |entry| entry.key.span)
    }

    /// The pod-level `securityContext:` entry.
    pub fn security_context(&self) -> Option<&'a Entry> {
        self.field("securityContext")
    }

    /// Every container: init containers, then containers, then ephemeral containers.
    pub fn containers(&self) -> impl Iterator<Item = Container<'a>> + 'a {
        let template = *self;
        [ContainerKind::Init, ContainerKind::Regular, ContainerKind::Ephemeral]
            .into_iter()
            .flat_map(move |kind| template.containers_of(kind))
    }

    /// The containers of one list.
    pub fn containers_of(&self, kind: ContainerKind) -> impl Iterator<Item = Container<'a>> + 'a {
        let pod_security = self.security_context();
        let text = self.text;
        self.spec().get(kind.field()).into_iter().flat_map(Node::items).map(move |node| Container {
            node,
            kind,
            pod_security,
            text,
        })
    }

    pub fn volumes(&self) -> impl Iterator<Item = Volume<'a>> + 'a {
        self.spec().get("volumes").into_iter().flat_map(Node::items).map(|node| Volume { node })
    }
}

/// Which list a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    Init,
    Regular,
    Ephemeral,
}

impl ContainerKind {
    /// The pod spec field that lists them.
    pub const fn field(self) -> &'static str {
        match self {
            Self::Init => "initContainers",
            Self::Regular => "containers",
            Self::Ephemeral => "ephemeralContainers",
        }
    }

    /// How messages name one: `init container`, `container`, `ephemeral container`.
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Init => "init container",
            Self::Regular => "container",
            Self::Ephemeral => "ephemeral container",
        }
    }
}

/// One container of a pod template.
#[derive(Debug, Clone, Copy)]
pub struct Container<'a> {
    /// The container's mapping.
    pub node: &'a Node,
    pub kind: ContainerKind,
    pod_security: Option<&'a Entry>,
    text: &'a str,
}

impl<'a> Container<'a> {
    pub fn field(&self, key: &str) -> Option<&'a Entry> {
        self.node.entry(key)
    }

    pub fn name(&self) -> Option<&'a str> {
        self.node.get("name").and_then(Node::as_str)
    }

    /// `container `app``, `init container `setup``, or the kind alone when unnamed: for messages.
    pub fn describe(&self) -> String {
        self.name().map_or_else(|| self.kind.noun().to_owned(), |name| format!("{} `{name}`", self.kind.noun()))
    }

    /// The container from its `-` to its end: what a container-wide suppression covers.
    pub fn item_span(&self) -> Span {
        yaml::item_span(self.text, self.node)
    }

    /// What a finding about a missing field points at: the `name` value, else the item's `-`.
    pub fn anchor(&self) -> Span {
        self.node.get("name").map_or_else(
            || {
                let start = self.item_span().start;
                Span::new(start, (start + 1).min(self.node.span.end.max(start)))
            },
            |name| name.span,
        )
    }

    pub fn image(&self) -> Option<&'a Entry> {
        self.field("image")
    }

    pub fn command(&self) -> Option<&'a Entry> {
        self.field("command")
    }

    pub fn args(&self) -> Option<&'a Entry> {
        self.field("args")
    }

    pub fn ports(&self) -> impl Iterator<Item = &'a Node> + 'a {
        self.node.get("ports").into_iter().flat_map(Node::items)
    }

    pub fn resources(&self) -> Resources<'a> {
        Resources { entry: self.field("resources") }
    }

    /// `livenessProbe`, `readinessProbe` or `startupProbe`.
    pub fn probe(&self, field: &str) -> Option<&'a Entry> {
        self.field(field).filter(|entry| !entry.value.is_null())
    }

    /// The container-level `securityContext:` entry.
    pub fn security_context(&self) -> Option<&'a Entry> {
        self.field("securityContext")
    }

    /// The security context field the container runs with: its own, else the pod's for the fields a pod can set
    /// (see the module docs), else unset.
    pub fn effective(&self, field: &str) -> Effective<'a> {
        let own = self.security_context().and_then(|context| context.value.entry(field));
        if let Some(entry) = own.filter(|entry| !entry.value.is_null()) {
            return Effective { entry: Some(entry), level: Level::Container, span: entry.span() };
        }
        let inherited = INHERITED
            .contains(&field)
            .then(|| self.pod_security.and_then(|context| context.value.entry(field)))
            .flatten()
            .filter(|entry| !entry.value.is_null());
        match inherited {
            Some(entry) => Effective { entry: Some(entry), level: Level::Pod, span: entry.span() },
            None => Effective { entry: None, level: Level::Unset, span: self.anchor() },
        }
    }
}

/// Where an effective security setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Container,
    Pod,
    Unset,
}

/// A security context field as the container sees it, with the span to point at: the entry that set it, or the
/// container's anchor when nothing did.
#[derive(Debug, Clone, Copy)]
pub struct Effective<'a> {
    pub entry: Option<&'a Entry>,
    pub level: Level,
    pub span: Span,
}

impl<'a> Effective<'a> {
    pub fn value(&self) -> Option<&'a Node> {
        self.entry.map(|entry| &entry.value)
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.value().and_then(Node::as_bool)
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.value().and_then(Node::as_i64)
    }
}

/// A container's `resources:`.
#[derive(Debug, Clone, Copy)]
pub struct Resources<'a> {
    pub entry: Option<&'a Entry>,
}

impl<'a> Resources<'a> {
    pub fn requests(&self) -> Option<&'a Entry> {
        self.entry.and_then(|entry| entry.value.entry("requests"))
    }

    pub fn limits(&self) -> Option<&'a Entry> {
        self.entry.and_then(|entry| entry.value.entry("limits"))
    }

    /// A request such as `cpu` or `memory`.
    pub fn request(&self, resource: &str) -> Option<Amount<'a>> {
        Amount::of(self.requests()?, resource)
    }

    pub fn limit(&self, resource: &str) -> Option<Amount<'a>> {
        Amount::of(self.limits()?, resource)
    }
}

/// One resource amount, e.g. `cpu: 250m`, with its parsed quantity (`None` when it is not a valid quantity).
#[derive(Debug, Clone, Copy)]
pub struct Amount<'a> {
    pub entry: &'a Entry,
    pub quantity: Option<Quantity>,
}

impl<'a> Amount<'a> {
    pub(crate) fn of(parent: &'a Entry, resource: &str) -> Option<Self> {
        let entry = parent.value.entry(resource).filter(|entry| !entry.value.is_null())?;
        Some(Self { entry, quantity: entry.value.as_str().and_then(Quantity::parse) })
    }
}

/// One item of a pod's `volumes:`.
#[derive(Debug, Clone, Copy)]
pub struct Volume<'a> {
    pub node: &'a Node,
}

impl<'a> Volume<'a> {
    pub fn name(&self) -> Option<&'a str> {
        self.node.get("name").and_then(Node::as_str)
    }

    /// The `hostPath:` entry, when the volume is one.
    pub fn host_path(&self) -> Option<&'a Entry> {
        self.node.entry("hostPath")
    }

    /// The host path's `path:` entry, e.g. `/var/run/docker.sock`.
    pub fn host_path_path(&self) -> Option<&'a Entry> {
        self.host_path()?.value.entry("path")
    }
}
