//! Shared helpers for the workspace tests: fixture discovery, expectation markers and plain-text code frames.
//!
//! A fixture states what it must raise with marker comments on their own line (in a Dockerfile `#` starts a
//! comment only at the start of a line): `# expect: rule-id` marks the next line that is neither blank nor a
//! comment, and the fixture test asserts that the set of `(rule, line)` pairs found equals the set marked.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policy_core::{Finding, Source};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Every file under `dir`, sorted, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The fixtures of the repository, as sources named by their path relative to `tests/fixtures`.
pub fn fixtures() -> Vec<Source> {
    let base = root().join("tests/fixtures");
    files_under(&base)
        .into_iter()
        .filter_map(|path| {
            let content = std::fs::read_to_string(&path).ok()?;
            let name = path.strip_prefix(&base).ok()?.to_string_lossy().replace('\\', "/");
            Some(Source::new(name, content))
        })
        .collect()
}

/// `(rule, line)` pairs that a fixture's `# expect: a, b` markers ask for.
pub fn expected(content: &str) -> BTreeSet<(String, u32)> {
    let mut pending: Vec<String> = Vec::new();
    let mut out = BTreeSet::new();
    for (number, line) in content.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(ids) = trimmed.strip_prefix("# expect:") {
            pending.extend(ids.split(',').map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()));
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let line_number = u32::try_from(number + 1).unwrap_or(u32::MAX);
            out.extend(pending.drain(..).map(|id| (id, line_number)));
        }
    }
    out
}

/// `(rule, line)` pairs actually found.
pub fn found(findings: &[Finding]) -> BTreeSet<(String, u32)> {
    findings.iter().map(|finding| (finding.rule.clone(), finding.line)).collect()
}

/// A plain-text code frame per finding, for snapshots: the finding, its source line and a caret underline.
pub fn frames(content: &str, findings: &[Finding]) -> String {
    let lines: Vec<&str> = content.lines().collect();
    let mut out = String::new();
    for finding in findings {
        let _ = writeln!(
            out,
            "{}[{}] {}:{}:{}: {}",
            finding.severity, finding.rule, finding.path, finding.line, finding.column, finding.message
        );
        let index = usize::try_from(finding.line).unwrap_or(0).saturating_sub(1);
        let text = lines.get(index).copied().unwrap_or("").trim_end_matches('\r');
        let gutter = finding.line.to_string();
        let _ = writeln!(out, "{gutter} | {text}");
        let start = usize::try_from(finding.column).unwrap_or(1).saturating_sub(1);
        let width = if finding.end_line == finding.line {
            usize::try_from(finding.end_column.saturating_sub(finding.column)).unwrap_or(1).max(1)
        } else {
            text.encode_utf16().count().saturating_sub(start).max(1)
        };
        let _ = writeln!(out, "{} | {}{}", " ".repeat(gutter.len()), " ".repeat(start), "^".repeat(width));
        let _ = writeln!(out, "  = help: {}", finding.help);
        if let Some(fix) = &finding.fix {
            let _ = writeln!(out, "  = fix: {}", fix.title);
        }
        out.push('\n');
    }
    out
}
