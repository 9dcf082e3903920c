//! YAML with byte spans: multi-document streams parsed into [`Node`] trees that remember where every key and
//! value was written.
//!
//! Events come from `saphyr-parser` (YAML 1.2, see `docs/decisions.md`); the tree, the Kubernetes-flavoured
//! scalar typing, alias and merge-key resolution, duplicate keys, limits, recovery after a broken document and
//! template detection are ours. What cannot be read becomes a finding (`parse-error`, `duplicate-key`,
//! `unrendered-template`, `input-too-large`); the documents around a broken one are still returned.
//!
//! Limits come from [`Limits`]; `max-depth` is capped at [`DEPTH_CAP`] whatever the configuration says, because
//! the tree is dropped and cloned recursively.

mod builder;
mod de;
mod node;
mod offsets;

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::config::Limits;
use crate::report::Diagnostic;
use crate::span::{LineIndex, Span};
use crate::suppress::{self, Suppressions};

use builder::{BuildLimits, DocBuilder};
pub use de::{from_node, DeError};
pub use node::{Entry, Node, Scalar, Style, Value};
use offsets::CharOffsets;

/// The deepest nesting accepted whatever `limits.max-depth` says.
pub const DEPTH_CAP: usize = 1000;

/// The span of a block sequence item from its `-` to its end (a flow item, or a node that is not an item, keeps
/// its own span). `text` is the source the node was parsed from.
pub fn item_span(text: &str, item: &Node) -> Span {
    Span::new(builder::dash_before(text, item.span.start), item.span.end)
}

/// One document of a stream that held something (empty and comment-only documents are skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub root: Node,
    /// From the document's `---` (or its first content) to its end.
    pub span: Span,
}

/// A parsed stream: its documents, the problems found on the way, and its `# seaworthy ignore=` comments.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub problems: Vec<Diagnostic>,
    pub suppressions: Suppressions,
}

/// Parses a YAML stream (without BOM). Never fails and never panics: what cannot be read becomes a problem, and
/// the documents after a broken one are parsed again from the next `---` line.
pub fn parse_stream(text: &str, limits: &Limits) -> Stream {
    read_stream(text, limits, placeholders(text))
}

/// Parses a YAML stream in which `{{ ... }}` is data, not a template placeholder: CI files, where GitHub Actions
/// writes its expressions as `${{ ... }}` in plain scalars.
pub fn parse_stream_without_templates(text: &str, limits: &Limits) -> Stream {
    read_stream(text, limits, Vec::new())
}

fn read_stream(text: &str, limits: &Limits, placeholders: Vec<Span>) -> Stream {
    let mut reader = Reader {
        text,
        offsets: CharOffsets::new(text),
        limits: BuildLimits { max_depth: limits.max_depth.min(DEPTH_CAP), max_alias_nodes: limits.max_alias_nodes },
        max_documents: limits.max_documents,
        placeholders,
        stream: Stream::default(),
        protected: Vec::new(),
        documents_seen: 0,
        lines: None,
    };
    reader.read();
    reader.attach_comments();
    reader.stream
}

struct Reader<'t> {
    text: &'t str,
    offsets: CharOffsets<'t>,
    limits: BuildLimits,
    max_documents: usize,
    placeholders: Vec<Span>,
    stream: Stream,
    protected: Vec<Span>,
    documents_seen: usize,
    /// Built on the first duplicate key, for the line its message names.
    lines: Option<LineIndex<'t>>,
}

/// What to do after a document could not be finished.
enum Next {
    ResumeAfter(usize),
    Stop,
}

impl<'t> Reader<'t> {
    /// Reads the stream one `---` chunk at a time: a parser never sees past the document it is in, so a broken
    /// document costs only its own length, however many documents follow it.
    fn read(&mut self) {
        let mut chunk = 0;
        loop {
            let end = marker_line(self.text, chunk, "---").unwrap_or(self.text.len());
            if !self.read_chunk(chunk, end) || end >= self.text.len() {
                break;
            }
            chunk = end;
        }
    }

