use std::fmt::Write;
use std::time::{Duration, Instant};

use super::*;
use crate::base::problem::ProblemKind;
use crate::base::span::{LineIndex, Position};
use crate::syntax::directive::Suppressions;

fn parse(text: &str) -> Stream {
    parse_stream(text, &Limits::default())
}

fn at(text: &str, span: Span) -> (u32, u32) {
    let Position { line, column } = LineIndex::new(text).position(span.start);
    (line, column)
}

/// `(kind, line, column)` of every problem.
fn problems(text: &str) -> Vec<(ProblemKind, u32, u32)> {
    parse(text)
        .problems
        .iter()
        .map(|problem| (problem.kind, at(text, problem.span).0, at(text, problem.span).1))
        .collect()
}

fn name_of(document: &Document) -> Option<&str> {
    document.root.get_at(&["metadata", "name"]).and_then(Node::as_str)
}

#[test]
fn spans_point_at_keys_and_values() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\"\n  labels: {app: web, tier: [a, b]}\n";
    let stream = parse(text);
    assert!(stream.problems.is_empty(), "{:?}", stream.problems);
    let root = &stream.documents.first().expect("one document").root;
    let name = root.entry_at(&["metadata", "name"]).expect("name");
    assert_eq!(at(text, name.key.span), (4, 3));
    assert_eq!(name.value.span.slice(text), "\"web\"");
    assert_eq!(name.value.as_str(), Some("web"));
    let labels = root.get_at(&["metadata", "labels"]).expect("labels");
    assert_eq!(labels.span.slice(text), "{app: web, tier: [a, b]}");
    assert_eq!(labels.get("tier").map(|tier| tier.span.slice(text)), Some("[a, b]"));
    let metadata = root.get("metadata").expect("metadata");
    assert_eq!(metadata.span.slice(text), "name: \"web\"\n  labels: {app: web, tier: [a, b]}");
    assert_eq!(root.span.start, 0);
}

#[test]
fn sequences_start_at_their_dash_and_nulls_after_their_colon() {
    let text = "containers:\n- name: a\n  resources:\n- name: b\nempty:\n";
    let root = parse(text).documents.remove(0).root;
    let containers = root.get("containers").expect("containers");
    assert_eq!(at(text, containers.span), (2, 1));
    let first = containers.items().next().expect("first");
    assert_eq!(first.span.slice(text), "name: a\n  resources:");
    let resources = first.entry("resources").expect("resources");
    assert!(resources.value.is_null());
    assert_eq!(resources.value.span, Span::at(resources.key.span.end + 1));
    assert_eq!(resources.span().slice(text), "resources:");
    assert_eq!(root.get("empty").map(Node::is_null), Some(true));
}

#[test]
fn multibyte_text_keeps_byte_spans() {
    let text = "# ünïcödé 🐳\nmetadata:\n  name: \"ñame\"  # 日本\n  namespace: straße\n";
    let root = parse(text).documents.remove(0).root;
    let namespace = root.get_at(&["metadata", "namespace"]).expect("namespace");
    assert_eq!(namespace.span.slice(text), "straße");
    let name = root.get_at(&["metadata", "name"]).expect("name");
    assert_eq!(name.span.slice(text), "\"ñame\"");
    assert_eq!(at(text, namespace.span), (4, 14));
}

#[test]
fn crlf_tabs_and_block_scalars() {
    let text = "a: 1\r\nb: |\r\n  line one\r\n  line two\r\nc: >-\r\n  folded\r\n  text\r\nd: \"tab\\there\"\r\n";
    let root = parse(text).documents.remove(0).root;
    assert_eq!(root.get("b").and_then(Node::as_str), Some("line one\nline two\n"));
    assert_eq!(root.get("c").and_then(Node::as_str), Some("folded text"));
    assert_eq!(root.get("d").and_then(Node::as_str), Some("tab\there"));
    let c = root.entry("c").expect("c");
    assert_eq!(at(text, c.key.span), (5, 1));
    assert_eq!(root.get("c").and_then(Node::as_scalar).map(|scalar| scalar.style), Some(Style::Folded));
    // A tab used for indentation is a syntax error, reported on its line.
    let text = "a:\n\tb: 1\n";
    assert_eq!(problems(text).first().map(|problem| (problem.0, problem.1)), Some((ProblemKind::Syntax, 2)));
}

