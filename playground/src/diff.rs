//! Line diffs for the fix preview: what "Apply fix" and "Fix all" would change, as hunks with context.
//!
//! Fixes touch a few lines, so the common prefix and suffix are trimmed first and only the middle is compared with a
//! longest-common-subsequence table; a middle too large for the table is shown as removed-then-added.

/// One line of a hunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A run of changed lines with their context. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk<'a> {
    pub old_start: usize,
    pub new_start: usize,
    pub lines: Vec<Line<'a>>,
}

/// Largest middle section (old lines × new lines) compared line by line.
const MAX_TABLE: usize = 4_000_000;

pub fn diff<'a>(before: &'a str, after: &'a str, context: usize) -> Vec<Hunk<'a>> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(old.len().min(new.len()) - prefix);
    let old_mid = old.get(prefix..old.len() - suffix).unwrap_or_default();
    let new_mid = new.get(prefix..new.len() - suffix).unwrap_or_default();

    let mut ops: Vec<Line<'a>> = old.get(..prefix).unwrap_or_default().iter().map(|l| Line::Same(l)).collect();
    ops.extend(middle(old_mid, new_mid));
    ops.extend(old.get(old.len() - suffix..).unwrap_or_default().iter().map(|l| Line::Same(l)));
    hunks(&ops, context)
}

fn middle<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Line<'a>> {
    if (old.len() + 1).saturating_mul(new.len() + 1) > MAX_TABLE {
        return old.iter().map(|l| Line::Removed(l)).chain(new.iter().map(|l| Line::Added(l))).collect();
    }
    // table[i][j]: length of the LCS of old[i..] and new[j..], stored row-major.
    let width = new.len() + 1;
    let mut table = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            let value = if old.get(i) == new.get(j) {
                table.get((i + 1) * width + j + 1).copied().unwrap_or(0) + 1
            } else {
                let down = table.get((i + 1) * width + j).copied().unwrap_or(0);
                let right = table.get(i * width + j + 1).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = table.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    let at = |i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(0);
    let mut out = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                out.push(Line::Same(a));
                i += 1;
                j += 1;
            }
            (Some(a), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                out.push(Line::Removed(a));
                i += 1;
            }
            (_, Some(b)) => {
                out.push(Line::Added(b));
                j += 1;
            }
            (Some(a), None) => {
                out.push(Line::Removed(a));
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

fn hunks<'a>(ops: &[Line<'a>], context: usize) -> Vec<Hunk<'a>> {
    let changed: Vec<usize> =
        ops.iter().enumerate().filter(|(_, op)| !matches!(op, Line::Same(_))).map(|(at, _)| at).collect();
    // Ranges of `ops` to show: each change with its context, merged when they touch.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for at in changed {
        let (start, end) = (at.saturating_sub(context), (at + context + 1).min(ops.len()));
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    let mut out = Vec::with_capacity(ranges.len());
    let (mut old_line, mut new_line, mut cursor) = (1, 1, 0);
    for (start, end) in ranges {
        for op in ops.get(cursor..start).unwrap_or_default() {
            advance(op, &mut old_line, &mut new_line);
        }
        let shown = ops.get(start..end).unwrap_or_default();
        out.push(Hunk { old_start: old_line, new_start: new_line, lines: shown.to_vec() });
        for op in shown {
            advance(op, &mut old_line, &mut new_line);
        }
        cursor = end;
    }
    out
}

fn advance(op: &Line<'_>, old_line: &mut usize, new_line: &mut usize) {
    match op {
        Line::Same(_) => {
            *old_line += 1;
            *new_line += 1;
        }
        Line::Removed(_) => *old_line += 1,
        Line::Added(_) => *new_line += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_change_is_one_hunk_with_context() {
        let before = "FROM a\nRUN x\nUSER root\nCMD y\nEXPOSE 1\n";
        let after = "FROM a\nRUN x\nUSER 10001\nCMD y\nEXPOSE 1\n";
        let hunks = diff(before, after, 1);
        assert_eq!(
            hunks,
            vec![Hunk {
                old_start: 2,
                new_start: 2,
                lines: vec![
                    Line::Same("RUN x"),
                    Line::Removed("USER root"),
                    Line::Added("USER 10001"),
                    Line::Same("CMD y")
                ],
            }]
        );
    }

    #[test]
    fn an_inserted_line_shifts_new_numbers_and_far_changes_split() {
        let before = (1..=20).fold(String::new(), |text, n| text + "l" + &n.to_string() + "\n");
        let after = before.replacen("l3\n", "# note\nl3\n", 1).replacen("l18\n", "L18\n", 1);
        let hunks = diff(&before, &after, 1);
        assert_eq!(hunks.len(), 2);
        assert_eq!(hunks[0].lines, vec![Line::Same("l2"), Line::Added("# note"), Line::Same("l3")]);
        assert_eq!((hunks[1].old_start, hunks[1].new_start), (17, 18));
        assert!(diff(&before, &before, 3).is_empty());
    }

    #[test]
    fn interleaved_changes_keep_common_lines() {
        let hunks = diff("a\nb\nc\nd", "a\nx\nc\ny", 0);
        let lines: Vec<_> = hunks.iter().flat_map(|h| h.lines.clone()).collect();
        assert_eq!(lines, vec![Line::Removed("b"), Line::Added("x"), Line::Removed("d"), Line::Added("y")]);
    }
}
