//! What the script rules' inline tests share: run one rule over a shell script or a CI file through the real
//! engine (so kind detection, suppression, BOM handling and positions are the ones users get).

use crate::config::Config;
use crate::report::Finding;
use crate::source::Source;

/// The findings of `rule` alone on the file `path` (its name tells the kind: `deploy.sh`,
/// `.github/workflows/x.yml`, `.gitlab-ci.yml`).
pub fn findings_in(rule: &str, path: &str, text: &str) -> Vec<Finding> {
    let report = crate::check(&[Source::new(path, text)], &Config::only(&[rule]));
    report.findings.into_iter().filter(|finding| finding.rule == rule).collect()
}

/// The findings of `rule` alone on a shell script.
pub fn findings(rule: &str, script: &str) -> Vec<Finding> {
    findings_in(rule, "deploy.sh", script)
}

/// The text under each finding of `rule` on the file `path`.
pub fn flagged_text_in(rule: &str, path: &str, text: &str) -> Vec<String> {
    findings_in(rule, path, text).iter().map(|finding| finding.span.slice(text).to_owned()).collect()
}

/// The text under each finding of `rule` on a shell script, to check that spans cover the command exactly.
pub fn flagged_text(rule: &str, script: &str) -> Vec<String> {
    flagged_text_in(rule, "deploy.sh", script)
}

/// `(line, column)` of each finding of `rule` on the file `path`, in report order.
pub fn positions_in(rule: &str, path: &str, text: &str) -> Vec<(u32, u32)> {
    findings_in(rule, path, text).iter().map(|finding| (finding.line, finding.column)).collect()
}
