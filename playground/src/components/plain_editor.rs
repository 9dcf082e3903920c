//! The plain editor: a `<textarea>` for screen readers and other assistive tools that work best with native
//! controls. Same contract as the code editor, minus highlighting and inline diagnostics.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub file: u32,
    pub text: String,
    pub label: String,
    /// UTF-16 `from`, `to` and a sequence number: select this span (again, when the number changes).
    pub reveal: Option<(usize, usize, u32)>,
    /// `(text, is_paste)` after each edit the user makes.
    pub on_change: Callback<(String, bool)>,
}

#[component]
pub fn PlainEditor(props: &Props) -> Html {
    let area = use_node_ref();
    let pasted = use_mut_ref(|| false);

    {
        let area = area.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(area), Some((from, to, _))) = (area.cast::<web_sys::HtmlTextAreaElement>(), reveal) {
                let _ = area.focus();
                let from = u32::try_from(*from).unwrap_or(u32::MAX);
                let to = u32::try_from(*to).unwrap_or(u32::MAX);
                let _ = area.set_selection_range(from, to);
            }
        });
    }

    let onpaste = {
        let pasted = pasted.clone();
        Callback::from(move |_: Event| *pasted.borrow_mut() = true)
    };
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let Some(area) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            else {
                return;
            };
            let paste = std::mem::take(&mut *pasted.borrow_mut());
            on_change.emit((area.value(), paste));
        })
    };

    html! {
        <textarea ref={area} class="plain-editor" data-testid="editor" data-file={props.file.to_string()}
            aria-label={props.label.clone()} spellcheck="false" autocapitalize="off" autocomplete="off"
            value={props.text.clone()} {oninput} {onpaste} />
    }
}
