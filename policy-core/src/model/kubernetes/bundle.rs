//! The bundle: every object of every Kubernetes source of one check, indexed so that cross-document rules look
//! objects up by namespace and label instead of comparing all pairs.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::base::problem::Problem;
use crate::base::span::{self, Span};
use crate::syntax::yaml::Stream;

use super::{Object, PodTemplate, Selector};

/// One parsed Kubernetes source.
#[derive(Debug, Clone, Copy)]
pub struct Manifest<'a> {
    /// The index of the source in the check's sources; bundle findings name it.
    pub source: usize,
    pub path: &'a str,
    /// The text the spans index (after any BOM).
    pub text: &'a str,
    pub stream: &'a Stream,
}

/// Where Kubernetes stores an object: API group, kind, namespace (empty when cluster-scoped) and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity<'a> {
    pub group: &'a str,
    pub kind: &'a str,
    pub namespace: &'a str,
    pub name: &'a str,
}

/// All objects of a check, with indexes by namespace, kind and pod template label.
#[derive(Debug)]
pub struct Bundle<'a> {
    manifests: Vec<Manifest<'a>>,
    /// Each manifest's line index, built the first time a message names a line in it.
    lines: Vec<OnceCell<Vec<usize>>>,
    objects: Vec<Object<'a>>,
    /// Effective namespace → objects in it.
    by_namespace: HashMap<&'a str, Vec<usize>>,
    /// Effective namespace → objects with a pod template.
    templates: HashMap<&'a str, Vec<usize>>,
    /// Effective namespace → label key → label value → objects whose pod template carries that label.
    template_labels: HashMap<&'a str, HashMap<&'a str, HashMap<&'a str, Vec<usize>>>>,
    namespaces: Vec<usize>,
    /// Namespace name → the first `Namespace` object of that name.
    namespace_names: HashMap<&'a str, usize>,
    /// `not-a-manifest` findings, by source index.
    pub(crate) problems: Vec<(usize, Problem)>,
}

impl<'a> Bundle<'a> {
    /// Reads the objects of every manifest and indexes them.
    pub fn new(manifests: Vec<Manifest<'a>>) -> Self {
        let mut objects = Vec::new();
        let mut problems = Vec::new();
        for manifest in &manifests {
            if manifest.stream.documents.is_empty() && manifest.stream.problems.is_empty() {
                // `kubectl apply` refuses a file without objects ("no objects passed to apply"); say so.
                problems.push((manifest.source, super::empty_file()));
            }
            for document in &manifest.stream.documents {
                super::read_objects(manifest, &document.root, document.span, &mut objects, &mut problems);
            }
        }
        let lines = manifests.iter().map(|_| OnceCell::new()).collect();
        let mut bundle = Self {
            manifests,
            lines,
            objects,
            by_namespace: HashMap::new(),
            templates: HashMap::new(),
            template_labels: HashMap::new(),
            namespaces: Vec::new(),
            namespace_names: HashMap::new(),
            problems,
        };
        bundle.index();
        bundle
    }

    fn index(&mut self) {
        for (at, object) in self.objects.iter().enumerate() {
            if object.is_builtin("Namespace") {
                self.namespaces.push(at);
                if let Some(name) = object.name() {
                    self.namespace_names.entry(name).or_insert(at);
                }
            }
            let namespace = object.effective_namespace();
            if namespace.is_empty() {
                continue;
            }
            self.by_namespace.entry(namespace).or_default().push(at);
            let Some(template) = object.pod_template() else { continue };
            self.templates.entry(namespace).or_default().push(at);
            for label in template.metadata.label_entries() {
                let (Some(key), Some(value)) = (label.key_str(), label.value.as_str()) else { continue };
                let keys = self.template_labels.entry(namespace).or_default();
                keys.entry(key).or_default().entry(value).or_default().push(at);
            }
        }
    }

    pub fn manifests(&self) -> &[Manifest<'a>] {
        &self.manifests
    }

