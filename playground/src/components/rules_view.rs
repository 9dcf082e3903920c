//! The rule reference, generated from the registry: a searchable list of every rule, and one rule's docs with
//! buttons that open its example (and the corrected one) in the workspace.

use policy_core::rules::{Rule, REGISTRY};
use yew::prelude::*;

use std::rc::Rc;

use super::rule_doc::RuleDoc;
use super::Dispatch;
use crate::docs::Docs;
use crate::examples;
use crate::state::{Action, Panel};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The rule whose docs are open; `None` shows the list.
    pub selected: Option<String>,
    pub dispatch: Dispatch,
}

/// Whether the rule's id or summary holds the query, ignoring ASCII case: ids and summaries are English, and
/// Unicode case folding would add its tables to the module for nothing they hold.
fn matches(rule: &Rule, query: &str) -> bool {
    let query = query.trim().to_ascii_lowercase();
    query.is_empty() || rule.id.contains(&query) || rule.summary.to_ascii_lowercase().contains(&query)
}

fn category(rule: &Rule) -> String {
    serde_json::to_value(rule.category).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

#[component]
pub fn RulesView(props: &Props) -> Html {
    let query = use_state(String::new);
    let docs = use_state(|| None::<Result<Rc<Docs>, String>>);
    {
        let docs = docs.clone();
        use_effect_with(props.selected.is_some(), move |opened| {
            if *opened && docs.is_none() {
                web::with_docs(move |loaded| docs.set(Some(loaded)));
            }
        });
    }

    if let Some(rule) = props.selected.as_deref().and_then(policy_core::rules::find) {
        let rule_docs = match &*docs {
            Some(Ok(docs)) => docs.get(rule.id),
            _ => None,
        };
        let on_back = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::ShowRule(None)))
        };
        let open = |corrected: bool, label: &'static str| {
            rule_docs.and_then(|found| examples::rule_example(rule, corrected, found)).map(|example| {
                let dispatch = props.dispatch.clone();
                let onclick = Callback::from(move |_| {
                    dispatch.dispatch(Action::LoadExample(example.clone()));
                    dispatch.dispatch(Action::ShowPanel(Panel::Findings));
                });
                html! { <button type="button" {onclick}>{label}</button> }
            })
        };
        let peers = rule
            .peers
            .iter()
            .map(|peer| html! { <li><span class="peer-tool">{peer.tool}</span>{" "}<code>{peer.id}</code></li> })
            .collect::<Html>();
        return html! {
            <article class="rule-view" data-testid="rule-doc" data-rule={rule.id}>
                <button type="button" class="link" onclick={on_back}>{"← All rules"}</button>
                <h2>{rule.id}</h2>
                <p class="rule-meta">
                    <span class={classes!("severity-badge", format!("severity-{}", rule.default_severity))}>
                        {rule.default_severity.as_str()}
                    </span>
                    {" "}{category(rule)}{" · "}{rule.summary}
                </p>
                <div class="rule-open">
                    {open(false, "Open the example")}
                    {open(true, "Open the corrected example")}
                </div>
                {match (&*docs, rule_docs) {
                    (_, Some(found)) => html! { <RuleDoc markdown={found.markdown.clone()} /> },
                    (Some(Err(problem)), _) => html! { <p class="rule-docs-error">{problem.clone()}</p> },
                    _ => html! { <p class="rule-docs-loading">{"Loading the rule's docs…"}</p> },
                }}
                if !rule.peers.is_empty() {
                    <h3>{"Same rule elsewhere"}</h3>
                    <ul class="peers">{peers}</ul>
                }
            </article>
        };
    }

    let on_search = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let rows = REGISTRY
        .iter()
        .filter(|rule| matches(rule, &query))
        .map(|rule| {
            let dispatch = props.dispatch.clone();
            let id = rule.id;
            let onclick = Callback::from(move |_| dispatch.dispatch(Action::ShowRule(Some(id.to_owned()))));
            html! {
                <li key={id}>
                    <button type="button" class="link rule-id" {onclick}>{id}</button>
                    <span class={classes!("severity-badge", format!("severity-{}", rule.default_severity))}>
                        {rule.default_severity.as_str()}
                    </span>
                    <span class="rule-summary">{rule.summary}</span>
                </li>
            }
        })
        .collect::<Html>();

    html! {
        <section class="rules-list" aria-label="Rules">
            <label class="search">{format!("{} rules ", REGISTRY.len())}
                <input type="search" placeholder="Filter by id or summary" value={(*query).clone()}
                    oninput={on_search} />
            </label>
            <ul class="rule-index" data-testid="rule-index">{rows}</ul>
        </section>
    }
}
