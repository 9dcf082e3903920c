//! What the Dockerfile rules' inline tests share: run one rule over a Dockerfile through the real engine (so
//! suppression, BOM handling and positions are the ones users get) and look at what it found.

use crate::config::Config;
use crate::report::Finding;
use crate::source::Source;

/// The findings of `rule` alone on `dockerfile`.
pub fn findings(rule: &str, dockerfile: &str) -> Vec<Finding> {
    findings_with(rule, dockerfile, Config::only(&[rule]))
}

/// The findings of `rule` alone on `dockerfile` under `config` (whose `rules` map is replaced).
pub fn findings_with(rule: &str, dockerfile: &str, config: Config) -> Vec<Finding> {
    let config = Config { rules: Config::only(&[rule]).rules, ..config };
    let report = crate::check(&[Source::new("Dockerfile", dockerfile)], &config);
    report.findings.into_iter().filter(|finding| finding.rule == rule).collect()
}

/// `(line, column)` of each finding of `rule` on `dockerfile`, in report order.
pub fn positions(rule: &str, dockerfile: &str) -> Vec<(u32, u32)> {
    findings(rule, dockerfile).iter().map(|finding| (finding.line, finding.column)).collect()
}

/// The text under each finding of `rule`, to check that spans cover the offending token exactly.
pub fn flagged_text(rule: &str, dockerfile: &str) -> Vec<String> {
    findings(rule, dockerfile).iter().map(|finding| finding.span.slice(dockerfile).to_owned()).collect()
}

/// `dockerfile` with the fix of the first finding of `rule` applied. Panics when there is no finding or fix.
pub fn fixed(rule: &str, dockerfile: &str) -> String {
    let found = findings(rule, dockerfile);
    let fix = found.first().and_then(|finding| finding.fix.as_ref()).unwrap_or_else(|| {
        panic!("`{rule}` offered no fix for:\n{dockerfile}\nfindings: {found:?}");
    });
    fix.apply(dockerfile)
}
