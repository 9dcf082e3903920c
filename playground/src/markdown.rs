//! A small Markdown reader for the rule docs: headings, paragraphs, lists, fenced code, inline code, strong,
//! emphasis and links. It yields a tree that the rule reference turns into Yew nodes, so no HTML string from any
//! source is ever parsed by the browser. Unknown syntax stays text.

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A fenced code block with its info string (`dockerfile`, `yaml`, or empty).
    Code {
        lang: String,
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// Text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    /// `href` is kept only when it is `http(s):`, `mailto:` or a fragment; otherwise the link is plain text.
    Link {
        href: String,
        content: Vec<Inline>,
    },
}

pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            let mut text = String::new();
            for code in lines.by_ref() {
                if code.trim_start().starts_with("```") {
                    break;
                }
                text.push_str(code);
                text.push('\n');
            }
            blocks.push(Block::Code { lang: lang.trim().to_owned(), text });
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if let Some((level, title)) = heading(trimmed) {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(Block::Heading { level, content: inlines(title) });
        } else if let Some((ordered, item)) = list_item(trimmed) {
            if !paragraph.is_empty() || list.as_ref().is_some_and(|(kind, _)| *kind != ordered) {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            list.get_or_insert_with(|| (ordered, Vec::new())).1.push(item.to_owned());
        } else if let Some((_, items)) = list.as_mut().filter(|_| line.starts_with([' ', '\t'])) {
            // An indented line continues the list item above it.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if list.is_some() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    blocks
}

fn flush(blocks: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Option<(bool, Vec<String>)>) {
    if !paragraph.is_empty() {
        blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
        paragraph.clear();
    }
    if let Some((ordered, items)) = list.take() {
        blocks.push(Block::List { ordered, items: items.iter().map(|item| inlines(item)).collect() });
    }
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let level = u8::try_from(hashes).ok().filter(|level| (1..=6).contains(level))?;
    let title = line.get(hashes..)?.strip_prefix(' ')?;
    Some((level, title.trim().trim_end_matches('#').trim_end()))
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("+ "))
    {
        return Some((false, item.trim()));
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let item = line.get(digits..)?.strip_prefix(". ").or_else(|| line.get(digits..)?.strip_prefix(") "))?;
    Some((true, item.trim()))
}

/// Parses inline syntax in `text`.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let parsed = match c {
            '\\' => {
                rest.get(1..).and_then(|after| after.chars().next().filter(char::is_ascii_punctuation)).map(|escaped| {
                    plain.push(escaped);
                    (None, 1 + escaped.len_utf8())
                })
            }
            '`' => code_span(rest).map(|(code, used)| (Some(Inline::Code(code.to_owned())), used)),
            '[' => link(rest),
            '*' | '_' => emphasis(rest, &plain),
            _ => None,
        };
        if let Some((inline, used)) = parsed {
            if let Some(inline) = inline {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
            }
            rest = rest.get(used..).unwrap_or("");
        } else {
            plain.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// `` `code` `` or ``` ``code with ` inside`` ```: the span's text and the bytes used.
fn code_span(text: &str) -> Option<(&str, usize)> {
    let ticks = text.len() - text.trim_start_matches('`').len();
    let fence = text.get(..ticks)?;
    let body = text.get(ticks..)?;
    let end = body.find(fence)?;
    let code = body.get(..end)?;
    let code = if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') {
        code.get(1..code.len() - 1)?
    } else {
        code
    };
    Some((code, ticks + end + ticks))
}

fn link(text: &str) -> Option<(Option<Inline>, usize)> {
    let close = text.find("](")?;
    let label = text.get(1..close)?;
    let after = text.get(close + 2..)?;
    let end = after.find(')')?;
    let href = after.get(..end)?.trim();
    let used = close + 2 + end + 1;
    let content = inlines(label);
    let safe = ["https://", "http://", "mailto:", "#"].iter().any(|scheme| href.starts_with(scheme));
    // An unsafe or relative target keeps its label as text and loses the target.
    let inline =
        if safe { Inline::Link { href: href.to_owned(), content } } else { Inline::Text(plain_text(&content)) };
    Some((Some(inline), used))
}

