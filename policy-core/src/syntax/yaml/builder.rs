//! Builds one document's [`Node`] tree from parser events, with an explicit stack (no recursion), so nesting is
//! bounded by `limits.max-depth` before any frame is pushed.
//!
//! Aliases become copies of their anchor's node; every node copied (for an anchor's record or an alias) counts
//! against `limits.max-alias-nodes`, which stops "billion laughs" documents after a bounded amount of work.
//! `<<` merge keys are resolved as go-yaml v3 and kubectl do: explicit keys win over merged ones, and among merged
//! mappings the earlier wins. Duplicate explicit keys are `duplicate-key` findings, as kubectl's strict decoding
//! refuses them.

use std::collections::{HashMap, HashSet};

use crate::base::problem::{Problem, ProblemKind};
use crate::base::span::Span;

use super::node::{Entry, Node, Scalar, Style, Value};

/// Up to this many keys, duplicates are found by comparing keys pairwise.
const SMALL_MAPPING: usize = 16;

/// Why a document had to be abandoned: the `input-too-large` finding to report.
pub(crate) type Stop = Box<Problem>;

#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildLimits {
    pub max_depth: usize,
    pub max_alias_nodes: usize,
}

#[derive(Debug)]
struct Frame<'t> {
    mapping: bool,
    flow: bool,
    /// Where the collection's text starts: its bracket when flow, else unknown until its first child.
    start: Option<usize>,
    /// The position of the start event, for empty or odd collections.
    fallback: Span,
    end: usize,
    anchor: Option<&'t str>,
    /// A sequence's items.
    items: Vec<Node>,
    /// A mapping's entries, and the key waiting for its value.
    entries: Vec<Entry>,
    key: Option<Node>,
    size: usize,
}

/// What a finished document leaves.
#[derive(Debug)]
pub(crate) struct Finished {
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
    pub protected: Vec<Span>,
    pub duplicates: Vec<(String, usize, Span)>,
}

#[derive(Debug)]
pub(crate) struct DocBuilder<'t> {
    text: &'t str,
    limits: BuildLimits,
    stack: Vec<Frame<'t>>,
    anchors: HashMap<&'t str, (Node, usize)>,
    copied: usize,
    root: Option<Node>,
    /// `duplicate-key` and merge problems: the document is still usable.
    pub problems: Vec<Problem>,
    /// Spans of quoted and block scalars, where `#` and `{{` are text, not comments or templates.
    pub protected: Vec<Span>,
    /// Repeated keys: the key, where its first occurrence starts, and the repeat's span.
    duplicates: Vec<(String, usize, Span)>,
}

impl<'t> DocBuilder<'t> {
    pub(crate) fn new(text: &'t str, limits: BuildLimits) -> Self {
        Self {
            text,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            copied: 0,
            root: None,
            problems: Vec::new(),
            protected: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// The document's root once its events are complete, its problems, its protected spans and its repeated
    /// keys.
    pub(crate) fn finish(self) -> Finished {
        Finished { root: self.root, problems: self.problems, protected: self.protected, duplicates: self.duplicates }
    }

    pub(crate) fn scalar(
        &mut self,
        text: String,
        style: Style,
        anchor: Option<&'t str>,
        tag: Option<String>,
        span: Span,
    ) {
        let null = tag
            .as_deref()
            .map_or(style.is_plain() && Scalar::is_null_text(&text), |tag| tag == "tag:yaml.org,2002:null");
        let value = if null {
            Value::Null
        } else {
            if !style.is_plain() {
                self.protected.push(span);
            }
            Value::Scalar(Scalar { text, style, tag })
        };
        let node = Node::new(value, span);
        // A scalar's anchor copy costs one node; recording it cannot blow up.
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, (node.clone(), 1));
        }
        self.push(node, 1);
    }

    pub(crate) fn alias(&mut self, name: &str, span: Span) -> Result<(), Stop> {
        let Some((node, size)) = self.anchors.get(name) else {
            return Err(Box::new(Problem::new(
                ProblemKind::Syntax,
                span,
                format!("the alias `*{name}` names no anchor defined before it in this document"),
                format!("Define `&{name}` on a node above this alias, or write the value out."),
            )));
        };
        let (copy, size) = (node.clone(), *size);
        self.charge(size, span)?;
        self.push(copy, size);
        Ok(())
    }