    /// Reads the documents of `start..end`, restarting after a `...` line when one is broken. `false` once the
    /// document limit is reached.
    fn read_chunk(&mut self, start: usize, end: usize) -> bool {
        let mut segment = start;
        loop {
            match self.read_segment(segment, end) {
                None => return true,
                Some(Next::Stop) => return false,
                Some(Next::ResumeAfter(after)) => {
                    let chunk = self.text.get(..end).unwrap_or("");
                    match marker_line(chunk, after, "...").and_then(|line| line_after(chunk, line)) {
                        Some(next) => segment = next,
                        _ => return true,
                    }
                }
            }
        }
    }

    /// Parses `segment..end` until its end (`None`) or until a document has to be abandoned.
    fn read_segment(&mut self, segment: usize, end: usize) -> Option<Next> {
        let rest = self.text.get(segment..end)?;
        let base = self.offsets.char_index(segment);
        let mut parser = Parser::new_from_str(rest);
        let mut document: Option<(usize, DocBuilder<'t>)> = None;
        // Where the next document begins at the earliest: after the last document's start or end.
        let mut boundary = segment;
        loop {
            let (event, span) = match parser.next_event() {
                None => return None,
                Some(Ok((event, span))) => {
                    let start = self.offsets.byte(base + span.start.index());
                    (event, Span::new(start, self.offsets.byte(base + span.end.index())))
                }
                Some(Err(error)) => {
                    let at = self.offsets.byte(base + error.marker().index());
                    if document.is_none() && !self.count_document(Span::at(boundary)) {
                        return Some(Next::Stop);
                    }
                    let start = document.as_ref().map_or(boundary, |(start, _)| *start);
                    if error.info() == "recursion limit exceeded" {
                        // saphyr-parser's own bound on flow nesting (255), met before ours when it looks ahead.
                        self.stream.problems.push(builder::too_deep(Span::at(at), 255));
                    } else {
                        self.broken(start, at, error.info());
                    }
                    return Some(Next::ResumeAfter(start));
                }
            };
            match event {
                Event::StreamEnd => return None,
                Event::DocumentStart(_) => {
                    if !self.count_document(span) {
                        return Some(Next::Stop);
                    }
                    boundary = span.start;
                    document = Some((span.start, DocBuilder::new(self.text, self.limits)));
                }
                Event::DocumentEnd => {
                    boundary = span.end;
                    if let Some((start, builder)) = document.take() {
                        self.finish(start, span.start.max(start), builder);
                    }
                }
                other => {
                    let Some((start, builder)) = document.as_mut() else { continue };
                    if let Err(stop) = feed(builder, other, span) {
                        let start = *start;
                        self.stream.problems.push(*stop);
                        return Some(Next::ResumeAfter(start));
                    }
                }
            }
        }
    }

    /// Counts a document against `limits.max-documents`; `false` once over it (the finding is recorded).
    fn count_document(&mut self, span: Span) -> bool {
        self.documents_seen += 1;
        if self.documents_seen <= self.max_documents {
            return true;
        }
        self.stream.problems.push(Diagnostic::new(
            "input-too-large",
            Span::new(span.start, span.end.max(span.start)),
            format!(
                "the stream has more than {} documents; the documents from here on were not checked",
                self.max_documents
            ),
            "Split the stream into several files, or raise `limits.max-documents` in `.seaworthy.yaml`.",
        ));
        false
    }

    fn finish(&mut self, start: usize, end: usize, builder: DocBuilder<'t>) {
        let finished = builder.finish();
        self.protected.extend_from_slice(&finished.protected);
        let span = Span::new(start, end);
        let templates: Vec<Span> =
            self.placeholders_in(span).filter(|placeholder| !inside(&finished.protected, placeholder.start)).collect();
        if let Some(first) = templates.first() {
            self.stream.problems.push(unrendered(self.text, *first, templates.len()));
            return;
        }
        self.stream.problems.extend(finished.problems);
        for (key, first, second) in finished.duplicates {
            let lines = self.lines.get_or_insert_with(|| LineIndex::new(self.text));
            let line = lines.position(first).line;
            self.stream.problems.push(Diagnostic::new(
                "duplicate-key",
                second,
                format!("key `{key}` repeats the key on line {line}; kubectl refuses the document"),
                "Keep one of the two keys and delete the other.",
            ));
        }
        match finished.root {
            Some(root) if !root.is_null() => self.stream.documents.push(Document { root, span }),
            _ => {}
        }
    }

    /// Reports a document the parser gave up on: a template leftover when it has one, else the syntax error.
    fn broken(&mut self, start: usize, at: usize, info: &str) {
        let end = marker_line(self.text, start, "---").unwrap_or(self.text.len());
        let templates: Vec<Span> = self.placeholders_in(Span::new(start, end)).collect();
        if let Some(first) = templates.first() {
            self.stream.problems.push(unrendered(self.text, *first, templates.len()));
            return;
        }
        let at = at.min(self.text.len());
        let width = self.text.get(at..).and_then(|rest| rest.chars().next()).filter(|c| *c != '\n' && *c != '\r');
        self.stream.problems.push(Diagnostic::new(
            "parse-error",
            Span::new(at, at + width.map_or(0, char::len_utf8)),
            format!("the YAML cannot be read: {info}"),
            "Fix the syntax here; the other documents of the file were still checked.",
        ));
    }

    fn placeholders_in(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let first = self.placeholders.partition_point(|placeholder| placeholder.start < span.start);
        self.placeholders.get(first..).unwrap_or_default().iter().copied().take_while(move |p| p.start < span.end)
    }

    /// Reads `# seaworthy ignore=...` comment lines and scopes each to the key or item on the next content line.
    fn attach_comments(&mut self) {
        // (directive, first character of the next content line, end of that line)
        let mut pending = Vec::new();
        let mut searched = 0;
        while let Some(found) = self.text.get(searched..).and_then(|rest| rest.find("seaworthy")) {
            let at = searched + found;
            let line_start = self.text.get(..at).and_then(|before| before.rfind('\n')).map_or(0, |newline| newline + 1);
            let line_end = self.text.get(at..).and_then(|rest| rest.find('\n')).map_or(self.text.len(), |end| at + end);
            searched = line_end;
            let line = self.text.get(line_start..line_end).unwrap_or("");
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            let Some(comment) = line.trim_start_matches([' ', '\t']).strip_prefix('#') else { continue };
            if inside(&self.protected, line_start + indent) {
                continue;
            }
            let Some(directive) = suppress::parse_comment(comment) else { continue };
            let (target, end) = self.next_content_line(line_end).unwrap_or((self.text.len(), self.text.len()));
            pending.push((directive, target, end));
        }
        if pending.is_empty() {
            return;
        }
        let scopes = self.scopes_at(pending.iter().map(|(_, target, _)| *target));
        for (directive, target, end) in pending {
            let scope = scopes.get(&target).copied().unwrap_or_else(|| Span::new(target, end));
            self.stream.suppressions.add(directive, scope);
        }
    }

    /// The first character and the end of the first line after `from` that is neither blank nor a comment.
    fn next_content_line(&self, from: usize) -> Option<(usize, usize)> {
        let mut line_start = from;
        for line in self.text.get(from..)?.split_inclusive('\n') {
            let here = line_start;
            line_start += line.len();
            let content = line.trim_start_matches([' ', '\t']);
            let trimmed = content.trim_end_matches(['\n', '\r']);
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let target = here + (line.len() - content.len());
                return Some((target, target + trimmed.len()));
            }
        }
        None
    }

