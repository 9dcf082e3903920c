//! YAML with byte spans: multi-document streams parsed into [`Node`] trees that remember where every key and
//! value was written.
//!
//! The reader ([`parser`], YAML 1.2, see `docs/decisions.md`), the tree, the Kubernetes-flavoured scalar typing,
//! alias and merge-key resolution, duplicate keys, limits, recovery after a broken document and template
//! detection are all ours. What cannot be read becomes a finding (`parse-error`, `duplicate-key`,
//! `unrendered-template`, `input-too-large`); the documents around a broken one are still returned.
//!
//! Limits come from [`Limits`]; `max-depth` is capped at [`DEPTH_CAP`] whatever the configuration says, because
//! the tree is dropped and cloned recursively.

mod builder;
mod de;
mod node;
mod parser;

use std::collections::{HashMap, HashSet};

use crate::base::limits::Limits;
use crate::base::problem::{Problem, ProblemKind};
use crate::base::span::{LineIndex, Span};
use crate::syntax::directive::{self, Declared};

use builder::{BuildLimits, DocBuilder};
pub use de::{from_node, DeError};
pub use node::{Entry, Node, Scalar, Style, Value};
use parser::{Failure, Parser};

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
    pub problems: Vec<Problem>,
    pub directives: Vec<Declared>,
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
    /// Reads the stream document by document. After a broken document, reading starts again at the next `---`
    /// line or after the next `...` line: such a line always ends a document in YAML, even inside a block or
    /// quoted scalar, and the parser never reads past one, so a broken document costs only its own length.
    fn read(&mut self) {
        let mut from = 0;
        while let Some(Next::ResumeAfter(start)) = self.read_segment(from) {
            match next_boundary(self.text, start) {
                Some(next) if next > from => from = next,
                _ => break,
            }
        }
    }

    /// Parses from `segment` until the end of the text (`None`) or until a document has to be abandoned.
    fn read_segment(&mut self, segment: usize) -> Option<Next> {
        let mut parser = Parser::new(self.text, segment);
        loop {
            let start = match parser.next_document()? {
                Ok(span) => span,
                Err(failure) => {
                    if !self.count_document(Span::at(segment)) {
                        return Some(Next::Stop);
                    }
                    self.failed(segment, failure);
                    return Some(Next::ResumeAfter(segment));
                }
            };
            if !self.count_document(start) {
                return Some(Next::Stop);
            }
            let mut builder = DocBuilder::new(self.text, self.limits);
            match parser.document(&mut builder) {
                Ok(document_end) => self.finish(start.start, document_end.max(start.start), builder),
                Err(failure) => {
                    self.failed(start.start, failure);
                    return Some(Next::ResumeAfter(start.start));
                }
            }
        }
    }

    /// Reports a document that could not be read from `start` on.
    fn failed(&mut self, start: usize, failure: Failure) {
        match failure {
            Failure::Syntax { at, message } => self.broken(start, at, &message),
            Failure::Stop(stop) => self.stream.problems.push(*stop),
        }
    }

    /// Counts a document against `limits.max-documents`; `false` once over it (the finding is recorded).
    fn count_document(&mut self, span: Span) -> bool {
        self.documents_seen += 1;
        if self.documents_seen <= self.max_documents {
            return true;
        }
        self.stream.problems.push(Problem::new(
            ProblemKind::TooLarge,
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
            self.stream.problems.push(Problem::new(
                ProblemKind::DuplicateKey,
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
        self.stream.problems.push(Problem::new(
            ProblemKind::Syntax,
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
        // (directive, the comment, first character of the next content line, end of that line)
        let mut pending = Vec::new();
        let mut searched = 0;
        // Directives are whole-line comments: finding each `#` (a byte search) is cheaper than finding the word.
        while let Some(found) = self.text.get(searched..).and_then(|rest| rest.find('#')) {
            let at = searched + found;
            let line_start = self.text.get(..at).and_then(|before| before.rfind('\n')).map_or(0, |newline| newline + 1);
            let line_end = self.text.get(at..).and_then(|rest| rest.find('\n')).map_or(self.text.len(), |end| at + end);
            searched = line_end;
            let line = self.text.get(line_start..line_end).unwrap_or("");
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            let Some(comment) = line.trim_start_matches([' ', '\t']).strip_prefix('#') else { continue };
            if !comment.contains("seaworthy") {
                continue;
            }
            if inside(&self.protected, line_start + indent) {
                continue;
            }
            let Some(directive) = directive::parse_comment(comment) else { continue };
            let (target, end) = self.next_content_line(line_end).unwrap_or((self.text.len(), self.text.len()));
            pending.push((directive, Span::new(at, line_end), target, end));
        }
        if pending.is_empty() {
            return;
        }
        let scopes = self.scopes_at(pending.iter().map(|(_, _, target, _)| *target));
        for (directive, at, target, end) in pending {
            let scope = scopes.get(&target).copied().unwrap_or_else(|| Span::new(target, end));
            self.stream.directives.push(Declared { directive, scope, at, stage: None });
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

/// The start of the first line after `after` that is the document marker `mark` (`---` or `...`) on its own or
/// followed by a blank.
fn marker_line(text: &str, after: usize, mark: &str) -> Option<usize> {
    lines_after(text, after).find(|&(_, line)| is_marker(line, mark)).map(|(start, _)| start)
}

/// Where reading starts again after a document broken at `start`: at the next `---` line, or after the next `...`
/// line.
fn next_boundary(text: &str, start: usize) -> Option<usize> {
    lines_after(text, start).find_map(|(here, line)| {
        if is_marker(line, "---") {
            Some(here)
        } else if is_marker(line, "...") {
            Some(here + line.len())
        } else {
            None
        }
    })
}

/// The lines after the one holding `after`, each with its start offset and its line break.
fn lines_after(text: &str, after: usize) -> impl Iterator<Item = (usize, &str)> {
    let first = line_after(text, after).unwrap_or(text.len());
    let mut line_start = first;
    text.get(first..).unwrap_or("").split_inclusive('\n').map(move |line| {
        let here = line_start;
        line_start += line.len();
        (here, line)
    })
}

fn is_marker(line: &str, mark: &str) -> bool {
    line.strip_prefix(mark).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
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
    if !has_double_brace(text) {
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

/// Whether `{{` occurs in `text`: a byte search for `{`, which manifests hold few of.
fn has_double_brace(text: &str) -> bool {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('{')) {
        from += found + 1;
        if text.as_bytes().get(from) == Some(&b'{') {
            return true;
        }
    }
    false
}

fn unrendered(text: &str, first: Span, count: usize) -> Problem {
    let others = match count {
        0 | 1 => String::new(),
        2 => " and 1 more".to_owned(),
        n => format!(" and {} more", n - 1),
    };
    Problem::new(
        ProblemKind::UnrenderedTemplate,
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
