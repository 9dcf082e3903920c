//! Reads YAML text straight into [`DocBuilder`] calls, byte by byte, with byte spans.
//!
//! Written for Seaworthy rather than taken from a YAML library (see `docs/decisions.md`): manifests are read on
//! every keystroke in the playground and on every admission request, and a reader over bytes that hands plain
//! scalars to the tree as slices of the source costs a fraction of a general event parser over characters, at
//! every optimisation level (the playground is built for size). It reads YAML 1.2 block and flow collections,
//! the three scalar styles with their folding and escapes, block scalars with their indicators, anchors, aliases,
//! tags with `%TAG` handles, explicit `?` keys, and streams of `---`/`...` documents.
//!
//! Nesting is followed by recursion, one level per collection, and every level first passes
//! [`DocBuilder::start`], which refuses to go deeper than `limits.max-depth` (itself capped at
//! [`super::DEPTH_CAP`]): the stack stays bounded whatever the input.
#![allow(
    clippy::inline_always,
    reason = "the playground builds for size (opt-level z), where LLVM stops inlining the one-line byte tests below, \
              and a call per byte read cost a tenth of a check"
)]

use std::borrow::Cow;

use super::builder::{DocBuilder, Stop};
use super::node::Style;
use crate::base::span::Span;

/// Why a document could not be read.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The text is not YAML at `at`.
    Syntax { at: usize, message: Cow<'static, str> },
    /// A limit was reached, or the tree cannot be built (`input-too-large`, an alias without anchor).
    Stop(Stop),
}

impl From<Stop> for Failure {
    fn from(stop: Stop) -> Self {
        Self::Stop(stop)
    }
}

type Parsed<T> = Result<T, Failure>;

fn syntax<T>(at: usize, message: impl Into<Cow<'static, str>>) -> Parsed<T> {
    Err(Failure::Syntax { at, message: message.into() })
}

/// What holds a block node, which decides where its content may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder {
    /// The document itself.
    Root,
    /// A block mapping's value.
    Value,
    /// A block sequence's item, or an explicit `?` key or its value: a collection may start on the same line.
    Item,
}

/// The anchor and tag written before a node.
#[derive(Debug, Default, Clone, Copy)]
struct Properties<'t> {
    anchor: Option<&'t str>,
    tag: Option<Tag<'t>>,
    /// Where the first property starts, for an empty node that only has properties.
    start: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Tag<'t> {
    /// The prefix its handle stands for (`tag:yaml.org,2002:` for `!!`), empty for a verbatim tag.
    prefix: &'t str,
    suffix: &'t str,
}

impl Tag<'_> {
    fn resolved(self) -> String {
        let mut tag = String::with_capacity(self.prefix.len() + self.suffix.len());
        tag.push_str(self.prefix);
        tag.push_str(self.suffix);
        tag
    }
}

const CORE_PREFIX: &str = "tag:yaml.org,2002:";

#[inline(always)]
const fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

#[inline(always)]
const fn is_break(byte: u8) -> bool {
    matches!(byte, b'\n' | b'\r')
}

/// Blank, line break, or past the end (which reads as 0).
#[inline(always)]
const fn is_white(byte: u8) -> bool {
    matches!(byte, 0 | b' ' | b'\t' | b'\n' | b'\r')
}

#[inline(always)]
const fn is_flow_indicator(byte: u8) -> bool {
    matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
}

/// A stream read document by document from a line start: the whole text, or the line where reading starts again
/// after a broken document (see [`super::Reader`]).
#[derive(Debug)]
pub(crate) struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    line_start: usize,
    /// `%TAG` handles of the current document: handle, prefix.
    handles: Vec<(&'t str, &'t str)>,
}

impl<'t> Parser<'t> {
    /// A parser of `text` from `start`, which is at the start of a line.
    pub(crate) fn new(text: &'t str, start: usize) -> Self {
        let start = start.min(text.len());
        Self { text, bytes: text.as_bytes(), pos: start, line_start: start, handles: Vec::new() }
    }

    /// Moves to the next document: its directives are read and its `---` passed. `None` at the end of the
    /// segment, else the span of its `---`, or the position of its first content when it has none.
    pub(crate) fn next_document(&mut self) -> Option<Parsed<Span>> {
        self.handles.clear();
        let mut directive = None;
        loop {
            self.skip_gap();
            if self.done() {
                return directive.map(|at| syntax(at, "a directive must be followed by a `---` line"));
            }
            if self.column() == 0 && self.peek() == b'%' {
                directive = Some(self.pos);
                if let Err(failure) = self.directive() {
                    return Some(Err(failure));
                }
            } else if self.at_marker(b'.') {
                self.pos += 3;
                if let Err(failure) = self.end_of_line("`...`") {
                    return Some(Err(failure));
                }
            } else if self.at_marker(b'-') {
                let span = Span::new(self.pos, self.pos + 3);
                self.pos += 3;
                return Some(Ok(span));
            } else if let Some(at) = directive {
                return Some(syntax(at, "a directive must be followed by a `---` line"));
            } else {
                return Some(Ok(Span::at(self.pos)));
            }
        }
    }