    /// For each target offset, the entry whose key starts there, or the sequence item whose `-` is there (from
    /// the `-` to the item's end). One walk over all documents, however many targets.
    fn scopes_at(&self, targets: impl Iterator<Item = usize>) -> HashMap<usize, Span> {
        let mut keys = HashSet::new();
        // The offset of an item's content → the offset of its `-`.
        let mut items = HashMap::new();
        for target in targets {
            if self.text.as_bytes().get(target) == Some(&b'-') {
                let after = self.text.get(target + 1..).unwrap_or("");
                items.insert(target + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len()), target);
            } else {
                keys.insert(target);
            }
        }
        let mut scopes = HashMap::new();
        let mut stack: Vec<&Node> = self.stream.documents.iter().map(|document| &document.root).collect();
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Mapping(entries) => {
                    for entry in entries {
                        if keys.contains(&entry.key.span.start) {
                            scopes.entry(entry.key.span.start).or_insert_with(|| entry.span());
                        }
                        stack.push(&entry.value);
                    }
                }
                Value::Sequence(sequence) => {
                    for item in sequence {
                        if let Some(&dash) = items.get(&item.span.start) {
                            scopes.entry(dash).or_insert_with(|| Span::new(dash, item.span.end));
                        }
                        stack.push(item);
                    }
                }
                Value::Null | Value::Scalar(_) => {}
            }
        }
        scopes
    }
}

