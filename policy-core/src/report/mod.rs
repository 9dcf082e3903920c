//! The finding model: what every host (CLI, playground, npm package, raw ABI, Kubewarden) receives.
//!
//! Rules produce [`Diagnostic`]s that carry byte spans only; [`Report::build`] turns them into [`Finding`]s with
//! 1-based lines and UTF-16 columns at the edge. The serialized shape of [`Report`] and [`Finding`] is a public,
//! documented contract (`docs/report-format.md`): add fields, never rename or remove them.

pub mod sarif;

use serde::{Deserialize, Serialize};

use crate::span::{LineIndex, Span};

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Self::Info),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
        crate::order::sort_by_key(&mut edits, |edit| (edit.span.start, edit.span.end));
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

/// What a rule reports, before positions are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub span: Span,
    pub message: String,
    pub help: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self { rule, span, message: message.into(), help: help.into(), fix: None }
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// One finding, as every host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Kebab-case rule id, e.g. `root-user`.
    pub rule: String,
    pub severity: Severity,
    /// What is wrong, naming the stage, instruction, object or container.
    pub message: String,
    /// What to do about it.
    pub help: String,
    pub path: String,
    /// Byte offsets into the source as given (BOM included).
    pub span: Span,
    /// 1-based.
    pub line: u32,
    /// 1-based, in UTF-16 code units.
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn from_diagnostic(diagnostic: Diagnostic, severity: Severity, path: &str, index: &LineIndex<'_>) -> Self {
        let start = index.position(diagnostic.span.start);
        let end = index.position(diagnostic.span.end);
        Self {
            rule: diagnostic.rule.to_owned(),
            severity,
            message: diagnostic.message,
            help: diagnostic.help,
            path: path.to_owned(),
            span: diagnostic.span,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            fix: diagnostic.fix,
        }
    }
}

/// Per-file facts, so that hosts can tell "checked and clean" from "not checked".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub path: String,
    pub kind: crate::source::Kind,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

/// The result of one check over a bundle of sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The `policy-core` version that produced the report.
    pub version: String,
    pub files: Vec<FileSummary>,
    /// Sorted by path, then by position, then by rule id.
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    pub fn new(files: Vec<FileSummary>, findings: Vec<Finding>) -> Self {
        // By path, then by position, then by rule id. Sorted through their indices, then moved once into place: a
        // finding is a dozen fields, and a sort moving them around cost more than the rest of building the report.
        // Paths are ranked first, once per run of findings from the same file, so the sort compares numbers.
        let mut distinct: Vec<&str> = Vec::new();
        for finding in &findings {
            if distinct.last() != Some(&finding.path.as_str()) {
                distinct.push(&finding.path);
            }
        }
        crate::order::sort_dedup(&mut distinct);
        let mut ranks = Vec::with_capacity(findings.len());
        let mut previous: Option<(&str, usize)> = None;
        for finding in &findings {
            let rank = match previous {
                Some((path, rank)) if path == finding.path => rank,
                _ => distinct.binary_search(&finding.path.as_str()).unwrap_or_default(),
            };
            previous = Some((&finding.path, rank));
            ranks.push(rank);
        }
        let key = |at: usize| {
            let finding = findings.get(at)?;
            Some((ranks.get(at)?, finding.span.start, finding.span.end, finding.rule.as_str()))
        };
        let order = crate::order::stable_order(findings.len(), &|a, b| key(a).cmp(&key(b)));
        let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
        let findings: Vec<Finding> = order.iter().filter_map(|&at| slots.get_mut(at).and_then(Option::take)).collect();
        let mut summary = Summary::default();
        for finding in &findings {
            match finding.severity {
                Severity::Error => summary.error += 1,
                Severity::Warning => summary.warning += 1,
                Severity::Info => summary.info += 1,
            }
        }
        Self { version: crate::VERSION.to_owned(), files, findings, summary }
    }

    /// The highest severity among the findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|finding| finding.severity).max()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
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

    #[test]
    fn severity_orders_info_below_error() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!(Severity::parse("warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("Warning"), None);
    }
}
