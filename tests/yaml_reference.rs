//! Seaworthy reads YAML with its own parser (`policy-core/src/yaml/parser.rs`). This test reads the same texts with
//! `saphyr-parser`, a YAML 1.2 parser tested against the YAML test suite, and requires the same data from both:
//! every scalar's text and tag, every collection, aliases expanded, over the fixtures, the shared corpus of real
//! manifests and a set of texts that exercise the corners of the grammar. Spans are ours alone and tested in
//! policy-core.

use std::collections::HashMap;

use policy_core::base::problem::ProblemKind;
use policy_core::config::Limits;
use policy_core::syntax::yaml::{parse_stream, Node, Scalar, Value};
use saphyr_parser::{Event, Parser, ScalarStyle};
use seaworthy_tests::{files_under, root};

/// A YAML value as data: what both parsers must agree on.
#[derive(Debug, Clone, PartialEq)]
enum Data {
    Null,
    Text { text: String, tag: Option<String> },
    List(Vec<Data>),
    Map(Vec<(Data, Data)>),
}

fn ours(text: &str) -> Result<Vec<Data>, String> {
    let stream = parse_stream(text, &Limits::default());
    if let Some(problem) = stream.problems.iter().find(|problem| problem.kind != ProblemKind::DuplicateKey) {
        return Err(format!("{:?} at {}: {}", problem.kind, problem.span.start, problem.message));
    }
    Ok(stream.documents.iter().map(|document| data_of(&document.root)).collect())
}

fn data_of(node: &Node) -> Data {
    match &node.value {
        Value::Null => Data::Null,
        Value::Scalar(Scalar { text, tag, .. }) => Data::Text { text: text.clone(), tag: tag.clone() },
        Value::Sequence(items) => Data::List(items.iter().map(data_of).collect()),
        Value::Mapping(entries) => {
            Data::Map(entries.iter().map(|entry| (data_of(&entry.key), data_of(&entry.value))).collect())
        }
    }
}

/// The reference reading: saphyr-parser's events folded into [`Data`], empty documents left out as ours are.
fn reference(text: &str) -> Result<Vec<Data>, String> {
    let mut documents = Vec::new();
    let mut anchors: HashMap<usize, Data> = HashMap::new();
    // Open collections: whether a mapping, the anchor, the children so far.
    let mut stack: Vec<(bool, usize, Vec<Data>)> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, _) = event.map_err(|error| error.to_string())?;
        let finished = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|tag| format!("{}{}", tag.handle, tag.suffix));
                let null = match tag.as_deref() {
                    Some(tag) => tag == "tag:yaml.org,2002:null",
                    None => style == ScalarStyle::Plain && matches!(&*value, "" | "~" | "null" | "Null" | "NULL"),
                };
                let data = if null { Data::Null } else { Data::Text { text: value.into_owned(), tag } };
                Some((anchor, data))
            }
            Event::Alias(id) => Some((0, anchors.get(&id).cloned().ok_or("unknown alias")?)),
            Event::SequenceStart(anchor, _) => {
                stack.push((false, anchor, Vec::new()));
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push((true, anchor, Vec::new()));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (mapping, anchor, children) = stack.pop().ok_or("unbalanced collection")?;
                let data = if mapping {
                    let mut pairs = Vec::new();
                    let mut children = children.into_iter();
                    while let Some(key) = children.next() {
                        pairs.push((key, children.next().unwrap_or(Data::Null)));
                    }
                    Data::Map(pairs)
                } else {
                    Data::List(children)
                };
                Some((anchor, data))
            }
            _ => None,
        };
        if let Some((anchor, data)) = finished {
            if anchor != 0 {
                anchors.insert(anchor, data.clone());
            }
            match stack.last_mut() {
                Some((_, _, children)) => children.push(data),
                None if data == Data::Null => {}
                None => documents.push(data),
            }
        }
    }
    Ok(documents)
}

/// Texts that the reference reads without error must read the same with ours. Texts it refuses are left out,
/// as are merge keys (ours resolves them, the reference does not) and template placeholders (ours drops the
/// document). Returns how many texts were compared.
fn compare_all<'a>(texts: impl IntoIterator<Item = (String, &'a str)>) -> usize {
    let mut compared = 0;
    let mut differences = Vec::new();
    for (name, text) in texts {
        if text.contains("<<") || text.contains("{{") {
            continue;
        }
        let Ok(expected) = reference(text) else { continue };
        compared += 1;
        match ours(text) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => differences.push(format!("{name}: ours {actual:?}\n  reference {expected:?}")),
            Err(problem) => differences.push(format!("{name}: ours refused it ({problem})")),
        }
    }
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));
    compared
}