    /// Reads the document whose start [`Self::next_document`] returned, and returns where it ends: at its `...`,
    /// at the next `---`, or at the end of the segment.
    pub(crate) fn document(&mut self, out: &mut DocBuilder<'t>) -> Parsed<usize> {
        self.block_node(out, -1, Holder::Root)?;
        self.skip_block_gap()?;
        if self.done() {
            return Ok(self.bytes.len());
        }
        if self.at_marker(b'-') {
            return Ok(self.pos);
        }
        if self.at_marker(b'.') {
            let at = self.pos;
            self.pos += 3;
            self.end_of_line("`...`")?;
            return Ok(at);
        }
        if self.column() > 0 {
            return syntax(self.pos, "this line is indented more than the lines of the document above it");
        }
        syntax(self.pos, "this line does not continue the document above it (expected `key: value` or `- item`)")
    }

    // ---- positions ----

    #[inline(always)]
    fn done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    #[inline(always)]
    fn byte(&self, at: usize) -> u8 {
        if at < self.bytes.len() {
            self.bytes.get(at).copied().unwrap_or(0)
        } else {
            0
        }
    }

    #[inline(always)]
    fn peek(&self) -> u8 {
        self.byte(self.pos)
    }

    #[inline(always)]
    fn column(&self) -> usize {
        self.pos.saturating_sub(self.line_start)
    }

    fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }

    /// A `---` or `...` (`mark` is its character) alone at the start of a line.
    fn at_marker(&self, mark: u8) -> bool {
        self.pos == self.line_start
            && self.byte(self.pos) == mark
            && self.byte(self.pos + 1) == mark
            && self.byte(self.pos + 2) == mark
            && is_white(self.byte(self.pos + 3))
    }

    /// Whether only indentation precedes the current position on its line.
    fn first_on_line(&self) -> bool {
        self.bytes.get(self.line_start..self.pos).is_some_and(|before| before.iter().all(|&byte| byte == b' '))
    }

    fn skip_spaces(&mut self) {
        while is_space(self.peek()) {
            self.pos += 1;
        }
    }

    fn skip_to_line_end(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest.iter().position(|&byte| is_break(byte)).unwrap_or(rest.len());
    }

    /// Passes one line break; `false` when there is none here.
    fn line_break(&mut self) -> bool {
        match self.peek() {
            b'\r' => {
                self.pos += 1;
                if self.peek() == b'\n' {
                    self.pos += 1;
                }
            }
            b'\n' => self.pos += 1,
            _ => return false,
        }
        self.line_start = self.pos;
        true
    }

    /// Passes blanks, comments and line breaks; whether a line break was passed.
    fn skip_gap(&mut self) -> bool {
        let mut crossed = false;
        loop {
            self.skip_spaces();
            if self.peek() == b'#' {
                self.skip_to_line_end();
            }
            if !self.line_break() {
                return crossed;
            }
            crossed = true;
        }
    }

    /// [`Self::skip_gap`] where block structure follows: the indentation of the line reached must be spaces.
    fn skip_block_gap(&mut self) -> Parsed<bool> {
        let crossed = self.skip_gap();
        if crossed
            && !self.done()
            && self.bytes.get(self.line_start..self.pos).is_some_and(|indent| indent.contains(&b'\t'))
        {
            return syntax(self.pos, "a tab indents this line; YAML indents with spaces only");
        }
        Ok(crossed)
    }

    /// After a node or marker: only blanks and a comment may follow on its line.
    fn end_of_line(&mut self, after: &str) -> Parsed<()> {
        self.skip_spaces();
        match self.peek() {
            b'#' if self.pos > 0 && is_space(self.byte(self.pos - 1)) => self.skip_to_line_end(),
            _ if self.done() || is_break(self.peek()) => {}
            b':' if is_white(self.byte(self.pos + 1)) => {
                return syntax(
                    self.pos,
                    "a mapping cannot start on the line of its key; put its entries on the lines below, indented",
                );
            }
            _ => return syntax(self.pos, format!("unexpected text after {after}")),
        }
        Ok(())
    }

    // ---- directives and properties ----

    fn directive(&mut self) -> Parsed<()> {
        let start = self.pos;
        self.skip_to_line_end();
        let line = self.slice(start, self.pos);
        let line = line.split(" #").next().unwrap_or(line);
        let mut words = line.split_whitespace();
        if words.next() == Some("%TAG") {
            match (words.next(), words.next()) {
                (Some(handle), Some(prefix)) if handle.starts_with('!') && handle.ends_with('!') => {
                    self.handles.push((handle, prefix));
                }
                _ => return syntax(start, "a `%TAG` directive needs a handle such as `!e!` and a prefix"),
            }
        }
        // `%YAML` and reserved directives change nothing here.
        Ok(())
    }

    /// Reads `&anchor` and `!tag` in either order, each followed by a blank or a line end.
    fn properties(&mut self, flow: bool) -> Parsed<Properties<'t>> {
        let mut properties = Properties::default();
        if !matches!(self.peek(), b'&' | b'!') {
            return Ok(properties);
        }
        loop {
            let start = self.pos;
            match self.peek() {
                b'&' if properties.anchor.is_none() => {
                    self.pos += 1;
                    properties.anchor = Some(self.name("an anchor")?);
                }
                b'!' if properties.tag.is_none() => properties.tag = Some(self.tag(flow)?),
                _ => return Ok(properties),
            }
            properties.start.get_or_insert(start);
            self.skip_spaces();
        }
    }

    /// An anchor's or alias's name, after its `&` or `*`.
    fn name(&mut self, what: &str) -> Parsed<&'t str> {
        let start = self.pos;
        while !is_white(self.peek()) && !is_flow_indicator(self.peek()) {
            self.pos += 1;
        }
        if self.pos == start {
            return syntax(start.saturating_sub(1), format!("{what} needs a name"));
        }
        Ok(self.slice(start, self.pos))
    }

    fn tag(&mut self, flow: bool) -> Parsed<Tag<'t>> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() == b'<' {
            let Some(close) = self.bytes.get(self.pos..).and_then(|rest| rest.iter().position(|&b| b == b'>')) else {
                return syntax(start, "a verbatim tag `!<...>` is not closed");
            };
            let suffix = self.slice(self.pos + 1, self.pos + close);
            self.pos += close + 1;
            return Ok(Tag { prefix: "", suffix });
        }
        while !(is_white(self.peek()) || flow && is_flow_indicator(self.peek())) {
            self.pos += 1;
        }
        let written = self.slice(start, self.pos);
        // `!!x`, `!h!x` or `!x`: the handle is up to the second `!`, if there is one.
        let (handle, suffix) = match written.get(1..).and_then(|rest| rest.find('!')) {
            Some(second) => written.split_at(second + 2),
            None => written.split_at(1),
        };
        let prefix = self.handles.iter().rev().find(|(known, _)| *known == handle).map(|(_, prefix)| *prefix);
        let prefix = match (prefix, handle) {
            (Some(prefix), _) => prefix,
            (None, "!") => "!",
            (None, "!!") => CORE_PREFIX,
            (None, _) => {
                return syntax(start, format!("the tag handle `{handle}` is not declared by a `%TAG` directive"))
            }
        };
        Ok(Tag { prefix, suffix })
    }

    // ---- block structure ----

    /// The node after a `---`, a `key:`, a `-` or a `?`, on the same line or on the lines below, whose lines must
    /// be indented more than `parent` (a block sequence under a key may share the key's indentation).
    fn block_node(&mut self, out: &mut DocBuilder<'t>, parent: isize, holder: Holder) -> Parsed<()> {
        let after_indicator = self.pos;
        self.skip_spaces();
        let mut properties = self.properties(false)?;
        let properties_line = self.line_start;
        let crossed = self.skip_block_gap()?;
        let empty_at = after_indicator;
        if self.done() || self.at_marker(b'-') || self.at_marker(b'.') {
            empty(out, properties, holder, empty_at);
            return Ok(());
        }
        let on_own_line = crossed || self.first_on_line();
        let indent = self.column();
        if on_own_line {
            let deeper = isize::try_from(indent).is_ok_and(|indent| indent > parent);
            let same_indent_sequence = holder == Holder::Value
                && isize::try_from(indent).is_ok_and(|indent| indent == parent)
                && self.at_dash();
            if !deeper && !same_indent_sequence {
                empty(out, properties, holder, empty_at);
                return Ok(());
            }
        }
        let block_allowed = on_own_line || holder == Holder::Item;
        if matches!(self.peek(), b'|' | b'>') {
            return self.block_scalar(out, parent, properties);
        }
        if block_allowed {
            if self.at_dash() {
                return self.block_sequence(out, indent, properties);
            }
            let explicit_key = self.peek() == b'?' && is_white(self.byte(self.pos + 1));
            if explicit_key || self.implicit_key_ahead() {
                // Properties on the key's own line belong to the key; on a line of their own, to the mapping.
                let key_properties = if properties_line == self.line_start {
                    std::mem::take(&mut properties)
                } else {
                    Properties::default()
                };
                return self.block_mapping(out, indent, properties, key_properties);
            }
        }
        self.inline_node(out, properties, parent)?;
        self.end_of_line("the value")
    }

    fn at_dash(&self) -> bool {
        self.peek() == b'-' && is_white(self.byte(self.pos + 1))
    }

    /// Whether the current line holds `key:` (a blank or the line end after the colon) before any comment.
    fn implicit_key_ahead(&self) -> bool {
        let mut at = self.pos;
        match self.byte(at) {
            quote @ (b'"' | b'\'') => {
                at += 1;
                loop {
                    match self.byte(at) {
                        0 | b'\n' | b'\r' => return false,
                        b'\\' if quote == b'"' => at += 2,
                        byte if byte == quote => {
                            if quote == b'\'' && self.byte(at + 1) == b'\'' {
                                at += 2;
                            } else {
                                at += 1;
                                break;
                            }
                        }
                        _ => at += 1,
                    }
                }
            }
            b'[' | b'{' => {
                let mut depth = 0usize;
                loop {
                    match self.byte(at) {
                        0 | b'\n' | b'\r' => return false,
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                at += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    at += 1;
                }
            }
            b'*' => {
                while !is_white(self.byte(at)) && !is_flow_indicator(self.byte(at)) {
                    at += 1;
                }
            }
            _ => loop {
                let byte = self.byte(at);
                if at >= self.bytes.len() || is_break(byte) {
                    return false;
                }
                if byte == b':' && is_white(self.byte(at + 1)) {
                    return true;
                }
                if byte == b'#' && at > self.pos && is_space(self.byte(at - 1)) {
                    return false;
                }
                at += 1;
            },
        }
        while is_space(self.byte(at)) {
            at += 1;
        }
        self.byte(at) == b':' && is_white(self.byte(at + 1))
    }

    fn block_mapping(
        &mut self,
        out: &mut DocBuilder<'t>,
        indent: usize,
        properties: Properties<'t>,
        mut key_properties: Properties<'t>,
    ) -> Parsed<()> {
        out.start(true, false, properties.anchor, Span::at(self.pos))?;
        let parent = isize::try_from(indent).unwrap_or(isize::MAX);
        loop {
            if self.peek() == b'?' && is_white(self.byte(self.pos + 1)) {
                self.pos += 1;
                self.block_node(out, parent, Holder::Item)?;
                self.skip_block_gap()?;
                if self.column() == indent && self.peek() == b':' && is_white(self.byte(self.pos + 1)) {
                    self.pos += 1;
                    self.block_node(out, parent, Holder::Item)?;
                } else {
                    out.scalar(String::new(), Style::Plain, None, None, Span::at(self.pos));
                }
            } else {
                if key_properties.start.is_none() {
                    key_properties = self.properties(false)?;
                }
                let properties = std::mem::take(&mut key_properties);
                let key_start = self.pos;
                self.key(out, properties)?;
                self.skip_spaces();
                if self.peek() != b':' || !is_white(self.byte(self.pos + 1)) {
                    return syntax(
                        key_start,
                        "expected a `key: value` entry here, at the indentation of the keys above",
                    );
                }
                self.pos += 1;
                self.block_node(out, parent, Holder::Value)?;
            }
            if !self.continues_at(indent, "keys")? {
                break;
            }
            if self.at_dash() {
                return syntax(self.pos, "a `- item` cannot follow `key: value` entries at the same indentation");
            }
        }
        out.end(Span::at(self.pos))?;
        Ok(())
    }

    /// After an entry of a block collection indented by `indent`: whether the next line is at the same
    /// indentation, where the collection may go on. A line indented more is an error naming the collection's
    /// `entries`.
    fn continues_at(&mut self, indent: usize, entries: &str) -> Parsed<bool> {
        self.skip_block_gap()?;
        if self.done() || self.at_marker(b'-') || self.at_marker(b'.') || self.column() < indent {
            return Ok(false);
        }
        if self.column() > indent {
            return syntax(
                self.pos,
                format!("this line is indented more than the {entries} above it (column {})", indent + 1),
            );
        }
        Ok(true)
    }

    /// A block mapping's implicit key: one line, before its `:`.
    fn key(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>) -> Parsed<()> {
        match self.peek() {
            b'[' | b'{' => self.flow_collection(out, properties),
            b'"' | b'\'' => self.quoted(out, properties),
            b'*' => self.alias(out, properties),
            // `: value` with nothing before the colon: the key is null.
            b':' => {
                empty(out, properties, Holder::Item, self.pos);
                Ok(())
            }
            _ => {
                let start = self.pos;
                let (text, end) = self.plain_line(false);
                self.pos = end;
                if end == start {
                    return syntax(start, "expected a `key: value` entry here, at the indentation of the keys above");
                }
                out.scalar(
                    text.to_owned(),
                    Style::Plain,
                    properties.anchor,
                    properties.tag.map(Tag::resolved),
                    Span::new(start, end),
                );
                Ok(())
            }
        }
    }

    fn block_sequence(&mut self, out: &mut DocBuilder<'t>, indent: usize, properties: Properties<'t>) -> Parsed<()> {
        out.start(false, false, properties.anchor, Span::at(self.pos))?;
        let parent = isize::try_from(indent).unwrap_or(isize::MAX);
        loop {
            self.pos += 1;
            self.block_node(out, parent, Holder::Item)?;
            if !self.continues_at(indent, "`-` items")? {
                break;
            }
            if !self.at_dash() {
                // A key at the sequence's indentation: the mapping holding the sequence goes on.
                break;
            }
        }
        out.end(Span::at(self.pos))?;
        Ok(())
    }

    /// A node that starts on the current line and is not a block collection: a flow collection, a quoted or plain
    /// scalar (plain ones continue on lines indented more than `parent`), or an alias.
    fn inline_node(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>, parent: isize) -> Parsed<()> {
        match self.peek() {
            b'[' | b'{' => self.flow_collection(out, properties),
            b'"' | b'\'' => self.quoted(out, properties),
            b'*' => self.alias(out, properties),
            _ => self.plain(out, properties, parent, false),
        }
    }

    fn alias(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>) -> Parsed<()> {
        let start = self.pos;
        if let Some(at) = properties.start {
            return syntax(at, "an alias cannot have an anchor or a tag");
        }
        self.pos += 1;
        let name = self.name("an alias")?;
        out.alias(name, Span::new(start, self.pos))?;
        Ok(())
    }

    // ---- scalars ----

    /// The plain scalar text on the current line from the current position, and where it ends (trailing blanks
    /// excluded). In flow context it also stops at flow indicators.
    fn plain_line(&self, flow: bool) -> (&'t str, usize) {
        let start = self.pos;
        let mut at = start;
        let mut content_end = start;
        loop {
            let byte = self.byte(at);
            if at >= self.bytes.len() || is_break(byte) {
                break;
            }
            let ends = match byte {
                b':' => is_white(self.byte(at + 1)) || (flow && is_flow_indicator(self.byte(at + 1))),
                b'#' => at > start && is_space(self.byte(at - 1)),
                _ => flow && is_flow_indicator(byte),
            };
            if ends {
                break;
            }
            at += 1;
            if !is_space(byte) {
                content_end = at;
            }
        }
        (self.slice(start, content_end), content_end)
    }

    /// A plain scalar, folded over the lines that continue it.
    fn plain(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>, parent: isize, flow: bool) -> Parsed<()> {
        let start = self.pos;
        let first = self.peek();
        let starts_well = match first {
            b'-' | b'?' | b':' => {
                let next = self.byte(self.pos + 1);
                !(is_white(next) || flow && is_flow_indicator(next))
            }
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@'
            | b'`' => false,
            byte => !(byte < 0x20 && byte != b'\t'),
        };
        if !starts_well {
            if properties.start.is_some() && (is_white(first) || (flow && matches!(first, b',' | b']' | b'}'))) {
                let at = self.pos;
                empty(out, properties, Holder::Item, at);
                return Ok(());
            }
            let shown = self.text.get(start..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
            if shown.is_control() {
                return syntax(start, format!("the control character U+{:04X} cannot start a value", u32::from(shown)));
            }
            return syntax(start, format!("a value cannot start with `{shown}`"));
        }
        let (line, mut end) = self.plain_line(flow);
        self.pos = end;
        let mut folded: Option<String> = None;
        loop {
            let (resume, resume_line) = (self.pos, self.line_start);
            self.skip_spaces();
            if !is_break(self.peek()) {
                self.pos = resume;
                break;
            }
            let mut breaks = 0usize;
            while self.line_break() {
                breaks += 1;
                self.skip_spaces();
            }
            let continues = !self.done()
                && !self.at_marker(b'-')
                && !self.at_marker(b'.')
                && self.peek() != b'#'
                && (flow || isize::try_from(self.column()).is_ok_and(|column| column > parent))
                && !(flow && is_flow_indicator(self.peek()))
                && !(self.peek() == b':' && is_white(self.byte(self.pos + 1)))
                // A `key:` line cannot continue a plain scalar: it is a misplaced entry, reported as such.
                && (flow || !self.implicit_key_ahead());
            if !continues || (!flow && self.bytes.get(self.line_start..self.pos).is_some_and(|i| i.contains(&b'\t'))) {
                self.pos = resume;
                self.line_start = resume_line;
                break;
            }
            let (more, more_end) = self.plain_line(flow);
            if more.is_empty() {
                self.pos = resume;
                self.line_start = resume_line;
                break;
            }
            let text = folded.get_or_insert_with(|| line.to_owned());
            if breaks == 1 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', breaks - 1));
            }
            text.push_str(more);
            self.pos = more_end;
            end = more_end;
        }
        let text = folded.unwrap_or_else(|| line.to_owned());
        out.scalar(text, Style::Plain, properties.anchor, properties.tag.map(Tag::resolved), Span::new(start, end));
        Ok(())
    }

    fn quoted(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>) -> Parsed<()> {
        let start = self.pos;
        let quote = self.peek();
        let double = quote == b'"';
        self.pos += 1;
        let mut text = String::new();
        // Where the blanks at the end of the current line started in `text`: they go when the line folds.
        let mut blanks_from: Option<usize> = None;
        loop {
            if self.done() {
                return syntax(
                    start,
                    if double {
                        "this double-quoted text is not closed"
                    } else {
                        "this single-quoted text is not closed"
                    },
                );
            }
            let run_start = self.pos;
            while !self.done() && !matches!(self.peek(), b'\'' | b'"' | b'\\' | b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            }
            if self.pos > run_start {
                text.push_str(self.slice(run_start, self.pos));
                blanks_from = None;
                continue;
            }
            match self.peek() {
                byte if byte == quote => {
                    if !double && self.byte(self.pos + 1) == b'\'' {
                        text.push('\'');
                        self.pos += 2;
                        blanks_from = None;
                    } else {
                        self.pos += 1;
                        break;
                    }
                }
                b'\\' if double => {
                    if is_break(self.byte(self.pos + 1)) {
                        // An escaped line break joins the lines without a space.
                        self.pos += 1;
                        self.line_break();
                        self.skip_spaces();
                        blanks_from = None;
                        continue;
                    }
                    self.escape(&mut text)?;
                    blanks_from = None;
                }
                b' ' | b'\t' => {
                    blanks_from.get_or_insert(text.len());
                    text.push(char::from(self.peek()));
                    self.pos += 1;
                }
                b'\n' | b'\r' => {
                    if let Some(from) = blanks_from.take() {
                        text.truncate(from);
                    }
                    let mut breaks = 0usize;
                    while self.line_break() {
                        breaks += 1;
                        self.skip_spaces();
                    }
                    if self.at_marker(b'-') || self.at_marker(b'.') {
                        return syntax(start, "this quoted text runs into a document marker; it is not closed");
                    }
                    if breaks == 1 {
                        text.push(' ');
                    } else {
                        text.extend(std::iter::repeat_n('\n', breaks - 1));
                    }
                }
                // The other quote character, or a backslash in single quotes.
                other => {
                    text.push(char::from(other));
                    self.pos += 1;
                    blanks_from = None;
                }
            }
        }
        let style = if double { Style::DoubleQuoted } else { Style::SingleQuoted };
        out.scalar(text, style, properties.anchor, properties.tag.map(Tag::resolved), Span::new(start, self.pos));
        Ok(())
    }

    /// A double-quoted escape sequence at the current `\`.
    fn escape(&mut self, text: &mut String) -> Parsed<()> {
        let at = self.pos;
        let code = self.byte(at + 1);
        let simple = match code {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\u{b}'),
            b'f' => Some('\u{c}'),
            b'r' => Some('\r'),
            b'e' => Some('\u{1b}'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(character) = simple {
            text.push(character);
            self.pos += 2;
            return Ok(());
        }
        let digits = match code {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => {
                let shown = self.text.get(at + 1..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
                return syntax(
                    at,
                    format!("`\\{}` is not an escape sequence of double-quoted YAML", shown.escape_debug()),
                );
            }
        };
        let code_at = |start: usize| {
            self.text
                .get(start..start + digits)
                .filter(|hex| hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        };
        let first = code_at(at + 2);
        // JSON writes a character outside the Basic Multilingual Plane as a surrogate pair (`\ud83d\ude00`), and
        // JSON is YAML: join the pair into its character, as JSON readers do.
        let low_at = at + 2 + digits;
        let pair = first
            .filter(|high| code == b'u' && (0xD800..0xDC00).contains(high))
            .filter(|_| self.text.get(low_at..low_at + 2) == Some("\\u"))
            .and_then(|high| Some((high, code_at(low_at + 2).filter(|low| (0xDC00..0xE000).contains(low))?)))
            .and_then(|(high, low)| char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)));
        if let Some(character) = pair {
            text.push(character);
            self.pos += 2 * (2 + digits);
            return Ok(());
        }
        match first.and_then(char::from_u32) {
            Some(character) => {
                text.push(character);
                self.pos += 2 + digits;
                Ok(())
            }
            None => {
                syntax(at, format!("`\\{}` needs {digits} hexadecimal digits naming a character", char::from(code)))
            }
        }
    }

    /// A `|` or `>` scalar: its header, then the lines indented more than `parent`.
    fn block_scalar(&mut self, out: &mut DocBuilder<'t>, parent: isize, properties: Properties<'t>) -> Parsed<()> {
        let start = self.pos;
        let literal = self.peek() == b'|';
        self.pos += 1;
        let mut chomp = 0i8;
        let mut explicit = None;
        for _ in 0..2 {
            match self.peek() {
                b'+' if chomp == 0 => chomp = 1,
                b'-' if chomp == 0 => chomp = -1,
                digit @ b'1'..=b'9' if explicit.is_none() => explicit = Some(usize::from(digit - b'0')),
                _ => break,
            }
            self.pos += 1;
        }
        let header_end = self.pos;
        self.end_of_line("a block scalar's `|` or `>` header")?;
        self.line_break();
        let base = usize::try_from(parent).map_or(0, |parent| parent + 1);
        let indent = match explicit {
            Some(step) => usize::try_from(parent).map_or(step, |parent| parent + step),
            None => self.detect_indent(base),
        };
        let mut text = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        let mut trailing_breaks = 0usize;
        // The span covers the content, from its first character to the end of its last line.
        let mut first = None;
        let mut end = header_end;
        loop {
            let line_start = self.pos;
            while self.column() < indent && self.peek() == b' ' {
                self.pos += 1;
            }
            if self.done() {
                break;
            }
            if is_break(self.peek()) {
                trailing_breaks += 1;
                self.line_break();
                if chomp > 0 {
                    // Kept trailing lines are part of the value, so of its span.
                    end = self.pos;
                }
                continue;
            }
            if self.column() < indent || self.at_marker(b'-') || self.at_marker(b'.') {
                // A less indented line: the scalar ended on the line before.
                self.pos = line_start;
                break;
            }
            let content_start = self.pos;
            self.skip_to_line_end();
            let line = self.slice(content_start, self.pos);
            let trailing_blank = line.starts_with([' ', '\t']);
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    text.push(' ');
                }
            } else if leading_break {
                text.push('\n');
            }
            text.extend(std::iter::repeat_n('\n', trailing_breaks));
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            text.push_str(line);
            first.get_or_insert(content_start);
            // The end of the input ends the last line as a line break would.
            leading_break = self.line_break() || self.done();
            end = self.pos;
        }
        if chomp >= 0 && leading_break {
            text.push('\n');
        }
        if chomp > 0 {
            text.extend(std::iter::repeat_n('\n', trailing_breaks));
        }
        let style = if literal { Style::Literal } else { Style::Folded };
        let span = Span::new(first.unwrap_or(start), end);
        out.scalar(text, style, properties.anchor, properties.tag.map(Tag::resolved), span);
        Ok(())
    }

    /// The indentation of a block scalar's first non-empty line (at least `base`), without moving.
    fn detect_indent(&self, base: usize) -> usize {
        let mut at = self.pos;
        let mut widest_empty = 0;
        loop {
            let line_start = at;
            while self.byte(at) == b' ' {
                at += 1;
            }
            let width = at - line_start;
            match self.byte(at) {
                b'\r' | b'\n' if at < self.bytes.len() => {
                    widest_empty = widest_empty.max(width);
                    at += if self.byte(at) == b'\r' && self.byte(at + 1) == b'\n' { 2 } else { 1 };
                }
                _ if at >= self.bytes.len() => return base.max(widest_empty).max(1),
                _ => return base.max(width).max(1),
            }
        }
    }

    // ---- flow collections ----

    fn flow_collection(&mut self, out: &mut DocBuilder<'t>, properties: Properties<'t>) -> Parsed<()> {
        let open = self.pos;
        let mapping = self.peek() == b'{';
        let close = if mapping { b'}' } else { b']' };
        out.start(mapping, true, properties.anchor, Span::new(open, open + 1))?;
        self.pos += 1;
        loop {
            self.flow_gap(open)?;
            if self.peek() == close {
                out.end(Span::new(self.pos, self.pos + 1))?;
                self.pos += 1;
                return Ok(());
            }
            if mapping {
                self.flow_pair(out, open)?;
            } else if self.flow_pair_ahead() {
                out.start(true, false, None, Span::at(self.pos))?;
                self.flow_pair(out, open)?;
                out.end(Span::at(self.pos))?;
            } else {
                self.flow_node(out, open)?;
            }
            self.flow_gap(open)?;
            match self.peek() {
                b',' => self.pos += 1,
                byte if byte == close => {}
                _ => {
                    let expected = if mapping { "`,` or `}`" } else { "`,` or `]`" };
                    return syntax(
                        self.pos,
                        format!("expected {expected} here, in the collection opened at this bracket's line"),
                    );
                }
            }
        }
    }

    /// Blanks, comments and lines inside a flow collection, which must be closed before the document ends.
    fn flow_gap(&mut self, open: usize) -> Parsed<()> {
        self.skip_gap();
        if self.done() || self.at_marker(b'-') || self.at_marker(b'.') {
            let bracket = if self.byte(open) == b'{' { "{" } else { "[" };
            return syntax(open, format!("this `{bracket}` is never closed"));
        }
        Ok(())
    }

    /// One `key: value` (or `key`, or `? key: value`) of a flow mapping, or the single pair of `[key: value]`.
    fn flow_pair(&mut self, out: &mut DocBuilder<'t>, open: usize) -> Parsed<()> {
        if self.peek() == b'?' && is_white(self.byte(self.pos + 1)) {
            self.pos += 1;
            self.flow_gap(open)?;
        }
        if self.peek() == b':' {
            out.scalar(String::new(), Style::Plain, None, None, Span::at(self.pos));
        } else {
            self.flow_node(out, open)?;
        }
        self.flow_gap(open)?;
        if self.peek() != b':' {
            out.scalar(String::new(), Style::Plain, None, None, Span::at(self.pos));
            return Ok(());
        }
        self.pos += 1;
        self.flow_gap(open)?;
        if matches!(self.peek(), b',' | b'}' | b']') {
            out.scalar(String::new(), Style::Plain, None, None, Span::at(self.pos));
            return Ok(());
        }
        self.flow_node(out, open)
    }

    /// Whether the sequence entry here is a `key: value` pair: a `:` before the next `,`, `]` or line end.
    fn flow_pair_ahead(&self) -> bool {
        let mut at = self.pos;
        let mut depth = 0usize;
        let mut quote = None;
        loop {
            let byte = self.byte(at);
            if at >= self.bytes.len() || is_break(byte) {
                return false;
            }
            match (quote, byte) {
                (Some(open), _) if byte == open => quote = None,
                (None, b'"' | b'\'') => quote = Some(byte),
                (None, b'[' | b'{') => depth += 1,
                (None, b']' | b'}' | b',') if depth == 0 => return false,
                (None, b']' | b'}') => depth -= 1,
                (None, b':') if depth == 0 => {
                    let next = self.byte(at + 1);
                    let after_quote = at > self.pos && matches!(self.byte(at - 1), b'"' | b'\'');
                    return is_white(next) || is_flow_indicator(next) || after_quote;
                }
                _ => {}
            }
            at += 1;
        }
    }

    fn flow_node(&mut self, out: &mut DocBuilder<'t>, open: usize) -> Parsed<()> {
        let properties = self.properties(true)?;
        if properties.start.is_some() {
            self.flow_gap(open)?;
        }
        match self.peek() {
            b'[' | b'{' => self.flow_collection(out, properties),
            b'"' | b'\'' => self.quoted(out, properties),
            b'*' => self.alias(out, properties),
            b',' | b']' | b'}' | b':' if properties.start.is_some() => {
                let at = self.pos;
                empty(out, properties, Holder::Item, at);
                Ok(())
            }
            _ => self.plain(out, properties, -1, true),
        }
    }
}

/// A node that is not written: null, or the empty text of a tagged node. A document with nothing in it has no
/// root at all.
fn empty<'t>(out: &mut DocBuilder<'t>, properties: Properties<'t>, holder: Holder, at: usize) {
    if holder == Holder::Root && properties.anchor.is_none() && properties.tag.is_none() {
        return;
    }
    out.scalar(String::new(), Style::Plain, properties.anchor, properties.tag.map(Tag::resolved), Span::at(at));
}
