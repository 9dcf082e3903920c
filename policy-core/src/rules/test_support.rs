//! What the rules' inline tests share: run one rule through the real engine (so suppressions, BOM handling,
//! bundles and positions are the ones users get) and look at what it found.
//!
//! A case is read as the file the rule reads: `Dockerfile` for a Dockerfile rule, `manifest.yaml` for a
//! Kubernetes rule, `deploy.sh` for a script rule. A rule that reads more than one kind (`log-to-file`) gets a
//! Dockerfile when the text starts like one, else a manifest.

use crate::base::source::Source;
use crate::config::Config;
use crate::lint::Check;
use crate::report::Finding;

/// The file name `text` is checked as for `rule`.
fn path_for(rule: &str, text: &str) -> &'static str {
    let checks = crate::rules::find(rule).map_or(&[][..], |rule| rule.checks);
    let reads = |wanted: fn(&Check) -> bool| checks.iter().any(wanted);
    let dockerfile = reads(|check| matches!(check, Check::Dockerfile(_)));
    let manifest = reads(|check| matches!(check, Check::Object(_) | Check::Bundle(_)));
    let script = reads(|check| matches!(check, Check::Script(_)));
    let starts_like_dockerfile = || {
        let first = text.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#'));
        first.is_some_and(|line| {
            let keyword = line.split_whitespace().next().unwrap_or("");
            keyword.eq_ignore_ascii_case("FROM") || keyword.eq_ignore_ascii_case("ARG")
        })
    };
    match (dockerfile, manifest, script) {
        (true, true, _) if starts_like_dockerfile() => "Dockerfile",
        (true, false, _) => "Dockerfile",
        (false, false, true) => "deploy.sh",
        _ => "manifest.yaml",
    }
}

/// The findings of `rule` alone on `text`.
pub fn findings(rule: &str, text: &str) -> Vec<Finding> {
    findings_with(rule, text, Config::default())
}

/// The findings of `rule` alone on `text` under `config` (whose `rules` map is replaced).
pub fn findings_with(rule: &str, text: &str, config: Config) -> Vec<Finding> {
    findings_in(rule, &[(path_for(rule, text), text)], config)
}

/// The findings of `rule` alone on several files checked together, under `config` (whose `rules` map is replaced
/// so that only `rule` runs).
pub fn findings_in(rule: &str, files: &[(&str, &str)], config: Config) -> Vec<Finding> {
    let config = Config { rules: Config::only(&[rule]).rules, ..config };
    let sources: Vec<Source> = files.iter().map(|(path, text)| Source::new(*path, *text)).collect();
    let report = crate::check(&sources, &config);
    report.findings.into_iter().filter(|finding| finding.rule == rule).collect()
}

/// The findings of `rule` alone on the file `path` (its name tells the kind: `deploy.sh`,
/// `.github/workflows/x.yml`, `.gitlab-ci.yml`).
pub fn findings_at(rule: &str, path: &str, text: &str) -> Vec<Finding> {
    findings_in(rule, &[(path, text)], Config::default())
}

/// `(line, column)` of each finding of `rule` on `text`, in report order.
pub fn positions(rule: &str, text: &str) -> Vec<(u32, u32)> {
    findings(rule, text).iter().map(|finding| (finding.line, finding.column)).collect()
}

/// `(line, column)` of each finding of `rule` on the file `path`, in report order.
pub fn positions_in(rule: &str, path: &str, text: &str) -> Vec<(u32, u32)> {
    findings_at(rule, path, text).iter().map(|finding| (finding.line, finding.column)).collect()
}

/// The text under each finding of `rule`, to check that spans cover the offending token or key exactly.
pub fn flagged_text(rule: &str, text: &str) -> Vec<String> {
    findings(rule, text).iter().map(|finding| finding.span.slice(text).to_owned()).collect()
}

/// The text under each finding of `rule` on the file `path`.
pub fn flagged_text_in(rule: &str, path: &str, text: &str) -> Vec<String> {
    findings_at(rule, path, text).iter().map(|finding| finding.span.slice(text).to_owned()).collect()
}

/// `text` with the fix of the first finding of `rule` applied. Panics when there is no finding or fix.
pub fn fixed(rule: &str, text: &str) -> String {
    let found = findings(rule, text);
    let fix = found.first().and_then(|finding| finding.fix.as_ref()).unwrap_or_else(|| {
        panic!("`{rule}` offered no fix for:\n{text}\nfindings: {found:?}");
    });
    fix.apply(text)
}