const CORNERS: &[&str] = &[
    "plain: one two\nfolded plain: first\n  second\n\n  after a blank\n",
    "literal: |\n  line 1\n    indented\n  line 3\n\n\nstrip: |-\n  x\n\nkeep: |+\n  y\n\n\nlast: 1\n",
    "folded: >\n  a\n  b\n\n  c\n    more\n  d\nexplicit: |2\n    two extra\n   one extra\n",
    "empty literal: |\nnext: >-\n\n  after empty\n",
    "double: \"tab\\tnewline\\nquote\\\"unicode\\u00e9\\x41\\U0001F433 slash\\/\"\n",
    "double folded: \"one\n  two\n\n  three \\\n  joined\"\nsingle: 'it''s\n  folded'\n",
    "flow: {a: 1, b: [x, y, {c: d}], 'q': \"r\", e}\nseq: [a, b: c, [d], {}]\nempty: []\n",
    "multi-line flow: [\n  one,\n  two # a comment\n  , three\n]\n",
    "anchors: &a {x: 1}\ncopy: *a\nlist: [&b two, *b]\nscalar: &c !!str 3\nagain: *c\n",
    "tags: [!!int \"7\", !!str 8, !custom x, !<tag:example.com,2000:y> z, !!null '']\n",
    "%TAG !e! tag:example.com,2000:\n---\nvalue: !e!thing x\n",
    "? explicit key\n: explicit value\n? [flow, key]\n: v\n? only key\n",
    "- a\n- - nested\n  - list\n- key: v\n  other: w\n-\n- ~\n- null\n",
    "key:\n- same indentation\n- items\nnext: 1\n",
    "url: http://example.com:8080/path\ntime: 12:30\n\"quoted key\": 1\n'single key': 2\n",
    "--- text on the marker line\n--- |\n  literal document\n---\n...\n--- {a: 1}\n...\n",
    "crlf: one\r\nmore: |\r\n  two\r\n  three\r\n",
    "comment: value # trailing\n# own line\nhash: a#b\nspaces:    padded   \n",
    "unicode: héllo wörld\nemoji: 🐳 whale\n\"ключ\": значение\n",
    "- name: web\n  image: nginx\n  ports:\n    - containerPort: 80\n      protocol: TCP\n",
    "a:\n  b:\n    c:\n      d: deep\n  e: back\nf: top\n",
    "plain with - dash: not - a list\nquestion: ?mark\ncolon: a:b\n",
    "multi: first\n  - second line starting with a dash\n",
    "empty value:\nnull value: null\ntilde: ~\nempty string: ''\n: null key\n",
];

#[test]
fn corners_of_the_grammar_read_as_the_reference_reads_them() {
    let compared = compare_all(CORNERS.iter().enumerate().map(|(at, text)| (format!("corner {at}"), *text)));
    // Every corner is valid YAML: none may be skipped because the reference refused it.
    let refused: Vec<_> = CORNERS.iter().filter_map(|text| reference(text).err().map(|error| (text, error))).collect();
    assert_eq!(compared, CORNERS.len(), "refused by the reference: {refused:?}");
}

/// Not YAML: both parsers refuse each, ours with a `parse-error` finding.
const BROKEN: &[&str] = &[
    "key: - item\n",
    "a: b: c\n",
    "list: [unclosed\n",
    "map: {a: 1\n",
    "quote: \"never closed\n",
    "single: 'never closed\n",
    "a: 1\n  b: 2\n",
    "- a\nb: 1\n",
    "a:\n\t- tab indented\n",
    "bad escape: \"\\q\"\n",
    "alias: *nowhere\n",
    "list: [a, b] trailing\n",
    "key: |\n  text\n bad: dedent\n",
];

#[test]
fn broken_texts_are_refused_by_both() {
    for text in BROKEN {
        assert!(reference(text).is_err(), "the reference reads {text:?}");
        let problems = parse_stream(text, &Limits::default()).problems;
        assert!(
            problems.iter().any(|problem| problem.kind == ProblemKind::Syntax),
            "ours reads {text:?}: {problems:?}"
        );
    }
}

#[test]
fn fixtures_and_the_shared_corpus_read_as_the_reference_reads_them() {
    let mut folders = vec![root().join("tests/fixtures")];
    let corpus = root().join("../shared/corpus");
    assert!(corpus.is_dir(), "the shared corpus is missing at {}", corpus.display());
    folders.push(corpus);
    let texts: Vec<(String, String)> = folders
        .iter()
        .flat_map(|folder| files_under(folder))
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml" || extension == "yml"))
        .filter_map(|path| Some((path.display().to_string(), std::fs::read_to_string(&path).ok()?)))
        .collect();
    let compared = compare_all(texts.iter().map(|(name, text)| (name.clone(), text.as_str())));
    println!("{compared} of {} YAML files compared", texts.len());
    assert!(compared * 10 >= texts.len() * 9, "only {compared} of {} files compared", texts.len());
}
