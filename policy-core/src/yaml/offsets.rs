//! Character index → byte offset conversion.
//!
//! `saphyr-parser` reports positions as indices in characters (its `Marker::index`), while every span in
//! Seaworthy is in bytes. One table per source, built once, answers both directions in constant time, also for
//! parsers restarted in the middle of the text after a broken document.

/// Every `STRIDE`-th character's byte offset, so a lookup walks at most `STRIDE - 1` characters.
const STRIDE: usize = 64;

#[derive(Debug)]
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    /// Empty when the text is ASCII: then character and byte indices are the same.
    checkpoints: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let checkpoints =
            if text.is_ascii() { Vec::new() } else { text.char_indices().step_by(STRIDE).map(|(at, _)| at).collect() };
        Self { text, checkpoints }
    }

    /// The byte offset of character `index`; indices past the end give the text's length.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&start) = self.checkpoints.get(index / STRIDE) else { return self.text.len() };
        let rest = self.text.get(start..).unwrap_or("");
        rest.char_indices().nth(index % STRIDE).map_or(self.text.len(), |(at, _)| start + at)
    }

    /// The character index of byte offset `offset`, which must be a character boundary (offsets inside a
    /// character count it as started).
    pub(crate) fn char_index(&self, offset: usize) -> usize {
        if self.checkpoints.is_empty() {
            return offset.min(self.text.len());
        }
        let block = self.checkpoints.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = self.checkpoints.get(block).copied().unwrap_or(0);
        let counted = self.text.get(start..).unwrap_or("").char_indices().take_while(|&(at, _)| start + at < offset);
        block * STRIDE + counted.count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_across_multibyte_text() {
        let text: String = "aé🐳\r\nx".repeat(50);
        let offsets = CharOffsets::new(&text);
        for (index, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(index), byte, "char {index}");
            assert_eq!(offsets.char_index(byte), index, "byte {byte}");
        }
        assert_eq!(offsets.byte(text.chars().count()), text.len());
        assert_eq!(offsets.byte(usize::MAX), text.len());
    }

    #[test]
    fn ascii_is_the_identity() {
        let offsets = CharOffsets::new("abc");
        assert_eq!((offsets.byte(2), offsets.char_index(2), offsets.byte(9)), (2, 2, 3));
    }
}
