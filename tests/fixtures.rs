//! Every fixture under `tests/fixtures` is checked on its own: the findings must equal its `# expect:` markers
//! exactly (no misses, no extras), and the code frames are kept as snapshots.

use seaworthy_tests::{expected, fixtures, found, frames};

#[test]
fn fixtures_raise_exactly_what_their_markers_say() {
    let config = policy_core::Config::default();
    let mut failures = Vec::new();
    for source in fixtures() {
        let report = policy_core::check(std::slice::from_ref(&source), &config);
        let want = expected(&source.content);
        let got = found(&report.findings);
        if want != got {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!("{}: missing {missing:?}, unexpected {extra:?}", source.path));
        }
    }
    assert!(failures.is_empty(), "fixture expectations not met:\n{}", failures.join("\n"));
}

#[test]
fn fixture_code_frames() {
    let config = policy_core::Config::default();
    for source in fixtures() {
        let report = policy_core::check(std::slice::from_ref(&source), &config);
        let name = source.path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, frames(&source.content, &report.findings));
    }
}
