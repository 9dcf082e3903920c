//! The fix preview: a modal dialog with the diff of each file the fix changes; Apply or Cancel (Escape).

use yew::prelude::*;

use super::Dispatch;
use crate::diff::{diff, Line};
use crate::state::{Action, FixPreview};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub preview: FixPreview,
    pub dispatch: Dispatch,
}

/// Unchanged lines shown around each change.
const CONTEXT: usize = 2;

#[component]
pub fn FixPreviewDialog(props: &Props) -> Html {
    let apply_button = use_node_ref();
    {
        let apply_button = apply_button.clone();
        use_effect_with((), move |()| {
            if let Some(button) = apply_button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_apply = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ConfirmFix))
    };
    let on_cancel = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::CancelFix))
    };
    let on_keys = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                dispatch.dispatch(Action::CancelFix);
            }
        })
    };
    let files = props
        .preview
        .changes
        .iter()
        .map(|change| {
            let hunks = diff(&change.before, &change.after, CONTEXT)
                .into_iter()
                .map(|hunk| {
                    let lines = hunk
                        .lines
                        .iter()
                        .map(|line| match line {
                            Line::Same(text) => html! { <div class="diff-line same">{format!("  {text}")}</div> },
                            Line::Removed(text) => html! { <del class="diff-line removed">{format!("- {text}")}</del> },
                            Line::Added(text) => html! { <ins class="diff-line added">{format!("+ {text}")}</ins> },
                        })
                        .collect::<Html>();
                    html! {
                        <div class="hunk">
                            <div class="hunk-header">{format!("line {} → {}", hunk.old_start, hunk.new_start)}</div>
                            {lines}
                        </div>
                    }
                })
                .collect::<Html>();
            html! {
                <section class="diff-file">
                    <h3>{&change.path}</h3>
                    <pre class="diff" data-testid="fix-diff">{hunks}</pre>
                </section>
            }
        })
        .collect::<Html>();

    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="fix-title" data-testid="fix-preview"
                onkeydown={on_keys}>
                <h2 id="fix-title">{&props.preview.title}</h2>
                {files}
                <div class="dialog-actions">
                    <button type="button" class="primary" ref={apply_button} data-testid="confirm-fix"
                        onclick={on_apply}>{"Apply"}</button>
                    <button type="button" onclick={on_cancel}>{"Cancel"}</button>
                </div>
            </div>
        </div>
    }
}
