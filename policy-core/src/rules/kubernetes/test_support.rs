//! What the Kubernetes rules' inline tests share: run one rule over manifests through the real engine (so the
//! bundle, suppressions and positions are the ones users get) and look at what it found.

use crate::config::Config;
use crate::report::Finding;
use crate::source::Source;

/// The findings of `rule` alone on one manifest file.
pub fn findings(rule: &str, yaml: &str) -> Vec<Finding> {
    findings_in(rule, &[("manifest.yaml", yaml)], Config::only(&[rule]))
}

/// The findings of `rule` alone on several files checked together, under `config` (whose `rules` map is
/// replaced so that only `rule` runs).
pub fn findings_in(rule: &str, files: &[(&str, &str)], config: Config) -> Vec<Finding> {
    let config = Config { rules: Config::only(&[rule]).rules, ..config };
    let sources: Vec<Source> = files.iter().map(|(path, text)| Source::new(*path, *text)).collect();
    let report = crate::check(&sources, &config);
    report.findings.into_iter().filter(|finding| finding.rule == rule).collect()
}

/// `(line, column)` of each finding of `rule` on one manifest, in report order.
pub fn positions(rule: &str, yaml: &str) -> Vec<(u32, u32)> {
    findings(rule, yaml).iter().map(|finding| (finding.line, finding.column)).collect()
}

/// The text under each finding of `rule`, to check that spans cover the offending key or value exactly.
pub fn flagged_text(rule: &str, yaml: &str) -> Vec<String> {
    findings(rule, yaml).iter().map(|finding| finding.span.slice(yaml).to_owned()).collect()
}

/// `yaml` with the fix of the first finding of `rule` applied. Panics when there is no finding or fix.
pub fn fixed(rule: &str, yaml: &str) -> String {
    let found = findings(rule, yaml);
    let fix = found.first().and_then(|finding| finding.fix.as_ref()).unwrap_or_else(|| {
        panic!("`{rule}` offered no fix for:\n{yaml}\nfindings: {found:?}");
    });
    fix.apply(yaml)
}
