//! The open file as static text with its findings underlined, shown for the moment between the first render and
//! the code editor's arrival. CodeMirror's cold start costs about 90 ms on the 2-core machine (construction 38 ms,
//! first layout and measure 52 ms, measured alone in a bare page), so the page paints the findings and this preview
//! first and builds the editor in the task after.

use policy_core::span::Span;
use policy_core::Severity;

/// A finding's place in the file, as the preview underlines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub severity: Severity,
    /// Shown on hover.
    pub message: String,
}

/// One piece of a line: plain text, or text under the marks that cover it (the most severe first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub mark: Option<usize>,
}

/// One line of the preview, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub pieces: Vec<Piece>,
}

/// The first `max_lines` lines of `text`, cut where a mark starts or ends. Where marks overlap, a piece names the
/// most severe one. An empty mark (an insertion point) underlines nothing.
pub fn lines(text: &str, marks: &[Mark], max_lines: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, line) in text.split('\n').take(max_lines).enumerate() {
        let end = start + line.len();
        let mut cuts: Vec<usize> = vec![start, end];
        for mark in marks {
            for cut in [mark.span.start, mark.span.end] {
                if start < cut && cut < end && text.is_char_boundary(cut) {
                    cuts.push(cut);
                }
            }
        }
        policy_core::order::sort_dedup(&mut cuts);
        let pieces = cuts
            .windows(2)
            .filter_map(|pair| {
                let (from, to) = (*pair.first()?, *pair.get(1)?);
                let covering = marks
                    .iter()
                    .enumerate()
                    .filter(|(_, mark)| mark.span.start <= from && to <= mark.span.end)
                    .max_by_key(|(_, mark)| mark.severity)
                    .map(|(at, _)| at);
                Some(Piece { text: text.get(from..to)?.to_owned(), mark: covering })
            })
            .collect();
        out.push(Line { number: index + 1, pieces });
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, severity: Severity) -> Mark {
        Mark { span: Span::new(start, end), severity, message: String::new() }
    }

    fn shown(lines: &[Line]) -> Vec<Vec<(&str, Option<usize>)>> {
        lines.iter().map(|line| line.pieces.iter().map(|piece| (piece.text.as_str(), piece.mark)).collect()).collect()
    }

    #[test]
    fn lines_are_cut_where_marks_start_and_end() {
        let text = "FROM alpine\nUSER root\n";
        let marks = [mark(12, 21, Severity::Warning), mark(17, 21, Severity::Error)];
        let lines = lines(text, &marks, 10);
        assert_eq!(lines.iter().map(|line| line.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(shown(&lines), [vec![("FROM alpine", None)], vec![("USER ", Some(0)), ("root", Some(1))], vec![]]);
    }

    #[test]
    fn marks_across_lines_and_odd_spans_are_safe() {
        // A mark over two lines, one past the end, an empty one, and one inside a multi-byte character.
        let text = "é1\nab\n";
        let marks = [
            mark(1, 5, Severity::Info),
            mark(4, 99, Severity::Error),
            mark(4, 4, Severity::Error),
            mark(1, 2, Severity::Info),
        ];
        let lines = lines(text, &marks, 2);
        // A cut inside "é" is skipped; "a" lies under the Info mark and the Error mark, and the Error one is named.
        assert_eq!(shown(&lines), [vec![("é", None), ("1", Some(0))], vec![("a", Some(1)), ("b", Some(1))]]);
    }
}
