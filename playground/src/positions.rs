//! Byte offsets (what policy-core's spans count) to UTF-16 offsets (what CodeMirror and `<textarea>` selections
//! count), and the line arithmetic that fixes and "Ignore here" need.

/// Converts byte offsets of one text to UTF-16 offsets. Offsets inside a character count it as started; offsets
/// past the end clamp to the end.
#[derive(Debug, Clone, Copy)]
pub struct Utf16<'a> {
    text: &'a str,
}

impl<'a> Utf16<'a> {
    pub const fn new(text: &'a str) -> Self {
        Self { text }
    }

    pub fn offset(&self, byte: usize) -> usize {
        let byte = floor_char_boundary(self.text, byte);
        if self.text.is_ascii() {
            return byte;
        }
        self.text.get(..byte).map_or(0, |before| before.encode_utf16().count())
    }

    /// The byte offset of a UTF-16 offset, for reading a selection back.
    pub fn byte(&self, utf16: usize) -> usize {
        let mut units = 0;
        for (at, c) in self.text.char_indices() {
            if units >= utf16 {
                return at;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }
}

/// The largest character boundary at or before `byte`, clamped to the text.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut at = byte.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset where the line holding `byte` starts.
pub fn line_start(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte);
    text.get(..byte).and_then(|before| before.rfind('\n')).map_or(0, |newline| newline + 1)
}

/// The line starting at `start`, without its line break (a `\r` before `\n` is dropped too).
pub fn line_at(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    line.strip_suffix('\r').unwrap_or(line)
}

/// The line before the one starting at `start`, with its start offset.
pub fn previous_line(text: &str, start: usize) -> Option<(usize, &str)> {
    let newline = start.checked_sub(1)?;
    let previous = line_start(text, newline);
    Some((previous, line_at(text, previous)))
}

/// The leading spaces and tabs of a line.
pub fn indentation(line: &str) -> &str {
    let end = line.len() - line.trim_start_matches([' ', '\t']).len();
    line.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs_twice() {
        let text = "é😀x";
        let utf16 = Utf16::new(text);
        assert_eq!(utf16.offset(0), 0);
        assert_eq!(utf16.offset(2), 1, "é is 2 bytes, 1 unit");
        assert_eq!(utf16.offset(6), 3, "😀 is 4 bytes, 2 units");
        assert_eq!(utf16.offset(4), 1, "inside 😀 counts from its start");
        assert_eq!(utf16.offset(99), 4);
        assert_eq!(utf16.byte(3), 6);
        assert_eq!(utf16.byte(99), text.len());
    }

    #[test]
    fn line_helpers_find_starts_and_indentation() {
        let text = "a\n  - b: 1\r\n\tc";
        assert_eq!(line_start(text, 0), 0);
        assert_eq!(line_start(text, 6), 2);
        assert_eq!(line_at(text, 2), "  - b: 1");
        assert_eq!(indentation(line_at(text, 2)), "  ");
        assert_eq!(previous_line(text, 2), Some((0, "a")));
        assert_eq!(previous_line(text, 0), None);
        assert_eq!(indentation(line_at(text, line_start(text, text.len()))), "\t");
    }
}
