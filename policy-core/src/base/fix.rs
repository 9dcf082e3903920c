//! Machine-applicable fixes: byte-span edits of a source, which every host applies the same way.

use serde::{Deserialize, Serialize};

use crate::base::span::Span;

/// One replacement of the text under `span`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A machine-applicable fix: edits that never overlap, applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What applying the fix does, as a button label would say it.
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self { title: title.into(), edits }
    }

    /// One edit replacing `span` with `replacement`.
    pub fn replace(title: impl Into<String>, span: Span, replacement: impl Into<String>) -> Self {
        Self::new(title, vec![Edit { span, replacement: replacement.into() }])
    }

    /// Applies the edits to `text`. Edits whose spans overlap an earlier one or fall off character boundaries
    /// are skipped, so a stale fix can never corrupt the text.
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        crate::base::order::sort_by_key(&mut edits, |edit| (edit.span.start, edit.span.end));
        let mut out = String::with_capacity(text.len());
        let mut cursor = 0;
        for edit in edits {
            let (Some(kept), true) = (text.get(cursor..edit.span.start), text.is_char_boundary(edit.span.end)) else {
                continue;
            };
            out.push_str(kept);
            out.push_str(&edit.replacement);
            cursor = edit.span.end;
        }
        out.push_str(text.get(cursor..).unwrap_or(""));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_apply_skips_overlapping_and_broken_edits() {
        let fix = Fix::new(
            "t",
            vec![
                Edit { span: Span::new(4, 7), replacement: "cat".into() },
                Edit { span: Span::new(0, 3), replacement: "one".into() },
                Edit { span: Span::new(5, 6), replacement: "overlap".into() },
            ],
        );
        assert_eq!(fix.apply("the dog"), "one cat");
        let broken = Fix::replace("t", Span::new(1, 2), "x");
        assert_eq!(broken.apply("é"), "é");
    }
}