    /// Opens a collection: `span` is its bracket when `flow`, else where its first key or `-` is.
    pub(crate) fn start(&mut self, mapping: bool, flow: bool, anchor: Option<&'t str>, span: Span) -> Result<(), Stop> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Box::new(too_deep(span, self.limits.max_depth)));
        }
        self.stack.push(Frame {
            mapping,
            flow,
            start: flow.then_some(span.start),
            fallback: span,
            end: span.end,
            anchor,
            items: Vec::new(),
            entries: Vec::new(),
            key: None,
            size: 1,
        });
        Ok(())
    }

    pub(crate) fn end(&mut self, span: Span) -> Result<(), Stop> {
        let Some(mut frame) = self.stack.pop() else { return Ok(()) };
        if frame.flow {
            frame.end = span.end;
        }
        let start = frame.start.unwrap_or(frame.fallback.start);
        let node = if frame.mapping {
            let mut pairs = std::mem::take(&mut frame.entries);
            if let Some(key) = frame.key.take() {
                let value = Node::new(Value::Null, Span::at(key.span.end));
                pairs.push(Entry { key, value });
            }
            let entries = self.mapping_entries(pairs);
            let last = entries.last().map_or(frame.end, |entry| entry.value.span.end.max(entry.key.span.end));
            let end = if frame.flow { frame.end } else { last };
            Node::new(Value::Mapping(entries), Span::new(start, end.max(start)))
        } else {
            let items = std::mem::take(&mut frame.items);
            let end = if frame.flow { frame.end } else { items.last().map_or(frame.end, |item| item.span.end) };
            Node::new(Value::Sequence(items), Span::new(start, end.max(start)))
        };
        if let Some(anchor) = frame.anchor {
            self.charge(frame.size, node.span)?;
            self.anchors.insert(anchor, (node.clone(), frame.size));
        }
        self.push(node, frame.size);
        Ok(())
    }

    fn charge(&mut self, size: usize, span: Span) -> Result<(), Stop> {
        self.copied = self.copied.saturating_add(size);
        if self.copied > self.limits.max_alias_nodes {
            return Err(Box::new(Problem::new(
                ProblemKind::TooLarge,
                span,
                format!(
                    "anchors and aliases expand to more than {} nodes; the document was not checked",
                    self.limits.max_alias_nodes
                ),
                "Write the repeated parts out, or raise `limits.max-alias-nodes` in `.seaworthy.yaml`.",
            )));
        }
        Ok(())
    }

    fn push(&mut self, node: Node, size: usize) {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        if parent.start.is_none() {
            // A block collection starts at its first key, or at the `-` of its first item.
            parent.start = Some(if parent.mapping { node.span.start } else { dash_before(self.text, node.span.start) });
        }
        parent.size = parent.size.saturating_add(size);
        if !parent.mapping {
            parent.items.push(node);
        } else if let Some(key) = parent.key.take() {
            parent.entries.push(Entry { key, value: node });
        } else {
            parent.key = Some(node);
        }
    }

    fn mapping_entries(&mut self, pairs: Vec<Entry>) -> Vec<Entry> {
        if !pairs.iter().any(|entry| is_merge_key(&entry.key)) {
            self.report_duplicates(&pairs);
            return pairs;
        }
        let explicit: Vec<Entry> = pairs.iter().filter(|entry| !is_merge_key(&entry.key)).cloned().collect();
        self.report_duplicates(&explicit);
        let mut taken: HashSet<String> =
            explicit.iter().filter_map(|entry| entry.key_str()).map(str::to_owned).collect();
        let mut entries = Vec::with_capacity(pairs.len());
        for entry in pairs {
            if !is_merge_key(&entry.key) {
                entries.push(entry);
                continue;
            }
            let sources = match entry.value.value {
                Value::Mapping(merged) => vec![merged],
                Value::Sequence(items) if items.iter().all(|item| item.as_mapping().is_some()) => items
                    .into_iter()
                    .filter_map(|item| match item.value {
                        Value::Mapping(merged) => Some(merged),
                        _ => None,
                    })
                    .collect(),
                _ => {
                    self.problems.push(Problem::new(
                        ProblemKind::Syntax,
                        entry.key.span,
                        "a `<<` merge key needs a mapping or a sequence of mappings",
                        "Point `<<` at an anchored mapping, e.g. `<<: *defaults`.",
                    ));
                    continue;
                }
            };
            for merged in sources {
                for candidate in merged {
                    let Some(key) = candidate.key_str() else {
                        entries.push(candidate);
                        continue;
                    };
                    if taken.insert(key.to_owned()) {
                        entries.push(candidate);
                    }
                }
            }
        }
        entries
    }

    fn report_duplicates(&mut self, entries: &[Entry]) {
        // Most mappings have a handful of keys: comparing each with those before it beats hashing them.
        if entries.len() <= SMALL_MAPPING {
            for (at, entry) in entries.iter().enumerate() {
                let Some(key) = entry.key_str() else { continue };
                let earlier = entries.get(..at).unwrap_or_default();
                if let Some(first) = earlier.iter().find(|earlier| earlier.key_str() == Some(key)) {
                    self.duplicates.push((key.to_owned(), first.key.span.start, entry.key.span));
                }
            }
            return;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for entry in entries {
            let Some(key) = entry.key_str() else { continue };
            if let Some(first) = seen.get(key) {
                self.duplicates.push((key.to_owned(), *first, entry.key.span));
            } else {
                seen.insert(key, entry.key.span.start);
            }
        }
    }
}

pub(crate) fn too_deep(span: Span, depth: usize) -> Problem {
    Problem::new(
        ProblemKind::TooLarge,
        span,
        format!("the YAML nests deeper than {depth} levels; the document was not checked"),
        "Flatten the document, or raise `limits.max-depth` in `.seaworthy.yaml`.",
    )
}

fn is_merge_key(key: &Node) -> bool {
    key.as_scalar().is_some_and(|scalar| {
        scalar.text == "<<"
            && match scalar.tag.as_deref() {
                Some(tag) => tag == "tag:yaml.org,2002:merge",
                None => scalar.style.is_plain(),
            }
    })
}

/// The offset of the `-` that introduces a block sequence item starting at `offset`, or `offset` itself.
pub(crate) fn dash_before(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset;
    while at > 0 {
        match bytes.get(at - 1) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at -= 1,
            Some(b'-') => return at - 1,
            _ => break,
        }
    }
    offset
}
