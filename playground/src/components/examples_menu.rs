//! The Examples menu: a native `<select>` (keyboard and screen-reader friendly) of the article's examples and one
//! example per rule. Choosing one replaces the workspace.

use yew::prelude::*;

use super::Dispatch;
use crate::examples::{self, Group};
use crate::state::Action;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dispatch: Dispatch,
}

#[component]
pub fn ExamplesMenu(props: &Props) -> Html {
    let menu = use_memo((), |()| examples::menu());
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let id = select.value();
            select.set_value("");
            if !examples::needs_docs(&id) {
                if let Some(example) = examples::find(&id, &crate::docs::Docs::default()) {
                    dispatch.dispatch(Action::LoadExample(example));
                }
                return;
            }
            let dispatch = dispatch.clone();
            web::with_docs(move |docs| {
                if let Some(example) = docs.ok().and_then(|docs| examples::find(&id, &docs)) {
                    dispatch.dispatch(Action::LoadExample(example));
                }
            });
        })
    };
    let options = |group: Group| {
        menu.iter()
            .filter(|entry| entry.group == group)
            .map(|entry| html! { <option value={entry.id.clone()}>{&entry.title}</option> })
            .collect::<Html>()
    };

    html! {
        <select class="examples" data-testid="examples" aria-label="Open an example" {onchange}>
            <option value="" selected=true>{"Examples…"}</option>
            <optgroup label="From the article">{options(Group::Article)}</optgroup>
            <optgroup label="One per rule">{options(Group::Rule)}</optgroup>
        </select>
    }
}
