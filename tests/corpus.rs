//! The shared corpus of real manifests (`../shared/corpus`), each folder checked as one bundle the way
//! `seaworthy check <folder>` would: nothing is dropped silently, findings point at a key or value rather than at
//! a whole document, and a summary (documents, objects, findings per rule) is printed for the closing notes
//! (`cargo test -p seaworthy-tests --test corpus -- --nocapture`).

use std::collections::BTreeMap;

use policy_core::model::kubernetes::{Bundle, Manifest};
use policy_core::syntax::yaml::{parse_stream, Stream};
use policy_core::{Config, Kind, Source};
use seaworthy_tests::{files_under, root};

/// What a file can produce instead of objects, so that it is not dropped silently.
const INPUT_RULES: &[&str] =
    &["parse-error", "unrendered-template", "not-a-manifest", "input-too-large", "duplicate-key"];

struct Folder {
    name: String,
    sources: Vec<Source>,
}

fn corpus_folders() -> Vec<Folder> {
    let corpus = root().join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        panic!("the shared corpus is missing at {}", corpus.display());
    };
    let mut folders: Vec<Folder> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| {
            let sources = files_under(&entry.path())
                .into_iter()
                .filter(|path| Kind::detect(&path.to_string_lossy()) == Some(Kind::Kubernetes))
                .filter_map(|path| {
                    let content = std::fs::read_to_string(&path).ok()?;
                    let name = path.strip_prefix(&corpus).ok()?.to_string_lossy().into_owned();
                    Some(Source::new(name, content))
                })
                .collect();
            Folder { name: entry.file_name().to_string_lossy().into_owned(), sources }
        })
        .collect();
    folders.sort_by(|a, b| a.name.cmp(&b.name));
    folders
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Whether a file has anything besides blank lines, comments and document markers.
fn has_content(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| !line.is_empty() && !line.starts_with('#') && line != "---" && line != "...")
}

/// Whether a template placeholder stands where YAML expects a key or a value (`key: {{ x }}`, `- {{ x }}`, a Helm
/// directive at the start of a line). Inside longer strings (a command line, an alert message) `{{` is legitimate
/// text, and an indented line that starts with one may continue such a string.
fn has_structural_placeholder(text: &str) -> bool {
    text.lines().any(|line| {
        let trimmed = line.trim_start();
        !trimmed.starts_with('#')
            && (line.starts_with("{{")
                || trimmed.starts_with("- {{")
                || trimmed.contains(": {{")
                || trimmed.contains(":{{"))
    })
}

#[test]
fn corpus_folders_are_checked_as_bundles_with_nothing_dropped_and_exact_spans() {
    let config = Config::default();
    let folders = corpus_folders();
    assert!(folders.len() >= 3, "expected the three corpus folders, found {}", folders.len());
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for folder in &folders {
        let report = policy_core::check(&folder.sources, &config);
        let streams: Vec<Stream> =
            folder.sources.iter().map(|source| parse_stream(without_bom(&source.content), &config.limits)).collect();
        let manifests = folder
            .sources
            .iter()
            .zip(&streams)
            .enumerate()
            .map(|(index, (source, stream))| Manifest {
                source: index,
                path: &source.path,
                text: without_bom(&source.content),
                stream,
            })
            .collect();
        let bundle = Bundle::new(manifests);
        let documents: usize = streams.iter().map(|stream| stream.documents.len()).sum();

        let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for finding in &report.findings {
            *per_rule.entry(finding.rule.as_str()).or_default() += 1;
            *totals.entry(finding.rule.clone()).or_default() += 1;
        }
        println!(
            "\n{}: {} files, {documents} documents, {} objects, {} findings",
            folder.name,
            folder.sources.len(),
            bundle.objects().len(),
            report.findings.len()
        );
        for (rule, count) in &per_rule {
            println!("  {rule:<32} {count:>6}");
        }

        for (index, source) in folder.sources.iter().enumerate() {
            let objects = bundle.objects().iter().filter(|object| object.source == index).count();
            let mine: Vec<_> = report.findings.iter().filter(|finding| finding.path == source.path).collect();
            let explained = mine.iter().any(|finding| INPUT_RULES.contains(&finding.rule.as_str()));
            if has_content(&source.content) && objects == 0 && !explained {
                problems.push(format!("{}: no object and no input finding: dropped silently", source.path));
            }
            if has_structural_placeholder(&source.content)
                && !mine.iter().any(|finding| finding.rule == "unrendered-template")
            {
                problems
                    .push(format!("{}: a `{{{{` in place of a key or value, but no unrendered-template", source.path));
            }
            for finding in mine.iter().filter(|finding| !INPUT_RULES.contains(&finding.rule.as_str())) {
                let flagged = finding.span.slice(&source.content);
                let document = streams
                    .get(index)
                    .and_then(|stream| {
                        let shift = source.content.len() - without_bom(&source.content).len();
                        stream.documents.iter().find(|document| {
                            document.span.start + shift <= finding.span.start
                                && finding.span.end <= document.span.end + shift
                        })
                    })
                    .map_or(0, |document| document.span.end - document.span.start);
                if flagged.trim().is_empty() || flagged.starts_with(char::is_whitespace) {
                    problems.push(format!("{}:{}: {} flags {flagged:?}", source.path, finding.line, finding.rule));
                } else if document > 0 && flagged.len() >= document {
                    problems
                        .push(format!("{}:{}: {} flags its whole document", source.path, finding.line, finding.rule));
                }
            }
        }
    }
    println!("\nall folders, findings per rule:");
    for (rule, count) in &totals {
        println!("  {rule:<32} {count:>6}");
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    for rule in ["unrendered-template", "duplicate-key"] {
        assert!(totals.contains_key(rule), "the corpus README promises files that raise `{rule}`");
    }
}
