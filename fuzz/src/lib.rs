//! What the fuzz targets share: turning bytes into text the way hosts do, splitting one input into a bundle, and
//! the invariants every report must keep whatever the input.
//!
//! A panic, an abort, a timeout (`-timeout=10` in `scripts/fuzz.sh`) or an out-of-memory is a crash; so is a
//! broken invariant below, because a finding outside its source sends an editor or a SARIF viewer to a position
//! that does not exist.

use policy_core::{Report, Source};

/// The bytes as text, with invalid UTF-8 replaced by U+FFFD, as the CLI reads files.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// File names a bundle's sources take, so their kinds: Dockerfiles, manifests, a shell script and CI files.
const NAMES: [&str; 9] = [
    "Dockerfile",
    "deploy/app.yaml",
    "build.Dockerfile",
    "service.yml",
    "k8s/pod.yaml",
    "Containerfile",
    "scripts/build.sh",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
];

/// Splits one input into 1 to 3 sources. The first byte picks how many (`b % 3 + 1`) and, with its other bits,
/// which names (so which kinds) they get; the rest is cut at NUL bytes, which text never holds, so the fuzzer
/// makes and moves boundaries with one-byte edits. Sources past the last NUL are empty.
pub fn bundle(data: &[u8]) -> Vec<Source> {
    let Some((&head, rest)) = data.split_first() else { return Vec::new() };
    let count = usize::from(head % 3) + 1;
    let mut parts = rest.splitn(count, |&byte| byte == 0);
    (0..count)
        .map(|slot| {
            let pick = (usize::from(head >> 2) + slot * 2) % NAMES.len();
            let name = NAMES.get(pick).copied().unwrap_or("Dockerfile");
            Source::new(name, text(parts.next().unwrap_or_default()))
        })
        .collect()
}

/// Checks the invariants of a report over `sources`: every finding names a checked source, its span lies inside
/// that source on character boundaries, its positions are 1-based and ordered, its fix edits stay inside the
/// source, and the JSON and SARIF forms serialize.
pub fn assert_report(sources: &[Source], report: &Report) {
    for finding in &report.findings {
        let source = sources.iter().find(|source| source.path == finding.path);
        let source = source.unwrap_or_else(|| panic!("finding for an unknown path: {finding:?}"));
        let content = source.content.as_str();
        let span = finding.span;
        assert!(span.start <= span.end && span.end <= content.len(), "span outside the source: {finding:?}");
        assert!(
            content.is_char_boundary(span.start) && content.is_char_boundary(span.end),
            "span off a character boundary: {finding:?}"
        );
        assert!(finding.line >= 1 && finding.column >= 1, "position not 1-based: {finding:?}");
        assert!(
            (finding.line, finding.column) <= (finding.end_line, finding.end_column),
            "end before start: {finding:?}"
        );
        assert!(!finding.message.is_empty() && !finding.help.is_empty(), "empty message or help: {finding:?}");
        if let Some(fix) = &finding.fix {
            for edit in &fix.edits {
                assert!(
                    edit.span.start <= edit.span.end && edit.span.end <= content.len(),
                    "fix edit outside the source: {finding:?}"
                );
            }
            // Applying never panics, whatever the edits.
            let _ = fix.apply(content);
        }
    }
    let json = report.to_json();
    assert!(json.starts_with('{'), "the report did not serialize");
    let sarif = policy_core::report::sarif::to_sarif(report);
    assert_eq!(sarif["version"], "2.1.0");
}
