//! The code editor: a CodeMirror view (from the `SeaworthyEditor` bundle) kept in step with the open file.
//!
//! The view is created once. A new file replaces the editor state (so undo history never crosses files); a new
//! revision of the same file (a fix, "Ignore here") goes in as an undoable edit; the user's own typing comes back
//! through `on_change` and is never pushed back in.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::{self, EditorView};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub file: u32,
    pub revision: u32,
    pub text: String,
    /// `dockerfile`, `yaml` or `text`.
    pub language: &'static str,
    /// The accessible name of the editing area.
    pub label: String,
    /// The file's findings, as the bundle's diagnostics JSON.
    pub diagnostics: Rc<String>,
    /// UTF-16 `from`, `to` and a sequence number: select this span (again, when the number changes).
    pub reveal: Option<(usize, usize, u32)>,
    /// `(text, is_paste)` after each edit the user makes.
    pub on_change: Callback<(String, bool)>,
    /// The bundle is missing or failed: the app falls back to the plain editor.
    pub on_failed: Callback<()>,
}

type ChangeClosure = Closure<dyn FnMut(String, bool)>;

#[component]
pub fn CodeEditor(props: &Props) -> Html {
    let host = use_node_ref();
    let view: Rc<RefCell<Option<EditorView>>> = use_mut_ref(|| None);
    let listener: Rc<RefCell<Option<ChangeClosure>>> = use_mut_ref(|| None);
    // The closure handed to JavaScript lives as long as the view; it calls whichever `on_change` is current.
    let on_change = use_mut_ref(|| props.on_change.clone());
    on_change.borrow_mut().clone_from(&props.on_change);
    // What the view shows, so that the effects below only call into the editor for a real change.
    let shown_file = use_mut_ref(|| props.file);
    let shown_language = use_mut_ref(|| props.language);

    {
        let host = host.clone();
        let view = view.clone();
        let (text, language, label, on_failed) =
            (props.text.clone(), props.language, props.label.clone(), props.on_failed.clone());
        use_effect_with((), move |()| {
            let forward = ChangeClosure::new(move |text: String, paste: bool| {
                let callback = on_change.borrow().clone();
                callback.emit((text, paste));
            });
            match host.cast::<web_sys::HtmlElement>() {
                Some(element) => {
                    match web::create_editor(&element, &text, language, &label, forward.as_ref().unchecked_ref()) {
                        Ok(created) => *view.borrow_mut() = Some(created),
                        Err(_) => on_failed.emit(()),
                    }
                }
                None => on_failed.emit(()),
            }
            *listener.borrow_mut() = Some(forward);
            move || {
                if let Some(view) = view.borrow_mut().take() {
                    web::destroy(&view);
                }
                listener.borrow_mut().take();
            }
        });
    }

    {
        let view = view.clone();
        let text = props.text.clone();
        use_effect_with((props.file, props.revision, props.language), move |&(file, _, language)| {
            if let Some(view) = view.borrow().as_ref() {
                if *shown_file.borrow() != file {
                    *shown_file.borrow_mut() = file;
                    *shown_language.borrow_mut() = language;
                    web::load(view, &text, language);
                    return;
                }
                web::set_text(view, &text);
                if *shown_language.borrow() != language {
                    *shown_language.borrow_mut() = language;
                    web::set_language(view, language);
                }
            }
        });
    }

    {
        let view = view.clone();
        use_effect_with((props.file, props.diagnostics.clone()), move |(_, diagnostics)| {
            if let Some(view) = view.borrow().as_ref() {
                web::set_diagnostics(view, diagnostics);
            }
        });
    }

    use_effect_with(props.reveal, move |reveal| {
        if let (Some(view), Some((from, to, _))) = (view.borrow().as_ref(), reveal) {
            web::select(view, u32::try_from(*from).unwrap_or(u32::MAX), u32::try_from(*to).unwrap_or(u32::MAX));
        }
    });

    html! { <div class="code-editor" data-testid="editor" data-file={props.file.to_string()} ref={host}></div> }
}