#[test]
fn documents_empty_and_comment_only_are_skipped() {
    let text = "---\n# only a comment\n---\n---\na: 1\n...\n---\nb: 2\n--- ~\n";
    let stream = parse(text);
    assert!(stream.problems.is_empty(), "{:?}", stream.problems);
    let keys: Vec<&str> = stream.documents.iter().filter_map(|d| d.root.entries().next()?.key_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    let b = stream.documents.get(1).expect("b");
    assert_eq!(at(text, b.span), (7, 1));
}

#[test]
fn a_broken_middle_document_does_not_hide_its_neighbours() {
    let text = "\
metadata: {name: one}
---
metadata:
  name: two
  labels: [unclosed
---
metadata: {name: three}
---
metadata:
  name: four
   bad: indentation
---
metadata: {name: five}
";
    let stream = parse(text);
    let names: Vec<&str> = stream.documents.iter().filter_map(name_of).collect();
    assert_eq!(names, ["one", "three", "five"]);
    let found = problems(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(kind, _, _)| *kind == ProblemKind::Syntax));
    // The unclosed sequence is reported at its bracket, the over-indented key where it starts.
    assert_eq!(found.first().map(|problem| (problem.1, problem.2)), Some((5, 11)));
    assert_eq!(found.get(1).map(|problem| (problem.1, problem.2)), Some((11, 4)));
}

#[test]
fn a_broken_first_and_last_document() {
    let text = "a: [\n---\nmetadata: {name: ok}\n---\nb: \"unterminated\n";
    let stream = parse(text);
    assert_eq!(stream.documents.iter().filter_map(name_of).collect::<Vec<_>>(), ["ok"]);
    assert_eq!(stream.problems.len(), 2, "{:?}", stream.problems);
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let text = "\
defaults: &defaults
  cpu: 100m
  memory: 64Mi
small:
  <<: *defaults
  memory: 32Mi
both:
  <<: [*defaults, {cpu: 1, disk: 1Gi}]
  extra: yes
image: &img nginx:1.27
copy: *img
";
    let stream = parse(text);
    assert!(stream.problems.is_empty(), "{:?}", stream.problems);
    let root = &stream.documents.first().expect("doc").root;
    let small = root.get("small").expect("small");
    assert_eq!(small.get("memory").and_then(Node::as_str), Some("32Mi"), "explicit keys win");
    assert_eq!(small.get("cpu").and_then(Node::as_str), Some("100m"));
    assert!(small.get("<<").is_none());
    // The copy keeps the span of the text it came from.
    assert_eq!(small.get("cpu").map(|cpu| at(text, cpu.span)), Some((2, 8)));
    let both = root.get("both").expect("both");
    assert_eq!(both.get("cpu").and_then(Node::as_str), Some("100m"), "earlier merged mappings win");
    assert_eq!(both.get("disk").and_then(Node::as_str), Some("1Gi"));
    assert_eq!(both.get("extra").and_then(Node::as_bool), Some(true));
    assert_eq!(root.get("copy").and_then(Node::as_str), Some("nginx:1.27"));
    assert_eq!(root.get("image").map(|image| image.span.slice(text)), Some("nginx:1.27"));

    let text = "a: &x 1\nb:\n  <<: *x\n";
    assert_eq!(problems(text), [(ProblemKind::Syntax, 3, 3)]);
}

#[test]
fn duplicate_keys_point_at_the_second() {
    let text = "metadata:\n  name: a\n  labels: {}\n  name: b\nspec: {x: 1, x: 2}\n";
    assert_eq!(problems(text), [(ProblemKind::DuplicateKey, 4, 3), (ProblemKind::DuplicateKey, 5, 14)]);
    let stream = parse(text);
    let message = &stream.problems.first().expect("problem").message;
    assert!(message.contains("`name`") && message.contains("line 2"), "{message}");
    // Keys brought in by a merge are not duplicates.
    assert!(problems("base: &b {a: 1}\nc:\n  <<: *b\n  a: 2\n").is_empty());
}

#[test]
fn flow_style_and_quoted_keys() {
    let text = "{apiVersion: v1, kind: ConfigMap, metadata: {name: \"x\"}, 'data': {k: 'it''s'}}";
    let root = parse(text).documents.remove(0).root;
    assert_eq!(root.get_at(&["data", "k"]).and_then(Node::as_str), Some("it's"));
    assert_eq!(root.span.slice(text), text);
    assert_eq!(root.entry("data").map(|entry| at(text, entry.key.span)), Some((1, 58)));
}

#[test]
fn tags_and_typing() {
    let text = "a: !!str 0\nb: 0x10\nc: \"10\"\nd: ~\ne: !!int \"7\"\n";
    let root = parse(text).documents.remove(0).root;
    assert_eq!(root.get("a").and_then(Node::as_i64), None);
    assert_eq!(root.get("a").map(|a| a.span.slice(text)), Some("0"));
    assert_eq!(root.get("b").and_then(Node::as_i64), Some(16));
    assert_eq!(root.get("c").and_then(Node::as_i64), None);
    assert_eq!(root.get("c").and_then(Node::as_str), Some("10"));
    assert!(root.get("d").is_some_and(Node::is_null));
    assert_eq!(root.get("e").and_then(Node::as_i64), Some(7));
    let text = "script: |\n  &not-an-anchor !not-a-tag\n";
    let root = parse(text).documents.remove(0).root;
    assert_eq!(root.get("script").map(|script| script.span.slice(text)), Some("&not-an-anchor !not-a-tag\n"));
}

#[test]
fn templates_are_reported_at_the_placeholder() {
    let text = "\
apiVersion: v1
kind: Service
metadata:
  name: {{ include \"chart.fullname\" . }}
  labels:
    {{- include \"chart.labels\" . | nindent 4 }}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ok}
data:
  alert: \"{{ $labels.instance }} is down\"
  script: |
    echo {{not a template either}}
# {{ commented }}
";
    let stream = parse(text);
    assert_eq!(problems(text), [(ProblemKind::UnrenderedTemplate, 4, 9)]);
    let problem = stream.problems.first().expect("problem");
    assert_eq!(problem.span.slice(text), "{{ include \"chart.fullname\" . }}");
    assert!(problem.message.contains("and 1 more"), "{}", problem.message);
    // The ConfigMap's braces are data inside quoted and block scalars.
    assert_eq!(stream.documents.iter().filter_map(name_of).collect::<Vec<_>>(), ["ok"]);

    let sed = "kind: Secret\ndata:\n  config: {{config_data}}\n";
    assert_eq!(problems(sed), [(ProblemKind::UnrenderedTemplate, 3, 11)]);
    let inline = "metadata:\n  name: vttablet-{{uid}}\n";
    assert_eq!(problems(inline), [(ProblemKind::UnrenderedTemplate, 2, 18)]);
    let commented = "a: {{x}} # {{ not counted }}\nb: 1 # {{ comment }}\n";
    let message = parse(commented).problems.remove(0).message;
    assert!(message.contains("`{{x}}`;"), "{message}");

    // One long line of placeholders is scanned once, and the message stays short.
    let long = format!("a: {}\n", "{{}}".repeat(500_000));
    let started = Instant::now();
    let stream = parse(&long);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(stream.problems.first().is_some_and(|problem| problem.message.contains("and 499999 more")));
    let unclosed = format!("a: {{{{{}\n", "x".repeat(1000));
    assert!(parse(&unclosed).problems.first().is_some_and(|problem| problem.message.len() < 300));
}

#[test]
fn comments_scope_suppressions_to_the_next_key_or_item() {
    let text = "\
spec:
  # seaworthy ignore=rule-a
  hostNetwork: true
  containers:
    # seaworthy ignore=rule-b
    - name: app
      image: nginx
  other: 1
";
    let stream = parse(text);
    let offset = |needle: &str| text.find(needle).expect("needle");
    let host = Span::at(offset("true"));
    assert!(Suppressions::literal(&stream.directives).suppresses("rule-a", host));
    assert!(!Suppressions::literal(&stream.directives).suppresses("rule-a", Span::at(offset("containers"))));
    assert!(Suppressions::literal(&stream.directives).suppresses("rule-b", Span::at(offset("nginx"))));
    assert!(Suppressions::literal(&stream.directives).suppresses("rule-b", Span::at(offset("- name"))));
    assert!(!Suppressions::literal(&stream.directives).suppresses("rule-b", Span::at(offset("other"))));
    // Many directives in one document cost one walk.
    let many = (0..100_000).fold(String::new(), |mut many, at| {
        writeln!(many, "# seaworthy ignore=r{at}\nk{at}: 1").expect("write to a string");
        many
    });
    let started = Instant::now();
    let stream = parse(&many);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let last = many.rfind("k99999").expect("last key");
    assert!(Suppressions::literal(&stream.directives).suppresses("r99999", Span::at(last + 8)));
    assert!(!Suppressions::literal(&stream.directives).suppresses("r99998", Span::at(last + 8)));
    // A `#` line inside a block scalar is text, not a directive.
    let text = "script: |\n  # seaworthy ignore=rule-c\n  run\nnext: 1\n";
    assert!(!Suppressions::literal(&parse(text).directives)
        .suppresses("rule-c", Span::at(text.find("next").expect("next"))));
}

fn assert_fast_and_too_large(text: &str, limits: &Limits) -> Stream {
    let started = Instant::now();
    let stream = parse_stream(text, limits);
    let elapsed = started.elapsed();
    assert!(
        stream.problems.iter().any(|problem| problem.kind == ProblemKind::TooLarge),
        "no input-too-large: {:?}",
        stream.problems.iter().map(|p| p.kind).collect::<Vec<_>>()
    );
    // Unoptimized test builds sharing two cores only guard against hangs; optimized builds must meet the 100 ms.
    assert!(elapsed < Duration::from_millis(if cfg!(debug_assertions) { 5000 } else { 100 }), "{elapsed:?}");
    stream
}

#[test]
fn billion_laughs_stops_at_the_alias_limit() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        writeln!(text, "{name}: &{name} [{refs}]").expect("write to a string");
    }
    text.push_str("---\nafter: 1\n");
    let stream = assert_fast_and_too_large(&text, &Limits::default());
    // The document after the bomb is still read.
    assert_eq!(stream.documents.len(), 1);
}

#[test]
fn deep_nesting_stops_at_the_depth_limit() {
    let flow = "[".repeat(100_000);
    let stream = assert_fast_and_too_large(&flow, &Limits::default());
    // The bracket one past the depth limit is reported, without looking further.
    let problem = stream.problems.first().expect("problem");
    assert_eq!(problem.span.start, Limits::default().max_depth, "{problem:?}");
    let shallow = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let problem = assert_fast_and_too_large(&shallow, &Limits::default()).problems.remove(0);
    assert_eq!(problem.span.start, Limits::default().max_depth);
    let block = (0..3000).fold(String::new(), |mut block, depth| {
        writeln!(block, "{}k:", " ".repeat(depth)).expect("write to a string");
        block
    });
    assert_fast_and_too_large(&block, &Limits::default());
    let dashes = format!("{}x\n", "- ".repeat(100_000));
    assert_fast_and_too_large(&dashes, &Limits::default());
    // A configured depth past the cap is capped, so the tree can be dropped and cloned safely.
    let huge = Limits { max_depth: usize::MAX, ..Limits::default() };
    assert_fast_and_too_large(&format!("{}x\n", "- ".repeat(DEPTH_CAP + 5)), &huge);
}

#[test]
fn many_documents_stop_at_the_document_limit() {
    let tiny = "---\na: 1\n".repeat(1_000_000);
    let stream = assert_fast_and_too_large(&tiny, &Limits::default());
    assert_eq!(stream.documents.len(), Limits::default().max_documents);
    let empty = "---\n".repeat(1_000_000);
    assert_fast_and_too_large(&empty, &Limits::default());
    let broken = "---\n[\n".repeat(200_000);
    assert_fast_and_too_large(&broken, &Limits::default());
}

#[test]
fn random_bytes_and_prefixes_never_panic() {
    let sample = "a: &x [1, {b: *x}]\n---\n- \"q\\u00e9\"\n- |\n  é\n? k\n: v\n--- !!map\n<<: {c: 1}\n{{ t }}\n";
    for end in (0..=sample.len()).filter(|&end| sample.is_char_boundary(end)) {
        let _ = parse(sample.get(..end).expect("prefix"));
    }
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let alphabet = b"ab: -[]{},&*!|>'\"#\n\t?%@`\\.~0";
    for _ in 0..2000 {
        let text: String = (0..40)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(alphabet[usize::try_from(seed % alphabet.len() as u64).expect("small")])
            })
            .collect();
        let _ = parse(&text);
    }
}

#[test]
fn syntax_errors_point_at_their_cause() {
    let cases: &[(&str, (u32, u32), &str)] = &[
        ("a: 1\nlist: [one,\n  two\n", (2, 7), "`[` is never closed"),
        ("a: 1\nb: \"open\n", (2, 4), "not closed"),
        ("a:\n\t- x\n", (2, 2), "tab"),
        ("a: \"\\q\"\n", (1, 5), "`\\q`"),
        ("a: *nowhere\n", (1, 4), "no anchor"),
        ("a:\n  b: 1\n    c: 2\n", (3, 5), "indented more"),
        ("a: b: c\n", (1, 5), "on the line of its key"),
        ("a: 1\nnot a key\n", (2, 1), "`key: value`"),
        ("a: |x\n  y\n", (1, 5), "block scalar"),
        ("a: !e!x 1\n", (1, 4), "`!e!`"),
    ];
    for (text, position, fragment) in cases {
        let stream = parse(text);
        let problem = stream.problems.first().unwrap_or_else(|| panic!("no problem in {text:?}"));
        assert_eq!(at(text, problem.span), *position, "{text:?}: {}", problem.message);
        assert!(problem.message.contains(fragment), "{text:?}: {}", problem.message);
        assert!(stream.documents.is_empty(), "{text:?}");
    }
}

#[test]
fn spans_of_flow_collections_cover_their_brackets_and_block_scalars_their_content() {
    let text = "modes: [ \"ReadWriteOnce\" ]\nscript: |\n  run\n\nkept: |+\n  a\n\nend: 1\n";
    let root = parse(text).documents.remove(0).root;
    assert_eq!(root.get("modes").map(|modes| modes.span.slice(text)), Some("[ \"ReadWriteOnce\" ]"));
    assert_eq!(root.get("script").map(|script| script.span.slice(text)), Some("run\n"));
    // Kept trailing lines are part of the value, and of its span.
    assert_eq!(root.get("kept").and_then(Node::as_str), Some("a\n\n"));
    assert_eq!(root.get("kept").map(|kept| kept.span.slice(text)), Some("a\n\n"));
}