fn feed(builder: &mut DocBuilder<'_>, event: Event<'_>, span: Span) -> Result<(), builder::Stop> {
    match event {
        Event::Scalar(text, style, anchor, tag) => {
            let tag = tag.map(|tag| format!("{}{}", tag.handle, tag.suffix));
            builder.scalar(text.into_owned(), style_of(style), anchor, tag, span);
            Ok(())
        }
        Event::Alias(id) => builder.alias(id, span),
        Event::SequenceStart(anchor, _) => builder.start(false, anchor, span),
        Event::MappingStart(anchor, _) => builder.start(true, anchor, span),
        Event::SequenceEnd | Event::MappingEnd => builder.end(span),
        Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd => Ok(()),
    }
}

const fn style_of(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    }
}

/// The start of the first line after `after` that is the document marker `mark` (`---` or `...`) on its own or
/// followed by a space. Such a line always ends a document in YAML, even inside a block or quoted scalar, so
/// cutting there never splits a well-formed document.
fn marker_line(text: &str, after: usize, mark: &str) -> Option<usize> {
    let mut line_start = line_after(text, after)?;
    for line in text.get(line_start..)?.split_inclusive('\n') {
        let here = line_start;
        line_start += line.len();
        let is_marker =
            line.strip_prefix(mark).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']));
        if is_marker {
            return Some(here);
        }
    }
    None
}

/// The start of the line after the one holding `offset`.
fn line_after(text: &str, offset: usize) -> Option<usize> {
    Some(offset + text.get(offset..)?.find('\n')? + 1)
}

/// Every `{{ ... }}` that is not in a comment: to the matching `}}` on its line, or to the end of the line. Each
/// line is scanned once, however many placeholders it holds.
fn placeholders(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    // Most manifests hold no `{{` at all: one scan of the text then saves splitting it into lines.
    if !text.contains("{{") {
        return found;
    }
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let here = line_start;
        line_start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.contains("{{") || body.trim_start().starts_with('#') {
            continue;
        }
        let mut from = 0;
        while let Some(open) = body.get(from..).and_then(|rest| rest.find("{{")).map(|at| from + at) {
            // A `#` after a blank starts a comment, and the rest of the line with it.
            let between = body.get(from..open).unwrap_or("");
            if between.contains(" #") || between.contains("\t#") {
                break;
            }
            let close = body.get(open + 2..).and_then(|rest| rest.find("}}")).map_or(body.len(), |at| open + 4 + at);
            found.push(Span::new(here + open, here + close));
            from = close;
        }
    }
    found
}

fn unrendered(text: &str, first: Span, count: usize) -> Diagnostic {
    let others = match count {
        0 | 1 => String::new(),
        2 => " and 1 more".to_owned(),
        n => format!(" and {} more", n - 1),
    };
    Diagnostic::new(
        "unrendered-template",
        first,
        format!(
            "the document holds the template placeholder `{}`{others}; it was not checked",
            shown(first.slice(text))
        ),
        "Render the template first (`helm template`, `kustomize build`, or your sed script) and check the output.",
    )
}

/// Whether `offset` falls in one of `spans`, which are sorted by start and do not overlap.
fn inside(spans: &[Span], offset: usize) -> bool {
    let after = spans.partition_point(|span| span.start <= offset);
    after.checked_sub(1).and_then(|last| spans.get(last)).is_some_and(|span| span.contains(offset))
}

/// A placeholder as a message shows it: whole when short, else its first 60 characters and an ellipsis.
fn shown(placeholder: &str) -> String {
    match placeholder.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", placeholder.get(..cut).unwrap_or("")),
        None => placeholder.to_owned(),
    }
}

#[cfg(test)]
mod tests;
