//! Label selectors: a Service's or ReplicationController's plain map, and the `matchLabels` and
//! `matchExpressions` of apps/v1 and batch/v1 workloads (apimachinery's `LabelSelector`).

use crate::syntax::yaml::{Entry, Node};

/// One `matchExpressions` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement<'a> {
    pub node: &'a Node,
    pub key: &'a str,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`; anything else never matches.
    pub operator: &'a str,
    pub values: Vec<&'a str>,
}

impl Requirement<'_> {
    /// Whether the labels looked up through `label` satisfy this requirement.
    pub fn matches<'l>(&self, label: &impl Fn(&str) -> Option<&'l str>) -> bool {
        let value = label(self.key);
        match self.operator {
            "In" => value.is_some_and(|value| self.values.contains(&value)),
            "NotIn" => value.is_none_or(|value| !self.values.contains(&value)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    }
}

/// A selector with the spans of what it was written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector<'a> {
    /// The `selector:` entry.
    pub entry: &'a Entry,
    /// Label key and the entry that requires it (its value span holds the wanted value).
    pub match_labels: Vec<(&'a str, &'a Entry)>,
    pub match_expressions: Vec<Requirement<'a>>,
}

impl<'a> Selector<'a> {
    /// A plain `key: value` map, as Services and ReplicationControllers write it.
    pub fn from_map(entry: &'a Entry) -> Self {
        Self { entry, match_labels: label_pairs(&entry.value), match_expressions: Vec::new() }
    }

    /// A `LabelSelector` with `matchLabels` and `matchExpressions`.
    pub fn from_label_selector(entry: &'a Entry) -> Self {
        let match_labels = entry.value.get("matchLabels").map(label_pairs).unwrap_or_default();
        let match_expressions = entry
            .value
            .get("matchExpressions")
            .into_iter()
            .flat_map(Node::items)
            .filter_map(|node| {
                Some(Requirement {
                    node,
                    key: node.get("key")?.as_str()?,
                    operator: node.get("operator")?.as_str()?,
                    values: node.get("values").into_iter().flat_map(Node::items).filter_map(Node::as_str).collect(),
                })
            })
            .collect();
        Self { entry, match_labels, match_expressions }
    }

    /// No labels and no expressions: a `LabelSelector` that selects everything, or a Service without selector.
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// The wanted value of each `matchLabels` key.
    pub fn labels(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + '_ {
        self.match_labels.iter().map(|(key, entry)| (*key, entry.value.as_str()))
    }

    /// Whether labels looked up through `label` satisfy every requirement (an empty selector matches all).
    pub fn matches<'l>(&self, label: impl Fn(&str) -> Option<&'l str>) -> bool {
        self.labels().all(|(key, want)| want.is_some() && label(key) == want)
            && self.match_expressions.iter().all(|requirement| requirement.matches(&label))
    }
}

fn label_pairs(node: &Node) -> Vec<(&str, &Entry)> {
    node.entries().filter_map(|entry| Some((entry.key_str()?, entry))).collect()
}
