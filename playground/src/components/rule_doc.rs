//! A rule's documentation rendered from its Markdown (see `crate::markdown`) into Yew nodes; nothing is ever
//! handed to the browser as HTML.

use yew::prelude::*;

use crate::markdown::{parse, Block, Inline};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub markdown: String,
}

fn inline(node: &Inline) -> Html {
    match node {
        Inline::Text(text) => html! { {text} },
        Inline::Code(code) => html! { <code>{code}</code> },
        Inline::Strong(content) => html! { <strong>{inlines(content)}</strong> },
        Inline::Emphasis(content) => html! { <em>{inlines(content)}</em> },
        Inline::Link { href, content } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{inlines(content)}</a>
        },
    }
}

fn inlines(content: &[Inline]) -> Html {
    content.iter().map(inline).collect()
}

fn block(node: &Block) -> Html {
    match node {
        // The rule's name is the view's own heading, so the docs' `##` sections become `<h3>`.
        Block::Heading { level, content } => match level {
            1 | 2 => html! { <h3>{inlines(content)}</h3> },
            3 => html! { <h4>{inlines(content)}</h4> },
            _ => html! { <h5>{inlines(content)}</h5> },
        },
        Block::Paragraph(content) => html! { <p>{inlines(content)}</p> },
        Block::Code { lang, text } => html! {
            <pre class="code-block" data-lang={lang.clone()}><code>{text}</code></pre>
        },
        Block::List { ordered: true, items } => html! {
            <ol>{for items.iter().map(|item| html! { <li>{inlines(item)}</li> })}</ol>
        },
        Block::List { ordered: false, items } => html! {
            <ul>{for items.iter().map(|item| html! { <li>{inlines(item)}</li> })}</ul>
        },
    }
}

#[component]
pub fn RuleDoc(props: &Props) -> Html {
    let blocks = use_memo(props.markdown.clone(), |markdown| parse(markdown));
    html! { <div class="rule-doc-body">{for blocks.iter().map(block)}</div> }
}
