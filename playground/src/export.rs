//! Exports of the findings: JSON (the report as every host sees it), SARIF 2.1.0, and Markdown for pasting into
//! a review or an issue.

use std::fmt::Write as _;

use policy_core::report::sarif::to_sarif;
use policy_core::Report;

pub fn json(report: &Report) -> String {
    report.to_json()
}

pub fn sarif(report: &Report) -> String {
    serde_json::to_string_pretty(&to_sarif(report)).unwrap_or_default()
}

/// A table of the findings; table cells cannot hold `|` or line breaks, so they are escaped or joined.
pub fn markdown(report: &Report) -> String {
    let summary = &report.summary;
    let mut out = format!(
        "### Seaworthy {}: {} finding{} ({} error, {} warning, {} info)\n\n",
        report.version,
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        summary.error,
        summary.warning,
        summary.info,
    );
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| Severity | Rule | Location | Message | Help |\n|---|---|---|---|---|\n");
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "| {} | `{}` | {}:{}:{} | {} | {} |",
            finding.severity,
            finding.rule,
            cell(&finding.path),
            finding.line,
            finding.column,
            cell(&finding.message),
            cell(&finding.help),
        );
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use policy_core::{check, Config, Source};

    use super::*;

    fn report() -> Report {
        check(&[Source::new("Dockerfile", "FROM alpine:3.20\nRUNN x | y\n")], &Config::default())
    }

    #[test]
    fn markdown_has_a_row_per_finding_with_escaped_cells() {
        let report = report();
        assert!(!report.findings.is_empty());
        let md = markdown(&report);
        let rows = md.lines().filter(|line| line.starts_with("| ") && !line.starts_with("| Severity")).count();
        assert_eq!(rows, report.findings.len());
        assert!(md.contains("`parse-error` | Dockerfile:2:1"), "{md}");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn json_and_sarif_are_json() {
        let report = report();
        let json: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        assert_eq!(json["findings"].as_array().map(Vec::len), Some(report.findings.len()));
        let sarif: serde_json::Value = serde_json::from_str(&sarif(&report)).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(report.findings.len()));
    }

    #[test]
    fn no_findings_says_so() {
        let clean = Report::new(Vec::new(), Vec::new());
        assert!(markdown(&clean).contains("0 findings"));
        assert!(markdown(&clean).contains("No findings."));
    }
}
