//! Nothing panics: every prefix of every fixture, every file of the shared corpus, and random bytes go through
//! `check` as every kind, and every finding has a real position inside its source.

use policy_core::{Config, Kind, Source};
use proptest::prelude::*;
use seaworthy_tests::{files_under, fixtures, root};

fn assert_sane(source: &Source) {
    for kind in Kind::ALL {
        let report = policy_core::check(&[source.clone().with_kind(kind)], &Config::default());
        for finding in &report.findings {
            assert!(finding.line >= 1 && finding.column >= 1, "{}: position not 1-based: {finding:?}", source.path);
            assert!(finding.span.end <= source.content.len(), "{}: span past the end: {finding:?}", source.path);
            assert!(
                (finding.line, finding.column) <= (finding.end_line, finding.end_column),
                "{}: end before start: {finding:?}",
                source.path
            );
        }
    }
}

#[test]
fn every_prefix_of_every_fixture() {
    for source in fixtures() {
        let content = &source.content;
        for end in (0..=content.len()).filter(|&end| content.is_char_boundary(end)) {
            assert_sane(&Source::new(source.path.clone(), &content[..end]));
        }
    }
}

#[test]
fn every_corpus_file() {
    let corpus = root().join("../shared/corpus");
    let files = files_under(&corpus);
    assert!(!files.is_empty(), "the shared corpus is missing at {}", corpus.display());
    for path in files {
        let Ok(content) = std::fs::read_to_string(&path) else { continue };
        assert_sane(&Source::new(path.display().to_string(), content));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text(text in "\\PC{0,400}") {
        assert_sane(&Source::new("random", text));
    }

    #[test]
    fn random_token_soup(parts in proptest::collection::vec(prop_oneof![
        Just("FROM "), Just("RUN "), Just("<<EOF\n"), Just("EOF\n"), Just("\\\n"), Just("`\n"), Just("# escape=`\n"),
        Just("${A:-"), Just("}"), Just("\""), Just("'"), Just("["), Just("]"), Just("&&"), Just("|"), Just("\r\n"),
        Just("\t"), Just("- "), Just(": "), Just("---\n"), Just("&a "), Just("*a "), Just("<<: "), Just("{{ x }}"),
        Just("apiVersion: v1\n"), Just("kind: Pod\n"), Just("  "), Just("\u{feff}"), Just("é"), Just("\n"),
    ], 0..60)) {
        assert_sane(&Source::new("soup", parts.concat()));
    }
}