    /// Every object, in source order then document order.
    pub fn objects(&self) -> &[Object<'a>] {
        &self.objects
    }

    fn pick<'s>(&'s self, indexes: Option<&'s Vec<usize>>) -> impl Iterator<Item = &'s Object<'a>> + 's {
        indexes.into_iter().flatten().filter_map(|&at| self.objects.get(at))
    }

    /// The namespaced objects whose effective namespace is `namespace` (unset counts as `default`).
    pub fn in_namespace<'s>(&'s self, namespace: &str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.pick(self.by_namespace.get(namespace))
    }

    /// The effective namespaces that hold objects.
    pub fn used_namespaces(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.by_namespace.keys().copied()
    }

    /// The `Namespace` objects of the bundle.
    pub fn namespaces(&self) -> impl Iterator<Item = &Object<'a>> + '_ {
        self.namespaces.iter().filter_map(|&at| self.objects.get(at))
    }

    /// The `Namespace` object named `name`, if the bundle declares it.
    pub fn namespace(&self, name: &str) -> Option<&Object<'a>> {
        self.namespace_names.get(name).and_then(|&at| self.objects.get(at))
    }

    /// The ResourceQuotas in `namespace`.
    pub fn quotas_in<'s>(&'s self, namespace: &str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.in_namespace(namespace).filter(|object| object.is_builtin("ResourceQuota"))
    }

    /// The objects with a pod template in `namespace`, with their template.
    pub fn pod_templates_in<'s>(
        &'s self,
        namespace: &str,
    ) -> impl Iterator<Item = (&'s Object<'a>, PodTemplate<'a>)> + 's {
        self.pick(self.templates.get(namespace)).filter_map(|object| Some((object, object.pod_template()?)))
    }

    fn labelled(&self, namespace: &str, key: &str, value: &str) -> Option<&Vec<usize>> {
        self.template_labels.get(namespace)?.get(key)?.get(value)
    }

    /// The pod templates in `namespace` that carry the label `key: value`.
    pub fn templates_with_label<'s>(
        &'s self,
        namespace: &str,
        key: &str,
        value: &str,
    ) -> impl Iterator<Item = (&'s Object<'a>, PodTemplate<'a>)> + 's {
        self.pick(self.labelled(namespace, key, value)).filter_map(|object| Some((object, object.pod_template()?)))
    }

    /// The pod templates in `namespace` that `selector` selects. Looks up the rarest of its `matchLabels`
    /// first, so a Service costs the size of its smallest label group, not the size of the bundle. An empty
    /// selector selects every template.
    pub fn templates_selected_by<'s>(
        &'s self,
        namespace: &str,
        selector: &Selector<'_>,
    ) -> Vec<(&'s Object<'a>, PodTemplate<'a>)> {
        let count = |key: &str, value: &str| self.labelled(namespace, key, value).map_or(0, Vec::len);
        let rarest = selector
            .labels()
            .filter_map(|(key, value)| Some((key, value?)))
            .min_by_key(|(key, value)| count(key, value));
        let candidates: Vec<(&Object<'a>, PodTemplate<'a>)> = match rarest {
            Some((key, value)) => self.templates_with_label(namespace, key, value).collect(),
            None => self.pod_templates_in(namespace).collect(),
        };
        candidates
            .into_iter()
            .filter(|(_, template)| selector.matches(|key| template.metadata.label_value(key)))
            .collect()
    }

    /// `path:line` of a span in a source, for messages that name another place (e.g. the first of two
    /// duplicates).
    pub fn location(&self, source: usize, span: Span) -> String {
        let position = self
            .manifests
            .binary_search_by_key(&source, |manifest| manifest.source)
            .ok()
            .and_then(|at| Some((self.manifests.get(at)?, self.lines.get(at)?)));
        match position {
            Some((manifest, lines)) => {
                let starts = lines.get_or_init(|| span::line_starts(manifest.text));
                format!("{}:{}", manifest.path, span::line_number(starts, span.start))
            }
            None => format!("source {source}"),
        }
    }
}
