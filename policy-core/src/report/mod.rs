//! The finding model: what every host (CLI, playground, npm package, raw ABI, Kubewarden) receives.
//!
//! Rules produce [`Diagnostic`]s that carry byte spans only; [`Report::build`] turns them into [`Finding`]s with
//! 1-based lines and UTF-16 columns at the edge. The serialized shape of [`Report`] and [`Finding`] is a public,
//! documented contract (`docs/report-format.md`): add fields, never rename or remove them.

pub mod catalogue;
pub mod sarif;

use serde::{Deserialize, Serialize};

pub use crate::base::fix::{Edit, Fix};
pub use crate::base::severity::Severity;
use crate::base::span::{LineIndex, Span};
use crate::lint::Diagnostic;

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
    pub kind: crate::base::source::Kind,
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
        crate::base::order::sort_dedup(&mut distinct);
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
        let order = crate::base::order::stable_order(findings.len(), &|a, b| key(a).cmp(&key(b)));
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