fn emphasis(text: &str, before: &str) -> Option<(Option<Inline>, usize)> {
    let marker = if text.starts_with("**") || text.starts_with("__") { text.get(..2)? } else { text.get(..1)? };
    // `snake_case_words` are not emphasis: an underscore must not follow a letter or digit.
    if marker.starts_with('_') && before.chars().last().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let body = text.get(marker.len()..)?;
    if body.starts_with(char::is_whitespace) {
        return None;
    }
    let end = body.find(marker)?;
    if end == 0 {
        return None;
    }
    let content = inlines(body.get(..end)?);
    let inline = if marker.len() == 2 { Inline::Strong(content) } else { Inline::Emphasis(content) };
    Some((Some(inline), marker.len() * 2 + end))
}

/// The text of inline content without its markup.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(inner) | Inline::Emphasis(inner) | Inline::Link { content: inner, .. } => {
                out.push_str(&plain_text(inner));
            }
        }
    }
    out
}

/// The first fenced code block in the section under the `##` heading titled `title`: `(lang, text)`.
pub fn code_under(blocks: &[Block], title: &str) -> Option<(String, String)> {
    let mut in_section = false;
    for block in blocks {
        match block {
            Block::Heading { content, .. } => in_section = plain_text(content) == title,
            Block::Code { lang, text } if in_section => return Some((lang.clone(), text.clone())),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn reads_the_rule_doc_template() {
        let doc = "## What it does\nReports `USER root`\nin the **final** stage.\n\n## Example\n```dockerfile\nFROM a\nUSER root\n```\n\n## Use instead\n```dockerfile\nFROM a\nUSER 1\n```\n";
        let blocks = parse(doc);
        assert_eq!(blocks.len(), 6);
        assert_eq!(blocks[0], Block::Heading { level: 2, content: vec![text("What it does")] });
        assert_eq!(
            blocks[1],
            Block::Paragraph(vec![
                text("Reports "),
                Inline::Code("USER root".into()),
                text(" in the "),
                Inline::Strong(vec![text("final")]),
                text(" stage."),
            ])
        );
        assert_eq!(code_under(&blocks, "Example"), Some(("dockerfile".into(), "FROM a\nUSER root\n".into())));
        assert_eq!(code_under(&blocks, "Use instead"), Some(("dockerfile".into(), "FROM a\nUSER 1\n".into())));
        assert_eq!(code_under(&blocks, "Peers"), None);
    }

    #[test]
    fn lists_links_and_continuations() {
        let blocks = parse("- one [CIS 4.1](https://example.invalid/cis)\n  continued\n- two\n\n1. first\n2. second");
        assert_eq!(
            blocks,
            vec![
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![
                            text("one "),
                            Inline::Link { href: "https://example.invalid/cis".into(), content: vec![text("CIS 4.1")] },
                            text(" continued"),
                        ],
                        vec![text("two")],
                    ],
                },
                Block::List { ordered: true, items: vec![vec![text("first")], vec![text("second")]] },
            ]
        );
    }

    #[test]
    fn unsafe_links_and_html_stay_text() {
        assert_eq!(inlines("[x](javascript:alert(1))"), vec![text("x"), text(")")]);
        assert_eq!(inlines("<img src=x onerror=alert(1)>"), vec![text("<img src=x onerror=alert(1)>")]);
    }

    #[test]
    fn snake_case_escapes_and_unclosed_markers_stay_text() {
        assert_eq!(inlines("max_alias_nodes"), vec![text("max_alias_nodes")]);
        assert_eq!(inlines(r"a \*b\* c"), vec![text("a *b* c")]);
        assert_eq!(inlines("2 * 3 `x"), vec![text("2 * 3 `x")]);
        assert_eq!(
            inlines("_em_ *also*"),
            vec![Inline::Emphasis(vec![text("em")]), text(" "), Inline::Emphasis(vec![text("also")])]
        );
        assert_eq!(inlines("`` a`b ``"), vec![Inline::Code("a`b".into())]);
    }

    #[test]
    fn an_unclosed_fence_takes_the_rest() {
        assert_eq!(parse("```yaml\na: 1"), vec![Block::Code { lang: "yaml".into(), text: "a: 1\n".into() }]);
    }
}
