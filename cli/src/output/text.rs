//! `--format text`: one code frame per finding, drawn by annotate-snippets (the renderer rustc and ruff use),
//! then a summary line.
//!
//! Each frame gets only the lines its span covers, not the whole file, so a report with many findings in a large
//! file stays linear in the output size.

use std::collections::HashMap;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{Effects, Style};
use policy_core::span::LineIndex;
use policy_core::{Finding, Report, Severity, Source};

const BOM: &str = "\u{feff}";

pub fn write(out: &mut impl Write, report: &Report, sources: &[Source]) -> io::Result<()> {
    let texts: HashMap<&str, (&str, LineIndex<'_>)> = sources
        .iter()
        .map(|source| (source.path.as_str(), (source.content.as_str(), LineIndex::new(&source.content))))
        .collect();
    let renderer = Renderer::styled();
    for finding in &report.findings {
        let frame = texts.get(finding.path.as_str()).map(|(text, index)| Frame::new(text, index, finding));
        writeln!(out, "{}\n", renderer.render(&[group(finding, frame.as_ref())]))?;
    }
    let bold = Style::new().effects(Effects::BOLD);
    writeln!(out, "{bold}{}{bold:#}", summary(report))
}

fn group<'a>(finding: &'a Finding, frame: Option<&'a Frame<'a>>) -> Group<'a> {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level.primary_title(finding.message.as_str()).id(finding.rule.as_str());
    let mut group = match frame {
        Some(frame) => title.element(
            Snippet::source(frame.text)
                .line_start(frame.line_start)
                .path(finding.path.as_str())
                .annotation(AnnotationKind::Primary.span(frame.span.clone())),
        ),
        None => title.element(
            Origin::path(finding.path.as_str())
                .line(usize::try_from(finding.line).unwrap_or(usize::MAX))
                .char_column(usize::try_from(finding.column).unwrap_or(usize::MAX)),
        ),
    };
    if !finding.help.is_empty() {
        group = group.element(Level::HELP.message(finding.help.as_str()));
    }
    if let Some(fix) = &finding.fix {
        group = group.element(Level::NOTE.message(format!("fix available: {}", fix.title)));
    }
    group
}

/// The lines a finding covers and its span relative to them.
#[derive(Debug)]
struct Frame<'a> {
    text: &'a str,
    line_start: usize,
    span: std::ops::Range<usize>,
}

impl<'a> Frame<'a> {
    fn new(text: &'a str, index: &LineIndex<'_>, finding: &Finding) -> Self {
        let first = usize::try_from(finding.line).unwrap_or(1);
        let mut last = usize::try_from(finding.end_line).unwrap_or(first).max(first);
        // A span that ends just after a line break ends on the line before it.
        if last > first && finding.end_column == 1 {
            last -= 1;
        }
        let start = index.line_span(first).map_or(0, |span| span.start);
        // The BOM is not part of the text anyone sees; the engine's spans never start inside it.
        let start = if start == 0 && text.starts_with(BOM) { BOM.len() } else { start };
        let end = index.line_span(last).map_or(text.len(), |span| span.end).max(start);
        let lines = text.get(start..end).unwrap_or("");
        let from = floor_boundary(lines, finding.span.start.saturating_sub(start));
        let to = ceil_boundary(lines, finding.span.end.saturating_sub(start)).max(from);
        Self { text: lines, line_start: first, span: from..to }
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    (0..=offset).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0)
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    (offset..=text.len()).find(|&at| text.is_char_boundary(at)).unwrap_or(text.len())
}

/// `Found 3 errors, 2 warnings, 1 info in 4 files.` or `No findings in 4 files.`
pub fn summary(report: &Report) -> String {
    let files = plural(report.files.len(), "file", "files");
    let counts: Vec<String> = [
        (report.summary.error, "error", "errors"),
        (report.summary.warning, "warning", "warnings"),
        (report.summary.info, "info", "info"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| plural(count, one, many))
    .collect();
    if counts.is_empty() {
        format!("No findings in {files}.")
    } else {
        format!("Found {} in {files}.", counts.join(", "))
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use policy_core::report::{FileSummary, Summary};
    use policy_core::span::Span;
    use policy_core::Kind;

    fn finding(text: &str, span: Span) -> Finding {
        let index = LineIndex::new(text);
        let (start, end) = (index.position(span.start), index.position(span.end));
        Finding {
            rule: "parse-error".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: "h".into(),
            path: "Dockerfile".into(),
            span,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            fix: None,
        }
    }

    fn frame_of(text: &str, span: Span) -> (String, usize, String) {
        let index = LineIndex::new(text);
        let frame = Frame::new(text, &index, &finding(text, span));
        (frame.text.to_owned(), frame.line_start, frame.text[frame.span.clone()].to_owned())
    }

    #[test]
    fn frames_hold_only_the_spanned_lines() {
        let text = "FROM a\nRUNN x\r\nUSER 1\n";
        assert_eq!(frame_of(text, Span::new(7, 11)), ("RUNN x".into(), 2, "RUNN".into()));
        // Ending right after the line break stays on the line.
        assert_eq!(frame_of(text, Span::new(7, 15)), ("RUNN x".into(), 2, "RUNN x".into()));
        assert_eq!(frame_of(text, Span::new(0, 11)), ("FROM a\nRUNN x".into(), 1, "FROM a\nRUNN".into()));
    }

    #[test]
    fn frames_skip_the_bom_and_stay_on_char_boundaries() {
        let text = "\u{feff}FROM é\n";
        assert_eq!(frame_of(text, Span::new(3, 7)), ("FROM é".into(), 1, "FROM".into()));
        assert_eq!(frame_of(text, Span::new(0, 9)), ("FROM é".into(), 1, "FROM é".into()));
        assert_eq!(frame_of("", Span::at(0)), (String::new(), 1, String::new()));
    }

    #[test]
    fn summary_counts_nonzero_severities_with_plurals() {
        let files = |n| (0..n).map(|i| FileSummary { path: format!("{i}"), kind: Kind::Dockerfile }).collect();
        let mut report = Report::new(files(4), Vec::new());
        assert_eq!(summary(&report), "No findings in 4 files.");
        report.summary = Summary { error: 3, warning: 2, info: 1 };
        assert_eq!(summary(&report), "Found 3 errors, 2 warnings, 1 info in 4 files.");
        report.files.truncate(1);
        report.summary = Summary { error: 0, warning: 1, info: 0 };
        assert_eq!(summary(&report), "Found 1 warning in 1 file.");
    }
}
