//! Byte spans and the line index that turns them into positions.
//!
//! Every parser keeps byte offsets into the original source; positions are computed only at the edge, when a
//! finding is reported. Lines and columns are 1-based, and columns count UTF-16 code units so that browsers,
//! editors and JavaScript hosts land on the same character as we do (a column in bytes drifts after non-ASCII
//! text).

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self { start: end, end: start }
        }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The text under the span, or `""` when the span does not fall on character boundaries of `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and a 1-based column counted in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// The offset where each line of `text` starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    // Editors hide a leading byte order mark, so line 1 starts after it and the BOM takes no column.
    let first = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    // A byte loop into a vector sized for typical line lengths: manifests have short lines, where a search call per
    // line and the vector's regrowth cost more than looking at every byte.
    let mut starts = Vec::with_capacity(text.len() / 16 + 1);
    starts.push(first);
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if byte == b'\n' {
            starts.push(at + 1);
        }
    }
    starts
}

/// The 1-based line holding `offset`, given the text's [`line_starts`].
pub(crate) fn line_number(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&start| start <= offset).max(1)
}

/// Start offsets of every line of a text, so that converting an offset to a position takes `O(log lines)`.
///
/// A line ends at `\n`; a `\r` before it belongs to the line's text, so CRLF files keep the same line numbers
/// as LF files. A lone `\r` is not a line break.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, line_starts: line_starts(text) }
    }

    /// The position of a byte offset. Offsets past the end clamp to the end; offsets inside a multi-byte
    /// character count the character as started.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        let before = self.text.get(line_start..offset).unwrap_or_else(|| {
            // `offset` is inside a character: count up to the last boundary before it.
            let boundary = (line_start..=offset).rev().find(|&i| self.text.is_char_boundary(i)).unwrap_or(line_start);
            self.text.get(line_start..boundary).unwrap_or("")
        });
        let column = before.encode_utf16().count();
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The byte span of 1-based line `line` without its line break, if the line exists.
    pub fn line_span(&self, line: usize) -> Option<Span> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        let end =
            if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start { end - 1 } else { end };
        Some(Span::new(start, end))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_utf16_units() {
        let text = "ab\n🐳x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // The whale is four bytes and two UTF-16 units.
        assert_eq!(index.position(7), Position { line: 2, column: 3 });
        assert_eq!(index.position(text.len()), Position { line: 3, column: 5 });
        assert_eq!(index.position(usize::MAX), Position { line: 3, column: 5 });
        // Inside the whale: counts as the whale's own column.
        assert_eq!(index.position(5), Position { line: 2, column: 1 });
    }

    #[test]
    fn a_byte_order_mark_takes_no_column_and_stays_out_of_line_one() {
        let text = "\u{feff}FROM x\nRUN y";
        let index = LineIndex::new(text);
        let from = text.find("FROM").unwrap_or_default();
        assert_eq!(index.position(from), Position { line: 1, column: 1 });
        assert_eq!(index.position(from + 5), Position { line: 1, column: 6 });
        assert_eq!(index.position(1), Position { line: 1, column: 1 });
        assert_eq!(index.line_span(1).map(|s| s.slice(text)), Some("FROM x"));
        assert_eq!(index.position(text.len()), Position { line: 2, column: 6 });
    }

    #[test]
    fn line_spans_exclude_crlf() {
        let text = "ab\r\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(1).map(|s| s.slice(text)), Some("ab"));
        assert_eq!(index.line_span(2).map(|s| s.slice(text)), Some("cd"));
        assert_eq!(index.line_span(3).map(|s| s.slice(text)), Some(""));
        assert_eq!(index.line_span(4), None);
    }
}
